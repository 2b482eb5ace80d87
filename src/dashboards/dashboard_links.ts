/**
 * Dashboard links as Grafana shows them in the dashboard controls: a `link` is one button to its (interpolated)
 * address; a `dashboards` link lists the other dashboards carrying all its tags, one button each or one dropdown.
 * `keepTime` adds `from` and `to`, `includeVars` adds `var-<name>=<value>` for every variable.
 *
 * Links come from imported, untrusted files: only http(s), mailto and relative addresses are opened; anything
 * else (`javascript:`, `data:`) gives no address at all.
 */
import { ALL_VALUE, interpolate, type ScopedVars } from './interpolate';
import type { Dashboard, DashboardLink, TimeRange, Variable } from './model';

/** DashboardSummaryLike is what a `dashboards` link needs to know about a stored dashboard. */
export interface DashboardSummaryLike {
  uid: string;
  title: string;
  tags: string[];
}

/** LinkContext is the dashboard state a link's address carries: its time range and variables. */
export interface LinkContext {
  time: TimeRange;
  variables: readonly Pick<Variable, 'name' | 'current' | 'type'>[];
  scope: ScopedVars;
}

/** ShownLink is one toolbar entry: a button to an address, or a dropdown of addresses. */
export type ShownLink =
  | { kind: 'link'; title: string; tooltip: string; icon: DashboardLink['icon']; href: string | null; targetBlank: boolean }
  | { kind: 'dropdown'; title: string; icon: DashboardLink['icon']; items: { title: string; href: string; targetBlank: boolean }[] };

/** safeLinkHref returns the address when it is http(s), mailto or relative, else null. */
export function safeLinkHref(url: string): string | null {
  const u = url.trim();
  if (u === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  if (!scheme) return /[\u0000-\u001f]/.test(u) ? null : u;
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? u : null;
}

/** linkParams lists the query parameters a link adds: `from`/`to` for keepTime, `var-<name>` for includeVars. */
export function linkParams(link: Pick<DashboardLink, 'keepTime' | 'includeVars'>, ctx: LinkContext): [string, string][] {
  const out: [string, string][] = [];
  if (link.keepTime) out.push(['from', ctx.time.from], ['to', ctx.time.to]);
  if (link.includeVars) {
    for (const v of ctx.variables) {
      if (v.type === 'constant') continue;
      const values = Array.isArray(v.current.value) ? v.current.value : [v.current.value];
      for (const value of values) out.push([`var-${v.name}`, value === ALL_VALUE ? 'All' : value]);
    }
  }
  return out;
}

/** withParams appends query parameters to an address (into the hash route for `#/...` addresses). */
export function withParams(url: string, params: [string, string][]): string {
  if (!params.length) return url;
  const q = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const hash = url.indexOf('#');
  if (hash >= 0 && url[hash + 1] !== '/') {
    const base = url.slice(0, hash);
    return `${base}${base.includes('?') ? '&' : '?'}${q}${url.slice(hash)}`;
  }
  const tail = hash >= 0 ? url.slice(hash) : url;
  return `${url}${tail.includes('?') ? '&' : '?'}${q}`;
}

/** dashboardHref is the in-app address of a stored dashboard. */
export function dashboardHref(uid: string): string {
  return `#/dashboards/${encodeURIComponent(uid)}`;
}

/** taggedDashboards lists the dashboards (other than selfUid) that carry every tag, by title. */
export function taggedDashboards(tags: readonly string[], all: readonly DashboardSummaryLike[], selfUid: string): DashboardSummaryLike[] {
  return all
    .filter((d) => d.uid !== selfUid && tags.every((t) => d.tags.includes(t)))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** shownLinks turns a dashboard's links into toolbar entries, resolving `dashboards` links against the stored list. */
export function shownLinks(links: readonly DashboardLink[], ctx: LinkContext, all: readonly DashboardSummaryLike[], selfUid: string): ShownLink[] {
  const out: ShownLink[] = [];
  const text = (s: string) => interpolate(s, ctx.scope, new Map(), 'raw');
  for (const link of links) {
    const params = linkParams(link, ctx);
    if (link.type === 'link') {
      const href = safeLinkHref(text(link.url));
      out.push({ kind: 'link', title: text(link.title), tooltip: text(link.tooltip), icon: link.icon, href: href && withParams(href, params), targetBlank: link.targetBlank });
      continue;
    }
    const items = taggedDashboards(link.tags, all, selfUid).map((d) => ({ title: d.title, href: withParams(dashboardHref(d.uid), params), targetBlank: link.targetBlank }));
    if (link.asDropdown) out.push({ kind: 'dropdown', title: text(link.title) || 'Dashboards', icon: link.icon, items });
    else for (const i of items) out.push({ kind: 'link', title: i.title, tooltip: '', icon: 'dashboard', href: i.href, targetBlank: i.targetBlank });
  }
  return out;
}

/**
 * applyUrlState applies what a link carried to a dashboard as it opens, as Grafana's URL sync does: `from` and
 * `to` set the time range, `var-<name>` (repeated for several values; `All` for All) the variables' selections.
 * Parameters naming no variable are ignored.
 */
export function applyUrlState(d: Dashboard, params: URLSearchParams): Dashboard {
  const from = params.get('from');
  const to = params.get('to');
  const time = from && to ? { from, to } : d.time;
  const variables = d.variables.map((v) => {
    const values = params.getAll(`var-${v.name}`);
    if (!values.length || v.type === 'constant') return v;
    const picked = values.map((x) => (x === 'All' && v.includeAll ? ALL_VALUE : x));
    const value = v.multi ? picked : picked[0];
    return { ...v, current: { text: Array.isArray(value) ? value.map((x) => (x === ALL_VALUE ? 'All' : x)) : value === ALL_VALUE ? 'All' : value, value } };
  });
  return { ...d, time, variables };
}
