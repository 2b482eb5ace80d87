/**
 * Comparing native histograms in promqltest results as Prometheus's checker does: both sides compacted, floats
 * equal within a relative epsilon, bucket layouts equal, and the counter reset hint only when the script wrote it.
 */
import { compactHistogram, customBoundsMatch, usesCustomBuckets, type Buckets, type FloatHistogram } from '../../model/histogram';
import { almostEqual } from '../engine/format';

const EPSILON = 1e-6;

function bucketsMatch(a: Buckets, b: Buckets): boolean {
  if (a.index.length !== b.index.length) return false;
  for (let i = 0; i < a.index.length; i++) {
    if (a.index[i] !== b.index[i] || !almostEqual(a.count[i], b.count[i], EPSILON)) return false;
  }
  return true;
}

/** histogramMatches reports whether a result histogram equals the expected one. */
export function histogramMatches(expected: FloatHistogram, actual: FloatHistogram, hintSet: boolean): boolean {
  const e = compactHistogram(expected);
  const a = compactHistogram(actual);
  if (e.schema !== a.schema || !almostEqual(e.count, a.count, EPSILON) || !almostEqual(e.sum, a.sum, EPSILON)) return false;
  if (usesCustomBuckets(e) && !customBoundsMatch(e.customValues, a.customValues)) return false;
  if (e.zeroThreshold !== a.zeroThreshold || !almostEqual(e.zeroCount, a.zeroCount, EPSILON)) return false;
  if (!bucketsMatch(e.negative, a.negative) || !bucketsMatch(e.positive, a.positive)) return false;
  return !hintSet || e.counterResetHint === a.counterResetHint;
}

function spansText(b: Buckets): string {
  return `[${b.index.map((idx, i) => `${idx}:${b.count[i]}`).join(' ')}]`;
}

/** histogramText writes a histogram for failure messages. */
export function histogramText(h: FloatHistogram): string {
  const parts = [`schema:${h.schema}`, `count:${h.count}`, `sum:${h.sum}`];
  if (h.zeroThreshold !== 0 || h.zeroCount !== 0) parts.push(`z_bucket:${h.zeroCount}`, `z_bucket_w:${h.zeroThreshold}`);
  if (h.customValues) parts.push(`custom_values:[${h.customValues.join(' ')}]`);
  if (h.positive.index.length > 0) parts.push(`buckets(idx:count):${spansText(h.positive)}`);
  if (h.negative.index.length > 0) parts.push(`n_buckets(idx:count):${spansText(h.negative)}`);
  if (h.counterResetHint !== 'unknown') parts.push(`counter_reset_hint:${h.counterResetHint}`);
  return `{{${parts.join(' ')}}}`;
}
