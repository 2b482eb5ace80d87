/**
 * Counter and gauge change functions over one window: rate, increase, delta (extrapolated to the window's edges),
 * irate and idelta (last two points), resets and changes. Float samples only.
 */
import { labelsGet, METRIC_NAME } from '../../model/labels';
import type { Window, WindowContext } from '../window';

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/**
 * extrapolatedRate computes delta (isCounter false), increase (isCounter true) or rate (also isRate) as Prometheus:
 * the change between the first and last points, corrected for counter resets, then extrapolated towards the range
 * boundaries — all the way when the gap is within 1.1 × the average sample spacing, else by half a spacing, and for
 * counters never past the point where the counter would have been zero.
 */
export function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, start, end } = w;
  const last = end - 1;
  if (last - start < 1) return undefined;
  let result = v[last] - v[start];
  if (isCounter) {
    for (let i = start + 1; i <= last; i++) if (v[i] < v[i - 1]) result += v[i - 1];
  }
  let durationToStart = (t[start] - w.rangeStart) / 1000;
  let durationToEnd = (w.rangeEnd - t[last]) / 1000;
  const sampledInterval = (t[last] - t[start]) / 1000;
  const averageInterval = sampledInterval / (last - start);
  const threshold = averageInterval * 1.1;
  if (durationToStart >= threshold) durationToStart = averageInterval / 2;
  if (isCounter && result > 0 && v[start] >= 0) {
    const durationToZero = sampledInterval * (v[start] / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= (w.rangeEnd - w.rangeStart) / 1000;
  return result * factor;
}

/** annotateNonCounter adds upstream's info when rate/increase reads a metric whose name does not look like a counter. */
export function annotateNonCounter(w: Window, ctx: WindowContext): void {
  // A series' label array is the same object at every step, so the verdict is computed once per series.
  let message = nonCounter.get(w.labels);
  if (message === undefined) {
    const name = labelsGet(w.labels, METRIC_NAME);
    message =
      name === '' || COUNTER_SUFFIXES.some((s) => name.endsWith(s))
        ? null
        : `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`;
    nonCounter.set(w.labels, message);
  }
  if (message !== null) ctx.annotate({ level: 'info', message });
}

const nonCounter = new WeakMap<readonly string[], string | null>();

/** instantValue computes irate (isRate) or idelta from the window's last two points. */
export function instantValue(w: Window, isRate: boolean): number | undefined {
  const { t, v, start, end } = w;
  if (end - start < 2) return undefined;
  const interval = t[end - 1] - t[end - 2];
  if (interval === 0) return undefined;
  const prev = v[end - 2];
  const cur = v[end - 1];
  if (!isRate) return cur - prev;
  const change = cur < prev ? cur : cur - prev;
  return change / (interval / 1000);
}

/** resets counts the points whose value is below the one before (a counter reset). */
export function resets(w: Window): number | undefined {
  const { v, start, end } = w;
  if (end <= start) return undefined;
  let n = 0;
  for (let i = start + 1; i < end; i++) if (v[i] < v[i - 1]) n++;
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
