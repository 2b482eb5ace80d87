/**
 * Remote data sources in the state file (`settings.dataSources`): a validator for imports, redaction of their
 * secrets (password, bearer token, secret headers) for exports without secrets, and, on import, each `<secret>`
 * placeholder filled from the data source of the same name this profile already has.
 */
import { SECRET } from '../scrape/config_export';
import { dataSourceListProblem, normalizeDataSource, type DataSource, type DataSourceHeader } from '../remote/datasource_config';
import { FileError, read } from './safejson';

function readHeader(v: unknown, path: string): DataSourceHeader {
  const o = read.object(v, path);
  return {
    name: read.string(o.name, `${path}.name`),
    value: read.optString(o.value, `${path}.value`),
    secret: o.secret === undefined ? true : read.boolean(o.secret, `${path}.secret`),
  };
}

/** readDataSources checks a list of data sources from a file or a form, or throws FileError naming the bad one. */
export function readDataSources(v: unknown, path: string): DataSource[] {
  const list = read.array(v ?? [], path).map((x, i) => {
    const p = `${path}[${i}]`;
    const o = read.object(x, p);
    return normalizeDataSource({
      name: read.string(o.name, `${p}.name`),
      url: read.string(o.url, `${p}.url`),
      username: read.optString(o.username, `${p}.username`),
      password: read.optString(o.password, `${p}.password`),
      bearerToken: read.optString(o.bearerToken, `${p}.bearerToken`),
      headers: read.array(o.headers ?? [], `${p}.headers`).map((h, j) => readHeader(h, `${p}.headers[${j}]`)),
    });
  });
  const problem = dataSourceListProblem(list);
  if (problem) throw new FileError(path, problem);
  return list;
}

const hide = (s: string) => (s === '' ? s : SECRET);

/** redactDataSources replaces every secret of the data sources with `<secret>`. */
export function redactDataSources(list: readonly DataSource[]): DataSource[] {
  return list.map((d) => ({
    ...d,
    password: hide(d.password),
    bearerToken: hide(d.bearerToken),
    headers: d.headers.map((h) => (h.secret ? { ...h, value: hide(h.value) } : { ...h })),
  }));
}

/** DataSourceSecretFill is the result of fillDataSourceSecrets. */
export interface DataSourceSecretFill {
  list: DataSource[];
  /** kept names the secrets taken from this profile; missing those left empty. */
  kept: string[];
  missing: string[];
}

/** fillDataSourceSecrets fills the `<secret>` placeholders of imported data sources from current ones of the same name. */
export function fillDataSourceSecrets(imported: readonly DataSource[], current: readonly DataSource[]): DataSourceSecretFill {
  const kept: string[] = [];
  const missing: string[] = [];
  const byName = new Map(current.map((d) => [d.name, d]));
  const fill = (value: string, from: string | undefined, what: string): string => {
    if (value !== SECRET) return value;
    if (from !== undefined && from !== '' && from !== SECRET) {
      kept.push(what);
      return from;
    }
    missing.push(what);
    return '';
  };
  const list = imported.map((d) => {
    const cur = byName.get(d.name);
    const at = `data source "${d.name}"`;
    return {
      ...d,
      password: fill(d.password, cur?.password, `${at}: password`),
      bearerToken: fill(d.bearerToken, cur?.bearerToken, `${at}: bearerToken`),
      headers: d.headers.map((h) => ({ ...h, value: fill(h.value, cur?.headers.find((x) => x.name === h.name)?.value, `${at}: header ${h.name}`) })),
    };
  });
  return { list, kept, missing };
}
