/**
 * WINDOW_FUNCTIONS: Prometheus 3.x's range-vector functions as pure window functions, one entry per PromQL name,
 * each with its PromQL signature. The engine builds the windows, evaluates the scalar arguments and calls these.
 */
import type { StepsEntry, WindowFunction } from '../window';
import {
  avgOverTime,
  countOverTime,
  extremeOverTime,
  firstOverTime,
  lastOverTime,
  madOverTime,
  presentOverTime,
  quantileOverTime,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfFirstOverTime,
  tsOfLastOverTime,
} from './over_time';
import { annotateNonCounter, changes, extrapolatedRate, extrapolatedRateSteps, instantValue, resets } from './rate';
import { deriv, doubleExponentialSmoothing, predictLinear } from './regression';

const counterRate =
  (isRate: boolean): WindowFunction =>
  (w, ctx) => {
    const out = extrapolatedRate(w, true, isRate, ctx);
    if (out !== undefined) annotateNonCounter(w, ctx);
    return out;
  };

/**
 * WINDOW_STEPS_FUNCTIONS holds the fast forms of the hottest window functions, used for float series without start
 * times (the common case): one call per series instead of one per step.
 */
export const WINDOW_STEPS_FUNCTIONS: ReadonlyMap<string, StepsEntry> = new Map<string, StepsEntry>([
  ['rate', { steps: (t, v, refs, range, out, ok) => extrapolatedRateSteps(t, v, refs, range, true, true, out, ok), counter: true }],
  ['increase', { steps: (t, v, refs, range, out, ok) => extrapolatedRateSteps(t, v, refs, range, true, false, out, ok), counter: true }],
  ['delta', { steps: (t, v, refs, range, out, ok) => extrapolatedRateSteps(t, v, refs, range, false, false, out, ok), counter: false }],
]);

/** WINDOW_FUNCTIONS maps each range-vector function name to its implementation. */
export const WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFunction> = new Map<string, WindowFunction>([
  // rate(v range-vector)
  ['rate', counterRate(true)],
  // increase(v range-vector)
  ['increase', counterRate(false)],
  // delta(v range-vector)
  ['delta', (w) => extrapolatedRate(w, false, false)],
  // irate(v range-vector)
  ['irate', (w) => instantValue(w, true)],
  // idelta(v range-vector)
  ['idelta', (w) => instantValue(w, false)],
  // resets(v range-vector)
  ['resets', resets],
  // changes(v range-vector)
  ['changes', changes],
  // deriv(v range-vector)
  ['deriv', deriv],
  // predict_linear(v range-vector, t scalar)
  ['predict_linear', predictLinear],
  // double_exponential_smoothing(v range-vector, sf scalar, tf scalar) — experimental
  ['double_exponential_smoothing', doubleExponentialSmoothing],
  // avg_over_time(v range-vector)
  ['avg_over_time', avgOverTime],
  // sum_over_time(v range-vector)
  ['sum_over_time', sumOverTime],
  // count_over_time(v range-vector)
  ['count_over_time', countOverTime],
  // min_over_time(v range-vector)
  ['min_over_time', (w) => extremeOverTime(w, 'min', false)],
  // max_over_time(v range-vector)
  ['max_over_time', (w) => extremeOverTime(w, 'max', false)],
  // last_over_time(v range-vector)
  ['last_over_time', lastOverTime],
  // first_over_time(v range-vector)
  ['first_over_time', firstOverTime],
  // quantile_over_time(φ scalar, v range-vector)
  ['quantile_over_time', quantileOverTime],
  // stddev_over_time(v range-vector)
  ['stddev_over_time', stddevOverTime],
  // stdvar_over_time(v range-vector)
  ['stdvar_over_time', stdvarOverTime],
  // mad_over_time(v range-vector) — experimental
  ['mad_over_time', madOverTime],
  // present_over_time(v range-vector)
  ['present_over_time', presentOverTime],
  // absent_over_time(v range-vector): 1 for a non-empty window; the engine inverts it and infers the labels
  ['absent_over_time', presentOverTime],
  // ts_of_min_over_time(v range-vector) — experimental
  ['ts_of_min_over_time', (w) => extremeOverTime(w, 'tsMin', true)],
  // ts_of_max_over_time(v range-vector) — experimental
  ['ts_of_max_over_time', (w) => extremeOverTime(w, 'tsMax', true)],
  // ts_of_first_over_time(v range-vector) — experimental
  ['ts_of_first_over_time', tsOfFirstOverTime],
  // ts_of_last_over_time(v range-vector) — experimental
  ['ts_of_last_over_time', tsOfLastOverTime],
]);

/** WINDOW_KEEPS_NAME lists the window functions whose output keeps `__name__` (they act like an offset). */
export const WINDOW_KEEPS_NAME: ReadonlySet<string> = new Set(['last_over_time', 'first_over_time']);

/** EXPERIMENTAL_WINDOW_FUNCTIONS lists the ones Prometheus keeps behind `--enable-feature=promql-experimental-functions`. */
export const EXPERIMENTAL_WINDOW_FUNCTIONS: ReadonlySet<string> = new Set([
  'double_exponential_smoothing',
  'mad_over_time',
  'ts_of_min_over_time',
  'ts_of_max_over_time',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
]);
