import { describe, expect, it } from 'vitest';
import { bucketAxis, chooseBucketScale, isExponential, niceStep, rowAt, type BucketBounds } from '../../../src/dashboards/bucket_axis';

/** expo lists schema-s buckets (2^((i-1)/2^s), 2^(i/2^s)] for i in [from, to]. */
const expo = (s: number, from: number, to: number): BucketBounds[] =>
  Array.from({ length: to - from + 1 }, (_, k) => ({ lower: 2 ** ((from + k - 1) / 2 ** s), upper: 2 ** ((from + k) / 2 ** s) }));

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);

describe('isExponential and chooseBucketScale', () => {
  it('recognises exponential buckets of any schema, with a zero bucket and negatives', () => {
    expect(isExponential(expo(0, -1, 2))).toBe(true);
    expect(isExponential(expo(3, 5, 30))).toBe(true);
    expect(isExponential([{ lower: -0.001, upper: 0.001 }, ...expo(8, 1, 4), { lower: -2, upper: -1 }])).toBe(true);
  });
  it('tells custom buckets apart', () => {
    expect(isExponential([{ lower: -Infinity, upper: 0.1 }, { lower: 0.1, upper: 0.5 }, { lower: 0.5, upper: Infinity }])).toBe(false);
    expect(isExponential([{ lower: 100, upper: 200 }, { lower: 200, upper: 300 }])).toBe(false);
    expect(isExponential([])).toBe(false);
  });
  it('picks log 2 for exponential buckets and custom bounds spanning a factor of 10, linear otherwise', () => {
    expect(chooseBucketScale(expo(3, 0, 10), 'auto')).toEqual({ kind: 'log', base: 2 });
    const nhcb = [0.1, 0.5, 1].map((b, i, a) => ({ lower: i === 0 ? -Infinity : a[i - 1], upper: b })).concat([{ lower: 1, upper: Infinity }]);
    expect(chooseBucketScale(nhcb, 'auto')).toEqual({ kind: 'log', base: 2 });
    expect(chooseBucketScale([{ lower: 100, upper: 200 }, { lower: 200, upper: 400 }], 'auto')).toEqual({ kind: 'linear' });
    expect(chooseBucketScale([{ lower: 0, upper: 5 }, { lower: 5, upper: 100 }], 'auto')).toEqual({ kind: 'linear' });
    expect(chooseBucketScale(expo(3, 0, 10), 'linear')).toEqual({ kind: 'linear' });
    expect(chooseBucketScale([{ lower: 100, upper: 200 }], 'log10')).toEqual({ kind: 'log', base: 10 });
  });
});

