/** Trend functions over one window: deriv and predict_linear (least squares), double_exponential_smoothing. */
import type { Window, WindowContext } from '../window';
import { formatGoG } from './format';
import { kahanInc, newKahan } from './kahan';

/**
 * linearRegression fits v = slope·x + intercept by least squares with compensated sums, where x is seconds
 * relative to interceptTime (ms). A constant series has slope 0, or NaN for both when the constant is infinite.
 */
export function linearRegression(w: Window, interceptTime: number): { slope: number; intercept: number } {
  const { t, v, start, end } = w;
  const sumX = newKahan();
  const sumY = newKahan();
  const sumXY = newKahan();
  const sumX2 = newKahan();
  const initY = v[start];
  let constY = true;
  let n = 0;
  for (let i = start; i < end; i++) {
    const y = v[i];
    if (constY && i > start && y !== initY) constY = false;
    n += 1;
    const x = (t[i] - interceptTime) / 1e3;
    kahanInc(sumX, x);
    kahanInc(sumY, y);
    kahanInc(sumXY, x * y);
    kahanInc(sumX2, x * x);
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) return { slope: NaN, intercept: NaN };
    return { slope: 0, intercept: initY };
  }
  const sx = sumX.sum + sumX.c;
  const sy = sumY.sum + sumY.c;
  const sxy = sumXY.sum + sumXY.c;
  const sx2 = sumX2.sum + sumX2.c;
  const covXY = sxy - (sx * sy) / n;
  const varX = sx2 - (sx * sx) / n;
  const slope = covXY / varX;
  return { slope, intercept: sy / n - (slope * sx) / n };
}

/** deriv is the per-second slope of the least-squares line, fitted relative to the first point for precision. */
export function deriv(w: Window): number | undefined {
  if (w.end - w.start < 2) return undefined;
  return linearRegression(w, w.t[w.start]).slope;
}

/**
 * TimedWindowContext is a WindowContext that may also carry the step's evaluation time in ms. predict_linear
 * extrapolates from that time, which differs from the window's end under `offset` and `@`.
 */
export interface TimedWindowContext extends WindowContext {
  readonly evalTime?: number;
}

/** predictLinear extrapolates the least-squares line args[0] seconds past the evaluation time. */
export function predictLinear(w: Window, ctx: TimedWindowContext): number | undefined {
  if (w.end - w.start < 2 || ctx.args.length < 1) return undefined;
  const { slope, intercept } = linearRegression(w, ctx.evalTime ?? w.rangeEnd);
  return slope * ctx.args[0] + intercept;
}

/** SmoothingError is thrown for a smoothing or trend factor outside (0, 1), with upstream's message. */
export class SmoothingError extends Error {}

function checkFactor(name: string, short: string, x: number): void {
  if (!(x > 0 && x < 1)) {
    throw new SmoothingError(`invalid ${name} factor. Expected: 0 < ${short} < 1, got: ${Number.isFinite(x) ? x.toFixed(6) : formatGoG(x)}`);
  }
}

/**
 * doubleExponentialSmoothing (Holt's linear method; holt_winters before Prometheus 3.0) smooths the window with
 * level factor args[0] and trend factor args[1] and returns the last smoothed value; it needs two points.
 */
export function doubleExponentialSmoothing(w: Window, ctx: WindowContext): number | undefined {
  if (ctx.args.length < 2) return undefined;
  const [sf, tf] = ctx.args;
  checkFactor('smoothing', 'sf', sf);
  checkFactor('trend', 'tf', tf);
  const { v, start, end } = w;
  if (end - start < 2) return undefined;
  let s0 = 0;
  let s1 = v[start];
  let b = v[start + 1] - v[start];
  for (let i = start + 1; i < end; i++) {
    const x = sf * v[i];
    if (i - 1 > start) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
