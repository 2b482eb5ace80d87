/**
 * Counter and gauge change functions over one window: rate, increase, delta (extrapolated to the window's edges),
 * irate and idelta (last two points), resets and changes. Float samples only; start times are used where known.
 */
import { labelsGet, METRIC_NAME } from '../../model/labels';
import type { Annotation, Window, WindowContext } from '../window';
import { isStartTimestampReset, startTimeOverlaps, startTimeOverlapWarning } from './start_time';

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/** counterIncrease sums a counter's change over the window's points, adding back the value lost at each reset. */
function counterIncrease(w: Window, ctx: WindowContext | undefined): number {
  const { t, v, start, end, st } = w;
  let result = v[end - 1] - v[start];
  if (!st) {
    for (let i = start + 1; i < end; i++) if (v[i] < v[i - 1]) result += v[i - 1];
    return result;
  }
  let overlapSeen = false;
  for (let i = start + 1; i < end; i++) {
    if (!overlapSeen && startTimeOverlaps(st[i - 1], t[i - 1], st[i])) {
      overlapSeen = true;
      ctx?.annotate({ level: 'warning', message: startTimeOverlapWarning(labelsGet(w.labels, METRIC_NAME)) });
    }
    if (v[i] < v[i - 1] || isStartTimestampReset(st[i - 1], t[i - 1], st[i], t[i])) result += v[i - 1];
  }
  return result;
}

/**
 * extrapolatedRate computes delta (isCounter false), increase (isCounter true) or rate (also isRate) as Prometheus:
 * the change between the first and last points, corrected for counter resets, then extrapolated towards the range
 * boundaries — all the way when the gap is within 1.1 × the average sample spacing, else by half a spacing, and for
 * counters never past the point where the counter would have been zero. A counter whose first point has a start
 * time inside the window counts from zero at that start time instead (which makes one point enough).
 */