describe('bucketAxis on a log scale', () => {
  it('puts schema-0 buckets at their bounds with a tick on every power of 2', () => {
    const a = bucketAxis(expo(0, -1, 2), { kind: 'log', base: 2 }, 400);
    expect(a.ticks.map((t) => t.value)).toEqual([0.25, 0.5, 1, 2, 4]);
    a.ticks.forEach((t, i) => close(t.y, i / 4));
    a.rows.forEach((r, i) => {
      close(r.y0, i / 4);
      close(r.y1, (i + 1) / 4);
    });
    expect(a.breaks).toEqual([]);
  });

  it('widens the range to whole powers of the base and gives finer buckets proportional heights', () => {
    // Schema 3 from 2^(5/8) to 2^(30/8): the axis runs from 2^0 to 2^4, each bucket 1/32 of it.
    const a = bucketAxis(expo(3, 6, 30), { kind: 'log', base: 2 }, 400);
    close(a.rows[0].y0, 5 / 32);
    close(a.rows[0].y1, 6 / 32);
    close(a.rows.at(-1)!.y1, 30 / 32);
    expect(a.ticks.map((t) => t.value)).toEqual([1, 2, 4, 8, 16]);
  });

  it('thins ticks out to keep labels apart on a short axis', () => {
    const a = bucketAxis(expo(0, -19, 10), { kind: 'log', base: 2 }, 120, 18);
    const ys = a.ticks.map((t) => t.y * 120);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(17.8);
    expect(a.ticks[0].value).toBe(2 ** -20);
    expect(a.ticks.length).toBeLessThan(8);
    expect(a.ticks.length).toBeGreaterThan(3);
  });

  it('uses base 10 when asked', () => {
    const a = bucketAxis([{ lower: 0.01, upper: 0.1 }, { lower: 0.1, upper: 10 }], { kind: 'log', base: 10 }, 300);
    expect(a.ticks.map((t) => t.value)).toEqual([0.01, 0.1, 1, 10]);
    close(a.rows[1].y0, 1 / 3);
  });

  it('gives the zero bucket a band of its own below the positive buckets', () => {
    const rows = [{ lower: -1e-9, upper: 1e-9 }, ...expo(0, -1, 2)];
    const a = bucketAxis(rows, { kind: 'log', base: 2 }, 400);
    const [zero, ...pos] = a.rows;
    close(zero.y0, 0);
    close(zero.y1, pos[0].y0);
    // A typical bucket high, but at least 4% of the axis.
    expect(zero.y1 - zero.y0).toBeGreaterThanOrEqual(0.04 - 1e-9);
    close(zero.y1 - zero.y0, pos[0].y1 - pos[0].y0);
    expect(a.ticks.find((t) => t.value === 0)!.y).toBeCloseTo((zero.y0 + zero.y1) / 2, 9);
    expect(a.breaks).toHaveLength(1);
    close(a.breaks[0], zero.y1);
  });

  it('mirrors negative buckets below the zero band, larger magnitudes lower', () => {
    const rows = [
      { lower: -4, upper: -2 },
      { lower: -2, upper: -1 },
      { lower: -0.001, upper: 0.001 },
      { lower: 1, upper: 2 },
    ];
    const a = bucketAxis(rows, { kind: 'log', base: 2 }, 400);
    const [n4, n2, z, p1] = a.rows;
    close(n4.y0, 0);
    close(n4.y1, n2.y0);
    expect(n2.y1).toBeLessThanOrEqual(z.y0 + 1e-9);
    expect(z.y1).toBeLessThanOrEqual(p1.y0 + 1e-9);
    close(p1.y1, 1);
    const values = a.ticks.map((t) => t.value);
    expect(values).toEqual([-4, -2, -1, 0, 1, 2]);
    expect(a.breaks).toHaveLength(2);
  });

  it('draws custom buckets with infinite ends as bands beyond the finite bounds', () => {
    const rows = [
      { lower: -Infinity, upper: 0.1 },
      { lower: 0.1, upper: 0.5 },
      { lower: 0.5, upper: 1 },
      { lower: 1, upper: Infinity },
    ];
    const a = bucketAxis(rows, { kind: 'log', base: 2 }, 400);
    close(a.rows[0].y0, 0);
    close(a.rows[3].y1, 1);
    for (let i = 1; i < 4; i++) close(a.rows[i].y0, a.rows[i - 1].y1);
    expect(a.ticks[0].value).toBe(-Infinity);
    expect(a.ticks.at(-1)!.value).toBe(Infinity);
    expect(a.ticks.map((t) => t.value)).toContain(1);
    expect(a.breaks).toHaveLength(2);
  });
});

describe('bucketAxis on a linear scale', () => {
  it('places bounds where they are with round ticks', () => {
    const rows = [100, 200, 300, 400].map((b) => ({ lower: b - 100, upper: b }));
    const a = bucketAxis(rows, { kind: 'linear' }, 400, 20);
    a.rows.forEach((r, i) => {
      close(r.y0, i / 4);
      close(r.y1, (i + 1) / 4);
    });
    expect(a.ticks.map((t) => t.value)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400]);
  });

  it('keeps an overflow band for +Inf and exact zero ticks', () => {
    const a = bucketAxis(
      [
        { lower: -0.3, upper: 0.1 },
        { lower: 0.1, upper: 0.7 },
        { lower: 0.7, upper: Infinity },
      ],
      { kind: 'linear' },
      200,
    );
    expect(a.ticks.map((t) => t.value)).toContain(0);
    expect(a.ticks.at(-1)!.value).toBe(Infinity);
    close(a.rows[2].y1, 1);
    expect(a.rows[2].y1 - a.rows[2].y0).toBeGreaterThan(0.04);
  });

  it('niceStep rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.013, 0.3, 1, 4.2, 7, 0].map(niceStep)).toEqual([0.02, 0.5, 1, 5, 10, 1]);
  });
});

describe('rowAt', () => {
  it('finds the narrowest filled row under a height', () => {
    const a = bucketAxis([{ lower: 1, upper: 4 }, { lower: 1, upper: 2 }, { lower: 2, upper: 4 }], { kind: 'log', base: 2 }, 200);
    expect(rowAt(a.rows, 0.25, () => true)).toBe(1);
    expect(rowAt(a.rows, 0.25, (i) => i !== 1)).toBe(0);
    expect(rowAt(a.rows, 0.75, () => true)).toBe(2);
    expect(rowAt(a.rows, 1.5, () => true)).toBe(-1);
  });
});

describe('crowded ticks', () => {
  it('keeps the zero tick and drops a power of the base beside it', () => {
    // Buckets down to 2^-12 on both sides of a zero bucket, on a short axis.
    const pos = expo(0, -11, 3);
    const neg = pos.map(({ lower, upper }) => ({ lower: -upper, upper: -lower }));
    const a = bucketAxis([...neg, { lower: -1e-6, upper: 1e-6 }, ...pos], { kind: 'log', base: 2 }, 150, 18);
    expect(a.ticks.map((t) => t.value)).toContain(0);
    const ys = a.ticks.map((t) => t.y * 150);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(17.8);
  });
});
