import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_FUNCTIONS, WINDOW_STEPS_FUNCTIONS } from '../../../../src/promql/functions/window_functions';
import type { Window } from '../../../../src/promql/window';
import { recordingContext } from './helpers';

// Irregular times (gaps, repeats of the spacing), values with resets, NaN and infinities, and step grids whose
// windows are empty, hold one point or many, and sometimes jump back (as `@` makes them).
const series = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 90_000 }), fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -50, max: 5000 }))), {
    minLength: 0,
    maxLength: 80,
  })
  .map((pts) => {
    let t = 0;
    return { t: Float64Array.from(pts, ([dt]) => (t += dt)), v: Float64Array.from(pts, ([, v]) => v) };
  });
const grid = fc.record({
  start: fc.integer({ min: -60_000, max: 600_000 }),
  step: fc.integer({ min: 1_000, max: 120_000 }),
  n: fc.integer({ min: 1, max: 60 }),
  range: fc.integer({ min: 1, max: 600_000 }),
  back: fc.option(fc.integer({ min: 0, max: 59 })),
});

describe('window functions: fast forms', () => {
  for (const [name, entry] of WINDOW_STEPS_FUNCTIONS) {
    it(`${name} over a whole series gives bit for bit what the per-window form gives at each step`, () => {
      const perWindow = WINDOW_FUNCTIONS.get(name)!;
      fc.assert(
        fc.property(series, grid, ({ t, v }, g) => {
          const refs = Float64Array.from({ length: g.n }, (_, i) => g.start + i * g.step);
          if (g.back !== null && g.back < g.n) refs[g.back] = g.start;
          const out = new Float64Array(g.n);
          const ok = new Uint8Array(g.n);
          const produced = entry.steps(t, v, refs, g.range, out, ok);
          const { ctx } = recordingContext();
          let expected = 0;
          for (let i = 0; i < g.n; i++) {
            const rangeEnd = refs[i];
            const rangeStart = rangeEnd - g.range;
            let start = 0;
            while (start < t.length && t[start] <= rangeStart) start++;
            let end = start;
            while (end < t.length && t[end] <= rangeEnd) end++;
            const w: Window = { t, v, start, end, rangeStart, rangeEnd, labels: ['__name__', 'x_total'] };
            const want = end > start ? perWindow(w, ctx) : undefined;
            if (want === undefined) {
              expect(ok[i], `step ${i}`).toBe(0);
              continue;
            }
            expected++;
            expect(ok[i], `step ${i}`).toBe(1);
            expect(Object.is(out[i], want) || (Number.isNaN(out[i]) && Number.isNaN(want)), `step ${i}: ${out[i]} vs ${want}`).toBe(true);
          }
          expect(produced).toBe(expected);
        }),
        { numRuns: 400 },
      );
    });
  }
});
