/**
 * Range-vector functions over windows that hold native histograms. Each gets the window's float points (maybe
 * none) and its histogram points (at least one) and returns a float, a histogram, or nothing. Functions missing
 * here understand floats only: the engine runs them on the floats and notes that histograms were ignored.
 */
import type { FloatHistogram } from '../../model/histogram';
import { compactHistogram, divideHistogram, histogramsEqual, newFloatHistogram, scaleHistogram, usesCustomBuckets } from '../../model/histogram';
import { HistogramError, addHistograms, detectReset } from '../../model/histogram_ops';
import { METRIC_NAME, labelsGet } from '../../model/labels';
import type { Window, WindowContext } from '../window';
import { HISTOGRAM_ANNOTATIONS } from './histogram_annotations';
import { totalHistograms } from './histogram_sum';
import { extrapolationFactor } from './rate';
import { isStartTimestampReset, startTimeOverlapWarning, startTimeOverlaps } from './start_time';

/** HistogramWindow is the histogram points of one series inside one window: indices [start, end) of t and h. */
export interface HistogramWindow {
  readonly t: Float64Array;
  readonly h: readonly FloatHistogram[];
  readonly start: number;
  readonly end: number;
  /** st, parallel to t, are the points' start times (ms, 0 = unknown); absent when the series has none. */
  readonly st?: Float64Array;
}

/** HistogramWindowFunction computes one output (float or histogram) from a window holding histograms. */
export type HistogramWindowFunction = (w: Window, hw: HistogramWindow, ctx: WindowContext) => number | FloatHistogram | undefined;

function metricName(w: Window): string {
  return labelsGet(w.labels, METRIC_NAME);
}

function mixed(w: Window, ctx: WindowContext): undefined {
  ctx.annotate(HISTOGRAM_ANNOTATIONS.mixedFloatsHistograms(metricName(w)));
  return undefined;
}

function asGauge(h: FloatHistogram): FloatHistogram {
  return compactHistogram({ ...h, counterResetHint: 'gauge' });
}

