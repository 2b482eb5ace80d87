/**
 * The contract between the engine and the range-vector ("window") functions such as rate, increase and
 * *_over_time. A window function is pure: it reads the points of one series that fall inside one evaluation
 * window and returns one value, or undefined for "no output for this series at this step".
 */
import type { Labels } from '../model/labels';

/** Window is the points of one series inside the left-open range (rangeStart, rangeEnd], stale markers removed. */
export interface Window {
  /** t and v are the series' timestamps (ms) and values; only indices [start, end) belong to this window. */
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly start: number;
  readonly end: number;
  /** rangeStart is the window's exclusive lower bound in ms; rangeEnd its inclusive upper bound (the eval time). */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** labels are the series' labels (with `__name__`), for annotations. */
  readonly labels: Labels;
  /** st, parallel to t, are the points' start times in ms (0 = unknown); absent when the series has none. */
  readonly st?: Float64Array;
}

/** Annotation is a warning or info returned with a result instead of being thrown (Prometheus's annotations). */
export interface Annotation {
  readonly level: 'warning' | 'info';
  readonly message: string;
}

/** WindowContext carries the scalar arguments already evaluated for this step and a sink for annotations. */
export interface WindowContext {
  /** args are the call's scalar (or string-as-number) arguments other than the range vector, in call order. */
  readonly args: readonly number[];
  /** annotate records an annotation once per distinct message. */
  annotate(a: Annotation): void;
}

/** WindowFunction computes one output value from one window. */
export type WindowFunction = (w: Window, ctx: WindowContext) => number | undefined;

/**
 * StepsFunction is a window function's fast form over one float series without start times: it computes every
 * step's window (refs[i] - range, refs[i]] at once, setting out[i] and ok[i] = 1 where there is a value, and returns
 * how many steps got one. It must give exactly what the per-window form gives.
 */
export type StepsFunction = (t: Float64Array, v: Float64Array, refs: Float64Array, range: number, out: Float64Array, ok: Uint8Array) => number;

/** StepsEntry is a fast form and whether the function is rate-like (an info annotation for non-counter names). */
export interface StepsEntry {
  readonly steps: StepsFunction;
  readonly counter: boolean;
}
