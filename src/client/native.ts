/**
 * Native (exponential) histogram state for the client library, after client_golang's: the schema comes from a
 * bucket factor, observations at most the zero threshold away from zero count in the zero bucket, and a bucket limit
 * is kept by halving the resolution (schema - 1) until the buckets fit.
 */
import type { Buckets, FloatHistogram } from '../model/histogram';

/** DEFAULT_NATIVE_ZERO_THRESHOLD is client_golang's default zero threshold, 2^-128. */
export const DEFAULT_NATIVE_ZERO_THRESHOLD = 2 ** -128;

/** MIN_SCHEMA and MAX_SCHEMA bound the exponential schemas. */
export const MIN_SCHEMA = -4;
/** MAX_SCHEMA is the finest exponential schema (2^(2^-8) growth per bucket). */
export const MAX_SCHEMA = 8;

/**
 * schemaForFactor picks the coarsest-but-enough schema for a bucket factor: the largest growth 2^(2^-schema) that
 * is at most the factor (1.1 → schema 3, growth ≈ 1.0905), clamped to -4..8.
 */
export function schemaForFactor(factor: number): number {
  if (!(factor > 1)) throw new Error(`native histogram bucket factor must be greater than 1, got ${factor}`);
  const floor = Math.floor(Math.log2(Math.log2(factor)));
  if (floor <= -MAX_SCHEMA) return MAX_SCHEMA;
  if (floor >= -MIN_SCHEMA) return MIN_SCHEMA;
  return floor === 0 ? 0 : -floor;
}

/**
 * bucketIndex is the index of the bucket (base^(i-1), base^i] holding |v| > 0 in a schema, exact at the boundaries:
 * the power of two is split off exactly, and only the fraction goes through a logarithm, corrected by comparison.
 */
export function bucketIndex(v: number, schema: number): number {
  const a = Math.abs(v);
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--;
  else if (2 ** (exp + 1) <= a) exp++;
  const frac = a / 2 ** exp; // in [1, 2)
  if (schema <= 0) {
    const key = frac === 1 ? exp : exp + 1; // a in (2^(key-1), 2^key]
    const shift = -schema;
    return Math.floor((key + (1 << shift) - 1) / (1 << shift));
  }
  const per = 1 << schema;
  if (frac === 1) return exp * per;
  let k = Math.ceil(Math.log2(frac) * per);
  while (k > 1 && 2 ** ((k - 1) / per) >= frac) k--;
  while (k < per && 2 ** (k / per) < frac) k++;
  return exp * per + k;
}

/** NativeState holds one series' native buckets as sparse maps from index to count. */
export class NativeState {
  schema: number;
  zeroCount = 0;
  readonly positive = new Map<number, number>();
  readonly negative = new Map<number, number>();

  constructor(
    schema: number,
    readonly zeroThreshold: number,
    private readonly maxBuckets: number,
  ) {
    this.schema = schema;
  }

  /** observe counts v into its bucket, then halves the resolution while the bucket limit is passed. */
  observe(v: number): void {
    if (Number.isNaN(v)) return;
    if (Math.abs(v) <= this.zeroThreshold) {
      this.zeroCount++;
      return;
    }
    const m = v > 0 ? this.positive : this.negative;
    const i = bucketIndex(v, this.schema);
    m.set(i, (m.get(i) ?? 0) + 1);
    while (this.maxBuckets > 0 && this.positive.size + this.negative.size > this.maxBuckets && this.schema > MIN_SCHEMA) this.halve();
  }

  private halve(): void {
    for (const m of [this.positive, this.negative]) {
      const merged = new Map<number, number>();
      for (const [i, c] of m) {
        const t = Math.floor((i - 1) / 2) + 1;
        merged.set(t, (merged.get(t) ?? 0) + c);
      }
      m.clear();
      for (const [i, c] of merged) m.set(i, c);
    }
    this.schema--;
  }

  /** buckets returns one sign's buckets sorted by index. */
  buckets(sign: 1 | -1): Buckets {
    const m = sign > 0 ? this.positive : this.negative;
    const index = [...m.keys()].sort((a, b) => a - b);
    return { index, count: index.map((i) => m.get(i)!) };
  }

  /** snapshot returns the state as a FloatHistogram with the given count and sum. */
  snapshot(count: number, sum: number): FloatHistogram {
    return {
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount,
      count,
      sum,
      positive: this.buckets(1),
      negative: this.buckets(-1),
      counterResetHint: 'unknown',
    };
  }
}