export function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean, ctx?: WindowContext): number | undefined {
  const { t, v, start, end, st } = w;
  const last = end - 1;
  if (last < start) return undefined;
  let result = isCounter ? counterIncrease(w, ctx) : v[last] - v[start];
  let durationToStart = (t[start] - w.rangeStart) / 1000;
  let durationToEnd = (w.rangeEnd - t[last]) / 1000;
  let sampledInterval = (t[last] - t[start]) / 1000;
  const averageInterval = last > start ? sampledInterval / (last - start) : 0;
  const threshold = averageInterval * 1.1;
  const firstST = st ? st[start] : 0;
  if (isCounter && firstST !== 0 && firstST > w.rangeStart && firstST < t[start]) {
    durationToStart = 0;
    sampledInterval = (t[last] - firstST) / 1000;
    result += v[start];
  } else if (last === start) return undefined;
  else {
    if (durationToStart >= threshold) durationToStart = averageInterval / 2;
    if (isCounter && result > 0 && v[start] >= 0) {
      const durationToZero = sampledInterval * (v[start] / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= (w.rangeEnd - w.rangeStart) / 1000;
  return result * factor;
}

/**
 * extrapolatedRateSteps is extrapolatedRate at every step of one float series without start times, in one pass:
 * the window (refs[i] - range, refs[i]] slides forward over t, and out[i] and ok[i] = 1 are set where a value
 * exists. It does the same arithmetic in the same order, so results are bit-identical; returns the steps set.
 */
export function extrapolatedRateSteps(
  t: Float64Array,
  v: Float64Array,
  refs: Float64Array,
  range: number,
  isCounter: boolean,
  isRate: boolean,
  out: Float64Array,
  ok: Uint8Array,
): number {
  const len = t.length;
  const n = refs.length;
  let lo = 0;
  let hi = 0;
  let lastRef = -Infinity;
  let produced = 0;
  for (let i = 0; i < n; i++) {
    const rangeEnd = refs[i];
    if (rangeEnd < lastRef) lo = hi = 0;
    lastRef = rangeEnd;
    const rangeStart = rangeEnd - range;
    while (hi < len && t[hi] <= rangeEnd) hi++;
    while (lo < hi && t[lo] <= rangeStart) lo++;
    const last = hi - 1;
    if (last <= lo) continue;
    const first = v[lo];
    let result = v[last] - first;
    if (isCounter) for (let k = lo + 1; k < hi; k++) if (v[k] < v[k - 1]) result += v[k - 1];
    let durationToStart = (t[lo] - rangeStart) / 1000;
    let durationToEnd = (rangeEnd - t[last]) / 1000;
    const sampledInterval = (t[last] - t[lo]) / 1000;
    const averageInterval = sampledInterval / (last - lo);
    const threshold = averageInterval * 1.1;
    if (durationToStart >= threshold) durationToStart = averageInterval / 2;
    if (isCounter && result > 0 && first >= 0) {
      const durationToZero = sampledInterval * (first / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
    let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
    if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
    out[i] = result * factor;
    ok[i] = 1;
    produced++;
  }
  return produced;
}

/**
 * extrapolationFactor is what the change between a window's first and last points is multiplied by to extrapolate
 * it to the window's edges (and to turn it into a per-second rate when isRate). zeroRatio, for counters, is the
 * first value over the change: extrapolation to the start stops where the counter would have been zero.
 */
export function extrapolationFactor(
  rangeStart: number,
  rangeEnd: number,
  firstT: number,
  lastT: number,
  intervals: number,
  zeroRatio: number | null,
  isRate: boolean,
): number {
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageInterval = intervals > 0 ? sampledInterval / intervals : 0;
  const threshold = averageInterval * 1.1;
  if (durationToStart >= threshold) durationToStart = averageInterval / 2;
  if (zeroRatio !== null) durationToStart = Math.min(durationToStart, sampledInterval * zeroRatio);
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
  return factor;
}

/** annotateNonCounter adds upstream's info when rate/increase reads a metric whose name does not look like a counter. */
export function annotateNonCounter(w: Pick<Window, 'labels'>, ctx: WindowContext): void {
  // Every window of a series shares its label array, so one verdict per series and evaluation is enough.
  if (lastLabels.get(ctx) === w.labels) return;
  lastLabels.set(ctx, w.labels);
  let info = nonCounter.get(w.labels);
  if (info === undefined) {
    const name = labelsGet(w.labels, METRIC_NAME);
    info =
      name === '' || COUNTER_SUFFIXES.some((s) => name.endsWith(s))
        ? null
        : { level: 'info', message: `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}` };
    nonCounter.set(w.labels, info);
  }
  if (info !== null) ctx.annotate(info);
}

// The last series seen per evaluation, held weakly: a module-level reference kept the last query's selected samples
// alive until the next rate() (about 42 MB after the 11,000-series histogram_quantile benchmark).
const lastLabels = new WeakMap<WindowContext, readonly string[]>();
const nonCounter = new WeakMap<readonly string[], Annotation | null>();

function isReset(w: Window, i: number): boolean {
  const { t, v, st } = w;
  return v[i] < v[i - 1] || (st !== undefined && isStartTimestampReset(st[i - 1], t[i - 1], st[i], t[i]));
}

/** instantValue computes irate (isRate) or idelta from the window's last two points. */
export function instantValue(w: Window, isRate: boolean): number | undefined {
  const { t, v, start, end } = w;
  if (end - start < 2) return undefined;
  const interval = t[end - 1] - t[end - 2];
  if (interval === 0) return undefined;
  const cur = v[end - 1];
  if (!isRate) return cur - v[end - 2];
  const change = isReset(w, end - 1) ? cur : cur - v[end - 2];
  return change / (interval / 1000);
}

/** resets counts the points whose value is below the one before, or whose start time says the count began anew. */
export function resets(w: Window): number | undefined {
  const { start, end } = w;
  if (end <= start) return undefined;
  let n = 0;
  for (let i = start + 1; i < end; i++) if (isReset(w, i)) n++;
  return n;
}

/** changes counts the points whose value differs from the one before; NaN followed by NaN is no change. */
export function changes(w: Window): number | undefined {
  const { v, start, end } = w;
  if (end <= start) return undefined;
  let n = 0;
  for (let i = start + 1; i < end; i++) {
    const a = v[i - 1];
    const b = v[i];
    if (a !== b && !(a !== a && b !== b)) n++;
  }
  return n;
}
