import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newFloatHistogram } from '../../../../src/model/histogram';
import { labelsFromObject } from '../../../../src/model/labels';
import type { Querier, Queryable, Series } from '../../../../src/model/storage';
import { STALE_NAN } from '../../../../src/model/value';
import { Engine, type QueryResult } from '../../../../src/promql/engine';
import { Head } from '../../../../src/tsdb/head';

const engine = new Engine();

/** points lists a matrix answer per series: labels without __name__, then [t, value bits] per point. */
function points(r: QueryResult): unknown[] {
  if (r.resultType !== 'matrix') throw new Error(`matrix expected, got ${r.resultType}`);
  return r.result.map((s) => ({
    labels: s.labels.filter((_, i, a) => (i % 2 === 0 ? a[i] : a[i - 1]) !== '__name__'),
    t: [...s.timestamps],
    v: [...s.values].map((x) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : x)),
    h: s.histograms?.values.length ?? 0,
  }));
}

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(STALE_NAN) },
  { weight: 1, arbitrary: fc.constant(NaN) },
);
const seriesSet = fc.array(
  // Times on a 15 s grid, so that steps often land exactly on a sample or on the edge of the lookback.
  fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }).map((k) => k * 15_000), sample), { minLength: 0, maxLength: 30 }),
  { minLength: 1, maxLength: 6 },
);
const query = fc.record({
  start: fc.integer({ min: 0, max: 200 }).map((k) => k * 15_000),
  step: fc.integer({ min: 1, max: 40 }).map((k) => k * 15_000),
  n: fc.integer({ min: 1, max: 40 }),
  modifier: fc.constantFrom('', ' offset 2m', ' offset -90s', ' @ 1500', ' @ start()', ' @ end()'),
});

async function headOf(data: [number, number][][]): Promise<Head> {
  const head = new Head({ chunkSamples: 7 });
  for (const [i, pts] of data.entries()) {
    let t = 0;
    for (const [dt, v] of pts) {
      t += dt;
      const app = head.appender();
      app.append(0, labelsFromObject({ __name__: 'm', i: String(i) }), t, v);
      await app.commit();
    }
  }
  head.recodePending();
  return head;
}

describe('a range query of one selector', () => {
  it('answers as the general evaluation does (against m * 1), stale markers, lookback, offset and @ included', async () => {
    await fc.assert(
      fc.asyncProperty(seriesSet, query, async (data, q) => {
        const head = await headOf(data);
        const end = q.start + (q.n - 1) * q.step;
        const plain = await engine.rangeQuery(head, `m${q.modifier}`, q.start, end, q.step);
        const general = await engine.rangeQuery(head, `m${q.modifier} * 1`, q.start, end, q.step);
        expect(points(plain)).toEqual(points(general));
        expect(plain.stats).toEqual(general.stats);
      }),
      { numRuns: 150 },
    );
  });

  it('shares the step times among full series and keeps the values in one buffer', async () => {
    const head = await headOf([Array.from({ length: 20 }, () => [60_000, 1] as [number, number]), [[60_000, 2], [540_000, 3]]]);
    const r = await engine.rangeQuery(head, 'm', 60_000, 1_200_000, 60_000);
    if (r.resultType !== 'matrix') throw new Error('matrix expected');
    const [full, part] = r.result;
    expect(full.timestamps.length).toBe(20);
    expect(part.timestamps.length).toBeLessThan(20);
    expect(part.values.buffer).toBe(full.values.buffer);
    expect(r.result.map((s) => s.labels)).toEqual([labelsFromObject({ __name__: 'm', i: '0' }), labelsFromObject({ __name__: 'm', i: '1' })]);
  });

  it('leaves native histograms and series out of label order to the general evaluation', async () => {
    const head = new Head();
    for (let i = 0; i < 5; i++) {
      const app = head.appender();
      app.append(0, labelsFromObject({ __name__: 'm', i: 'a' }), i * 60_000, i);
      app.appendHistogram(0, labelsFromObject({ __name__: 'm', i: 'b' }), i * 60_000, newFloatHistogram({ schema: 0, count: i, sum: i }));
      await app.commit();
    }
    const r = await engine.rangeQuery(head, 'm', 0, 240_000, 60_000);
    expect(points(r)).toEqual([
      { labels: ['i', 'a'], t: [0, 60_000, 120_000, 180_000, 240_000], v: [0, 1, 2, 3, 4], h: 0 },
      { labels: ['i', 'b'], t: [], v: [], h: 5 },
    ]);
    // Two series with one label set (a storage that merges sources) are merged as the general path merges them.
    const twice: Series[] = [
      { labels: labelsFromObject({ __name__: 'm' }), timestamps: Float64Array.of(0, 60_000, 120_000), values: Float64Array.of(1, 2, STALE_NAN) },
      { labels: labelsFromObject({ __name__: 'm' }), timestamps: Float64Array.of(180_000), values: Float64Array.of(4) },
    ];
    const querier = { select: async () => twice } as unknown as Querier;
    const q: Queryable = { querier: () => querier };
    const merged = await engine.rangeQuery(q, 'm', 0, 180_000, 60_000);
    expect(points(merged)).toEqual([{ labels: [], t: [0, 60_000, 180_000], v: [1, 2, 4], h: 0 }]);
  });
});
