/**
 * Editing template variables: new variables with each type's defaults, duplicate, move and remove in the list, and
 * the checks the variables editor shows in place: Grafana's name rules, regexes that do not compile (RE2),
 * interval lists that are not durations, references to variables that do not exist, and dependency cycles.
 */
import { parseDuration } from '../model/time';
import { variableRefs } from './interpolate';
import type { Variable, VariableType } from './model';
import { compileVariableRegex, customOptions, resolveOrder } from './variables';

/** VARIABLE_TYPES describes each variable type in the editor's type picker, in Grafana's order. */
export const VARIABLE_TYPES: readonly { type: VariableType; label: string; description: string }[] = [
  { type: 'query', label: 'Query', description: 'Values come from a query to the data source.' },
  { type: 'custom', label: 'Custom', description: 'Values are a comma-separated list written by hand.' },
  { type: 'textbox', label: 'Textbox', description: 'A text field where any value can be typed, with a default.' },
  { type: 'constant', label: 'Constant', description: 'A hidden fixed value, such as a metric prefix shared by queries.' },
  { type: 'datasource', label: 'Data source', description: 'Switches the data source of the panels that use it.' },
  { type: 'interval', label: 'Interval', description: 'A time span (1m, 1h, 1d) for ranges and steps, with an optional auto value.' },
];

/** DEFAULT_INTERVALS is the value list a new interval variable starts with (Grafana's default). */
export const DEFAULT_INTERVALS = '1m,10m,30m,1h,6h,12h,1d,7d,14d,30d';

/** VariableField names the part of a variable an issue is about, so the editor shows it beside that field. */
export type VariableField = 'name' | 'query' | 'regex' | 'allValue' | 'autoMin' | 'autoCount' | 'datasource';

/** VariableIssue is one problem with a variable, attached to a field. */
export interface VariableIssue {
  field: VariableField;
  message: string;
}

function freeName(base: string, taken: readonly string[]): string {
  for (let n = 0; ; n++) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

/** newVariable returns a variable of a type with that type's defaults, named `<type>N` with the first free N. */
export function newVariable(type: VariableType, taken: readonly string[] = []): Variable {
  const query = type === 'interval' ? DEFAULT_INTERVALS : type === 'datasource' ? 'prometheus' : '';
  const v: Variable = {
    type,
    name: freeName(type, taken),
    label: '',
    description: '',
    hide: type === 'constant' ? 2 : 0,
    query,
    regex: '',
    sort: 0,
    refresh: 1,
    multi: false,
    includeAll: false,
    allValue: null,
    auto: false,
    autoCount: 30,
    autoMin: '10s',
    current: { text: '', value: '' },
    options: [],
  };
  if (type === 'datasource') v.current = { text: 'Promtab', value: 'promtab' };
  return v;
}

/** changeType gives a variable another type, keeping its name, label, description and visibility. */
export function changeType(v: Variable, type: VariableType): Variable {
  if (v.type === type) return v;
  const fresh = newVariable(type);
  return { ...fresh, name: v.name, label: v.label, description: v.description, hide: type === 'constant' ? 2 : v.hide === 2 ? 0 : v.hide };
}

/** variableNameError says why a name cannot be used (Grafana's rules), or '' when it can. */
export function variableNameError(name: string, others: readonly string[]): string {
  if (name === '') return 'A name is required.';
  if (name.startsWith('__')) return 'A name cannot start with "__": that is reserved for built-in variables such as $__interval.';
  if (!/^\w+$/.test(name)) return 'A name may hold only letters, digits and _.';
  if (others.includes(name)) return `A variable named "${name}" already exists.`;
  return '';
}

/** duplicateVariable appends a copy of the variable at index i, named `copy_of_<name>` as in Grafana. */
export function duplicateVariable(vars: readonly Variable[], i: number): Variable[] {
  const v = vars[i];
  if (!v) return [...vars];
  const taken = vars.map((x) => x.name);
  let name = `copy_of_${v.name}`;
  for (let n = 1; taken.includes(name); n++) name = `copy_of_${v.name}_${n}`;
  return [...vars, { ...structuredClone(v), name }];
}

/** moveVariable moves the variable at index from to index to (both clamped to the list). */
export function moveVariable(vars: readonly Variable[], from: number, to: number): Variable[] {
  const out = [...vars];
  if (from < 0 || from >= out.length) return out;
  const [v] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, v);
  return out;
}

/** removeVariable returns the list without the variable at index i. */
export function removeVariable(vars: readonly Variable[], i: number): Variable[] {
  return vars.filter((_, j) => j !== i);
}

const REFERENCING: readonly VariableField[] = ['query', 'regex', 'allValue', 'datasource'];

function fieldText(v: Variable, f: VariableField): string {
  if (f === 'allValue') return v.allValue ?? '';
  if (f === 'datasource') return v.datasource ?? '';
  return String(v[f as 'query' | 'regex']);
}

/** unknownReferences lists, per field, the `$names` a variable uses that are neither variables nor built-ins. */
export function unknownReferences(v: Variable, vars: readonly Variable[]): { field: VariableField; names: string[] }[] {
  const known = new Set(vars.map((x) => x.name));
  const out: { field: VariableField; names: string[] }[] = [];
  for (const f of REFERENCING) {
    const names = variableRefs(fieldText(v, f)).filter((n) => !n.startsWith('__') && !known.has(n));
    if (names.length) out.push({ field: f, names });
  }
  return out;
}

/** cycleOf returns the dependency cycle a variable is part of (names in order, starting with it), or null. */
export function cycleOf(name: string, vars: readonly Variable[]): string[] | null {
  const cycle = resolveOrder([...vars]).cycles.find((c) => c.includes(name));
  if (!cycle) return null;
  const at = cycle.indexOf(name);
  return [...cycle.slice(at), ...cycle.slice(0, at)];
}

