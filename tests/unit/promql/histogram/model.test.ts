/**
 * The native histogram model (src/model/histogram*.ts) and the promqltest notation that builds histograms:
 * bucket bounds, schema reduction, addition across schemas and zero buckets, custom bounds, counter-reset
 * detection.
 */
import { describe, expect, it } from 'vitest';
import {
  CUSTOM_BUCKETS_SCHEMA,
  bucketUpperBound,
  compactHistogram,
  histogramBuckets,
  histogramsEqual,
  reduceBuckets,
  scaleHistogram,
  type FloatHistogram,
} from '../../../../src/model/histogram';
import { HistogramError, addHistograms, detectReset, widenZeroBucket } from '../../../../src/model/histogram_ops';
import { expandHistogramItem, parseHistogramDesc } from '../../../../src/promql/promqltest/histogram_notation';
import { parseNumber } from '../../../../src/promql/promqltest/series';

const h = (text: string): FloatHistogram => parseHistogramDesc(text, parseNumber).h;

describe('bucketUpperBound', () => {
  it.each([
    [0, 0, 1],
    [1, 0, 2],
    [-1, 0, 0.5],
    [1, 1, Math.SQRT2],
    [2, 1, 2],
    [1, -1, 4],
    [-2, -2, 2 ** -8],
  ])('index %d at schema %d is %d', (idx, schema, want) => {
    expect(bucketUpperBound(idx, schema)).toBeCloseTo(want, 12);
  });

  it('custom bounds end in +Inf and start at -Inf', () => {
    expect([-1, 0, 1, 2].map((i) => bucketUpperBound(i, CUSTOM_BUCKETS_SCHEMA, [5, 10]))).toEqual([-Infinity, 5, 10, Infinity]);
  });
});

describe('notation', () => {
  it('parses every field', () => {
    const x = h('{{schema:1 sum:5 count:4 z_bucket:1 z_bucket_w:0.5 buckets:[1 2] offset:-1 n_buckets:[3] n_offset:2 counter_reset_hint:gauge}}');
    expect(x).toMatchObject({ schema: 1, sum: 5, count: 4, zeroCount: 1, zeroThreshold: 0.5, counterResetHint: 'gauge' });
    expect(x.positive).toEqual({ index: [-1, 0], count: [1, 2] });
    expect(x.negative).toEqual({ index: [2], count: [3] });
  });

  it('expands a series: base, then base + k × increment', () => {
    const got = expandHistogramItem('{{sum:1 count:1 buckets:[1]}}+{{sum:2 count:2 buckets:[1 1]}}x2', parseNumber).map((v) => v.h);
    expect(got.map((x) => [x.count, x.sum, x.positive.count])).toEqual([
      [1, 1, [1]],
      [3, 3, [2, 1]],
      [5, 5, [3, 2]],
    ]);
  });

  it.each(['{{sum:1 sum:2}}', '{{bogus:1}}', '{{counter_reset_hint:maybe}}'])('rejects %s', (text) => {
    expect(() => h(text)).toThrow();
  });
});

