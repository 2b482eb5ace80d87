/** Histogram: observations counted in cumulative buckets, with their sum and count. */
import { formatFloat, type MetricFamily, type WriteSample } from '../exposition/writer';
import { Metric, sample, type MetricOptions } from './metric';

/** DEFAULT_BUCKETS are the client libraries' default bucket bounds, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** HistogramOptions add the bucket upper bounds (sorted, finite; `+Inf` is always added). */
export interface HistogramOptions extends MetricOptions<Histogram> {
  /** buckets are the upper bounds (default DEFAULT_BUCKETS). */
  readonly buckets?: readonly number[];
}

/** HistogramChild is one histogram series. */
export class HistogramChild {
  /** counts holds per-bucket (not cumulative) counts; the last slot is the `+Inf` bucket. */
  readonly counts: Float64Array;
  /** sum is the sum of all observations. */
  sum = 0;
  /** count is the number of observations. */
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** observe records one value. */
  observe(value: number): void {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value <= this.bounds[mid]) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo]++;
    this.sum += value;
    this.count++;
  }

  /** startTimer returns a function that observes the seconds elapsed since startTimer was called. */
  startTimer(): () => number {
    const t0 = performance.now();
    return () => {
      const seconds = (performance.now() - t0) / 1000;
      this.observe(seconds);
      return seconds;
    };
  }
}

/** Histogram counts observations into buckets; it writes `_bucket{le}`, `_sum` and `_count`. */
export class Histogram extends Metric<HistogramChild, Histogram> {
  /** buckets are the finite upper bounds in order (`+Inf` is implied). */
  readonly buckets: readonly number[];

  constructor(opts: HistogramOptions) {
    super(opts, ['le']);
    const b = [...(opts.buckets ?? DEFAULT_BUCKETS)];
    if (b.length > 0 && b[b.length - 1] === Infinity) b.pop();
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i])) throw new Error(`histogram "${opts.name}": bucket bound ${b[i]} is not finite`);
      if (i > 0 && b[i] <= b[i - 1]) throw new Error(`histogram "${opts.name}": bucket bounds must increase (${b[i - 1]}, ${b[i]})`);
    }
    this.buckets = b;
  }

  /** observe records a value in a histogram without labels. */
  observe(value: number): void {
    this.unlabelled().observe(value);
  }

  /** startTimer times a duration for a histogram without labels. */
  startTimer(): () => number {
    return this.unlabelled().startTimer();
  }

  protected newChild(): HistogramChild {
    return new HistogramChild(this.buckets);
  }

  protected childSamples(child: HistogramChild, pairs: readonly (readonly [string, string])[], out: WriteSample[]): void {
    let cumulative = 0;
    for (let i = 0; i <= this.buckets.length; i++) {
      cumulative += child.counts[i];
      const le = i < this.buckets.length ? formatFloat(this.buckets[i]) : '+Inf';
      out.push(sample(`${this.name}_bucket`, pairs, cumulative, ['le', le]));
    }
    out.push(sample(`${this.name}_sum`, pairs, child.sum));
    out.push(sample(`${this.name}_count`, pairs, child.count));
  }

  protected family(): Pick<MetricFamily, 'name' | 'type'> {
    return { name: this.name, type: 'histogram' };
  }
}

/** exponentialBuckets returns count bounds start, start·factor, start·factor², ... */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || count < 1) throw new Error('exponentialBuckets needs start > 0, factor > 1, count >= 1');
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

/** linearBuckets returns count bounds start, start+width, start+2·width, ... */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(width > 0) || count < 1) throw new Error('linearBuckets needs width > 0, count >= 1');
  return Array.from({ length: count }, (_, i) => start + width * i);
}
