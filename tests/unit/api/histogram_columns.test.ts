import { describe, expect, it } from 'vitest';
import { histogramBuffers, histogramPoint, histogramPointJSON, packHistogramJSON, packHistograms } from '../../../src/api/histogram_columns';
import { QueryService } from '../../../src/api/query_service';
import type { MatrixSeries } from '../../../src/api/types';
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram, type FloatHistogram } from '../../../src/model/histogram';
import { bucketRangeText, histogramJSON } from '../../../src/model/histogram_json';
import { labelsFromPairs } from '../../../src/model/labels';
import { MemoryStorage } from '../../../src/promql/promqltest/storage';

const expo = (scale: number): FloatHistogram =>
  newFloatHistogram({
    schema: 1,
    zeroThreshold: 0.001,
    zeroCount: 2 * scale,
    count: 12 * scale,
    sum: 7.5 * scale,
    positive: { index: [0, 1, 3], count: [3 * scale, 0, 4 * scale] },
    negative: { index: [2], count: [3 * scale] },
  });

const nhcb = newFloatHistogram({
  schema: CUSTOM_BUCKETS_SCHEMA,
  count: 6,
  sum: 3,
  positive: { index: [0, 2, 3], count: [1, 2, 3] },
  customValues: [0.1, 0.5, 1],
});

describe('native histogram columns', () => {
  it('unpack to the buckets the API writes, for exponential and custom buckets', () => {
    const hs = [expo(1), expo(2), nhcb];
    const cols = packHistograms([1000, 2000, 3000], hs);
    hs.forEach((h, i) => expect(histogramPointJSON(cols, i)).toEqual([(i + 1), histogramJSON(h)]));
    expect(histogramPoint(cols, 0)).toMatchObject({ t: 1000, count: 12, sum: 7.5 });
    expect(histogramPoint(cols, 0).buckets.map((b) => b.count)).toEqual([3, 2, 3, 4]);
  });

  it('follow schema and zero threshold changes within a series', () => {
    const coarser = newFloatHistogram({ ...expo(1), schema: 0 });
    const wider = newFloatHistogram({ ...expo(1), zeroThreshold: 0.8 });
    const hs = [expo(1), coarser, wider, expo(2), nhcb, coarser];
    const cols = packHistograms([1, 2, 3, 4, 5, 6], hs);
    hs.forEach((h, i) => expect(histogramPointJSON(cols, i)[1]).toEqual(histogramJSON(h)));
  });

  it('store each distinct bucket once per series, sorted by its bounds (the heatmap rows)', () => {
    const cols = packHistograms([0, 1, 2], [expo(1), expo(3), expo(5)]);
    expect(cols.bucketLower.length).toBe(4);
    expect(cols.bucket.length).toBe(12);
    expect(Array.from(cols.bucketLower)).toEqual([...cols.bucketLower].sort((a, b) => a - b));
    expect(Array.from(cols.bucketRule)).toEqual([1, 3, 0, 0]);
  });

  it('keep a histogram without buckets and zero points', () => {
    const empty = packHistograms([5], [newFloatHistogram({ count: 0, sum: 0 })]);
    expect(histogramPointJSON(empty, 0)).toEqual([0.005, { count: '0', sum: '0' }]);
    const none = packHistograms([], []);
    expect(none.offsets).toEqual(new Uint32Array([0]));
  });

  it('read the HTTP API shape back to the same columns', () => {
    const hs = [expo(1), nhcb, expo(4)];
    const cols = packHistograms([1000, 2000, 3000], hs);
    const json = hs.map((_, i) => histogramPointJSON(cols, i));
    expect(packHistogramJSON(json)).toEqual(cols);
  });

  it('refuse malformed API histograms with a reason', () => {
    expect(() => packHistogramJSON([[1, { count: 'x', sum: '0' }]])).toThrow(/count "x" is not a number/);
    expect(() => packHistogramJSON([[1, { count: '1', sum: '0', buckets: [[7, '0', '1', '1']] }]])).toThrow(/boundary rule 7/);
    expect(() => packHistogramJSON([[1, { count: '1', sum: '0', buckets: [[0, '0', '1']] as never }]])).toThrow(/expected a bucket/);
    expect(() => packHistogramJSON([[1, null as never]])).toThrow(/\[time, histogram\] pair/);
  });

  it('write bucket ranges with their open and closed ends', () => {
    expect(['(', '[', '(', '['].map((_, r) => bucketRangeText(r, '1', '2'))).toEqual(['(1, 2]', '[1, 2)', '(1, 2)', '[1, 2]']);
  });
});

