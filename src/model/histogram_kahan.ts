/**
 * Compensated (Kahan–Neumaier) summation of native histograms: the running sum and its compensation term are two
 * histograms with the same layout, so long sums keep their low-order bits as Prometheus's do. Used by sum and avg
 * over histograms, across series and over time.
 */
import {
  bucketUpperBound,
  customBoundsMatch,
  divideHistogram,
  reduceBuckets,
  usesCustomBuckets,
  type Buckets,
  type FloatHistogram,
} from './histogram';
import { HistogramError, MIXED_SCHEMAS_MESSAGE, addHistograms, combinedHint, intersectBounds, widenZeroBucket } from './histogram_ops';

/** KahanHistogram is a compensated sum: the sum so far and its compensation term. */
export interface KahanHistogram {
  readonly h: FloatHistogram;
  readonly c: FloatHistogram;
  readonly nhcbBoundsReconciled: boolean;
}

function inc(sum: number, c: number, x: number): [number, number] {
  const t = sum + x;
  if (t === Infinity || t === -Infinity) return [t, 0];
  return [t, Math.abs(sum) >= Math.abs(x) ? c + (sum - t + x) : c + (x - t + sum)];
}

/** startKahan begins a compensated sum with one histogram. */
export function startKahan(h: FloatHistogram): KahanHistogram {
  const zero = (b: Buckets): Buckets => ({ index: b.index, count: b.index.map(() => 0) });
  return { h, c: { ...h, count: 0, sum: 0, zeroCount: 0, positive: zero(h.positive), negative: zero(h.negative) }, nhcbBoundsReconciled: false };
}

/** absorbIntoZero moves every bucket whose lower bound is below the threshold into the zero bucket. */
function absorbIntoZero(h: FloatHistogram, threshold: number): FloatHistogram {
  let zeroCount = h.zeroCount;
  const keep = (b: Buckets): Buckets => {
    let k = 0;
    while (k < b.index.length && bucketUpperBound(b.index[k] - 1, h.schema) < threshold) zeroCount += b.count[k++];
    return { index: b.index.slice(k), count: b.count.slice(k) };
  };
  const positive = keep(h.positive);
  const negative = keep(h.negative);
  return { ...h, zeroThreshold: threshold, zeroCount, positive, negative };
}

/** addBucketsKahan adds b into the compensated pair (s, c), which share their indices. */
function addBucketsKahan(s: Buckets, c: Buckets, b: Buckets, skipBelow: (idx: number) => boolean): [Buckets, Buckets] {
  const idx: number[] = [];
  const sc: number[] = [];
  const cc: number[] = [];
  let i = 0;
  let j = 0;
  while (j < b.index.length && skipBelow(b.index[j])) j++;
  while (i < s.index.length || j < b.index.length) {
    if (j >= b.index.length || (i < s.index.length && s.index[i] < b.index[j])) {
      idx.push(s.index[i]);
      sc.push(s.count[i]);
      cc.push(c.count[i++]);
    } else if (i >= s.index.length || b.index[j] < s.index[i]) {
      idx.push(b.index[j]);
      sc.push(b.count[j++]);
      cc.push(0);
    } else {
      const [x, y] = inc(s.count[i], c.count[i], b.count[j++]);
      idx.push(s.index[i++]);
      sc.push(x);
      cc.push(y);
    }
  }
  return [
    { index: idx, count: sc },
    { index: idx, count: cc },
  ];
}

function toDense(b: Buckets, bounds: readonly number[], target: readonly number[]): number[] {
  const dense = new Array<number>(target.length + 1).fill(0);
  let k = 0;
  b.index.forEach((idx, i) => {
    let t = target.length;
    if (idx < bounds.length) {
      while (k < target.length && target[k] < bounds[idx]) k++;
      if (k < target.length) t = k;
    }
    dense[t] += b.count[i];
  });
  return dense;
}

function denseBuckets(dense: number[]): Buckets {
  return { index: dense.map((_, i) => i), count: dense };
}

