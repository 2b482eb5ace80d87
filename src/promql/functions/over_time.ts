/**
 * The *_over_time aggregations over one window, with Prometheus's compensated sums and NaN rules: a NaN compares as
 * "replace me" in min/max so any real value wins over it, and the quantile sort puts NaN first.
 */
import type { Window, WindowContext } from '../window';
import { formatGoG } from './format';
import { kahanInc, newKahan } from './kahan';

/** sumOverTime sums the window with compensation; an infinite sum is returned without its compensation. */
export function sumOverTime(w: Window): number | undefined {
  if (w.end <= w.start) return undefined;
  const k = newKahan();
  for (let i = w.start; i < w.end; i++) kahanInc(k, w.v[i]);
  return k.sum === Infinity || k.sum === -Infinity ? k.sum : k.sum + k.c;
}

/**
 * avgOverTime divides a compensated sum by the count while the sum stays finite, and switches to an incremental
 * mean (also compensated) from the first point that would overflow it, as Prometheus does since 3.5.
 */
export function avgOverTime(w: Window): number | undefined {
  const { v, start, end } = w;
  if (end <= start) return undefined;
  const sum = newKahan(v[start]);
  const mean = newKahan();
  let incremental = false;
  let count = 1;
  for (let i = start + 1; i < end; i++) {
    count = i - start + 1;
    if (!incremental) {
      const next = newKahan(sum.sum, sum.c);
      kahanInc(next, v[i]);
      if (next.sum !== Infinity && next.sum !== -Infinity) {
        sum.sum = next.sum;
        sum.c = next.c;
        continue;
      }
      incremental = true;
      mean.sum = sum.sum / (count - 1);
      mean.c = sum.c / (count - 1);
    }
    const q = (count - 1) / count;
    mean.sum *= q;
    mean.c *= q;
    kahanInc(mean, v[i] / count);
  }
  if (incremental) return mean.sum + mean.c;
  return sum.sum / count + sum.c / count;
}

/** countOverTime is the number of points. */
export function countOverTime(w: Window): number | undefined {
  return w.end > w.start ? w.end - w.start : undefined;
}

/** presentOverTime is 1 for any non-empty window. */
export function presentOverTime(w: Window): number | undefined {
  return w.end > w.start ? 1 : undefined;
}

/** lastOverTime is the newest value. */
export function lastOverTime(w: Window): number | undefined {
  return w.end > w.start ? w.v[w.end - 1] : undefined;
}

/** firstOverTime is the oldest value. */
export function firstOverTime(w: Window): number | undefined {
  return w.end > w.start ? w.v[w.start] : undefined;
}

/** tsOfLastOverTime is the newest point's timestamp in seconds. */
export function tsOfLastOverTime(w: Window): number | undefined {
  return w.end > w.start ? w.t[w.end - 1] / 1000 : undefined;
}

/** tsOfFirstOverTime is the oldest point's timestamp in seconds. */
export function tsOfFirstOverTime(w: Window): number | undefined {
  return w.end > w.start ? w.t[w.start] / 1000 : undefined;
}

type Better = (cur: number, best: number) => boolean;

/** BETTER holds the comparisons of min/max_over_time and their ts_of_ variants (the ts_ ones keep the last tie). */
const BETTER: Record<'max' | 'min' | 'tsMax' | 'tsMin', Better> = {
  max: (cur, best) => cur > best || best !== best,
  min: (cur, best) => cur < best || best !== best,
  tsMax: (cur, best) => cur >= best || best !== best,
  tsMin: (cur, best) => cur <= best || best !== best,
};

/** extremeOverTime picks the best point by kind and returns its value, or its timestamp in seconds. */
export function extremeOverTime(w: Window, kind: keyof typeof BETTER, timestamp: boolean): number | undefined {
  const { t, v, start, end } = w;
  if (end <= start) return undefined;
  const better = BETTER[kind];
  let best = v[start];
  let bestT = t[start];
  for (let i = start; i < end; i++) {
    if (better(v[i], best)) {
      best = v[i];
      bestT = t[i];
    }
  }
  return timestamp ? bestT / 1000 : best;
}

function byValueNaNFirst(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : -1;
  if (b !== b) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** quantile computes the φ-quantile of values (sorted in place) by linear interpolation between closest ranks. */
export function quantile(q: number, values: Float64Array | number[]): number {
  if (values.length === 0 || q !== q) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort(byValueNaNFirst);
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower] * (1 - weight) + values[upper] * weight;
}

/** quantileOverTime is the φ-quantile (φ = args[0]) of the window, warning when φ is outside [0, 1]. */
export function quantileOverTime(w: Window, ctx: WindowContext): number | undefined {
  if (w.end <= w.start || ctx.args.length < 1) return undefined;
  const q = ctx.args[0];
  if (q !== q || q < 0 || q > 1) {
    ctx.annotate({
      level: 'warning',
      message: `PromQL warning: quantile value should be between 0 and 1, got ${formatGoG(q)}`,
    });
  }
  return quantile(q, w.v.slice(w.start, w.end));
}

/** madOverTime is the median absolute deviation from the median; any NaN makes it NaN. */
export function madOverTime(w: Window): number | undefined {
  if (w.end <= w.start) return undefined;
  const values = w.v.slice(w.start, w.end);
  for (const x of values) if (x !== x) return NaN;
  const median = quantile(0.5, values);
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i] - median);
  return quantile(0.5, values);
}

/** stdvarOverTime is the population variance by Welford's method with compensated running sums. */
export function stdvarOverTime(w: Window): number | undefined {
  if (w.end <= w.start) return undefined;
  const mean = newKahan();
  const aux = newKahan();
  let count = 0;
  for (let i = w.start; i < w.end; i++) {
    const x = w.v[i];
    count++;
    const delta = x - (mean.sum + mean.c);
    kahanInc(mean, delta / count);
    kahanInc(aux, delta * (x - (mean.sum + mean.c)));
  }
  return (aux.sum + aux.c) / count;
}

/** stddevOverTime is the square root of stdvarOverTime. */
export function stddevOverTime(w: Window): number | undefined {
  const variance = stdvarOverTime(w);
  return variance === undefined ? undefined : Math.sqrt(variance);
}
