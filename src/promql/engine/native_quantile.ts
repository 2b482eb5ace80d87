/**
 * Estimates over one native histogram: quantile, fraction between two values, and variance. Exponential buckets
 * interpolate exponentially (linearly inside the zero bucket); custom buckets interpolate linearly.
 */
import { kahanInc, newKahan } from '../functions/kahan';
import { histogramBuckets, usesCustomBuckets, type FloatHistogram, type HistogramBucket } from '../../model/histogram';

/** NaNInfo names the info annotation an estimate over a histogram with NaN observations earns. */
export type NaNInfo = 'quantileNaNResult' | 'quantileNaNSkew' | 'fractionNaNs' | null;

/** clampZeroBucket narrows a bucket straddling zero to one side when the histogram has buckets on that side only. */
function clampZeroBucket(h: FloatHistogram, b: HistogramBucket): HistogramBucket {
  const hasNeg = h.negative.index.length > 0;
  const hasPos = h.positive.index.length > 0;
  if (!hasNeg && hasPos) return { ...b, lower: 0 };
  if (hasNeg && !hasPos) return { ...b, upper: 0 };
  return b;
}

/** nativeQuantile estimates the q-quantile of the observations in a native histogram. */
export function nativeQuantile(q: number, h: FloatHistogram): [number, NaNInfo] {
  if (q < 0) return [-Infinity, null];
  if (q > 1) return [Infinity, null];
  if (h.count === 0 || Number.isNaN(q)) return [NaN, null];
  const nanSum = Number.isNaN(h.sum);
  const forward = nanSum || q < 0.5;
  const all = histogramBuckets(h);
  const buckets = forward ? all : all.reverse();
  let rank = forward ? q * h.count : (1 - q) * h.count;
  let count = 0;
  let k = 0;
  let bucket: HistogramBucket | undefined;
  for (; k < buckets.length; k++) {
    bucket = buckets[k];
    if (bucket.count === 0) continue;
    count += bucket.count;
    if (count >= rank) break;
  }
  bucket = bucket ? { ...bucket } : { lower: 0, upper: 0, lowerInclusive: false, upperInclusive: false, count: 0 };
  if (!usesCustomBuckets(h)) {
    if (bucket.lower < 0 && bucket.upper > 0) bucket = clampZeroBucket(h, bucket);
  }
  else if (bucket.lower === -Infinity) {
    if (bucket.upper <= 0) return [bucket.upper, null];
    bucket = { ...bucket, lower: 0 };
  } else if (bucket.upper === Infinity) return [bucket.lower, null];
  if (count > h.count) count = h.count;
  if (count < rank) return nanSum ? [NaN, 'quantileNaNResult'] : [bucket.upper, null];
  rank = forward ? rank - (count - bucket.count) : count - rank;
  let info: NaNInfo = null;
  if (nanSum) {
    for (k++; k < buckets.length; k++) count += buckets[k].count;
    if (count < h.count) info = 'quantileNaNSkew';
  }
  const fraction = rank / bucket.count;
  const { lower, upper } = bucket;
  if (usesCustomBuckets(h) || (lower <= 0 && upper >= 0)) return [lower + (upper - lower) * fraction, info];
  const logLower = Math.log2(Math.abs(lower));
  const logUpper = Math.log2(Math.abs(upper));
  if (lower > 0) return [Math.pow(2, logLower + (logUpper - logLower) * fraction), info];
  return [-Math.pow(2, logUpper + (logLower - logUpper) * (1 - fraction)), info];
}

/** fractionBelow estimates the share of a bucket's count below v (linear, or log-scale for exponential buckets). */
export function fractionBelow(b: HistogramBucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  const logLower = Math.log2(Math.abs(b.lower));
  const logUpper = Math.log2(Math.abs(b.upper));
  const logV = Math.log2(Math.abs(v));
  if (v > 0) return (logV - logLower) / (logUpper - logLower);
  return 1 - (logV - logUpper) / (logLower - logUpper);
}

/** nativeFraction estimates the share of observations between lower and upper in a native histogram. */
export function nativeFraction(lower: number, upper: number, h: FloatHistogram): [number, NaNInfo] {
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return [NaN, null];
  if (lower >= upper) return [0, null];
  const buckets = histogramBuckets(h);
  const custom = usesCustomBuckets(h);
  let count = 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let k = 0;
  for (; k < buckets.length; k++) {
    const raw = buckets[k];
    count += raw.count;
    const zero = raw.lower <= 0 && raw.upper >= 0;
    const b = zero ? clampZeroBucket(h, raw) : raw;
    const linear = custom || zero;
    const at = (v: number) => (linear && b.lower === -Infinity ? b.count : rank + b.count * fractionBelow(b, v, linear));
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = at(lower);
      lowerSet = true;
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = at(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank += b.count;
  }
  let info: NaNInfo = null;
  if (Number.isNaN(h.sum)) {
    for (k++; k < buckets.length; k++) count += buckets[k].count;
    if (count < h.count) info = 'fractionNaNs';
  } else count = h.count;
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return [(upperRank - lowerRank) / h.count, info];
}

/** nativeVariance estimates the variance of the observations from bucket midpoints (geometric for exponential buckets). */
export function nativeVariance(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  const variance = newKahan();
  for (const b of histogramBuckets(h)) {
    if (b.count === 0) continue;
    let val: number;
    if (usesCustomBuckets(h)) val = (b.upper + b.lower) / 2;
    else if (b.lower <= 0 && b.upper >= 0) val = 0;
    else val = Math.sign(b.upper) * Math.sqrt(b.upper * b.lower);
    const delta = val - mean;
    kahanInc(variance, b.count * delta * delta);
  }
  return (variance.sum + variance.c) / h.count;
}