describe('query answers carry native histograms beside floats', () => {
  function service(): QueryService {
    const storage = new MemoryStorage();
    for (let i = 0; i <= 4; i++) {
      storage.append(labelsFromPairs([['__name__', 'mixed'], ['kind', 'float']]), i * 15000, i);
      storage.append(labelsFromPairs([['__name__', 'mixed'], ['kind', 'hist']]), i * 15000, 0, 0, expo(i + 1));
    }
    // One series switches from floats to histograms half way, as Prometheus allows.
    for (let i = 0; i <= 4; i++) {
      const l = labelsFromPairs([['__name__', 'mixed'], ['kind', 'both']]);
      if (i < 2) storage.append(l, i * 15000, 10 + i);
      else storage.append(l, i * 15000, 0, 0, nhcb);
    }
    const s = new QueryService();
    s.useQueryable(storage);
    return s;
  }

  it('a range answer packs histogram points and leaves float-only series as they were', async () => {
    const r = await service().queryRange('mixed', 0, 60, 15);
    if (r.status !== 'success') throw new Error(r.error);
    const byKind = new Map<string, MatrixSeries>(r.data.result.map((s) => [s.metric.kind, s]));
    const float = byKind.get('float')!;
    expect('histograms' in float).toBe(false);
    expect(Array.from(float.values)).toEqual([0, 1, 2, 3, 4]);
    const hist = byKind.get('hist')!;
    expect(hist.values.length).toBe(0);
    expect(Array.from(hist.histograms!.timestamps)).toEqual([0, 15000, 30000, 45000, 60000]);
    expect(histogramPointJSON(hist.histograms!, 2)[1]).toEqual(histogramJSON(expo(3)));
    const both = byKind.get('both')!;
    expect(Array.from(both.timestamps)).toEqual([0, 15000]);
    expect(Array.from(both.histograms!.timestamps)).toEqual([30000, 45000, 60000]);
    expect(histogramPointJSON(both.histograms!, 0)[1]).toEqual(histogramJSON(nhcb));
  });

  it('the packed answer survives a transfer between threads', async () => {
    const r = await service().queryRange('mixed', 0, 60, 15);
    if (r.status !== 'success') throw new Error(r.error);
    const buffers = [...new Set(r.data.result.flatMap((s) => [s.timestamps.buffer, s.values.buffer, ...(s.histograms ? histogramBuffers(s.histograms) : [])]))];
    const points = (d: typeof r.data) => d.result.map((s) => (s.histograms ? Array.from(s.histograms.timestamps, (_, i) => histogramPointJSON(s.histograms!, i)) : []));
    const expected = points(r.data);
    expect(expected.flat().length).toBe(8);
    const copy = structuredClone(r.data, { transfer: buffers as ArrayBuffer[] });
    expect(r.data.result[0].timestamps.length).toBe(0);
    expect(points(copy)).toEqual(expected);
  });

  it('an instant answer has `histogram` in place of `value`, and a range selector `histograms`', async () => {
    const svc = service();
    const v = await svc.query('mixed', 60);
    if (v.status !== 'success' || v.data.resultType !== 'vector') throw new Error('expected a vector');
    const hist = v.data.result.find((s) => s.metric.kind === 'hist')!;
    expect(hist).toEqual({ metric: { __name__: 'mixed', kind: 'hist' }, histogram: [60, histogramJSON(expo(5))] });
    expect(v.data.result.find((s) => s.metric.kind === 'float')).toEqual({ metric: { __name__: 'mixed', kind: 'float' }, value: [60, '4'] });
    const m = await svc.query('mixed{kind="both"}[1m]', 60);
    if (m.status !== 'success' || m.data.resultType !== 'matrix') throw new Error('expected a matrix');
    expect(m.data.result[0].values).toEqual([[15, '11']]);
    expect(m.data.result[0].histograms).toEqual([30, 45, 60].map((t) => [t, histogramJSON(nhcb)]));
  });
});
