/**
 * The trim operators `h </ x` (keep observations below x) and `h >/ x` (keep those above): buckets beyond x are
 * emptied, the bucket holding x keeps its interpolated share, and count and sum are re-estimated from bucket
 * midpoints (geometric for exponential buckets) whenever anything was trimmed.
 */
import { bucketUpperBound, compactHistogram, usesCustomBuckets, type Buckets, type FloatHistogram } from '../../model/histogram';
import { fractionBelow } from './native_quantile';

interface Bounds {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

function midpoint(lo: number, hi: number, positive: boolean, linear: boolean): number {
  const loInf = !Number.isFinite(lo);
  const hiInf = !Number.isFinite(hi);
  if (loInf) return hiInf ? 0 : hi > 0 ? hi / 2 : hi;
  if (hiInf) return lo;
  if (linear) return (lo + hi) / 2;
  const geo = Math.sqrt(Math.abs(lo * hi));
  return positive ? geo : -geo;
}

function zeroIfInf(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** infiniteBucket trims a bucket with an infinite bound: [kept count, midpoint of what is kept]. */
function infiniteBucket(upperTrim: boolean, b: Bounds, rhs: number): [number, number] {
  if (b.lower === -Infinity) {
    if (upperTrim) {
      if (rhs >= b.upper) return [b.count, 0];
      if (rhs > 0 && b.upper > 0 && b.upper !== Infinity) return [(b.count * rhs) / b.upper, rhs / 2];
      if (b.upper <= 0) return [b.count, rhs];
      return [0, zeroIfInf(b.upper)];
    }
    if (rhs <= b.lower) return [b.count, 0];
    if (rhs >= 0 && b.upper > rhs && b.upper !== Infinity) return [b.count * (1 - rhs / b.upper), (rhs + b.upper) / 2];
    return [0, zeroIfInf(b.upper)];
  }
  if (upperTrim) return [0, zeroIfInf(b.lower)];
  if (rhs >= b.lower) return [b.count, rhs];
  return [0, zeroIfInf(b.lower)];
}

function splitBucket(b: Bounds, rhs: number, upperTrim: boolean, positive: boolean, linear: boolean): [number, number] {
  if (b.lower === -Infinity || b.upper === Infinity) return infiniteBucket(upperTrim, b, rhs);
  const under = rhs <= b.lower ? 0 : rhs >= b.upper ? b.count : b.count * fractionBelow({ ...b, lowerInclusive: false, upperInclusive: true }, rhs, linear);
  if (upperTrim) return [under, midpoint(b.lower, rhs, positive, linear)];
  return [b.count - under, midpoint(rhs, b.upper, positive, linear)];
}

function zeroTrim(h: FloatHistogram, rhs: number, hasNeg: boolean, hasPos: boolean, upperTrim: boolean): [number, number] {
  let lower = -h.zeroThreshold;
  let upper = h.zeroThreshold;
  if (hasNeg && !hasPos) upper = 0;
  if (hasPos && !hasNeg) lower = 0;
  if (upperTrim) {
    if (rhs <= lower) return [0, 0];
    if (rhs >= upper) return [h.zeroCount, (lower + upper) / 2];
    return [(h.zeroCount * (rhs - lower)) / (upper - lower), (lower + rhs) / 2];
  }
  if (rhs <= lower) return [h.zeroCount, (lower + upper) / 2];
  if (rhs >= upper) return [0, 0];
  return [(h.zeroCount * (upper - rhs)) / (upper - lower), (rhs + upper) / 2];
}

/** trimHistogram applies `</` (upperTrim) or `>/` with the bound rhs. */
export function trimHistogram(h: FloatHistogram, rhs: number, upperTrim: boolean): FloatHistogram {
  const linear = usesCustomBuckets(h);
  let count = 0;
  let sum = 0;
  let trimmed = false;
  const side = (b: Buckets, positive: boolean): [Buckets, boolean] => {
    const out = b.count.slice();
    let any = false;
    b.index.forEach((idx, i) => {
      const c = b.count[i];
      if (c === 0) return;
      any = true;
      const hi = bucketUpperBound(idx, h.schema, h.customValues);
      const lo = bucketUpperBound(idx - 1, h.schema, h.customValues);
      const bounds = positive ? { lower: lo, upper: hi, count: c } : { lower: -hi, upper: -lo, count: c };
      const whole = upperTrim ? bounds.upper <= rhs : bounds.lower >= rhs;
      const partly = upperTrim ? bounds.lower < rhs : bounds.upper > rhs;
      if (whole) {
        count += c;
        sum += midpoint(bounds.lower, bounds.upper, positive, linear) * c;
      } else if (partly) {
        const [keep, mid] = splitBucket(bounds, rhs, upperTrim, positive, linear);
        count += keep;
        sum += mid * keep;
        if (keep !== c) {
          out[i] = keep;
          trimmed = true;
        }
      } else {
        out[i] = 0;
        trimmed = true;
      }
    });
    return [{ index: b.index, count: out }, any];
  };
  const [positive, hasPos] = side(h.positive, true);
  const [negative, hasNeg] = side(h.negative, false);
  let zeroCount = h.zeroCount;
  if (h.zeroCount > 0) {
    const [keep, mid] = zeroTrim(h, rhs, hasNeg, hasPos, upperTrim);
    if (keep !== h.zeroCount) {
      zeroCount = keep;
      trimmed = true;
    }
    sum += mid * keep;
    count += keep;
  }
  if (!trimmed) return h;
  return compactHistogram({ ...h, count, sum, zeroCount, positive, negative });
}
