/**
 * Selectors over the step grid: instant-vector lookups with lookback and staleness, and the windows of range
 * selectors and subqueries, walked with cursors that only move forward.
 */
import type { FloatHistogram } from '../../model/histogram';
import { isStaleNaN } from '../../model/value';
import type { Series } from '../../model/storage';
import type { MatrixSelector, SubqueryExpr, VectorSelector } from '../ast';
import type { EvalContext } from './context';
import { gridOf, newStepSeries, type Grid, type PointSeries, type StepSeries, type Value } from './types';

/** SampleField is what a vector selector yields per step: the sample's value, its time, or its start time (seconds). */
export type SampleField = 'value' | 'timestamp' | 'startTimestamp';

/** evalVectorSelector looks up each series' latest sample within the lookback window at every step. */
export function evalVectorSelector(ctx: EvalContext, vs: VectorSelector, g: Grid, field: SampleField = 'value'): StepSeries[] {
  const out: StepSeries[] = [];
  const at = ctx.atTime(vs.at);
  const lookback = ctx.opts.lookbackDelta;
  let refs: Float64Array | null = null;
  ctx.eachSeries(vs, (s) => {
    const { timestamps: t, values: v, startTimestamps: st, histograms: hs } = s;
    if (!hs && field === 'value') {
      refs ??= windowEnds(g, at, vs.offset);
      const res = latestPerStep(s, t, v, refs, lookback);
      ctx.tick(g.n);
      if (res) out.push(res);
      return;
    }
    const len = t.length;
    let res: StepSeries | null = null;
    let j = 0;
    for (let i = 0; i < g.n; i++) {
      const ref = (at ?? g.start + i * g.step) - vs.offset;
      while (j < len && t[j] <= ref) j++;
      if (j === 0) continue;
      const k = j - 1;
      const x = v[k];
      const hk = hs?.[k];
      if (t[k] <= ref - lookback || (x !== x && hk === undefined && isStaleNaN(x))) continue;
      res ??= newStepSeries(s.labels, g.n);
      if (hk && field === 'value') {
        (res.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = hk;
        continue;
      }
      res.v[i] = field === 'value' ? x : field === 'timestamp' ? t[k] / 1000 : st ? st[k] / 1000 : 0;
      res.ok[i] = 1;
    }
    ctx.tick(g.n);
    if (res) out.push(res);
  });
  return out;
}

/** latestPerStep is evalVectorSelector's loop for a float series' values: each step's newest sample within the lookback. */
function latestPerStep(s: Series, t: ArrayLike<number>, v: ArrayLike<number>, refs: Float64Array, lookback: number): StepSeries | null {
  const len = t.length;
  const n = refs.length;
  let out: Float64Array | null = null;
  let ok: Uint8Array | null = null;
  let res: StepSeries | null = null;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    while (j < len && t[j] <= ref) j++;
    if (j === 0) continue;
    const k = j - 1;
    const x = v[k];
    if (t[k] <= ref - lookback || (x !== x && isStaleNaN(x))) continue;
    if (res === null) {
      res = newStepSeries(s.labels, n);
      out = res.v;
      ok = res.ok;
    }
    out![i] = x;
    ok![i] = 1;
  }
  return res;
}

const cleaned = new WeakMap<Series, PointSeries>();

/** withoutStale returns the series' points (and start times) with stale markers removed, histograms apart (cached per selected series). */
export function withoutStale(s: Series): PointSeries {
  let p = cleaned.get(s);
  if (p) return p;
  const { timestamps: t, values: v, startTimestamps: st, histograms: hs } = s;
  let drop = 0;
  let nh = 0;
  if (hs) {
    for (let i = 0; i < v.length; i++) {
      if (hs[i]) nh++;
      else if (v[i] !== v[i] && isStaleNaN(v[i])) drop++;
    }
  } else for (let i = 0; i < v.length; i++) if (v[i] !== v[i] && isStaleNaN(v[i])) drop++;
  if (drop === 0 && nh === 0) p = { labels: s.labels, dropName: false, t, v, ...(st ? { st } : {}) };
  else {
    const n = t.length - drop - nh;
    const nt = new Float64Array(n);
    const nv = new Float64Array(n);
    const nst = st ? new Float64Array(n) : null;
    const ht = new Float64Array(nh);
    const hst = st ? new Float64Array(nh) : null;
    const hv: FloatHistogram[] = [];
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      const h = hs?.[i];
      if (h) {
        ht[hv.length] = t[i];
        if (hst) hst[hv.length] = st![i];
        hv.push(h);
        continue;
      }
      if (v[i] !== v[i] && isStaleNaN(v[i])) continue;
      nt[k] = t[i];
      if (nst) nst[k] = st![i];
      nv[k++] = v[i];
    }
    p = { labels: s.labels, dropName: false, t: nt, v: nv, ...(nst ? { st: nst } : {}), ...(nh > 0 ? { ht, hv, ...(hst ? { hst } : {}) } : {}) };
  }
  cleaned.set(s, p);
  return p;
}

/** WindowSource is a range-vector argument: its series and where each step's window ends. */
export interface WindowSource {
  /**
   * each calls fn with every series in order; a selected series' arrays may be reused once fn returns (a matrix
   * selector's series are decoded one at a time), so fn must copy what it keeps.
   */
  each(fn: (p: PointSeries) => void): void;
  readonly range: number;
  /** refs[i] is the inclusive end of the window at step i (eval time, @ and offset applied). */
  readonly refs: Float64Array;
}

/** windowEnds returns each step's evaluation time with `@` and offset applied (a window's inclusive end). */
export function windowEnds(g: Grid, at: number | null, offset: number): Float64Array {
  const refs = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) refs[i] = (at ?? g.start + i * g.step) - offset;
  return refs;
}