function durationProblem(text: string): string {
  try {
    parseDuration(text);
    return '';
  } catch {
    return `"${text}" is not a duration such as 30s, 5m or 1h.`;
  }
}

function typeIssues(v: Variable): VariableIssue[] {
  const out: VariableIssue[] = [];
  if (v.type === 'query' && v.query.trim() === '') out.push({ field: 'query', message: 'A query is required, e.g. label_values(up, job).' });
  else if (v.type === 'query' && queryParts(v.query).kind === 'label_values' && !queryParts(v.query).label) out.push({ field: 'query', message: 'Label values needs a label, e.g. label_values(up, job).' });
  if (v.type === 'custom' && customOptions(v.query).length === 0) out.push({ field: 'query', message: 'Enter at least one value (comma-separated).' });
  if (v.type === 'interval') {
    const values = customOptions(v.query);
    if (!values.length) out.push({ field: 'query', message: 'Enter at least one interval (comma-separated).' });
    const bad = values.map((o) => durationProblem(o.value)).find(Boolean);
    if (bad) out.push({ field: 'query', message: bad });
    if (v.auto) {
      if (!(Number.isInteger(v.autoCount) && v.autoCount > 0)) out.push({ field: 'autoCount', message: 'The step count must be a whole number above 0.' });
      const min = durationProblem(v.autoMin);
      if (min) out.push({ field: 'autoMin', message: min });
    }
  }
  if (v.regex && v.type === 'query') {
    try {
      compileVariableRegex(v.regex);
    } catch (e) {
      out.push({ field: 'regex', message: (e as Error).message });
    }
  }
  return out;
}

/** variableIssues lists every problem of the variable at index i in the list, by field. */
export function variableIssues(vars: readonly Variable[], i: number): VariableIssue[] {
  const v = vars[i];
  const out: VariableIssue[] = [];
  const name = variableNameError(v.name, vars.filter((_, j) => j !== i).map((x) => x.name));
  if (name) out.push({ field: 'name', message: name });
  out.push(...typeIssues(v));
  for (const u of unknownReferences(v, vars)) {
    out.push({ field: u.field, message: `Unknown variable${u.names.length > 1 ? 's' : ''}: ${u.names.map((n) => `$${n}`).join(', ')}.` });
  }
  const cycle = cycleOf(v.name, vars);
  if (cycle) out.push({ field: 'query', message: `Circular dependency: ${[...cycle, cycle[0]].map((n) => `$${n}`).join(' → ')}.` });
  return out;
}

/** allVariableIssues lists the problems of every variable, by index in the list (variables without problems are left out). */
export function allVariableIssues(vars: readonly Variable[]): Map<number, VariableIssue[]> {
  const out = new Map<number, VariableIssue[]>();
  vars.forEach((_, i) => {
    const issues = variableIssues(vars, i);
    if (issues.length) out.set(i, issues);
  });
  return out;
}

/** usedBy lists the names of the variables whose query, regex, All value or data source refer to `name`. */
export function usedBy(name: string, vars: readonly Variable[]): string[] {
  return vars.filter((v) => v.name !== name && REFERENCING.some((f) => variableRefs(fieldText(v, f)).includes(name))).map((v) => v.name);
}

/** QueryKind is a Prometheus variable query form, as Grafana's query type picker names them. */
export type QueryKind = 'label_names' | 'label_values' | 'metrics' | 'query_result' | 'series';

/** QUERY_KINDS lists the query forms for the editor's `Query type` picker. */
export const QUERY_KINDS: readonly { kind: QueryKind; label: string }[] = [
  { kind: 'label_names', label: 'Label names' },
  { kind: 'label_values', label: 'Label values' },
  { kind: 'metrics', label: 'Metrics' },
  { kind: 'query_result', label: 'Query result' },
  { kind: 'series', label: 'Series query' },
];

/** QueryParts is a variable query split into the editor's fields: a label, a series selector or metric regex, or a query. */
export interface QueryParts {
  kind: QueryKind;
  /** label is the label whose values label_values lists. */
  label: string;
  /** match is the series selector (label_names, label_values, series), the metric regex (metrics) or the query (query_result). */
  match: string;
}

/** queryParts splits a variable query into the editor's fields (anything unrecognised is a series query). */
export function queryParts(query: string): QueryParts {
  const q = query.trim();
  let m = /^label_names\(\s*(.*?)\s*\)$/s.exec(q);
  if (m) return { kind: 'label_names', label: '', match: m[1] };
  m = /^label_values\((?:(.+),\s*)?([a-zA-Z_$][a-zA-Z0-9_]*)?\s*\)$/s.exec(q);
  if (m) return { kind: 'label_values', label: m[2] ?? '', match: (m[1] ?? '').trim() };
  m = /^metrics\((.*)\)$/s.exec(q);
  if (m) return { kind: 'metrics', label: '', match: m[1].trim() };
  m = /^query_result\((.*)\)$/s.exec(q);
  if (m) return { kind: 'query_result', label: '', match: m[1].trim() };
  return { kind: 'series', label: '', match: q };
}

/** buildQuery writes the editor's fields back as a variable query (queryParts reads it back the same). */
export function buildQuery(p: QueryParts): string {
  const match = p.match.trim();
  if (p.kind === 'label_names') return `label_names(${match})`;
  if (p.kind === 'label_values') return match ? `label_values(${match}, ${p.label.trim()})` : `label_values(${p.label.trim()})`;
  if (p.kind === 'metrics') return `metrics(${match})`;
  if (p.kind === 'query_result') return `query_result(${match})`;
  return match;
}
