import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../../src/model/labels';
import { STALE_NAN } from '../../../../src/model/value';
import { Engine, QueryError, toPrometheusJSON } from '../../../../src/promql/engine';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';

function storage(): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i <= 10; i++) {
    s.append(labelsFromObject({ __name__: 'up', job: 'a' }), i * 60_000, i);
    s.append(labelsFromObject({ __name__: 'up', job: 'b' }), i * 60_000, i === 5 ? STALE_NAN : 2 * i);
  }
  return s;
}

const engine = new Engine();

describe('Engine.instantQuery', () => {
  const cases: [string, number, unknown][] = [
    ['1 + 2', 0, { resultType: 'scalar', result: [0, '3'] }],
    ['"hi"', 60_000, { resultType: 'string', result: [60, 'hi'] }],
    ['up{job="a"}', 120_000, { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'a' }, value: [120, '2'] }] }],
    ['up{job="b"} / 0', 120_000, { resultType: 'vector', result: [{ metric: { job: 'b' }, value: [120, '+Inf'] }] }],
    ['sum(up)', 120_000, { resultType: 'vector', result: [{ metric: {}, value: [120, '6'] }] }],
    ['up{job="b"}', 300_000, { resultType: 'vector', result: [] }],
    [
      'up{job="a"}[2m]',
      180_000,
      { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'a' }, values: [[120, '2'], [180, '3']] }] },
    ],
  ];
  it.each(cases)('%s at %i ms', async (q, t, want) => {
    expect(toPrometheusJSON(await engine.instantQuery(storage(), q, t))).toEqual(want);
  });
});

describe('Engine.rangeQuery', () => {
  it('returns a matrix with typed arrays, skipping steps after a stale marker', async () => {
    const r = await engine.rangeQuery(storage(), 'up{job="b"}', 240_000, 360_000, 60_000);
    expect(r.resultType).toBe('matrix');
    if (r.resultType !== 'matrix') return;
    expect(r.result).toHaveLength(1);
    expect(r.result[0].timestamps).toBeInstanceOf(Float64Array);
    expect([...r.result[0].timestamps]).toEqual([240_000, 360_000]);
    expect([...r.result[0].values]).toEqual([8, 12]);
  });

  it('sorts series by labels and evaluates scalars as one series', async () => {
    const r = toPrometheusJSON(await engine.rangeQuery(storage(), 'time()', 0, 120_000, 60_000));
    expect(r).toEqual({ resultType: 'matrix', result: [{ metric: {}, values: [[0, '0'], [60, '60'], [120, '120']] }] });
  });

  it('rejects range vectors', async () => {
    await expect(engine.rangeQuery(storage(), 'up[5m]', 0, 60_000, 60_000)).rejects.toThrow(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  });
});

describe('Engine limits and errors', () => {
  it('fails with Prometheus wording when a query holds too many samples', async () => {
    const small = new Engine({ maxSamples: 5 });
    await expect(small.rangeQuery(storage(), 'up', 0, 600_000, 60_000)).rejects.toThrow(
      'query processing would load too many samples into memory in query execution',
    );
  });

  it('times out instead of hanging', async () => {
    const s = new MemoryStorage();
    for (let i = 0; i < 200; i++) s.append(labelsFromObject({ __name__: 'x', i: String(i) }), 0, i);
    const slow = new Engine({ timeoutMs: 20 });
    await expect(slow.rangeQuery(s, 'sum_over_time(x[1d:1s])', 0, 86_400_000, 60_000)).rejects.toMatchObject({
      errorType: 'timeout',
      message: 'query timed out in expression evaluation',
    });
  });

  it('honours an aborted signal', async () => {
    const c = new AbortController();
    c.abort();
    await expect(engine.instantQuery(storage(), 'up', 0, c.signal)).rejects.toBeInstanceOf(QueryError);
  });

  it('reports parse errors as bad_data', async () => {
    await expect(engine.instantQuery(storage(), 'sum(', 0)).rejects.toMatchObject({ errorType: 'bad_data' });
  });

  it('returns annotations instead of throwing', async () => {
    const r = await engine.instantQuery(storage(), 'quantile(2, up)', 60_000);
    expect(r.warnings).toEqual(['PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)']);
  });
});

describe('query stats', () => {
  it('counts the series and samples read from storage', async () => {
    const one = await engine.instantQuery(storage(), 'count_over_time(up{job="a"}[10m])', 600_000);
    // storage returns the window's closed ends; the engine then leaves out the sample at its open start
    expect(one.stats).toEqual({ seriesLoaded: 1, samplesLoaded: 11 });
    const both = await engine.rangeQuery(storage(), 'up', 0, 600_000, 60_000);
    expect(both.stats?.seriesLoaded).toBe(2);
    expect(both.stats?.samplesLoaded).toBe(22);
  });
});
