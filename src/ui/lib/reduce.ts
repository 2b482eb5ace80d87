/** Grafana's reducers (the calculations of stat panels and legends) over one series' values. */

type Reducer = (vs: Float64Array | number[]) => number | null;

function finite(vs: Float64Array | number[]): number[] {
  const out: number[] = [];
  for (const v of vs) if (Number.isFinite(v)) out.push(v);
  return out;
}

/** REDUCERS maps a Grafana reducer id to its calculation; null means no value. */
export const REDUCERS: ReadonlyMap<string, Reducer> = new Map<string, Reducer>([
  ['lastNotNull', (vs) => finite(vs).at(-1) ?? null],
  ['last', (vs) => (vs.length ? vs[vs.length - 1] : null)],
  ['firstNotNull', (vs) => finite(vs)[0] ?? null],
  ['first', (vs) => (vs.length ? vs[0] : null)],
  ['mean', (vs) => (finite(vs).length ? finite(vs).reduce((a, b) => a + b, 0) / finite(vs).length : null)],
  ['max', (vs) => (finite(vs).length ? Math.max(...finite(vs)) : null)],
  ['min', (vs) => (finite(vs).length ? Math.min(...finite(vs)) : null)],
  ['sum', (vs) => (finite(vs).length ? finite(vs).reduce((a, b) => a + b, 0) : null)],
  ['count', (vs) => vs.length],
  ['range', (vs) => (finite(vs).length ? Math.max(...finite(vs)) - Math.min(...finite(vs)) : null)],
  ['delta', (vs) => {
    const f = finite(vs);
    let d = 0;
    for (let i = 1; i < f.length; i++) d += Math.max(0, f[i] - f[i - 1]);
    return f.length ? d : null;
  }],
  ['diff', (vs) => (finite(vs).length ? finite(vs).at(-1)! - finite(vs)[0] : null)],
]);

/** reduce applies a reducer by id (unknown ids fall back to lastNotNull). */
export function reduce(id: string, vs: Float64Array | number[]): number | null {
  return (REDUCERS.get(id) ?? REDUCERS.get('lastNotNull')!)(vs);
}
