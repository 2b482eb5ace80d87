import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_FUNCTIONS } from '../../../../src/promql/functions/window_functions';
import { rawWindow, recordingContext } from './helpers';

const f = (name: string) => WINDOW_FUNCTIONS.get(name)!;
const smallInts = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 });

function windowOfValues(values: number[], stepMs = 10_000) {
  const pts = values.map((v, i) => [(i + 1) * stepMs, v] as [number, number]);
  return rawWindow(pts, 0, values.length * stepMs);
}

describe('window function properties', () => {
  it('sum, count, avg, min and max agree with exact arithmetic on small integers', () => {
    fc.assert(
      fc.property(smallInts, (values) => {
        const w = windowOfValues(values);
        const { ctx } = recordingContext();
        const sum = values.reduce((a, b) => a + b, 0);
        expect(f('sum_over_time')(w, ctx)).toBe(sum);
        expect(f('count_over_time')(w, ctx)).toBe(values.length);
        expect(f('avg_over_time')(w, ctx)).toBeCloseTo(sum / values.length, 9);
        expect(f('min_over_time')(w, ctx)).toBe(Math.min(...values));
        expect(f('max_over_time')(w, ctx)).toBe(Math.max(...values));
      }),
    );
  });

  it('rate of a regularly sampled linear counter covering the window is its slope', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 1000 }), (n, slope) => {
        const values = Array.from({ length: n }, (_, i) => (i + 1) * slope * 10);
        const { ctx } = recordingContext();
        expect(f('rate')(windowOfValues(values), ctx)).toBeCloseTo(slope, 9);
        expect(f('deriv')(windowOfValues(values), ctx)).toBeCloseTo(slope, 9);
      }),
    );
  });

  it('increase never goes below the raw increase for counters and resets only add', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 40 }), (values) => {
        const { ctx } = recordingContext();
        const inc = f('increase')(windowOfValues(values), ctx)!;
        let raw = 0;
        for (let i = 1; i < values.length; i++) raw += values[i] >= values[i - 1] ? values[i] - values[i - 1] : values[i];
        expect(inc).toBeGreaterThanOrEqual(raw - 1e-9);
        expect(f('resets')(windowOfValues(values), ctx)).toBe(values.filter((v, i) => i > 0 && v < values[i - 1]).length);
      }),
    );
  });

  it('quantile_over_time is monotonic in φ and stays within min and max', () => {
    fc.assert(
      fc.property(smallInts, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (values, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const q = (p: number) => f('quantile_over_time')(windowOfValues(values), recordingContext([p]).ctx)!;
        expect(q(lo)).toBeLessThanOrEqual(q(hi) + 1e-9);
        expect(q(lo)).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
        expect(q(hi)).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
      }),
    );
  });
});
