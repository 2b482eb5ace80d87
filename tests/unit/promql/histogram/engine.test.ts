/**
 * Native histograms through the engine: selection with lookback, results in the API's `histogram`/`histograms`
 * shapes, functions that read them, and the annotations Prometheus gives when floats and histograms meet.
 */
import { describe, expect, it } from 'vitest';
import { newFloatHistogram, type FloatHistogram } from '../../../../src/model/histogram';
import { labelsFromObject } from '../../../../src/model/labels';
import { Engine, toPrometheusJSON } from '../../../../src/promql/engine';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';

function hist(n: number): FloatHistogram {
  return newFloatHistogram({ schema: 0, count: 4 * n, sum: 10 * n, zeroThreshold: 0.001, zeroCount: n, positive: { index: [0, 1], count: [n, 2 * n] } });
}

function storage(): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i <= 10; i++) {
    s.append(labelsFromObject({ __name__: 'h', job: 'a' }), i * 60_000, 0, 0, hist(i + 1));
    s.append(labelsFromObject({ __name__: 'f', job: 'a' }), i * 60_000, i);
  }
  s.append(labelsFromObject({ __name__: 'mixed' }), 0, 1);
  s.append(labelsFromObject({ __name__: 'mixed' }), 60_000, 0, 0, hist(1));
  return s;
}

const engine = new Engine();

describe('native histograms in the engine', () => {
  it('returns an instant vector sample in the API histogram shape', async () => {
    const r = toPrometheusJSON(await engine.instantQuery(storage(), 'h', 90_000));
    expect(r).toEqual({
      resultType: 'vector',
      result: [
        {
          metric: { __name__: 'h', job: 'a' },
          histogram: [
            90,
            {
              count: '8',
              sum: '20',
              buckets: [
                [3, '-0.001', '0.001', '2'],
                [0, '0.5', '1', '2'],
                [0, '1', '2', '4'],
              ],
            },
          ],
        },
      ],
    });
  });

  it('returns range results with a histograms list', async () => {
    const r = await engine.rangeQuery(storage(), 'h * 2', 0, 120_000, 60_000);
    expect(r.resultType).toBe('matrix');
    const s = (r.result as { histograms?: { timestamps: Float64Array; values: FloatHistogram[] } }[])[0];
    expect(Array.from(s.histograms!.timestamps)).toEqual([0, 60_000, 120_000]);
    expect(s.histograms!.values.map((h) => h.count)).toEqual([8, 16, 24]);
  });

  it.each([
    ['histogram_count(h)', 8],
    ['histogram_sum(h)', 20],
    ['histogram_avg(h)', 2.5],
    ['histogram_count(rate(h[2m]))', 4 / 60],
    ['histogram_count(sum(h))', 8],
    ['count(h)', 1],
    ['histogram_fraction(0, 1, h)', 0.5],
  ])('%s', async (q, want) => {
    const r = await engine.instantQuery(storage(), q, 60_000);
    expect(r.resultType).toBe('vector');
    const v = r.result as { v: number }[];
    expect(v).toHaveLength(1);
    expect(v[0].v).toBeCloseTo(want, 9);
  });

  it.each(['label_replace(h, "x", "y", "", "")', 'label_join(h, "x", "-", "job")', 'sort_by_label(h, "job")', 'last_over_time(h[2m])', 'h offset 1m'])(
    '%s keeps the histogram',
    async (q) => {
      const r = await new Engine({ experimental: true }).instantQuery(storage(), q, 120_000);
      const v = r.result as { h?: FloatHistogram }[];
      expect(v).toHaveLength(1);
      expect(v[0].h?.schema).toBe(0);
    },
  );

  it('drops histograms from float-only functions and operators, with an info', async () => {
    const r = await engine.instantQuery(storage(), 'h + 1', 60_000);
    expect(r.result).toEqual([]);
    expect(r.infos).toEqual(['PromQL info: incompatible sample types encountered for binary operator "+": histogram + float (1:1)']);
  });

  it('warns when a range mixes floats and histograms for rate', async () => {
    const r = await engine.instantQuery(storage(), 'rate(mixed[5m])', 60_000);
    expect(r.result).toEqual([]);
    expect(r.warnings).toEqual(['PromQL warning: encountered a mix of histograms and floats for metric name "mixed" (1:6)']);
  });
});
