/**
 * A range query that is a single vector selector (`http_requests_total{job="api"}`, a dashboard's most common query)
 * has its matrix answer written straight from the selected samples into one packed buffer, with no step series in
 * between. It gives exactly what the general path gives, and leaves the query to it where it cannot: native
 * histogram samples, and series that do not come in strict label order.
 */
import { compareLabels, type Labels } from '../../model/labels';
import { isStaleNaN } from '../../model/value';
import type { Expr, VectorSelector } from '../ast';
import type { EvalContext } from './context';
import { windowEnds } from './selectors';
import type { Grid, MatrixSeries } from './types';

/** plainSelector returns the vector selector a query consists of (parentheses aside), or null. */
export function plainSelector(e: Expr): VectorSelector | null {
  while (e.type === 'parenExpr') e = e.expr;
  return e.type === 'vectorSelector' && !e.smoothed && !e.anchored ? e : null;
}

interface Placed {
  labels: Labels;
  at: number;
  n: number;
  /** tAt is where the series' own timestamps start, or -1 when it has a point at every step (the grid's times). */
  tAt: number;
}

/**
 * selectorMatrix evaluates vs at every step of g (each step's newest sample within the lookback, stale markers
 * ending a series) as a range query's matrix answer, or returns null for the general path to answer.
 */
export function selectorMatrix(ctx: EvalContext, vs: VectorSelector, g: Grid): MatrixSeries[] | null {
  ctx.check();
  const refs = windowEnds(g, ctx.atTime(vs.at), vs.offset);
  const lookback = ctx.opts.lookbackDelta;
  const n = g.n;
  const grid = new Float64Array(n);
  for (let i = 0; i < n; i++) grid[i] = g.start + i * g.step;
  const stepTimes = new Float64Array(n);
  // Room for a point at every step of every series, up to 64 MiB; past that it grows as it fills.
  let values: Float64Array = new Float64Array(Math.max(n, Math.min(1 << 23, n * ctx.seriesCount(vs))));
  let times: Float64Array = new Float64Array(0);
  let used = 0;
  let tUsed = 0;
  let held = 0;
  let prev: Labels | null = null;
  let general = false;
  const placed: Placed[] = [];
  ctx.eachSeries(vs, (s) => {
    if (s.histograms || (prev !== null && compareLabels(prev, s.labels) >= 0)) {
      general = true;
      return false;
    }
    prev = s.labels;
    if (values.length - used < n) values = grown(values, used + n);
    const k = latestInto(s.timestamps, s.values, refs, grid, lookback, values, used, stepTimes);
    ctx.tick(n);
    if (k === 0) return;
    ctx.holdSamples(k);
    held += k;
    let tAt = -1;
    if (k < n) {
      if (times.length - tUsed < k) times = grown(times, tUsed + k);
      times.set(stepTimes.subarray(0, k), tUsed);
      tAt = tUsed;
      tUsed += k;
    }
    placed.push({ labels: s.labels, at: used, n: k, tAt });
    used += k;
  });
  if (general) {
    ctx.releaseSamples(held);
    return null;
  }
  // One buffer per answer, no bigger than twice what it holds.
  if (used < values.length / 2) values = values.slice(0, used);
  if (tUsed < times.length / 2) times = times.slice(0, tUsed);
  return placed.map((p) => ({
    labels: p.labels,
    timestamps: p.tAt < 0 ? grid : times.subarray(p.tAt, p.tAt + p.n),
    values: values.subarray(p.at, p.at + p.n),
  }));
}

/**
 * latestInto writes each step's newest sample within the lookback to values from `at`, and the step's time to
 * stepTimes; returns how many steps had one.
 */
function latestInto(
  t: Float64Array,
  v: Float64Array,
  refs: Float64Array,
  grid: Float64Array,
  lookback: number,
  values: Float64Array,
  at: number,
  stepTimes: Float64Array,
): number {
  const len = t.length;
  const n = refs.length;
  let j = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    while (j < len && t[j] <= ref) j++;
    if (j === 0) continue;
    const x = v[j - 1];
    if (t[j - 1] <= ref - lookback || (x !== x && isStaleNaN(x))) continue;
    values[at + k] = x;
    stepTimes[k++] = grid[i];
  }
  return k;
}

function grown(a: Float64Array, need: number): Float64Array {
  const b = new Float64Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