/** subqueryGrid computes a subquery's own step grid, aligned to absolute multiples of its step as Prometheus. */
export function subqueryGrid(ctx: EvalContext, sq: SubqueryExpr, g: Grid): Grid {
  const at = ctx.atTime(sq.at);
  const pStart = at ?? g.start;
  const pEnd = at ?? g.start + (g.n - 1) * g.step;
  const step = sq.step > 0 ? sq.step : ctx.opts.noStepSubqueryInterval(sq.range);
  const end = pEnd - sq.offset;
  const lo = pStart - sq.offset - sq.range;
  let start = step * Math.trunc(lo / step);
  if (start <= lo) start += step;
  if (end < start) return { start, end, step, n: 0 };
  return gridOf(start, end, step);
}

/** stepSeriesToPoints turns a vector evaluated over a grid into raw points. */
export function stepSeriesToPoints(series: StepSeries[], g: Grid): PointSeries[] {
  const out: PointSeries[] = [];
  for (const s of series) {
    let n = 0;
    for (let i = 0; i < g.n; i++) n += s.ok[i];
    const hist = s.h ? histogramPoints(s.h, g) : null;
    if (n === 0 && !hist) continue;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < g.n; i++) {
      if (!s.ok[i]) continue;
      t[k] = g.start + i * g.step;
      v[k++] = s.v[i];
    }
    out.push({ labels: s.labels, dropName: s.dropName, t, v, ...(hist ?? {}) });
  }
  return out;
}

function histogramPoints(h: readonly (FloatHistogram | undefined)[], g: Grid): { ht: Float64Array; hv: FloatHistogram[] } | null {
  const hv: FloatHistogram[] = [];
  const times: number[] = [];
  for (let i = 0; i < g.n; i++) {
    const x = h[i];
    if (!x) continue;
    hv.push(x);
    times.push(g.start + i * g.step);
  }
  return hv.length === 0 ? null : { ht: Float64Array.from(times), hv };
}

/**
 * forgetResetHint turns "reset" and "not_reset" into "unknown": a subquery's points are not consecutive samples,
 * so the hints stored with them would miss or repeat resets.
 */
function forgetResetHint(h: FloatHistogram): FloatHistogram {
  return h.counterResetHint === 'reset' || h.counterResetHint === 'not_reset' ? { ...h, counterResetHint: 'unknown' } : h;
}

/** windowSource prepares a matrix selector or subquery for per-step windows. */
export function windowSource(
  ctx: EvalContext,
  e: MatrixSelector | SubqueryExpr,
  g: Grid,
  evalInner: (sq: SubqueryExpr, g: Grid) => Value,
): WindowSource {
  if (e.type === 'matrixSelector') {
    const vs = e.vectorSelector;
    const at = ctx.atTime(vs.at);
    return { each: (fn) => ctx.eachSeries(vs, (s) => fn(withoutStale(s))), range: e.range, refs: windowEnds(g, at, vs.offset) };
  }
  const sg = subqueryGrid(ctx, e, g);
  const inner = evalInner(e, sg);
  if (inner.type !== 'vector' && inner.type !== 'scalar') throw new Error('subquery of a non-instant expression');
  const vec = inner.type === 'vector' ? inner.series : [{ labels: [], dropName: false, v: inner.v, ok: new Uint8Array(sg.n).fill(1) }];
  const series = stepSeriesToPoints(vec, sg).map((p) => (p.hv ? { ...p, hv: p.hv.map(forgetResetHint) } : p));
  return { each: (fn) => series.forEach((p) => fn(p)), range: e.range, refs: windowEnds(g, ctx.atTime(e.at), e.offset) };
}

/**
 * forEachWindow calls fn(i, start, end, ref) for every step whose left-open window (ref-range, ref] holds points.
 * Both bounds only move forward while the window ends do (they restart when an `@` makes them go back).
 */
export function forEachWindow(
  p: PointSeries,
  src: WindowSource,
  n: number,
  fn: (i: number, start: number, end: number, ref: number) => void,
): void {
  const t = p.t;
  const len = t.length;
  const { refs, range } = src;
  let lo = 0;
  let hi = 0;
  let lastRef = -Infinity;
  for (let i = 0; i < n; i++) {
    const ref = refs[i];
    if (ref < lastRef) {
      lo = 0;
      hi = 0;
    }
    lastRef = ref;
    const min = ref - range;
    while (hi < len && t[hi] <= ref) hi++;
    while (lo < hi && t[lo] <= min) lo++;
    if (hi > lo) fn(i, lo, hi, ref);
  }
}

/** matrixAt returns the raw points of a range vector at one evaluation time (an instant query's matrix result). */
export function matrixAt(src: WindowSource, n: number): PointSeries[] {
  const out: PointSeries[] = [];
  if (n < 1) return out;
  const ref = src.refs[0];
  const min = ref - src.range;
  src.each((p) => {
    const [s, e] = windowBounds(p.t, min, ref);
    const [hs, he] = p.ht ? windowBounds(p.ht, min, ref) : [0, 0];
    if (s === e && hs === he) return;
    const hist = he > hs ? { ht: p.ht!.slice(hs, he), hv: p.hv!.slice(hs, he) } : {};
    out.push({ labels: p.labels, dropName: p.dropName, t: p.t.slice(s, e), v: p.v.slice(s, e), ...hist });
  });
  return out;
}

/** windowBounds returns the index range of sorted times inside the left-open window (min, max]. */
export function windowBounds(t: Float64Array, min: number, max: number): [number, number] {
  let lo = 0;
  while (lo < t.length && t[lo] <= min) lo++;
  let hi = lo;
  while (hi < t.length && t[hi] <= max) hi++;
  return [lo, hi];
}
