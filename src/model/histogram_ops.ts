/**
 * Arithmetic between native histograms: addition and subtraction (reconciling schemas, zero buckets and custom
 * bounds as Prometheus does) and counter-reset detection between consecutive samples.
 */
import {
  bucketUpperBound,
  compactHistogram,
  customBoundsMatch,
  reduceBuckets,
  usesCustomBuckets,
  type Buckets,
  type CounterResetHint,
  type FloatHistogram,
} from './histogram';

/** HistogramError is an operation between histograms that cannot be done (mixed exponential and custom schemas). */
export class HistogramError extends Error {}

/** MIXED_SCHEMAS_MESSAGE is the reason given when exponential and custom-bucket histograms meet. */
export const MIXED_SCHEMAS_MESSAGE = 'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas';

/** HistogramSum is the outcome of adding or subtracting two histograms. */
export interface HistogramSum {
  readonly h: FloatHistogram;
  /** counterResetCollision is set when one side said "reset" and the other "not reset". */
  readonly counterResetCollision: boolean;
  /** nhcbBoundsReconciled is set when custom bounds differed and the result uses their intersection. */
  readonly nhcbBoundsReconciled: boolean;
}

/** combinedHint is the counter reset hint of a sum or difference, and whether the two hints collided. */
export function combinedHint(a: CounterResetHint, b: CounterResetHint): [CounterResetHint, boolean] {
  if (a === b || a === 'gauge') return [a, false];
  if (b === 'gauge') return ['gauge', false];
  if (a === 'unknown' || b === 'unknown') return ['unknown', false];
  return ['unknown', true];
}

/** zeroCountForThreshold returns the zero count the histogram would have with a wider zero bucket, and that bucket's actual threshold. */
function zeroCountForThreshold(h: FloatHistogram, wanted: number): [number, number] {
  let threshold = wanted;
  if (threshold === h.zeroThreshold) return [h.zeroCount, threshold];
  for (;;) {
    let zc = h.zeroCount;
    const { index: pi, count: pc } = h.positive;
    for (let i = 0; i < pi.length; i++) {
      if (bucketUpperBound(pi[i] - 1, h.schema) >= threshold) break;
      zc += pc[i];
      const upper = bucketUpperBound(pi[i], h.schema);
      if (upper > threshold) {
        if (pc[i] !== 0) threshold = upper;
        break;
      }
    }
    let again = false;
    const { index: ni, count: nc } = h.negative;
    for (let i = 0; i < ni.length; i++) {
      if (bucketUpperBound(ni[i] - 1, h.schema) >= threshold) break;
      zc += nc[i];
      const far = bucketUpperBound(ni[i], h.schema);
      if (far > threshold) {
        if (nc[i] !== 0) {
          threshold = far;
          again = true;
        }
        break;
      }
    }
    if (!again) return [zc, threshold];
  }
}

function dropInsideZero(b: Buckets, schema: number, threshold: number): Buckets {
  let k = 0;
  while (k < b.index.length && bucketUpperBound(b.index[k] - 1, schema) < threshold) k++;
  return k === 0 ? b : { index: b.index.slice(k), count: b.count.slice(k) };
}

/** widenZeroBucket returns the histogram with its zero bucket widened to at least the threshold (buckets inside merged into it). */
export function widenZeroBucket(h: FloatHistogram, threshold: number): FloatHistogram {
  if (threshold <= h.zeroThreshold) return h;
  const [zeroCount, zeroThreshold] = zeroCountForThreshold(h, threshold);
  return compactHistogram({
    ...h,
    zeroCount,
    zeroThreshold,
    positive: dropInsideZero(h.positive, h.schema, zeroThreshold),
    negative: dropInsideZero(h.negative, h.schema, zeroThreshold),
  });
}