describe('arithmetic', () => {
  it('reduces resolution by merging neighbouring buckets', () => {
    expect(reduceBuckets({ index: [-1, 0, 1, 2, 3], count: [1, 2, 3, 4, 5] }, 1, 0)).toEqual({ index: [0, 1, 2], count: [3, 7, 5] });
  });

  it.each([
    ['same schema', '{{schema:0 count:3 sum:3 buckets:[1 2]}}', '{{schema:0 count:2 sum:1 buckets:[1 1]}}', '{{schema:0 count:5 sum:4 buckets:[2 3]}}'],
    ['finer schema is reduced', '{{schema:1 count:4 sum:4 buckets:[1 1 1 1]}}', '{{schema:0 count:1 sum:1 buckets:[1]}}', '{{schema:0 count:5 sum:5 buckets:[2 2 1]}}'],
    [
      'wider zero bucket absorbs buckets',
      '{{schema:0 count:2 sum:1 z_bucket:1 z_bucket_w:1 buckets:[0 1]}}',
      '{{schema:0 count:3 sum:1 buckets:[1 2] offset:0}}',
      '{{schema:0 count:5 sum:2 z_bucket:2 z_bucket_w:1 buckets:[0 3]}}',
    ],
  ])('adds: %s', (_name, a, b, want) => {
    expect(histogramsEqual(addHistograms(h(a), h(b)).h, h(want))).toBe(true);
  });

  it('subtracts', () => {
    const got = addHistograms(h('{{count:5 sum:4 buckets:[2 3]}}'), h('{{count:2 sum:1 buckets:[1 1]}}'), -1).h;
    expect(histogramsEqual(got, h('{{count:3 sum:3 buckets:[1 2]}}'))).toBe(true);
  });

  it('reconciles different custom bounds to their intersection', () => {
    const r = addHistograms(h('{{schema:-53 count:3 sum:1 custom_values:[1 2] buckets:[1 1 1]}}'), h('{{schema:-53 count:2 sum:1 custom_values:[2] buckets:[1 1]}}'));
    expect(r.nhcbBoundsReconciled).toBe(true);
    expect(r.h.customValues).toEqual([2]);
    expect(r.h.positive).toEqual({ index: [0, 1], count: [3, 2] });
  });

  it('refuses to mix exponential and custom buckets', () => {
    expect(() => addHistograms(h('{{count:1 buckets:[1]}}'), h('{{schema:-53 count:1 custom_values:[1] buckets:[1]}}'))).toThrow(HistogramError);
  });

  it('flags conflicting counter reset hints', () => {
    expect(addHistograms(h('{{counter_reset_hint:reset}}'), h('{{counter_reset_hint:not_reset}}')).counterResetCollision).toBe(true);
    expect(addHistograms(h('{{counter_reset_hint:gauge}}'), h('{{counter_reset_hint:reset}}')).h.counterResetHint).toBe('gauge');
  });

  it('scales, turning a negative factor into a gauge', () => {
    const x = scaleHistogram(h('{{count:2 sum:4 buckets:[2]}}'), -0.5);
    expect([x.count, x.sum, x.positive.count[0], x.counterResetHint]).toEqual([-1, -2, -1, 'gauge']);
  });

  it('widens the zero bucket to the next bucket boundary', () => {
    const x = widenZeroBucket(h('{{schema:0 count:3 z_bucket:1 z_bucket_w:0.1 buckets:[1 1] offset:-1}}'), 0.6);
    expect([x.zeroThreshold, x.zeroCount, x.positive.index]).toEqual([1, 3, []]);
  });

  it('compacts empty buckets away', () => {
    expect(compactHistogram(h('{{buckets:[0 1 0 2]}}')).positive).toEqual({ index: [1, 3], count: [1, 2] });
  });
});

describe('detectReset', () => {
  it.each([
    ['count drops', '{{count:5 buckets:[5]}}', '{{count:4 buckets:[4]}}', true],
    ['all grow', '{{count:5 buckets:[2 3]}}', '{{count:7 buckets:[3 4]}}', false],
    ['one bucket drops', '{{count:5 buckets:[2 3]}}', '{{count:6 buckets:[1 5]}}', true],
    ['a populated bucket vanishes', '{{count:5 buckets:[2 3]}}', '{{count:6 buckets:[6]}}', true],
    ['schema grows', '{{schema:0 count:1 buckets:[1]}}', '{{schema:1 count:2 buckets:[2]}}', true],
    ['schema shrinks, merged buckets grow', '{{schema:1 count:2 buckets:[1 1] offset:1}}', '{{schema:0 count:3 buckets:[3] offset:1}}', false],
    ['hint says reset', '{{count:1}}', '{{count:2 counter_reset_hint:reset}}', true],
    ['hint says no reset', '{{count:2}}', '{{count:1 counter_reset_hint:not_reset}}', false],
  ])('%s', (_name, prev, cur, want) => {
    expect(detectReset(h(cur), h(prev))).toBe(want);
  });
});

describe('histogramBuckets', () => {
  it('lists negative, zero and positive buckets in order, clamped to the zero bucket', () => {
    const b = histogramBuckets(h('{{schema:0 count:4 z_bucket:1 z_bucket_w:0.3 buckets:[1 1] offset:-1 n_buckets:[1]}}'));
    expect(b.map((x) => [x.lower, x.upper, x.count])).toEqual([
      [-1, -0.5, 1],
      [-0.3, 0.3, 1],
      [0.3, 0.5, 1],
      [0.5, 1, 1],
    ]);
  });
});
