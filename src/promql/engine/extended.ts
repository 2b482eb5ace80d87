/**
 * The experimental `anchored` and `smoothed` range modifiers (Prometheus 3.x extended range selectors).
 * anchored uses the last sample at or before the window start as the baseline; smoothed interpolates values at
 * both window ends (and, on an instant selector, at the evaluation time itself). Both read up to one lookback
 * delta beyond the window, so they take the whole series and cut their own windows.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsGet } from '../../model/labels';
import type { Call, MatrixSelector, VectorSelector } from '../ast';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import type { Annotation } from '../window';
import type { EvalContext } from './context';
import { evalError } from './context';
import { anchoredTransitions, extendedHistogramRate, smoothedHistogram } from './extended_histograms';
import { windowBounds, withoutStale } from './selectors';
import { newStepSeries, type Grid, type PointSeries, type StepSeries } from './types';

const ANCHORED_SAFE = ['changes', 'delta', 'increase', 'rate', 'resets'];
const SMOOTHED_SAFE = ['delta', 'increase', 'rate'];

/** isExtended reports whether a range argument uses `anchored` or `smoothed`. */
export function isExtended(m: MatrixSelector): boolean {
  return m.vectorSelector.anchored === true || m.vectorSelector.smoothed === true;
}

function interpolate(t1: number, v1: number, t2: number, v2: number, t: number, isCounter: boolean): number {
  const y1 = isCounter && v2 < v1 ? 0 : v1;
  return y1 + ((v2 - y1) * (t - t1)) / (t2 - t1);
}

/** firstAfter returns the index of the first point with t > x in [lo, hi). */
function firstAfter(t: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi && t[lo] <= x) lo++;
  return lo;
}

function extendedRate(p: PointSeries, lo: number, hi: number, rangeStart: number, rangeEnd: number, range: number, smoothed: boolean, fn: string): number | undefined {
  const { t, v } = p;
  const isCounter = fn !== 'delta';
  let last = hi - 1;
  let first = Math.max(lo, firstAfter(t, lo, last, rangeStart) - 1);
  if (smoothed) {
    let k = lo;
    while (k < last && t[k] < rangeEnd) k++;
    last = k;
  }
  if (t[last] <= rangeStart) return undefined;
  if (smoothed && t[first] > rangeEnd) return undefined;
  const left = smoothed && t[first] < rangeStart ? interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter) : v[first];
  const right = smoothed && last > lo && t[last] > rangeEnd ? interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter) : v[last];
  let result = right - left;
  if (isCounter) {
    if (t[first] <= rangeStart) first++;
    if (t[last] >= rangeEnd) last--;
    let prev = left;
    for (let i = first; i <= last; i++) {
      if (v[i] < prev) result += prev;
      prev = v[i];
    }
    if (right < prev) result += prev;
  }
  return fn === 'rate' ? result / (range / 1000) : result;
}

function anchoredCount(p: PointSeries, lo: number, hi: number, rangeStart: number, fn: string): number | undefined {
  const { t, v } = p;
  const after = firstAfter(t, lo, hi, rangeStart);
  if (after >= hi) return undefined;
  const first = after > lo ? after - 1 : lo;
  let n = 0;
  for (let i = first + 1; i < hi; i++) {
    const a = v[i - 1];
    const b = v[i];
    if (fn === 'resets' ? b < a : b !== a && !(Number.isNaN(a) && Number.isNaN(b))) n++;
  }
  return n;
}

