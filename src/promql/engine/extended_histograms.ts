/**
 * The `anchored` and `smoothed` range modifiers over native histograms: increase, rate and delta between the
 * (interpolated) histograms at the window's edges, corrected for counter resets; changes and resets over windows
 * that may mix floats and histograms; and the smoothed instant selector's interpolated histogram.
 */
import { scaleHistogram, compactHistogram, divideHistogram, histogramsEqual, usesCustomBuckets, type FloatHistogram } from '../../model/histogram';
import { HistogramError, addHistograms, detectReset } from '../../model/histogram_ops';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import type { Annotation } from '../window';

/** HistogramPoints are a series' histogram points: times and values, parallel. */
export interface HistogramPoints {
  readonly t: Float64Array;
  readonly h: readonly FloatHistogram[];
}

type Note = (a: Annotation) => void;

function add(a: FloatHistogram, b: FloatHistogram, sign: 1 | -1, note: Note): FloatHistogram {
  const r = addHistograms(a, b, sign);
  if (r.nhcbBoundsReconciled) note(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets(sign === 1 ? 'addition' : 'subtraction'));
  return r.h;
}

/** interpolateHistogram estimates the histogram at t between (t1, h1) and (t2, h2); a counter reset between them restarts from zero. */
export function interpolateHistogram(h1: FloatHistogram, t1: number, h2: FloatHistogram, t2: number, t: number, isCounter: boolean, note: Note): FloatHistogram {
  if (t === t1) return h1;
  if (t === t2) return h2;
  const fraction = (t - t1) / (t2 - t1);
  if (isCounter && detectReset(h2, h1)) return scaleHistogram(h2, fraction);
  return add(scaleHistogram(add(h2, h1, -1, note), fraction), h1, 1, note);
}

function firstAfter(t: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi && t[lo] <= x) lo++;
  return lo;
}

/**
 * extendedHistogramRate computes increase, rate or delta (fn) over histogram points [lo, hi) of a window ending
 * at rangeEnd, the anchored or smoothed way. Returns undefined (with any annotation noted) when there is no result.
 */
export function extendedHistogramRate(
  p: HistogramPoints,
  lo: number,
  hi: number,
  rangeStart: number,
  rangeEnd: number,
  range: number,
  smoothed: boolean,
  fn: string,
  name: string,
  note: Note,
): FloatHistogram | undefined {
  const { t, h } = p;
  const isCounter = fn !== 'delta';
  let last = hi - 1;
  const first = Math.max(lo, firstAfter(t, lo, last, rangeStart) - 1);
  if (smoothed) {
    let k = lo;
    while (k < last && t[k] < rangeEnd) k++;
    last = k;
  }
  if (t[last] <= rangeStart) return undefined;
  if (smoothed && t[first] > rangeEnd) return undefined;
  const custom = usesCustomBuckets(h[first]);
  for (let i = first; i <= last; i++) {
    if (usesCustomBuckets(h[i]) !== custom) {
      note(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(name));
      return undefined;
    }
    if (isCounter && h[i].counterResetHint === 'gauge') note(HISTOGRAM_ANNOTATIONS.notCounter(name));
  }
  try {
    const left = smoothed && t[first] < rangeStart ? interpolateHistogram(h[first], t[first], h[first + 1], t[first + 1], rangeStart, isCounter, note) : h[first];
    const right = smoothed && last > lo && t[last] > rangeEnd ? interpolateHistogram(h[last - 1], t[last - 1], h[last], t[last], rangeEnd, isCounter, note) : h[last];
    if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) note(HISTOGRAM_ANNOTATIONS.notGauge(name));
    let result = add(right, left, -1, note);
    if (isCounter) {
      let from = first + 1;
      let prev = left;
      if (smoothed && t[first] < rangeStart && detectReset(h[first + 1], h[first])) {
        prev = h[first + 1];
        from++;
      }
      if (from <= last) {
        let correction: FloatHistogram | undefined;
        const correct = (x: FloatHistogram) => (correction = correction ? add(correction, x, 1, note) : x);
        for (let i = from; i < last; i++) {
          if (detectReset(h[i], prev)) correct(prev);
          prev = h[i];
        }
        if (detectReset(right, prev)) correct(prev);
        if (correction) result = add(result, correction, 1, note);
      }
    }
    if (fn === 'rate') result = divideHistogram(result, range / 1000);
    return compactHistogram({ ...result, counterResetHint: 'gauge' });
  } catch (err) {
    if (!(err instanceof HistogramError)) throw err;
    note(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(name));
    return undefined;
  }
}

