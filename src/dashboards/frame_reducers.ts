/**
 * Grafana's field reducers over a frame field's values (numbers, strings, nulls), as transformations use them
 * (reduce, groupBy, calculateField): nulls are skipped, `last`/`first` take the value as it is, the numeric
 * calculations read only finite numbers, `lastNotNull`/`firstNotNull` also return strings, and `delta` counts a
 * decrease as a counter reset (it adds the new value).
 */
import type { Cell } from './frames';

type Calc = (all: readonly Cell[], nums: number[], notNull: Cell[]) => Cell | Cell[];

function total(f: number[]): number {
  let s = 0;
  for (const v of f) s += v;
  return s;
}

function variance(f: number[]): number | null {
  if (!f.length) return null;
  const mean = total(f) / f.length;
  let sq = 0;
  for (const v of f) sq += (v - mean) * (v - mean);
  return sq / f.length;
}

const extreme = (f: number[], sign: 1 | -1): number | null => (f.length ? f.reduce((a, b) => (sign * b > sign * a ? b : a)) : null);

/** FIELD_REDUCERS maps a Grafana reducer id to its name and calculation. */
export const FIELD_REDUCERS: ReadonlyMap<string, { name: string; calc: Calc }> = new Map<string, { name: string; calc: Calc }>([
  ['lastNotNull', { name: 'Last *', calc: (_, __, n) => n.at(-1) ?? null }],
  ['last', { name: 'Last', calc: (a) => a.at(-1) ?? null }],
  ['firstNotNull', { name: 'First *', calc: (_, __, n) => n[0] ?? null }],
  ['first', { name: 'First', calc: (a) => a[0] ?? null }],
  ['mean', { name: 'Mean', calc: (_, f) => (f.length ? total(f) / f.length : null) }],
  ['max', { name: 'Max', calc: (_, f) => extreme(f, 1) }],
  ['min', { name: 'Min', calc: (_, f) => extreme(f, -1) }],
  ['logmin', { name: 'Min (above zero)', calc: (_, f) => extreme(f.filter((v) => v > 0), -1) }],
  ['sum', { name: 'Total', calc: (_, f) => (f.length ? total(f) : null) }],
  ['count', { name: 'Count', calc: (a) => a.length }],
  ['range', { name: 'Range', calc: (_, f) => (f.length ? extreme(f, 1)! - extreme(f, -1)! : null) }],
  ['delta', { name: 'Delta', calc: (_, f) => {
    let d = 0;
    for (let i = 1; i < f.length; i++) d += f[i] >= f[i - 1] ? f[i] - f[i - 1] : f[i];
    return f.length ? d : null;
  } }],
  ['diff', { name: 'Difference', calc: (_, f) => (f.length ? f[f.length - 1] - f[0] : null) }],
  ['diffperc', { name: 'Difference percent', calc: (_, f) => (f.length && f[0] !== 0 ? ((f[f.length - 1] - f[0]) / f[0]) * 100 : null) }],
  ['variance', { name: 'Variance', calc: (_, f) => variance(f) }],
  ['stdDev', { name: 'StdDev', calc: (_, f) => (f.length ? Math.sqrt(variance(f)!) : null) }],
  ['changeCount', { name: 'Change count', calc: (_, __, n) => n.reduce<number>((c, v, i) => (i > 0 && v !== n[i - 1] ? c + 1 : c), 0) }],
  ['distinctCount', { name: 'Distinct count', calc: (_, __, n) => new Set(n).size }],
  ['allValues', { name: 'All values', calc: (a) => [...a] }],
  ['uniqueValues', { name: 'All unique values', calc: (a) => [...new Set(a)] }],
  ['allIsNull', { name: 'All nulls', calc: (_, __, n) => n.length === 0 }],
  ['allIsZero', { name: 'All zeros', calc: (_, f, n) => n.length > 0 && f.length === n.length && f.every((v) => v === 0) }],
  ['median', { name: 'Median', calc: (_, f) => {
    if (!f.length) return null;
    const s = [...f].sort((x, y) => x - y);
    return s[Math.floor(s.length / 2)];
  } }],
]);

/** reducerName is the name Grafana shows for a reducer id (the id when unknown). */
export function reducerName(id: string): string {
  return FIELD_REDUCERS.get(id)?.name ?? id;
}

/** reduceCells applies reducers by id to one field's values; an unknown id gives null; arrays print as a list. */
export function reduceCells(ids: readonly string[], values: readonly Cell[]): Cell[] {
  const notNull = values.filter((v) => v !== null);
  const nums = notNull.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return ids.map((id) => {
    const r = FIELD_REDUCERS.get(id)?.calc(values, nums, notNull) ?? null;
    return Array.isArray(r) ? r.map((x) => String(x)).join(', ') : r;
  });
}