/** evalExtendedCall evaluates rate/increase/delta/changes/resets over an anchored or smoothed range selector. */
export function evalExtendedCall(ctx: EvalContext, e: Call, m: MatrixSelector, g: Grid): StepSeries[] {
  const vs = m.vectorSelector;
  const smoothed = vs.smoothed === true;
  const safe = smoothed ? SMOOTHED_SAFE : ANCHORED_SAFE;
  if (!safe.includes(e.func)) {
    throw evalError(`${smoothed ? 'smoothed' : 'anchored'} modifier can only be used with: ${safe.join(', ')} - not with ${e.func}`);
  }
  const at = ctx.atTime(vs.at);
  const lookback = ctx.opts.lookbackDelta;
  const posText = ctx.posText(e.args[0].pos);
  const note = (a: Annotation) => ctx.annotateAt(a, posText);
  const out: StepSeries[] = [];
  for (const s of ctx.seriesFor(vs)) {
    const p = withoutStale(s);
    const hp = { t: p.ht ?? EMPTY, h: p.hv ?? [] };
    const name = labelsGet(p.labels, METRIC_NAME);
    const o = newStepSeries(p.labels, g.n, true);
    let lo = 0;
    let hi = 0;
    let hlo = 0;
    let hhi = 0;
    for (let i = 0; i < g.n; i++) {
      const ref = (at ?? g.start + i * g.step) - vs.offset;
      const rangeStart = ref - m.range;
      const max = smoothed ? ref + lookback : ref;
      if (at !== null) lo = hi = hlo = hhi = 0;
      while (hi < p.t.length && p.t[hi] <= max) hi++;
      while (lo < hi && p.t[lo] <= rangeStart - lookback) lo++;
      while (hhi < hp.t.length && hp.t[hhi] <= max) hhi++;
      while (hlo < hhi && hp.t[hlo] <= rangeStart - lookback) hlo++;
      if (hi <= lo && hhi <= hlo) continue;
      let r: number | FloatHistogram | undefined;
      if (e.func === 'changes' || e.func === 'resets') {
        r = hhi > hlo ? anchoredTransitions(p.t, p.v, lo, hi, hp, hlo, hhi, rangeStart, e.func) : anchoredCount(p, lo, hi, rangeStart, e.func);
      } else if (hhi > hlo && hi > lo) note(HISTOGRAM_ANNOTATIONS.mixedFloatsHistograms(name));
      else if (hhi > hlo) r = extendedHistogramRate(hp, hlo, hhi, rangeStart, ref, m.range, smoothed, e.func, name, note);
      else r = extendedRate(p, lo, hi, rangeStart, ref, m.range, smoothed, e.func);
      if (r === undefined) continue;
      if (typeof r === 'number') {
        o.v[i] = r;
        o.ok[i] = 1;
      } else (o.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = r;
    }
    if (o.ok.includes(1) || o.h) out.push(o);
  }
  return out;
}

const EMPTY = new Float64Array(0);

/** evalSmoothedSelector evaluates a `smoothed` instant selector: the value interpolated at each evaluation time. */
export function evalSmoothedSelector(ctx: EvalContext, vs: VectorSelector, g: Grid): StepSeries[] {
  const at = ctx.atTime(vs.at);
  const lookback = ctx.opts.lookbackDelta;
  const out: StepSeries[] = [];
  const posText = ctx.posText(vs.pos);
  const note = (a: Annotation) => ctx.annotateAt(a, posText);
  for (const s of ctx.seriesFor(vs)) {
    const { t, v, ht, hv } = withoutStale(s);
    const o = newStepSeries(s.labels, g.n);
    const name = labelsGet(s.labels, METRIC_NAME);
    for (let i = 0; i < g.n; i++) {
      const ts = (at ?? g.start + i * g.step) - vs.offset;
      let lo = 0;
      while (lo < t.length && t[lo] <= ts - lookback) lo++;
      let hi = lo;
      while (hi < t.length && t[hi] <= ts + lookback) hi++;
      if (ht && hv) {
        const [hlo, hhi] = windowBounds(ht, ts - lookback, ts + lookback);
        if (hhi > hlo && hi > lo) {
          note(HISTOGRAM_ANNOTATIONS.mixedFloatsHistograms(name));
          continue;
        }
        if (hhi > hlo) {
          const h = smoothedHistogram({ t: ht, h: hv }, hlo, hhi, ts, note, name);
          if (h) (o.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
          continue;
        }
      }
      if (hi <= lo) continue;
      let k = lo;
      while (k < hi && t[k] < ts) k++;
      if (k < hi && t[k] === ts) o.v[i] = v[k];
      else if (k > lo && k < hi) o.v[i] = interpolate(t[k - 1], v[k - 1], t[k], v[k], ts, false);
      else if (k > lo) o.v[i] = v[k - 1];
      else continue;
      o.ok[i] = 1;
    }
    if (o.ok.includes(1) || o.h) out.push(o);
  }
  return out;
}