interface Point {
  readonly t: number;
  readonly f: number;
  readonly h?: FloatHistogram;
}

/**
 * anchoredTransitions counts changes or resets (fn) over float points [flo, fhi) and histogram points [hlo, hhi),
 * starting from the last point at or before rangeStart of either kind. Undefined when nothing is after rangeStart.
 */
export function anchoredTransitions(
  ft: Float64Array,
  fv: Float64Array,
  flo: number,
  fhi: number,
  hp: HistogramPoints,
  hlo: number,
  hhi: number,
  rangeStart: number,
  fn: string,
): number | undefined {
  const fAfter = firstAfter(ft, flo, fhi, rangeStart);
  const hAfter = firstAfter(hp.t, hlo, hhi, rangeStart);
  if (fAfter >= fhi && hAfter >= hhi) return undefined;
  let fs = flo;
  let hs = hlo;
  const lastF = fAfter - 1;
  const lastH = hAfter - 1;
  if (lastF >= flo || lastH >= hlo) {
    if (lastH < hlo || (lastF >= flo && ft[lastF] >= hp.t[lastH])) {
      fs = lastF;
      hs = lastH + 1;
    } else {
      fs = lastF + 1;
      hs = lastH;
    }
  }
  const pts: Point[] = [];
  let i = fs;
  let j = hs;
  while (i < fhi || j < hhi) {
    if (j >= hhi || (i < fhi && ft[i] < hp.t[j])) pts.push({ t: ft[i], f: fv[i++] });
    else pts.push({ t: hp.t[j], f: 0, h: hp.h[j++] });
  }
  let n = 0;
  for (let k = 1; k < pts.length; k++) {
    const a = pts[k - 1];
    const b = pts[k];
    if (a.h && b.h) n += (fn === 'resets' ? detectReset(b.h, a.h) : !histogramsEqual(a.h, b.h)) ? 1 : 0;
    else if (a.h || b.h) n++;
    else if (fn === 'resets' ? b.f < a.f : b.f !== a.f && !(Number.isNaN(a.f) && Number.isNaN(b.f))) n++;
  }
  return n;
}

/** smoothedHistogram is the histogram a smoothed selector yields at ts from points [lo, hi) around it, or undefined. */
export function smoothedHistogram(p: HistogramPoints, lo: number, hi: number, ts: number, note: Note, name: string): FloatHistogram | undefined {
  const { t, h } = p;
  let k = lo;
  while (k < hi && t[k] < ts) k++;
  if (k < hi && t[k] === ts) return h[k];
  if (k > lo && k < hi) {
    if (usesCustomBuckets(h[k - 1]) !== usesCustomBuckets(h[k])) {
      note(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(name));
      return undefined;
    }
    const isCounter = h[k - 1].counterResetHint !== 'gauge' || h[k].counterResetHint !== 'gauge';
    try {
      return interpolateHistogram(h[k - 1], t[k - 1], h[k], t[k], ts, isCounter, note);
    } catch (err) {
      if (!(err instanceof HistogramError)) throw err;
      note(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(name));
      return undefined;
    }
  }
  if (k > lo) return { ...h[k - 1], counterResetHint: 'unknown' };
  return undefined;
}