/** addBuckets adds (or subtracts) b's buckets to a's; b's leading buckets inside the zero bucket are ignored. */
function addBuckets(a: Buckets, b: Buckets, sign: number, schema: number, threshold: number, exponential: boolean): Buckets {
  const index: number[] = [];
  const count: number[] = [];
  let j = 0;
  while (exponential && j < b.index.length && bucketUpperBound(b.index[j], schema) <= threshold) j++;
  let i = 0;
  while (i < a.index.length || j < b.index.length) {
    if (j >= b.index.length || (i < a.index.length && a.index[i] < b.index[j])) {
      index.push(a.index[i]);
      count.push(a.count[i++]);
    } else if (i >= a.index.length || b.index[j] < a.index[i]) {
      index.push(b.index[j]);
      count.push(sign * b.count[j++]);
    } else {
      index.push(a.index[i]);
      count.push(a.count[i++] + sign * b.count[j++]);
    }
  }
  return { index, count };
}

/** intersectBounds returns the custom bounds both lists have. */
export function intersectBounds(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

/** mapToBounds re-buckets custom buckets onto coarser bounds (a subset of theirs), into a dense array with +Inf last. */
function mapToBounds(b: Buckets, bounds: readonly number[], target: readonly number[], into: number[], sign: number): void {
  let k = 0;
  for (let i = 0; i < b.index.length; i++) {
    const idx = b.index[i];
    let t = target.length;
    if (idx < bounds.length) {
      while (k < target.length && target[k] < bounds[idx]) k++;
      if (k < target.length) t = k;
    }
    into[t] += sign * b.count[i];
  }
}

function denseToBuckets(dense: number[]): Buckets {
  const index: number[] = [];
  const count: number[] = [];
  dense.forEach((c, i) => {
    if (c === 0) return;
    index.push(i);
    count.push(c);
  });
  return { index, count };
}

/** addHistograms returns a + b, or a - b when sign is -1; throws HistogramError for mixed schema kinds. */
export function addHistograms(a: FloatHistogram, b: FloatHistogram, sign: 1 | -1 = 1): HistogramSum {
  if (usesCustomBuckets(a) !== usesCustomBuckets(b)) throw new HistogramError(MIXED_SCHEMAS_MESSAGE);
  const [counterResetHint, counterResetCollision] = combinedHint(a.counterResetHint, b.counterResetHint);
  const count = a.count + sign * b.count;
  const sum = a.sum + sign * b.sum;
  if (usesCustomBuckets(a)) {
    const base = { ...a, count, sum, counterResetHint };
    if (customBoundsMatch(a.customValues, b.customValues)) {
      const h = { ...base, positive: addBuckets(a.positive, b.positive, sign, a.schema, 0, false) };
      return { h, counterResetCollision, nhcbBoundsReconciled: false };
    }
    const bounds = intersectBounds(a.customValues ?? [], b.customValues ?? []);
    const dense = new Array<number>(bounds.length + 1).fill(0);
    mapToBounds(a.positive, a.customValues ?? [], bounds, dense, 1);
    mapToBounds(b.positive, b.customValues ?? [], bounds, dense, sign);
    const h = { ...base, customValues: bounds, positive: denseToBuckets(dense) };
    return { h, counterResetCollision, nhcbBoundsReconciled: true };
  }
  let x = a;
  let y = b;
  if (x.zeroThreshold !== y.zeroThreshold) {
    const t = Math.max(x.zeroThreshold, y.zeroThreshold);
    x = widenZeroBucket(x, t);
    y = widenZeroBucket(y, t);
    while (x.zeroThreshold !== y.zeroThreshold) {
      const t2 = Math.max(x.zeroThreshold, y.zeroThreshold);
      x = widenZeroBucket(x, t2);
      y = widenZeroBucket(y, t2);
    }
  }
  const schema = Math.min(x.schema, y.schema);
  const threshold = x.zeroThreshold;
  const h: FloatHistogram = {
    ...x,
    schema,
    count,
    sum,
    counterResetHint,
    zeroCount: x.zeroCount + sign * y.zeroCount,
    positive: addBuckets(reduceBuckets(x.positive, x.schema, schema), reduceBuckets(y.positive, y.schema, schema), sign, schema, threshold, true),
    negative: addBuckets(reduceBuckets(x.negative, x.schema, schema), reduceBuckets(y.negative, y.schema, schema), sign, schema, threshold, true),
  };
  return { h, counterResetCollision, nhcbBoundsReconciled: false };
}

function bucketsDecreased(cur: Buckets, prev: Buckets): boolean {
  let j = 0;
  for (let i = 0; i < prev.index.length; i++) {
    if (prev.count[i] === 0) continue;
    while (j < cur.index.length && cur.index[j] < prev.index[i]) j++;
    if (j >= cur.index.length || cur.index[j] !== prev.index[i] || cur.count[j] < prev.count[i]) return true;
  }
  return false;
}

function skipInsideZero(b: Buckets, schema: number, threshold: number): Buckets {
  let k = 0;
  while (k < b.index.length && bucketUpperBound(b.index[k], schema) <= threshold) k++;
  return k === 0 ? b : { index: b.index.slice(k), count: b.count.slice(k) };
}

/** detectReset reports whether `cur` follows a counter reset after `prev` (hints first, then the data). */
export function detectReset(cur: FloatHistogram, prev: FloatHistogram): boolean {
  if (cur.counterResetHint === 'reset') return true;
  if (cur.counterResetHint === 'not_reset') return false;
  if (cur.count < prev.count) return true;
  if (usesCustomBuckets(cur)) {
    if (!usesCustomBuckets(prev)) return true;
    if (!customBoundsMatch(cur.customValues, prev.customValues)) {
      const bounds = intersectBounds(cur.customValues ?? [], prev.customValues ?? []);
      const c = new Array<number>(bounds.length + 1).fill(0);
      const p = new Array<number>(bounds.length + 1).fill(0);
      mapToBounds(cur.positive, cur.customValues ?? [], bounds, c, 1);
      mapToBounds(prev.positive, prev.customValues ?? [], bounds, p, 1);
      return c.some((x, i) => x < p[i]);
    }
    return bucketsDecreased(cur.positive, prev.positive);
  }
  if (usesCustomBuckets(prev)) return true;
  if (cur.schema > prev.schema) return true;
  if (cur.zeroThreshold < prev.zeroThreshold) return true;
  const [prevZero, threshold] = zeroCountForThreshold(prev, cur.zeroThreshold);
  if (threshold !== cur.zeroThreshold) return true;
  if (cur.zeroCount < prevZero) return true;
  const t = cur.zeroThreshold;
  const s = cur.schema;
  return (
    bucketsDecreased(skipInsideZero(cur.positive, s, t), skipInsideZero(reduceBuckets(prev.positive, prev.schema, s), s, t)) ||
    bucketsDecreased(skipInsideZero(cur.negative, s, t), skipInsideZero(reduceBuckets(prev.negative, prev.schema, s), s, t))
  );
}

/**
 * storedHint is the counter reset hint a histogram gets when appended after `prev` (undefined after a float or at
 * the start), as Prometheus's chunks record it and as the TSDB head stores it: gauges stay gauges; the first histogram of a chunk (a new series,
 * a detected reset, a changed bucket layout) is "unknown" unless written "reset", and the others "not_reset".
 */
export function storedHint(h: FloatHistogram, prev: FloatHistogram | undefined): FloatHistogram['counterResetHint'] {
  if (h.counterResetHint === 'gauge') return 'gauge';
  if (!prev) return h.counterResetHint === 'reset' ? 'reset' : 'unknown';
  if (detectReset(h, prev)) return h.counterResetHint === 'reset' ? 'reset' : 'unknown';
  const sameLayout = h.schema === prev.schema && h.zeroThreshold === prev.zeroThreshold && customBoundsMatch(h.customValues, prev.customValues);
  return sameLayout && prev.counterResetHint !== 'gauge' ? 'not_reset' : 'unknown';
}
