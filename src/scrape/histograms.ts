/**
 * Native histogram limits of a scrape, as Prometheus applies them before appending: schemas finer than 8 come down
 * to 8, native_histogram_min_bucket_factor lowers the schema until neighbouring bucket bounds grow by at least the
 * factor, and native_histogram_bucket_limit lowers it one step at a time until the populated buckets fit; when the
 * coarsest schema (-4) still has too many, or the histogram has custom buckets that cannot merge, the scrape fails.
 */
import { CUSTOM_BUCKETS_SCHEMA, reduceBuckets, type FloatHistogram } from '../model/histogram';
import { ScrapeError } from './errors';

/** MAX_EXPONENTIAL_SCHEMA and MIN_EXPONENTIAL_SCHEMA bound the exponential schemas Prometheus stores. */
export const MAX_EXPONENTIAL_SCHEMA = 8;
/** MIN_EXPONENTIAL_SCHEMA is the coarsest exponential schema (a growth of 2^16 per bucket). */
export const MIN_EXPONENTIAL_SCHEMA = -4;

/**
 * schemaForMinFactor is the finest schema whose bucket growth 2^(2^-schema) is at least factor (1.1 → 2, since
 * schema 3 grows by only 1.0905); a factor of at most 1 sets no bound (8).
 */
export function schemaForMinFactor(factor: number): number {
  let schema = MAX_EXPONENTIAL_SCHEMA;
  let growth = 2 ** (2 ** -MAX_EXPONENTIAL_SCHEMA);
  while (factor > growth && schema > MIN_EXPONENTIAL_SCHEMA) {
    schema--;
    growth *= growth;
  }
  return schema;
}

/** reduceResolution merges a histogram's buckets into a coarser exponential schema. */
export function reduceResolution(h: FloatHistogram, schema: number): FloatHistogram {
  if (schema >= h.schema) return h;
  return { ...h, schema, positive: reduceBuckets(h.positive, h.schema, schema), negative: reduceBuckets(h.negative, h.schema, schema) };
}

/** HistogramLimits are a job's native_histogram_bucket_limit and native_histogram_min_bucket_factor (0: none). */
export interface HistogramLimits {
  readonly bucketLimit: number;
  readonly minBucketFactor: number;
}

function buckets(h: FloatHistogram): number {
  return h.positive.index.length + h.negative.index.length;
}

/** limitHistogram applies the schema cap, the minimum bucket factor and the bucket limit; it throws ScrapeError. */
export function limitHistogram(h: FloatHistogram, limits: HistogramLimits): FloatHistogram {
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
    if (limits.bucketLimit > 0 && buckets(h) > limits.bucketLimit) throw new ScrapeError('limit', 'histogram bucket limit exceeded');
    return h;
  }
  let out = reduceResolution(h, MAX_EXPONENTIAL_SCHEMA);
  if (limits.minBucketFactor > 1) out = reduceResolution(out, schemaForMinFactor(limits.minBucketFactor));
  if (limits.bucketLimit > 0) {
    while (buckets(out) > limits.bucketLimit) {
      if (out.schema <= MIN_EXPONENTIAL_SCHEMA) throw new ScrapeError('limit', 'histogram bucket limit exceeded');
      out = reduceResolution(out, out.schema - 1);
    }
  }
  return out;
}