/** kahanAdd adds a histogram to a compensated sum; throws HistogramError for mixed schema kinds. */
export function kahanAdd(acc: KahanHistogram, other: FloatHistogram): KahanHistogram {
  let { h, c } = acc;
  if (usesCustomBuckets(h) !== usesCustomBuckets(other)) throw new HistogramError(MIXED_SCHEMAS_MESSAGE);
  const [hint] = combinedHint(h.counterResetHint, other.counterResetHint);
  const [count, cCount] = inc(h.count, c.count, other.count);
  const [sum, cSum] = inc(h.sum, c.sum, other.sum);
  let reconciled = acc.nhcbBoundsReconciled;
  let o = other;
  if (usesCustomBuckets(h)) {
    if (!customBoundsMatch(h.customValues, o.customValues)) {
      reconciled = true;
      const bounds = intersectBounds(h.customValues ?? [], o.customValues ?? []);
      h = { ...h, customValues: bounds, positive: denseBuckets(toDense(h.positive, h.customValues ?? [], bounds)) };
      c = { ...c, customValues: bounds, positive: denseBuckets(toDense(c.positive, acc.h.customValues ?? [], bounds)) };
      o = { ...o, customValues: bounds, positive: denseBuckets(toDense(o.positive, o.customValues ?? [], bounds)) };
    }
    const [ps, pc] = addBucketsKahan(h.positive, c.positive, o.positive, () => false);
    return { h: { ...h, count, sum, counterResetHint: hint, positive: ps }, c: { ...c, count: cCount, sum: cSum, positive: pc }, nhcbBoundsReconciled: reconciled };
  }
  while (h.zeroThreshold !== o.zeroThreshold) {
    if (o.zeroThreshold < h.zeroThreshold) o = widenZeroBucket(o, h.zeroThreshold);
    if (o.zeroThreshold > h.zeroThreshold) {
      h = widenZeroBucket(h, o.zeroThreshold);
      c = absorbIntoZero(c, h.zeroThreshold);
    }
  }
  const schema = Math.min(h.schema, o.schema);
  const threshold = h.zeroThreshold;
  const skip = (idx: number) => bucketUpperBound(idx, schema) <= threshold;
  const [zeroCount, cZero] = inc(h.zeroCount, c.zeroCount, o.zeroCount);
  const [ps, pc] = addBucketsKahan(reduceBuckets(h.positive, h.schema, schema), reduceBuckets(c.positive, c.schema, schema), reduceBuckets(o.positive, o.schema, schema), skip);
  const [ns, nc] = addBucketsKahan(reduceBuckets(h.negative, h.schema, schema), reduceBuckets(c.negative, c.schema, schema), reduceBuckets(o.negative, o.schema, schema), skip);
  return {
    h: { ...h, schema, count, sum, zeroCount, counterResetHint: hint, positive: ps, negative: ns },
    c: { ...c, schema, count: cCount, sum: cSum, zeroCount: cZero, positive: pc, negative: nc },
    nhcbBoundsReconciled: reconciled,
  };
}

/** kahanDivide divides both the sum and its compensation by a scalar. */
export function kahanDivide(acc: KahanHistogram, d: number): KahanHistogram {
  return { ...acc, h: divideHistogram(acc.h, d), c: divideHistogram(acc.c, d) };
}

/** kahanResult is the compensated sum's value: sum plus compensation. */
export function kahanResult(acc: KahanHistogram): FloatHistogram {
  const c = acc.c;
  if (c.count === 0 && c.sum === 0 && c.zeroCount === 0 && !c.positive.count.some((x) => x !== 0) && !c.negative.count.some((x) => x !== 0)) return acc.h;
  return addHistograms(acc.h, { ...c, counterResetHint: acc.h.counterResetHint }).h;
}

/** hasOverflow reports whether any count or the sum of the histogram is infinite. */
export function hasOverflow(h: FloatHistogram): boolean {
  const inf = (x: number) => x === Infinity || x === -Infinity;
  return inf(h.count) || inf(h.sum) || inf(h.zeroCount) || h.positive.count.some(inf) || h.negative.count.some(inf);
}
