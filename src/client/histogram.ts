/**
 * Histogram: observations counted in cumulative buckets, with their sum and count; optionally also (or only) as a
 * native histogram with exponential buckets, which the protobuf exposition carries.
 */
import { formatFloat, type MetricFamily, type WriteSample } from '../exposition/writer';
import type { Buckets, FloatHistogram } from '../model/histogram';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { MetricType as PbType, type BucketSpan, type Histogram as PbHistogram, type HistogramSchema } from '../proto/io/prometheus/client/metrics_pb';
import { Metric, pbTimestamp, sample, type MetricOptions, type PbMetricInit } from './metric';
import { DEFAULT_NATIVE_ZERO_THRESHOLD, NativeState, schemaForFactor } from './native';

/** DEFAULT_BUCKETS are the client libraries' default bucket bounds, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** HistogramOptions add the bucket upper bounds (sorted, finite; `+Inf` is always added). */
export interface HistogramOptions extends MetricOptions<Histogram> {
  /** buckets are the upper bounds (default DEFAULT_BUCKETS, or none for a native histogram). */
  readonly buckets?: readonly number[];
  /**
   * nativeBucketFactor makes the histogram native too: each bucket's upper bound is at most this factor times its
   * lower bound (client_golang's NativeHistogramBucketFactor; 1.1 gives schema 3). Classic buckets are then kept only
   * when `buckets` is given.
   */
  readonly nativeBucketFactor?: number;
  /** nativeZeroThreshold: observations with |v| at most this count in the zero bucket (default 2^-128). */
  readonly nativeZeroThreshold?: number;
  /** nativeMaxBuckets caps the populated native buckets; past it the resolution halves (0: no cap, the default). */
  readonly nativeMaxBuckets?: number;
}

/** NativeSettings are a native histogram's schema, zero threshold and bucket cap. */
interface NativeSettings {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly maxBuckets: number;
}

/** HistogramChild is one histogram series. */
export class HistogramChild {
  /** counts holds per-bucket (not cumulative) counts; the last slot is the `+Inf` bucket. */
  readonly counts: Float64Array;
  /** sum is the sum of all observations. */
  sum = 0;
  /** count is the number of observations. */
  count = 0;

  /** native holds the exponential buckets of a native histogram (null for a classic-only histogram). */
  readonly native: NativeState | null;

  constructor(
    private readonly bounds: readonly number[],
    native: NativeSettings | null = null,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
    this.native = native ? new NativeState(native.schema, native.zeroThreshold, native.maxBuckets) : null;
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
    this.native?.observe(value);
  }

  /** nativeHistogram is the native histogram as it stands (undefined for a classic-only histogram). */
  nativeHistogram(): FloatHistogram | undefined {
    return this.native?.snapshot(this.count, this.sum);
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
  /** native is the native histogram's settings, or null when the histogram is classic only. */
  readonly native: NativeSettings | null;

  constructor(opts: HistogramOptions) {
    super(opts, ['le']);
    this.native =
      opts.nativeBucketFactor === undefined
        ? null
        : {
            schema: schemaForFactor(opts.nativeBucketFactor),
            zeroThreshold: opts.nativeZeroThreshold ?? DEFAULT_NATIVE_ZERO_THRESHOLD,
            maxBuckets: opts.nativeMaxBuckets ?? 0,
          };
    if (this.native && !(this.native.zeroThreshold >= 0)) throw new Error(`histogram "${opts.name}": the zero threshold must not be negative`);
    const b = [...(opts.buckets ?? (this.native ? [] : DEFAULT_BUCKETS))];
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
    return new HistogramChild(this.buckets, this.native);
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

  protected childProto(child: HistogramChild, created: number): PbMetricInit {
    let cumulative = 0;
    const bucket = this.buckets.map((upperBound, i) => {
      cumulative += child.counts[i];
      return { upperBound, cumulativeCount: BigInt(cumulative) };
    });
    const h = child.nativeHistogram();
    const native: Exclude<MessageInitShape<typeof HistogramSchema>, PbHistogram> = h
      ? {
          schema: h.schema,
          zeroThreshold: h.zeroThreshold,
          zeroCount: BigInt(h.zeroCount),
          positiveSpan: spansAndDeltas(h.positive).spans,
          positiveDelta: spansAndDeltas(h.positive).deltas,
          negativeSpan: spansAndDeltas(h.negative).spans,
          negativeDelta: spansAndDeltas(h.negative).deltas,
        }
      : {};
    // A native histogram with no bucket and no zero threshold gets a no-op span, so readers still see it as native.
    if (h && h.zeroThreshold === 0 && h.positive.index.length === 0 && h.negative.index.length === 0) {
      native.positiveSpan = [{ offset: 0, length: 0 }];
    }
    return {
      histogram: { sampleCount: BigInt(child.count), sampleSum: child.sum, bucket, createdTimestamp: pbTimestamp(created), ...native },
    };
  }

  protected protoFamily(): { name: string; type: PbType } {
    return { name: this.name, type: PbType.HISTOGRAM };
  }
}

/** spansAndDeltas encodes one sign's sparse buckets as protobuf spans and integer count deltas. */
export function spansAndDeltas(b: Buckets): { spans: Pick<BucketSpan, 'offset' | 'length'>[]; deltas: bigint[] } {
  const spans: { offset: number; length: number }[] = [];
  const deltas: bigint[] = [];
  let prevEnd = 0;
  let prevCount = 0;
  for (let i = 0; i < b.index.length; i++) {
    const idx = b.index[i];
    if (spans.length === 0 || idx !== prevEnd) spans.push({ offset: spans.length === 0 ? idx : idx - prevEnd, length: 0 });
    spans[spans.length - 1].length++;
    prevEnd = idx + 1;
    deltas.push(BigInt(b.count[i] - prevCount));
    prevCount = b.count[i];
  }
  return { spans, deltas };
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
