/** Router keeps the current view in the URL hash (`#/targets?x=y`), so every view has an address and Back works. */

/** ViewName is one of the navigable views. */
export type ViewName = 'query' | 'targets' | 'dashboards' | 'alerts' | 'status' | 'settings';

/** VIEWS lists the navigation in order with accessible names. */
export const VIEWS: readonly { name: ViewName; title: string }[] = [
  { name: 'query', title: 'Query' },
  { name: 'targets', title: 'Targets' },
  { name: 'dashboards', title: 'Dashboards' },
  { name: 'alerts', title: 'Alerts' },
  { name: 'status', title: 'Status' },
  { name: 'settings', title: 'Settings' },
];

interface Route {
  view: ViewName;
  path: string[];
  params: URLSearchParams;
}

function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart, query = ''] = raw.split('?', 2);
  const path = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  // `#/graph?g0.expr=...` is Prometheus's query-page address (alert generator URLs use it).
  const first = path[0] === 'graph' ? 'query' : path[0];
  const view = (VIEWS.find((v) => v.name === first)?.name ?? 'dashboards') as ViewName;
  return { view, path: path.slice(1), params: new URLSearchParams(query) };
}

/** Router is the app's one routing state; read `.route`, change with `go()`. */
export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  /** go navigates to a view (pushing history) with optional sub-path and parameters. */
  go(view: ViewName, path: string[] = [], params?: URLSearchParams): void {
    location.hash = href(view, path, params);
  }

  /** replaceParams rewrites the current URL's parameters without a new history entry. */
  replaceParams(params: URLSearchParams): void {
    const h = href(this.route.view, this.route.path, params);
    history.replaceState(history.state, '', h);
    this.route = parseHash(h);
  }
}

/** href builds a hash link for a view. */
export function href(view: ViewName, path: string[] = [], params?: URLSearchParams): string {
  const p = [view, ...path.map(encodeURIComponent)].join('/');
  const q = params && [...params.keys()].length ? `?${params}` : '';
  return `#/${p}${q}`;
}
