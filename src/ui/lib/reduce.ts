/**
 * Grafana's reducers (the calculations of stat panels and legends) over one series' values, with the names Grafana
 * shows for them (legend table headers, and the `sortBy` a legend is saved with). Numeric calculations skip NaN and
 * infinities; `last` and `first` take the sample as it is; `count` counts every sample.
 */

type Reducer = (vs: Float64Array | number[], finite: number[]) => number | null;

function finiteOf(vs: Float64Array | number[]): number[] {
  const out: number[] = [];
  for (const v of vs) if (Number.isFinite(v)) out.push(v);
  return out;
}

function sum(f: number[]): number {
  let s = 0;
  for (const v of f) s += v;
  return s;
}

function min(f: number[]): number | null {
  let m = Infinity;
  for (const v of f) if (v < m) m = v;
  return f.length ? m : null;
}

function max(f: number[]): number | null {
  let m = -Infinity;
  for (const v of f) if (v > m) m = v;
  return f.length ? m : null;
}

function variance(f: number[]): number | null {
  if (!f.length) return null;
  const mean = sum(f) / f.length;
  let sq = 0;
  for (const v of f) sq += (v - mean) * (v - mean);
  return sq / f.length;
}

/** REDUCERS maps a Grafana reducer id to its calculation; null means no value. */
export const REDUCERS: ReadonlyMap<string, Reducer> = new Map<string, Reducer>([
  ['lastNotNull', (_, f) => f.at(-1) ?? null],
  ['last', (vs) => (vs.length ? vs[vs.length - 1] : null)],
  ['firstNotNull', (_, f) => f[0] ?? null],
  ['first', (vs) => (vs.length ? vs[0] : null)],
  ['mean', (_, f) => (f.length ? sum(f) / f.length : null)],
  ['max', (_, f) => max(f)],
  ['min', (_, f) => min(f)],
  ['logmin', (_, f) => min(f.filter((v) => v > 0))],
  ['sum', (_, f) => (f.length ? sum(f) : null)],
  ['count', (vs) => vs.length],
  ['range', (_, f) => (f.length ? max(f)! - min(f)! : null)],
  ['delta', (_, f) => {
    let d = 0;
    for (let i = 1; i < f.length; i++) d += Math.max(0, f[i] - f[i - 1]);
    return f.length ? d : null;
  }],
  ['diff', (_, f) => (f.length ? f[f.length - 1] - f[0] : null)],
  ['diffperc', (_, f) => (f.length && f[0] !== 0 ? ((f[f.length - 1] - f[0]) / f[0]) * 100 : null)],
  ['variance', (_, f) => variance(f)],
  ['stdDev', (_, f) => (f.length ? Math.sqrt(variance(f)!) : null)],
  ['changeCount', (_, f) => {
    let n = 0;
    for (let i = 1; i < f.length; i++) if (f[i] !== f[i - 1]) n++;
    return n;
  }],
  ['distinctCount', (_, f) => new Set(f).size],
]);

/** CALC_NAMES maps a reducer id to the name Grafana shows (and saves as a legend's sortBy). */
export const CALC_NAMES: ReadonlyMap<string, string> = new Map([
  ['lastNotNull', 'Last *'],
  ['last', 'Last'],
  ['firstNotNull', 'First *'],
  ['first', 'First'],
  ['mean', 'Mean'],
  ['max', 'Max'],
  ['min', 'Min'],
  ['logmin', 'Min (above zero)'],
  ['sum', 'Total'],
  ['count', 'Count'],
  ['range', 'Range'],
  ['delta', 'Delta'],
  ['diff', 'Difference'],
  ['diffperc', 'Difference percent'],
  ['variance', 'Variance'],
  ['stdDev', 'StdDev'],
  ['changeCount', 'Change count'],
  ['distinctCount', 'Distinct count'],
]);

/** UNITLESS_CALCS are the calculations shown as plain numbers, not in the series' unit. */
export const UNITLESS_CALCS: ReadonlySet<string> = new Set(['count', 'changeCount', 'distinctCount', 'diffperc']);

/** calcName is the name Grafana shows for a reducer id (the id itself when unknown). */
export function calcName(id: string): string {
  return CALC_NAMES.get(id) ?? id;
}

/** reduce applies a reducer by id (unknown ids fall back to lastNotNull). */
export function reduce(id: string, vs: Float64Array | number[]): number | null {
  return (REDUCERS.get(id) ?? REDUCERS.get('lastNotNull')!)(vs, finiteOf(vs));
}

/** reduceAll applies several reducers to one series, filtering its values once. */
export function reduceAll(ids: readonly string[], vs: Float64Array | number[]): (number | null)[] {
  const f = finiteOf(vs);
  return ids.map((id) => (REDUCERS.get(id) ?? REDUCERS.get('lastNotNull')!)(vs, f));
}

/**
 * sortLegend orders legend rows by a column: `Name` or a calc's shown name (values[row][calc], index-aligned with
 * calcs); rows without a value go last either way. Without a known column the order is kept.
 */
export function sortLegend(names: readonly string[], values: readonly (readonly (number | null)[])[], calcs: readonly string[], sortBy?: string, sortDesc = false): number[] {
  const order = names.map((_, i) => i);
  if (!sortBy) return order;
  const dir = sortDesc ? -1 : 1;
  if (sortBy === 'Name') return order.sort((a, b) => dir * names[a].localeCompare(names[b]));
  const col = calcs.findIndex((c) => calcName(c) === sortBy);
  if (col < 0) return order;
  return order.sort((a, b) => {
    const x = values[a][col];
    const y = values[b][col];
    if (x === null || Number.isNaN(x)) return y === null || Number.isNaN(y) ? 0 : 1;
    if (y === null || Number.isNaN(y)) return -1;
    return dir * (x - y);
  });
}
