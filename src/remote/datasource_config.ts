/**
 * A remote data source: a Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir, VictoriaMetrics) that
 * queries can go to instead of Promtab's own storage. Pure shapes and checks, no imports, so the page may use them.
 */

/** DataSourceHeader is a custom request header; a secret one is redacted from state exports. */
export interface DataSourceHeader {
  name: string;
  value: string;
  secret: boolean;
}

/** DataSource is one configured remote API; empty username, password or bearerToken mean none. */
export interface DataSource {
  /** name identifies the data source in the UI, in dashboards and in the state file. */
  name: string;
  /** url is the base URL under which `/api/v1/...` lives (a Mimir prefix path included), without a trailing slash. */
  url: string;
  username: string;
  password: string;
  bearerToken: string;
  headers: DataSourceHeader[];
}

/** LOCAL_DATASOURCE_NAME is how the UI names Promtab's own storage; no remote may take it. */
export const LOCAL_DATASOURCE_NAME = 'Promtab';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** dataSourceProblem says what is wrong with a data source ('' when nothing is). */
export function dataSourceProblem(ds: DataSource): string {
  if (ds.name.trim() === '') return 'a data source needs a name';
  if (/^(\$|-- )/.test(ds.name.trim())) return 'a name cannot start with $ or "-- " (Grafana keeps those for variables and built-ins)';
  if (ds.name.trim().toLowerCase() === LOCAL_DATASOURCE_NAME.toLowerCase()) return `the name ${LOCAL_DATASOURCE_NAME} is kept for the local storage`;
  if (!URL.canParse(ds.url)) return `${JSON.stringify(ds.url)} is not a URL (expected e.g. http://127.0.0.1:9090)`;
  const u = new URL(ds.url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `the URL must start with http:// or https://, not ${u.protocol}//`;
  if (u.search || u.hash) return 'the URL must not have a query string or fragment';
  if (u.username || u.password) return 'put credentials in the username and password fields, not in the URL';
  if (ds.bearerToken && (ds.username || ds.password)) return 'use basic auth or a bearer token, not both';
  for (const h of ds.headers) {
    if (!TOKEN.test(h.name)) return `${JSON.stringify(h.name)} is not a valid header name`;
    if (h.name.toLowerCase() === 'authorization' && (ds.bearerToken || ds.username)) return 'an Authorization header conflicts with the auth fields';
    if (/[\r\n]/.test(h.value)) return `the value of header ${h.name} has a line break`;
  }
  return '';
}

/** normalizeDataSource trims the name and strips trailing slashes from the URL. */
export function normalizeDataSource(ds: DataSource): DataSource {
  return { ...ds, name: ds.name.trim(), url: ds.url.trim().replace(/\/+$/, ''), headers: ds.headers.map((h) => ({ ...h })) };
}

/** dataSourceListProblem checks every data source and that names are unique ('' when all is well). */
export function dataSourceListProblem(list: readonly DataSource[]): string {
  const seen = new Set<string>();
  for (const ds of list) {
    const p = dataSourceProblem(ds);
    if (p) return `${ds.name || '(unnamed)'}: ${p}`;
    if (seen.has(ds.name)) return `two data sources are named ${JSON.stringify(ds.name)}`;
    seen.add(ds.name);
  }
  return '';
}

/**
 * findDataSource maps a reference (a Promtab data source name, or the uid or name a Grafana dashboard used) to a
 * configured data source: the exact name first, then a case-insensitive match; null means the local storage.
 */
export function findDataSource(list: readonly DataSource[], ref: string | undefined): DataSource | null {
  if (!ref) return null;
  return list.find((d) => d.name === ref) ?? list.find((d) => d.name.toLowerCase() === ref.toLowerCase()) ?? null;
}

/** newDataSource is an empty form's data source. */
export function newDataSource(): DataSource {
  return { name: '', url: '', username: '', password: '', bearerToken: '', headers: [] };
}
