/** Estimates over one native histogram: quantile, fraction, variance, and the trim operators. */
import { describe, expect, it } from 'vitest';
import type { FloatHistogram } from '../../../../src/model/histogram';
import { nativeFraction, nativeQuantile, nativeVariance } from '../../../../src/promql/engine/native_quantile';
import { trimHistogram } from '../../../../src/promql/engine/native_trim';
import { parseHistogramDesc } from '../../../../src/promql/promqltest/histogram_notation';
import { parseNumber } from '../../../../src/promql/promqltest/series';

const h = (text: string): FloatHistogram => parseHistogramDesc(text, parseNumber).h;
// Buckets (0.5,1]:1, (1,2]:2, (2,4]:1.
const EXP = h('{{schema:0 count:4 sum:6 buckets:[1 2 1]}}');

describe('nativeQuantile', () => {
  it.each([
    [0.5, Math.SQRT2],
    [0, 0.5],
    [1, 4],
    [-1, -Infinity],
    [2, Infinity],
  ])('q=%d', (q, want) => {
    expect(nativeQuantile(q, EXP)[0]).toBeCloseTo(want, 12);
  });

  it('is NaN, with an info, for a histogram that only saw NaN', () => {
    expect(nativeQuantile(0.5, h('{{count:3 sum:NaN}}'))).toEqual([NaN, 'quantileNaNResult']);
  });

  it('interpolates linearly in custom buckets', () => {
    expect(nativeQuantile(0.5, h('{{schema:-53 count:2 sum:3 custom_values:[1 2] buckets:[0 2]}}'))[0]).toBeCloseTo(1.5, 12);
  });
});

describe('nativeFraction', () => {
  it.each([
    [1, 2, 0.5],
    [0, 1, 0.25],
    [-Infinity, Infinity, 1],
    [3, 1, 0],
  ])('between %d and %d', (lo, hi, want) => {
    expect(nativeFraction(lo, hi, EXP)[0]).toBeCloseTo(want, 12);
  });
});

describe('nativeVariance', () => {
  it('uses bucket midpoints around the mean', () => {
    expect(nativeVariance(h('{{schema:-53 count:2 sum:4.5 custom_values:[1 2 4] buckets:[0 1 1]}}'))).toBeCloseTo(0.5625, 12);
  });
});

describe('trimHistogram', () => {
  it('</ keeps buckets below the bound and re-estimates count and sum', () => {
    const got = trimHistogram(EXP, 2, true);
    expect(got.count).toBe(3);
    expect(got.sum).toBeCloseTo(Math.SQRT1_2 + 2 * Math.SQRT2, 12);
    expect(got.positive).toEqual({ index: [0, 1], count: [1, 2] });
  });

  it('>/ splits the bucket holding the bound', () => {
    const got = trimHistogram(EXP, Math.SQRT2, false);
    expect(got.count).toBeCloseTo(2, 12);
    expect(got.positive.index).toEqual([1, 2]);
    got.positive.count.forEach((c) => expect(c).toBeCloseTo(1, 12));
  });

  it('leaves an untouched histogram as it was', () => {
    expect(trimHistogram(EXP, 10, true)).toBe(EXP);
  });
});
