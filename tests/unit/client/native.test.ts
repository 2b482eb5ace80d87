/** Native histograms in the client library: schema from a bucket factor, bucket placement, the bucket limit. */
import { describe, expect, it } from 'vitest';
import { bucketIndex, Registry, schemaForFactor } from '../../../src/client/index';
import { bucketUpperBound } from '../../../src/model/histogram';

describe('schemaForFactor', () => {
  it("picks the largest growth 2^(2^-schema) not above the factor, as client_golang's NativeHistogramBucketFactor", () => {
    const cases: [number, number][] = [
      [1.1, 3], // 2^(1/8) ≈ 1.0905 ≤ 1.1 < 2^(1/4) ≈ 1.1892
      [2, 0],
      [1.5, 1],
      [4, -1],
      [1.0001, 8], // finer than schema 8 is clamped
      [2 ** (2 ** -8), 8],
      [1e9, -4],
    ];
    for (const [factor, schema] of cases) expect([factor, schemaForFactor(factor)]).toEqual([factor, schema]);
    expect(() => schemaForFactor(1)).toThrow(/greater than 1/);
  });
});

describe('bucketIndex', () => {
  it('places values in (base^(i-1), base^i], boundaries in the lower bucket', () => {
    const cases: [number, number, number][] = [
      [1, 0, 0],
      [2, 0, 1],
      [1.5, 0, 1],
      [0.5, 0, -1],
      [1, 3, 0],
      [2 ** (1 / 8), 3, 1],
      [1.0001, 3, 1],
      [4, -1, 1],
      [5, -1, 2],
      [1, -1, 0],
      [0.25, -1, -1],
      [-3, 0, 2],
    ];
    for (const [v, schema, idx] of cases) expect([v, schema, bucketIndex(v, schema)]).toEqual([v, schema, idx]);
  });

  it('agrees with the model’s bucket bounds for many values and every schema', () => {
    let s = 7;
    for (let n = 0; n < 3000; n++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const v = (s / 2 ** 31) * 10 ** ((s % 17) - 8);
      if (v === 0) continue;
      for (let schema = -4; schema <= 8; schema++) {
        const i = bucketIndex(v, schema);
        expect(v <= bucketUpperBound(i, schema) && v > bucketUpperBound(i - 1, schema), `${v} at schema ${schema} in bucket ${i}`).toBe(true);
      }
    }
  });
});

describe('native histogram observations', () => {
  it('counts the zero bucket by threshold and both signs', () => {
    const h = new Registry().histogram({ name: 'h', help: 'h', nativeBucketFactor: 2, nativeZeroThreshold: 0.01 });
    for (const v of [0, 0.005, -0.01, 1, 1, 3, -3]) h.observe(v);
    expect(h.labels().nativeHistogram()).toEqual({
      schema: 0,
      zeroThreshold: 0.01,
      zeroCount: 3,
      count: 7,
      sum: expect.closeTo(1.995, 12),
      positive: { index: [0, 2], count: [2, 1] },
      negative: { index: [2], count: [1] },
      counterResetHint: 'unknown',
    });
  });

  it('halves the resolution while the bucket limit is passed (buckets of schema s merge pairwise into s-1)', () => {
    const h = new Registry().histogram({ name: 'h', help: 'h', nativeBucketFactor: 1.1, nativeMaxBuckets: 4 });
    // Schema 3 puts 1, 1.1, 1.2, 1.3 and 1.5 in buckets 0, 2, 3, 4, 5: five buckets, one too many.
    for (const v of [1, 1.1, 1.2, 1.3, 1.5]) h.observe(v);
    const nh = h.labels().nativeHistogram()!;
    // Schema 2: index i of schema 3 goes to floor((i-1)/2)+1: 0→0, 2→1, 3→2, 4→2, 5→3.
    expect(nh.schema).toBe(2);
    expect(nh.positive).toEqual({ index: [0, 1, 2, 3], count: [1, 1, 2, 1] });
  });

  it('writes only +Inf, _sum and _count in the text format when there are no classic buckets', () => {
    const r = new Registry();
    r.histogram({ name: 'h', help: 'h', nativeBucketFactor: 1.1 }).observe(2);
    expect(r.metrics()).toBe('# HELP h h\n# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 2\nh_count 1\n');
  });
});
