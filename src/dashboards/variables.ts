/**
 * Template variables: Grafana's Prometheus variable queries parsed into the worker API call they need, results
 * turned into options (the variable's regex applied as Grafana does, then sorted), dependency order for chained
 * variables, current values and All.
 *
 * Grafana runs the `regex` filter as a JavaScript RegExp. Promtab runs it with RE2 (re2js) so a hostile pattern
 * cannot hang the tab: `/pattern/flags` with flags i, m, s and g; capture groups and named groups `text`/`value`
 * work as in Grafana; lookaround and backreferences, which RE2 lacks, are reported as errors.
 */
import { RE2JS } from 're2js';
import { formatDuration } from '../model/time';
import { ALL_VALUE, calculateInterval, interpolate, variableRefs, type Builtins, type ScopedVar, type ScopedVars } from './interpolate';
import type { Variable, VariableCurrent, VariableOption } from './model';

/** VariableRequest is the worker API call that produces a query variable's values. */
export type VariableRequest =
  | { api: 'labels'; match: string[] }
  | { api: 'labelValues'; name: string; match: string[]; filter?: string }
  | { api: 'series'; match: string[] }
  | { api: 'query'; expr: string };

const LABEL_NAMES = /^label_names\(\s*(.*?)\s*\)\s*$/s;
const LABEL_VALUES = /^label_values\((?:(.+),\s*)?([a-zA-Z_$][a-zA-Z0-9_]*)\)\s*$/s;
const METRICS = /^metrics\((.*)\)\s*$/s;
const QUERY_RESULT = /^query_result\((.+)\)\s*$/s;

/** parseVariableQuery parses a Prometheus variable query (already interpolated) into the API call it needs. */
export function parseVariableQuery(query: string): VariableRequest {
  const q = query.trim();
  let m = LABEL_NAMES.exec(q);
  if (m) return { api: 'labels', match: m[1] ? [m[1]] : [] };
  m = LABEL_VALUES.exec(q);
  if (m) return { api: 'labelValues', name: m[2], match: m[1] ? [m[1].trim()] : [] };
  m = METRICS.exec(q);
  if (m) return { api: 'labelValues', name: '__name__', match: [], filter: m[1].trim() };
  m = QUERY_RESULT.exec(q);
  if (m) return { api: 'query', expr: m[1].trim() };
  return { api: 'series', match: [q] };
}

/** variableRequest interpolates a query variable's query with the variables before it and parses it. */
export function variableRequest(v: Variable, vars: ScopedVars, builtinVars: Builtins): VariableRequest {
  return parseVariableQuery(interpolate(v.query, vars, builtinVars, 'promql'));
}

/** QueryResult is an instant query result as the API returns it. */
export type QueryResult =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] }
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'string'; result: [number, string] };

function seriesText(metric: Record<string, string>): string {
  const { __name__: name = '', ...rest } = metric;
  return `${name}{${Object.keys(rest).map((k) => `${k}="${rest[k]}"`).join(',')}}`;
}

/** requestTexts turns an API answer into option texts: values, series strings, or `name{labels} value timestamp` lines. */
export function requestTexts(req: VariableRequest, answer: string[] | Record<string, string>[] | QueryResult): string[] {
  if (req.api === 'query') {
    const r = answer as QueryResult;
    if (r.resultType === 'scalar' || r.resultType === 'string') return [r.result[1]];
    if (r.resultType === 'matrix') return r.result.map((s) => seriesText(s.metric));
    return r.result.map((s) => `${seriesText(s.metric)} ${s.value[1]} ${Math.round(s.value[0] * 1000)}`);
  }
  if (req.api === 'series') return (answer as Record<string, string>[]).map(seriesText);
  const values = answer as string[];
  if (req.api === 'labelValues' && req.filter !== undefined) {
    const re = compileVariableRegex(req.filter === '' ? '.*' : `/${req.filter}/`);
    return values.filter((v) => re.matcher(v).find());
  }
  return values;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, g: 0 };