/** histogramIncrease is last - first of the window's histograms, corrected for counter resets when isCounter. */
function histogramIncrease(w: Window, hw: HistogramWindow, isCounter: boolean, ctx: WindowContext): FloatHistogram | undefined {
  const { h, start, end } = hw;
  const name = metricName(w);
  let prev = h[start];
  const last = h[end - 1];
  if (isCounter && (prev.counterResetHint === 'gauge' || last.counterResetHint === 'gauge')) ctx.annotate(HISTOGRAM_ANNOTATIONS.notCounter(name));
  const { t, st } = hw;
  const resetAt = (i: number, before: FloatHistogram) => (st !== undefined && isStartTimestampReset(st[i - 1], t[i - 1], st[i], t[i])) || detectReset(h[i], before);
  if (isCounter && resetAt(start + 1, prev)) {
    const second = h[start + 1];
    prev = newFloatHistogram({ schema: second.schema, ...(second.customValues ? { customValues: second.customValues } : {}) });
  }
  const custom = usesCustomBuckets(prev);
  if (usesCustomBuckets(last) !== custom) return mixedSchemas(name, ctx);
  for (let i = start + 1; i < end - 1; i++) {
    if (!isCounter) continue;
    if (h[i].counterResetHint === 'gauge') ctx.annotate(HISTOGRAM_ANNOTATIONS.notCounter(name));
    if (usesCustomBuckets(h[i]) !== custom) return mixedSchemas(name, ctx);
  }
  try {
    const diff = addHistograms(last, prev, -1);
    if (diff.nhcbBoundsReconciled) ctx.annotate(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets('subtraction'));
    let acc = diff.h;
    if (isCounter) {
      let overlap = false;
      for (let i = start + 1; i < end; i++) {
        if (!overlap && st && startTimeOverlaps(st[i - 1], t[i - 1], st[i])) {
          overlap = true;
          ctx.annotate({ level: 'warning', message: startTimeOverlapWarning(name) });
        }
        if (resetAt(i, prev)) {
          const r = addHistograms(acc, prev);
          if (r.nhcbBoundsReconciled) ctx.annotate(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets('addition'));
          acc = r.h;
        }
        prev = h[i];
      }
    } else if (h[start].counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge') ctx.annotate(HISTOGRAM_ANNOTATIONS.notGauge(name));
    return asGauge(acc);
  } catch (err) {
    if (err instanceof HistogramError) return mixedSchemas(name, ctx);
    throw err;
  }
}

function mixedSchemas(name: string, ctx: WindowContext): undefined {
  ctx.annotate(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(name));
  return undefined;
}

function extrapolated(isCounter: boolean, isRate: boolean): HistogramWindowFunction {
  return (w, hw, ctx) => {
    if (w.end > w.start) return mixed(w, ctx);
    const n = hw.end - hw.start;
    let inc = n > 1 ? histogramIncrease(w, hw, isCounter, ctx) : undefined;
    if (n > 1 && !inc) return undefined;
    const firstT = hw.t[hw.start];
    const lastT = hw.t[hw.end - 1];
    const first = hw.h[hw.start];
    const st0 = hw.st ? hw.st[hw.start] : 0;
    let factor: number;
    if (isCounter && st0 !== 0 && st0 > w.rangeStart && st0 < firstT) {
      try {
        inc = inc ? addHistograms(inc, first).h : first;
      } catch (err) {
        if (err instanceof HistogramError) return mixedSchemas(metricName(w), ctx);
        throw err;
      }
      const sampled = (lastT - st0) / 1000;
      const average = n > 1 ? (lastT - firstT) / 1000 / (n - 1) : 0;
      let toEnd = (w.rangeEnd - lastT) / 1000;
      if (toEnd >= average * 1.1) toEnd = average / 2;
      factor = sampled !== 0 ? (sampled + toEnd) / sampled : 1;
      if (isRate) factor /= (w.rangeEnd - w.rangeStart) / 1000;
    } else {
      if (!inc) return undefined;
      const zeroRatio = isCounter && inc.count > 0 && first.count >= 0 ? first.count / inc.count : null;
      factor = extrapolationFactor(w.rangeStart, w.rangeEnd, firstT, lastT, n - 1, zeroRatio, isRate);
    }
    return asGauge(scaleHistogram(inc, factor));
  };
}

function instant(isRate: boolean): HistogramWindowFunction {
  return (w, hw, ctx) => {
    const pts: { t: number; st: number; f?: number; h?: FloatHistogram }[] = [];
    for (let i = Math.max(w.start, w.end - 2); i < w.end; i++) pts.push({ t: w.t[i], st: w.st ? w.st[i] : 0, f: w.v[i] });
    for (let i = Math.max(hw.start, hw.end - 2); i < hw.end; i++) pts.push({ t: hw.t[i], st: hw.st ? hw.st[i] : 0, h: hw.h[i] });
    if (pts.length < 2) return undefined;
    pts.sort((a, b) => a.t - b.t);
    const [a, b] = pts.slice(-2);
    const interval = b.t - a.t;
    if (interval === 0) return undefined;
    if (!a.h || !b.h) return mixed(w, ctx);
    const name = metricName(w);
    if (isRate && (a.h.counterResetHint === 'gauge' || b.h.counterResetHint === 'gauge')) ctx.annotate(HISTOGRAM_ANNOTATIONS.notCounter(name));
    if (!isRate && (a.h.counterResetHint !== 'gauge' || b.h.counterResetHint !== 'gauge')) ctx.annotate(HISTOGRAM_ANNOTATIONS.notGauge(name));
    let res = b.h;
    if (!isRate || !(isStartTimestampReset(a.st, a.t, b.st, b.t) || detectReset(b.h, a.h))) {
      try {
        const d = addHistograms(b.h, a.h, -1);
        if (d.nhcbBoundsReconciled) ctx.annotate(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets('subtraction'));
        res = d.h;
      } catch (err) {
        if (err instanceof HistogramError) return mixedSchemas(name, ctx);
        throw err;
      }
    }
    res = asGauge(res);
    return isRate ? divideHistogram(res, interval / 1000) : res;
  };
}

/** overTime sums the window's histograms (or averages them). */
function overTime(mean: boolean): HistogramWindowFunction {
  return (w, hw, ctx) => {
    if (w.end > w.start) return mixed(w, ctx);
    try {
      const total = totalHistograms(hw.h.slice(hw.start, hw.end), mean);
      if (total.collision) ctx.annotate(HISTOGRAM_ANNOTATIONS.counterResetCollision('aggregation'));
      if (total.nhcbBoundsReconciled) ctx.annotate(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets('aggregation'));
      return total.h;
    } catch (err) {
      if (err instanceof HistogramError) return mixedSchemas(metricName(w), ctx);
      throw err;
    }
  };
}

interface Sample {
  readonly t: number;
  readonly st: number;
  readonly f: number;
  readonly h?: FloatHistogram;
}

/** merged lists the window's float and histogram points in time order. */
function merged(w: Window, hw: HistogramWindow): Sample[] {
  const out: Sample[] = [];
  let i = w.start;
  let j = hw.start;
  while (i < w.end || j < hw.end) {
    if (j >= hw.end || (i < w.end && w.t[i] < hw.t[j])) {
      out.push({ t: w.t[i], st: w.st ? w.st[i] : 0, f: w.v[i] });
      i++;
    } else {
      out.push({ t: hw.t[j], st: hw.st ? hw.st[j] : 0, f: 0, h: hw.h[j] });
      j++;
    }
  }
  return out;
}

function transitions(counts: (a: Sample, b: Sample) => boolean): HistogramWindowFunction {
  return (w, hw) => {
    const s = merged(w, hw);
    let n = 0;
    for (let i = 1; i < s.length; i++) if (counts(s[i - 1], s[i])) n++;
    return n;
  };
}

function sameFloat(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** HISTOGRAM_WINDOW_FUNCTIONS are the range functions that understand native histograms. */
export const HISTOGRAM_WINDOW_FUNCTIONS: ReadonlyMap<string, HistogramWindowFunction> = new Map<string, HistogramWindowFunction>([
  ['rate', extrapolated(true, true)],
  ['increase', extrapolated(true, false)],
  ['delta', extrapolated(false, false)],
  ['irate', instant(true)],
  ['idelta', instant(false)],
  ['sum_over_time', overTime(false)],
  ['avg_over_time', overTime(true)],
  ['count_over_time', (w, hw) => w.end - w.start + hw.end - hw.start],
  ['present_over_time', () => 1],
  ['last_over_time', (w, hw) => (w.end > w.start && w.t[w.end - 1] > hw.t[hw.end - 1] ? w.v[w.end - 1] : hw.h[hw.end - 1])],
  ['first_over_time', (w, hw) => (w.end > w.start && w.t[w.start] < hw.t[hw.start] ? w.v[w.start] : hw.h[hw.start])],
  ['ts_of_last_over_time', (w, hw) => Math.max(w.end > w.start ? w.t[w.end - 1] : -Infinity, hw.t[hw.end - 1]) / 1000],
  ['ts_of_first_over_time', (w, hw) => Math.min(w.end > w.start ? w.t[w.start] : Infinity, hw.t[hw.start]) / 1000],
  [
    'resets',
    transitions((a, b) => {
      if (a.h && b.h) return isStartTimestampReset(a.st, a.t, b.st, b.t) || detectReset(b.h, a.h);
      if (a.h || b.h) return true;
      return b.f < a.f || isStartTimestampReset(a.st, a.t, b.st, b.t);
    }),
  ],
  [
    'changes',
    transitions((a, b) => {
      if (a.h && b.h) return !histogramsEqual(a.h, b.h);
      if (a.h || b.h) return true;
      return !sameFloat(a.f, b.f);
    }),
  ],
]);
