/** Template variables in Grafana's `templating.list` shape, read into and written from Promtab's Variable. */
import { DashboardImportError, field, isObject, optArray, optBool, optNumber, optObject, optString, type JsonObject } from './json';
import type { JsonValue, Variable, VariableCurrent, VariableOption, VariableType } from './model';

const TYPES: readonly VariableType[] = ['query', 'custom', 'constant', 'textbox', 'interval', 'datasource'];

/** PROMTAB_DATASOURCE is the current value every datasource variable is bound to. */
export const PROMTAB_DATASOURCE: VariableCurrent = { text: 'Promtab', value: 'promtab' };

function textOrList(v: JsonValue | undefined, path: string): string | string[] {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (typeof x === 'string') return x;
      if (typeof x === 'number') return String(x);
      throw new DashboardImportError(`${path}[${i}]`, 'expected a string');
    });
  }
  throw new DashboardImportError(path, 'expected a string or an array of strings');
}

/** readCurrent reads a variable's current selection. */
export function readCurrent(o: JsonObject, path: string): VariableCurrent {
  const c = optObject(o, 'current', path);
  const value = textOrList(field(c, 'value'), `${path}.current.value`);
  const text = textOrList(field(c, 'text'), `${path}.current.text`);
  return { text: text === '' && value !== '' ? value : text, value };
}

/** readVariableOptions reads a variable's option list. */
export function readVariableOptions(o: JsonObject, path: string): VariableOption[] {
  return optArray(o, 'options', path).map((x, i) => {
    const p = `${path}.options[${i}]`;
    if (!isObject(x)) throw new DashboardImportError(p, 'expected an object');
    const value = textOrList(field(x, 'value'), `${p}.value`);
    const text = textOrList(field(x, 'text'), `${p}.text`);
    const v = Array.isArray(value) ? value.join(',') : value;
    return { text: Array.isArray(text) ? text.join(' + ') : text || v, value: v };
  });
}

function queryText(o: JsonObject, path: string): string {
  const q = field(o, 'query');
  if (isObject(q)) return optString(q, 'query', `${path}.query`) || optString(o, 'definition', path);
  return optString(o, 'query', path) || optString(o, 'definition', path);
}

/**
 * isVariableName accepts any name Grafana loads: a non-empty text of at most 200 characters without control
 * characters. References (`$name`, `${name}`, `[[name]]`) reach only names of letters, digits and _, as in Grafana:
 * `$namespace-viz` is `$namespace` followed by `-viz`.
 */
export function isVariableName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name);
}

/** loose reads a small enumerated number (hide, sort, refresh), or undefined when it is not one. */
function loose(o: JsonObject, key: string): number | undefined {
  const v = field(o, key);
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

function level<T extends number>(n: number | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(n as T) ? (n as T) : fallback;
}

/** readGrafanaVariable reads one template variable; unsupported kinds return a reason instead. */
export function readGrafanaVariable(o: JsonObject, path: string, warnings: string[]): Variable | string {
  const type = optString(o, 'type', path, 'query');
  if (!(TYPES as readonly string[]).includes(type)) return `variable type ${JSON.stringify(type)} is not supported`;
  const name = optString(o, 'name', path);
  if (!isVariableName(name)) throw new DashboardImportError(`${path}.name`, 'expected a variable name');
  const ds = field(o, 'datasource');
  const dsType = isObject(ds) ? optString(ds, 'type', `${path}.datasource`) : '';
  if (type === 'query' && dsType && dsType !== 'prometheus') warnings.push(`${path}: variable ${name} queries a ${dsType} datasource; its query runs on Promtab`);
  const regex = optString(o, 'regex', path);
  const allValue = field(o, 'allValue');
  const v: Variable = {
    type: type as VariableType,
    name,
    label: optString(o, 'label', path),
    description: optString(o, 'description', path),
    hide: level(loose(o, 'hide'), [0, 1, 2] as const, 0),
    query: queryText(o, path),
    regex: type === 'datasource' ? '' : regex,
    sort: level(loose(o, 'sort'), [0, 1, 2, 3, 4, 5, 6, 7, 8] as const, 0),
    refresh: loose(o, 'refresh') === 2 ? 2 : 1,
    multi: optBool(o, 'multi', path),
    includeAll: optBool(o, 'includeAll', path),
    allValue: typeof allValue === 'string' && allValue !== '' ? allValue : null,
    auto: type === 'interval' && optBool(o, 'auto', path),
    autoCount: (type === 'interval' && optNumber(o, 'auto_count', path)) || 30,
    autoMin: (type === 'interval' && optString(o, 'auto_min', path)) || '10s',
    current: type === 'datasource' ? { ...PROMTAB_DATASOURCE } : readCurrent(o, path),
    options: type === 'datasource' ? [{ ...PROMTAB_DATASOURCE } as VariableOption] : readVariableOptions(o, path),
  };
  if (type === 'datasource' && v.query !== 'prometheus') {
    warnings.push(`${path}: datasource variable ${name} of type ${JSON.stringify(v.query)} bound to Promtab`);
    v.query = 'prometheus';
  }
  return v;
}

/** writeGrafanaVariable writes a variable in Grafana's templating shape. */
export function writeGrafanaVariable(v: Variable): JsonObject {
  const out: JsonObject = {
    type: v.type,
    name: v.name,
    label: v.label,
    description: v.description,
    hide: v.hide,
    query: v.type === 'query' ? { query: v.query, refId: `PromtabVariableQueryEditor-${v.name}` } : v.query,
    regex: v.regex,
    sort: v.sort,
    refresh: v.refresh,
    multi: v.multi,
    includeAll: v.includeAll,
    allValue: v.allValue,
    current: { text: v.current.text, value: v.current.value },
    options: v.options.map((o) => ({ text: o.text, value: o.value, selected: false })),
  };
  if (v.type === 'query') {
    out.definition = v.query;
    out.datasource = { type: 'prometheus', uid: v.datasource || '${DS_PROMETHEUS}' };
  }
  if (v.type === 'datasource') {
    out.query = 'prometheus';
    delete out.datasource;
  }
  if (v.type === 'interval') {
    out.auto = v.auto;
    out.auto_count = v.autoCount;
    out.auto_min = v.autoMin;
  }
  return out;
}