/** compileVariableRegex compiles Grafana's `/pattern/flags` (unanchored) or a bare pattern (anchored) with RE2. */
export function compileVariableRegex(regex: string): RE2JS & { global?: boolean } {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  const pattern = m ? m[1] : `^(?:${regex})$`;
  let flags = 0;
  for (const f of m ? m[2] : '') {
    if (!(f in FLAGS)) throw new Error(`regex ${regex}: unsupported flag ${f}`);
    flags |= FLAGS[f];
  }
  try {
    const re = RE2JS.compile(pattern, flags) as RE2JS & { global?: boolean };
    re.global = !!m && m[2].includes('g');
    return re;
  } catch (e) {
    throw new Error(`regex ${regex}: ${(e as Error).message}`);
  }
}

function group(m: ReturnType<RE2JS['matcher']>, name: string): string | null {
  try {
    return m.group(name);
  } catch {
    return null;
  }
}

/** applyRegex filters and extracts values as Grafana's variable regex does; the result is unique by value. */
export function applyRegex(values: string[], regex: string): VariableOption[] {
  const out: VariableOption[] = [];
  const re = regex ? compileVariableRegex(regex) : null;
  for (const value of values) {
    if (!re) {
      out.push({ text: value, value });
      continue;
    }
    const m = re.matcher(value);
    const matches: { first: string | null; text: string | null; value: string | null }[] = [];
    while (m.find()) {
      matches.push({ first: m.groupCount() > 0 ? m.group(1) : null, text: group(m, 'text'), value: group(m, 'value') });
      if (!re.global) break;
    }
    if (!matches.length) continue;
    const byValue = matches.find((x) => x.value);
    const byText = matches.find((x) => x.text);
    if (byValue || byText) {
      const v = byValue?.value ?? byText!.text!;
      out.push({ text: byText?.text ?? v, value: v });
    } else if (matches.length > 1 && matches.some((x) => x.first !== null)) {
      for (const x of matches) if (x.first !== null) out.push({ text: x.first, value: x.first });
    } else {
      const first = matches.find((x) => x.first !== null)?.first ?? value;
      out.push({ text: first, value: first });
    }
  }
  const seen = new Set<string>();
  return out.filter((o) => !seen.has(o.value) && !!seen.add(o.value));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const numberIn = (s: string) => {
  const m = /-?\d+(\.\d+)?/.exec(s);
  return m ? Number(m[0]) : -Infinity;
};

/** SORTS maps Grafana's variable sort codes to comparators (odd ascending, even descending). */
const SORTS: Record<number, (a: VariableOption, b: VariableOption) => number> = {
  1: (a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  3: (a, b) => numberIn(a.text) - numberIn(b.text),
  5: (a, b) => a.text.toLowerCase().localeCompare(b.text.toLowerCase()),
  7: (a, b) => collator.compare(a.text, b.text),
};

/** sortOptions orders options by a variable's sort code (0 keeps the query's order). */
export function sortOptions(options: VariableOption[], sort: number): VariableOption[] {
  if (sort <= 0 || sort > 8) return options;
  const cmp = SORTS[sort % 2 === 1 ? sort : sort - 1];
  const sorted = [...options].sort(cmp);
  return sort % 2 === 0 ? sorted.reverse() : sorted;
}

/** customOptions splits a custom variable's query: comma-separated values (`\,` escapes), `text : value` pairs. */
export function customOptions(query: string): VariableOption[] {
  const parts = query.match(/(?:\\,|[^,])+/g) ?? [];
  return parts.map((raw) => {
    const part = raw.trim().replace(/\\,/g, ',');
    const pair = /^(.*?)\s:\s(.*)$/.exec(part);
    return pair ? { text: pair[1].trim(), value: pair[2].trim() } : { text: part, value: part };
  });
}

/** autoIntervalValue is the value an interval variable's `auto` option stands for. */
export function autoIntervalValue(name: string): string {
  return `$__auto_interval_${name}`;
}

/** MAX_VARIABLE_OPTIONS caps the options a variable keeps (a label may have millions of values). */
export const MAX_VARIABLE_OPTIONS = 50_000;

/**
 * variableOptions lists a variable's options. Query variables pass their request's texts (requestTexts); the
 * regex and sort apply to them. An All option comes first when includeAll. At most MAX_VARIABLE_OPTIONS are kept.
 */
export function variableOptions(v: Variable, texts: string[] = []): VariableOption[] {
  return cappedVariableOptions(v, texts).options;
}

/**
 * cappedVariableOptions lists a variable's options as variableOptions does, with `total`, how many the variable
 * offered before the MAX_VARIABLE_OPTIONS cap (All not counted).
 */
export function cappedVariableOptions(v: Variable, texts: string[] = []): { options: VariableOption[]; total: number } {
  const builders: Record<Variable['type'], () => VariableOption[]> = {
    query: () => sortOptions(applyRegex(texts, v.regex), v.sort),
    custom: () => customOptions(v.query),
    constant: () => [{ text: v.query, value: v.query }],
    textbox: () => {
      const current = Array.isArray(v.current.value) ? v.current.value[0] ?? '' : v.current.value;
      const value = current || v.query;
      return [{ text: value, value }];
    },
    interval: () => [...(v.auto ? [{ text: 'auto', value: autoIntervalValue(v.name) }] : []), ...customOptions(v.query)],
    datasource: () => [{ text: 'Promtab', value: 'promtab' }],
  };
  const built = builders[v.type]();
  const options = built.slice(0, MAX_VARIABLE_OPTIONS);
  const all = v.includeAll && (v.type === 'query' || v.type === 'custom') ? [{ text: 'All', value: ALL_VALUE }] : [];
  return { options: [...all, ...options], total: built.length };
}

/** pickCurrent keeps the current selection where it is still an option, else selects the first option. */
export function pickCurrent(v: Variable, options: VariableOption[]): VariableCurrent {
  const byValue = new Map(options.map((o) => [o.value, o.text]));
  const wanted = Array.isArray(v.current.value) ? v.current.value : [v.current.value];
  const kept = wanted.filter((x) => byValue.has(x));
  if (kept.length === 0) {
    const first = options[0];
    if (!first) return { text: '', value: v.multi ? [] : '' };
    return v.multi ? { text: [first.text], value: [first.value] } : { text: first.text, value: first.value };
  }
  if (v.multi) return { text: kept.map((x) => byValue.get(x)!), value: kept };
  return { text: byValue.get(kept[0])!, value: kept[0] };
}

/** OrderResult is variables in dependency order, and the cycles that kept some out of it. */
export interface OrderResult {
  order: Variable[];
  cycles: string[][];
}

/** dependencies lists the names of other variables a variable's query, regex, allValue or datasource refers to. */
export function dependencies(v: Variable, names: ReadonlySet<string>): string[] {
  return [v.query, v.regex, v.allValue ?? '', v.datasource ?? ''].flatMap(variableRefs).filter((n, i, a) => n !== v.name && names.has(n) && a.indexOf(n) === i);
}

/** resolveOrder sorts variables so each comes after those it uses (definition order otherwise); cycles are reported. */
export function resolveOrder(vars: Variable[]): OrderResult {
  const names = new Set(vars.map((v) => v.name));
  const deps = new Map(vars.map((v) => [v.name, dependencies(v, names)]));
  const done = new Set<string>();
  const order: Variable[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const v of vars) {
      if (done.has(v.name) || !deps.get(v.name)!.every((d) => done.has(d))) continue;
      done.add(v.name);
      order.push(v);
      progress = true;
    }
  }
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  for (const v of vars) {
    if (done.has(v.name) || inCycle.has(v.name)) continue;
    const path: string[] = [];
    let at: string | undefined = v.name;
    while (at !== undefined && !path.includes(at)) {
      path.push(at);
      at = deps.get(at)!.find((d) => !done.has(d));
    }
    if (at !== undefined) {
      const cycle = path.slice(path.indexOf(at));
      if (!cycle.some((n) => inCycle.has(n))) cycles.push(cycle);
      for (const n of cycle) inCycle.add(n);
    }
  }
  return { order, cycles };
}

/**
 * scopedVars gives every variable's current value for interpolation; interval variables on `auto` resolve to
 * Grafana's auto interval for the range (range / autoCount, at least autoMin).
 */
export function scopedVars(vars: Variable[], rangeMs: number): Map<string, ScopedVar> {
  const out = new Map<string, ScopedVar>();
  for (const v of vars) {
    let value = v.current.value;
    if (v.type === 'interval' && (value === 'auto' || value === autoIntervalValue(v.name))) {
      value = formatDuration(calculateInterval(rangeMs, v.autoCount, v.autoMin));
    }
    out.set(v.name, {
      value,
      text: v.current.text,
      multi: v.multi,
      includeAll: v.includeAll,
      allValue: v.allValue,
      options: v.options.map((o) => o.value).filter((x) => x !== ALL_VALUE),
    });
  }
  return out;
}
