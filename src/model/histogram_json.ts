/**
 * Native histograms in the HTTP API's JSON shape (`histogram` / `histograms` in query answers): count and sum as
 * strings, buckets as [boundary rule, lower, upper, count], empty buckets left out. The boundary rule says which ends
 * are closed: 0 open left, closed right `(l, u]`; 1 closed left, open right `[l, u)`; 2 open both `(l, u)`; 3 closed
 * both `[l, u]` (the zero bucket).
 */
import { histogramBuckets, type FloatHistogram, type HistogramBucket } from './histogram';
import { formatValue } from './value';

/** BucketJSON is one bucket as the API writes it: [boundary rule, lower, upper, count]. */
export type BucketJSON = [number, string, string, string];

/** HistogramJSON is a native histogram as the API writes it. */
export interface HistogramJSON {
  count: string;
  sum: string;
  buckets?: BucketJSON[];
}

/** BOUNDARY_RULES numbers a bucket's ends as the API does: [lowerInclusive][upperInclusive]. */
const BOUNDARY_RULES = [
  [2, 0],
  [1, 3],
];

/** boundaryRule is the API's boundary rule of a bucket. */
export function boundaryRule(b: Pick<HistogramBucket, 'lowerInclusive' | 'upperInclusive'>): number {
  return BOUNDARY_RULES[b.lowerInclusive ? 1 : 0][b.upperInclusive ? 1 : 0];
}

/** parseBoundaryRule checks a boundary rule read from an answer (0 to 3) or throws an Error saying so. */
export function parseBoundaryRule(x: unknown): number {
  if (x === 0 || x === 1 || x === 2 || x === 3) return x;
  throw new Error(`the bucket boundary rule ${JSON.stringify(x)} is not 0, 1, 2 or 3`);
}

/** bucketRangeText writes a bucket's range with its open or closed ends, as `(0.5, 1]`. */
export function bucketRangeText(rule: number, lower: string, upper: string): string {
  const left = rule === 1 || rule === 3 ? '[' : '(';
  const right = rule === 0 || rule === 3 ? ']' : ')';
  return `${left}${lower}, ${upper}${right}`;
}

/** histogramJSON writes a histogram as the API does, empty buckets left out. */
export function histogramJSON(h: FloatHistogram): HistogramJSON {
  const buckets = histogramBuckets(h)
    .filter((b) => b.count !== 0)
    .map((b): BucketJSON => [boundaryRule(b), formatValue(b.lower), formatValue(b.upper), formatValue(b.count)]);
  return { count: formatValue(h.count), sum: formatValue(h.sum), ...(buckets.length > 0 ? { buckets } : {}) };
}
