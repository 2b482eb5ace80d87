/**
 * The experimental `anchored` and `smoothed` range modifiers (Prometheus 3.x, behind promql-experimental-functions).
 * Their windows are wider than the range: an anchored window holds the points in (rangeStart - lookback, rangeEnd],
 * a smoothed one those in (rangeStart - lookback, rangeEnd + lookback]; rangeStart and rangeEnd stay the range's.
 * Anchored rate/increase/delta take the last point at or before the range start as the left edge; smoothed ones
 * interpolate both edges linearly. Neither extrapolates.
 */
import type { Window, WindowFunction } from '../window';
import { changes, resets } from './rate';

function firstAfter(w: Window, limit: number, t: number, inclusive: boolean): number {
  let i = w.start;
  while (i < limit && (inclusive ? w.t[i] < t : w.t[i] <= t)) i++;
  return i;
}

function interpolate(w: Window, i: number, j: number, at: number, isCounter: boolean): number {
  const y2 = w.v[j];
  const y1 = isCounter && y2 < w.v[i] ? 0 : w.v[i];
  return y1 + ((y2 - y1) * (at - w.t[i])) / (w.t[j] - w.t[i]);
}

/** extendedRate computes anchored or smoothed delta, increase (isCounter) or rate (also isRate). */
export function extendedRate(w: Window, isCounter: boolean, isRate: boolean, smoothed: boolean): number | undefined {
  if (w.end <= w.start) return undefined;
  const { t, v, rangeStart, rangeEnd } = w;
  let last = w.end - 1;
  let first = Math.max(w.start, firstAfter(w, last, rangeStart, false) - 1);
  if (smoothed) last = firstAfter(w, last, rangeEnd, true);
  if (t[last] <= rangeStart) return undefined;
  if (smoothed && t[first] > rangeEnd) return undefined;
  const left = smoothed && t[first] < rangeStart ? interpolate(w, first, first + 1, rangeStart, isCounter) : v[first];
  const right = smoothed && last > w.start && t[last] > rangeEnd ? interpolate(w, last - 1, last, rangeEnd, isCounter) : v[last];
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
  return isRate ? result / ((rangeEnd - rangeStart) / 1000) : result;
}

/** anchoredFrom narrows an anchored window to start at its last point at or before the range start. */
function anchoredFrom(f: (w: Window) => number | undefined): WindowFunction {
  return (w) => {
    const after = firstAfter(w, w.end, w.rangeStart, false);
    if (after >= w.end) return undefined;
    return f({ ...w, start: Math.max(w.start, after - 1) });
  };
}

/** ANCHORED_WINDOW_FUNCTIONS are the functions Prometheus allows with `anchored`, over anchored windows. */
export const ANCHORED_WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFunction> = new Map<string, WindowFunction>([
  ['rate', (w) => extendedRate(w, true, true, false)],
  ['increase', (w) => extendedRate(w, true, false, false)],
  ['delta', (w) => extendedRate(w, false, false, false)],
  ['resets', anchoredFrom(resets)],
  ['changes', anchoredFrom(changes)],
]);

/** SMOOTHED_WINDOW_FUNCTIONS are the functions Prometheus allows with `smoothed`, over smoothed windows. */
export const SMOOTHED_WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFunction> = new Map<string, WindowFunction>([
  ['rate', (w) => extendedRate(w, true, true, true)],
  ['increase', (w) => extendedRate(w, true, false, true)],
  ['delta', (w) => extendedRate(w, false, false, true)],
]);
