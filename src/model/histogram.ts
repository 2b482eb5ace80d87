/**
 * Native histograms as plain data: the float form Prometheus's PromQL computes with. Buckets are kept sparse, as
 * parallel arrays of bucket indices (ascending) and counts, one pair per sign; empty buckets may be present until
 * compacted. Exponential schemas (-4..8) place bucket `i` at (base^(i-1), base^i] with base = 2^(2^-schema); the
 * custom-buckets schema (NHCB, -53) places bucket `i` at (customValues[i-1], customValues[i]] with ±Inf at the ends.
 */

/** CUSTOM_BUCKETS_SCHEMA is the schema of native histograms with custom bucket bounds (NHCB). */
export const CUSTOM_BUCKETS_SCHEMA = -53;

/** CounterResetHint says what is known about a counter reset before this histogram (or that it is a gauge). */
export type CounterResetHint = 'unknown' | 'reset' | 'not_reset' | 'gauge';

/** Buckets is one sign's populated buckets: indices ascending, counts parallel to them. */
export interface Buckets {
  readonly index: readonly number[];
  readonly count: readonly number[];
}

/** FloatHistogram is a native histogram sample with float counts. */
export interface FloatHistogram {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly count: number;
  readonly sum: number;
  readonly positive: Buckets;
  readonly negative: Buckets;
  readonly counterResetHint: CounterResetHint;
  /** customValues are the upper bounds of the custom buckets (all but +Inf), only for CUSTOM_BUCKETS_SCHEMA. */
  readonly customValues?: readonly number[];
}

/** HistogramBucket is one bucket with its bounds, as iterated from lowest to highest. */
export interface HistogramBucket {
  readonly lower: number;
  readonly upper: number;
  readonly lowerInclusive: boolean;
  readonly upperInclusive: boolean;
  readonly count: number;
}

/** EMPTY_BUCKETS has no bucket. */
export const EMPTY_BUCKETS: Buckets = { index: [], count: [] };

/** newFloatHistogram builds a histogram from the fields given; the others are zero or empty. */
export function newFloatHistogram(fields: Partial<FloatHistogram>): FloatHistogram {
  return {
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positive: EMPTY_BUCKETS,
    negative: EMPTY_BUCKETS,
    counterResetHint: 'unknown',
    ...fields,
  };
}

/** usesCustomBuckets reports whether the histogram has custom bucket bounds (NHCB). */
export function usesCustomBuckets(h: FloatHistogram): boolean {
  return h.schema === CUSTOM_BUCKETS_SCHEMA;
}

/** bucketUpperBound is the upper bound of bucket `idx` in an exponential schema, or of a custom bucket. */
export function bucketUpperBound(idx: number, schema: number, customValues?: readonly number[]): number {
  if (schema === CUSTOM_BUCKETS_SCHEMA) {
    const cv = customValues ?? [];
    if (idx >= cv.length) return Infinity;
    return idx < 0 ? -Infinity : cv[idx];
  }
  if (schema < 0) return Math.pow(2, idx * Math.pow(2, -schema));
  const per = 1 << schema;
  const exp = Math.floor(idx / per);
  const frac = idx - exp * per;
  const bound = Math.pow(2, exp) * Math.pow(2, frac / per);
  return bound === Infinity && idx === 1024 * per ? Number.MAX_VALUE : bound;
}

/** targetIndex maps a bucket index from one exponential schema to a lower one. */
export function targetIndex(idx: number, from: number, to: number): number {
  return ((idx - 1) >> (from - to)) + 1;
}

/** reduceBuckets merges buckets of schema `from` into the coarser schema `to` (counts of merged buckets add). */
export function reduceBuckets(b: Buckets, from: number, to: number): Buckets {
  if (from === to || b.index.length === 0) return b;
  const index: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < b.index.length; i++) {
    const t = targetIndex(b.index[i], from, to);
    if (index.length > 0 && index[index.length - 1] === t) count[count.length - 1] += b.count[i];
    else {
      index.push(t);
      count.push(b.count[i]);
    }
  }
  return { index, count };
}

/** compactBuckets drops empty buckets. */
export function compactBuckets(b: Buckets): Buckets {
  if (!b.count.includes(0)) return b;
  const index: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < b.index.length; i++) {
    if (b.count[i] === 0) continue;
    index.push(b.index[i]);
    count.push(b.count[i]);
  }
  return { index, count };
}

/** compactHistogram returns the histogram without empty buckets. */
export function compactHistogram(h: FloatHistogram): FloatHistogram {
  return { ...h, positive: compactBuckets(h.positive), negative: compactBuckets(h.negative) };
}

function mapCounts(b: Buckets, f: (c: number) => number): Buckets {
  return { index: b.index, count: b.count.map(f) };
}

/** scaleHistogram multiplies every count and the sum by a factor; a negative factor makes it a gauge. */
export function scaleHistogram(h: FloatHistogram, factor: number): FloatHistogram {
  return {
    ...h,
    zeroCount: h.zeroCount * factor,
    count: h.count * factor,
    sum: h.sum * factor,
    positive: mapCounts(h.positive, (c) => c * factor),
    negative: mapCounts(h.negative, (c) => c * factor),
    counterResetHint: factor < 0 ? 'gauge' : h.counterResetHint,
  };
}

/** divideHistogram divides every count and the sum by a scalar; division by zero also removes all buckets. */
export function divideHistogram(h: FloatHistogram, d: number): FloatHistogram {
  const base = { ...h, zeroCount: h.zeroCount / d, count: h.count / d, sum: h.sum / d };
  if (d === 0) return { ...base, positive: EMPTY_BUCKETS, negative: EMPTY_BUCKETS };
  return {
    ...base,
    positive: mapCounts(h.positive, (c) => c / d),
    negative: mapCounts(h.negative, (c) => c / d),
    counterResetHint: d < 0 ? 'gauge' : h.counterResetHint,
  };
}

/**
 * histogramBuckets lists every bucket from lowest to highest: negative buckets, the zero bucket (only when it holds
 * observations), positive buckets. Bucket bounds inside the zero bucket are clamped to its threshold.
 */
export function histogramBuckets(h: FloatHistogram): HistogramBucket[] {
  const out: HistogramBucket[] = [];
  const { schema, customValues: cv, zeroThreshold: zt } = h;
  for (let i = h.negative.index.length - 1; i >= 0; i--) {
    const idx = h.negative.index[i];
    const upper = -bucketUpperBound(idx - 1, schema, cv);
    out.push({
      lower: -bucketUpperBound(idx, schema, cv),
      upper: upper < 0 && upper > -zt ? -zt : upper,
      lowerInclusive: true,
      upperInclusive: false,
      count: h.negative.count[i],
    });
  }
  if (h.zeroCount > 0) out.push({ lower: -zt, upper: zt, lowerInclusive: true, upperInclusive: true, count: h.zeroCount });
  for (let i = 0; i < h.positive.index.length; i++) {
    const idx = h.positive.index[i];
    const lower = bucketUpperBound(idx - 1, schema, cv);
    out.push({
      lower: lower > 0 && lower < zt ? zt : lower,
      upper: bucketUpperBound(idx, schema, cv),
      lowerInclusive: false,
      upperInclusive: true,
      count: h.positive.count[i],
    });
  }
  return out;
}

/** customBoundsMatch reports whether two custom bound lists are equal. */
export function customBoundsMatch(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameFloat(a: number, b: number): boolean {
  return Object.is(a, b) || (a === b);
}

function bucketsEqual(a: Buckets, b: Buckets): boolean {
  const x = compactBuckets(a);
  const y = compactBuckets(b);
  if (x.index.length !== y.index.length) return false;
  for (let i = 0; i < x.index.length; i++) if (x.index[i] !== y.index[i] || !sameFloat(x.count[i], y.count[i])) return false;
  return true;
}

/** histogramsEqual reports whether two histograms hold the same data (empty buckets ignored). */
export function histogramsEqual(a: FloatHistogram, b: FloatHistogram): boolean {
  return (
    a.schema === b.schema &&
    a.zeroThreshold === b.zeroThreshold &&
    sameFloat(a.zeroCount, b.zeroCount) &&
    sameFloat(a.count, b.count) &&
    sameFloat(a.sum, b.sum) &&
    customBoundsMatch(a.customValues, b.customValues) &&
    bucketsEqual(a.positive, b.positive) &&
    bucketsEqual(a.negative, b.negative)
  );
}
