import { describe, expect, it } from 'vitest';
import { packHistogramJSON, packHistograms } from '../../../src/api/histogram_columns';
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram } from '../../../src/model/histogram';
import { histogramJSON, type HistogramJSON } from '../../../src/model/histogram_json';
import { bucketRows, bucketAverages, hasHistograms, histogramBars, nativeHeatmap } from '../../../src/ui/lib/native_histogram';

// Schema 0: bucket i is (2^(i-1), 2^i]; a zero bucket [-0.001, 0.001] and one negative bucket [-2, -1).
const h = newFloatHistogram({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: 1,
  count: 10,
  sum: 12,
  positive: { index: [0, 1, 3], count: [2, 3, 4] },
  negative: { index: [1], count: [0] },
});

describe('bucket table', () => {
  it('lists each bucket with its open and closed ends and its count', () => {
    expect(bucketRows(histogramJSON(h))).toEqual([
      { range: '[-0.001, 0.001]', count: '1' },
      { range: '(0.5, 1]', count: '2' },
      { range: '(1, 2]', count: '3' },
      { range: '(4, 8]', count: '4' },
    ]);
  });

  it('is empty for a histogram without buckets', () => {
    expect(bucketRows({ count: '0', sum: '0' })).toEqual([]);
  });
});

describe('bucket bar chart', () => {
  it('gives exponential buckets equal widths, leaves the gap of an empty bucket, and scales heights by count', () => {
    const { bars, ticks, maxCount } = histogramBars(histogramJSON(h), 'exponential');
    expect(maxCount).toBe(4);
    const widths = bars.slice(1).map((b) => b.x1 - b.x0);
    expect(widths[0]).toBeCloseTo(widths[1]);
    expect(widths[1]).toBeCloseTo(widths[2]);
    // (2, 4] is empty: the bar of (4, 8] starts one bucket width after (1, 2] ends.
    expect(bars[3].x0 - bars[2].x1).toBeCloseTo(widths[0]);
    expect(bars.map((b) => b.height)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(bars[0].x0).toBe(0);
    expect(bars[3].x1).toBe(1);
    expect(bars.map((b) => b.range)).toEqual(['[-0.001, 0.001]', '(0.5, 1]', '(1, 2]', '(4, 8]']);
    expect(ticks.map((t) => t.label)).toEqual(['-0.001', '0', '8']);
  });

  it('on a linear axis places bounds where they are and heights by count per unit', () => {
    const j: HistogramJSON = { count: '6', sum: '9', buckets: [[0, '0', '1', '2'], [0, '1', '3', '4']] };
    const { bars } = histogramBars(j, 'linear');
    expect(bars.map((b) => [b.x0, b.x1])).toEqual([[0, 1 / 3], [1 / 3, 1]]);
    expect(bars.map((b) => b.height)).toEqual([1, 1]);
  });

  it('draws custom buckets with infinite ends one bucket wide beyond the last bound', () => {
    const nhcb = newFloatHistogram({ schema: CUSTOM_BUCKETS_SCHEMA, count: 3, sum: 1, positive: { index: [0, 1, 2], count: [1, 1, 1] }, customValues: [1, 2] });
    for (const scale of ['exponential', 'linear'] as const) {
      const { bars, ticks } = histogramBars(histogramJSON(nhcb), scale);
      expect(bars.every((b) => Number.isFinite(b.x0) && Number.isFinite(b.x1) && b.x1 > b.x0)).toBe(true);
      expect(bars[0].x0).toBe(0);
      expect(bars[2].x1).toBe(1);
      expect(ticks.map((t) => t.label)).toEqual(['-Inf', '+Inf']);
      // The buckets with an infinite end are as wide as a typical bucket, not the whole axis.
      expect(bars[0].x1 - bars[0].x0).toBeLessThan(0.5);
      expect(bars[2].x1 - bars[2].x0).toBeLessThan(0.5);
    }
  });

  it('has no bars without buckets', () => {
    expect(histogramBars({ count: '0', sum: '0' }, 'exponential').bars).toEqual([]);
  });
});

describe('native histogram heatmap', () => {
  const scaled = (f: number) => newFloatHistogram({ ...h, count: 10 * f, positive: { index: [0, 1], count: [2 * f, 3 * f] } });

  it('has one row per distinct bucket and the counts at each step', () => {
    const cols = packHistograms([0, 15000, 45000], [scaled(1), scaled(2), scaled(3)]);
    const grid = nativeHeatmap([{ histograms: cols }], 0, 60, 15);
    expect(grid.times).toEqual([0, 15, 30, 45, 60]);
    expect(grid.ranges).toEqual(['[-0.001, 0.001]', '(0.5, 1]', '(1, 2]']);
    expect(grid.bounds).toEqual([0.001, 1, 2]);
    expect(grid.lowers).toEqual([-0.001, 0.5, 1]);
    expect(grid.rules).toEqual([3, 0, 0]);
    expect(grid.cells).toEqual([
      [1, 1, 0, 1, 0],
      [2, 4, 0, 6, 0],
      [3, 6, 0, 9, 0],
    ]);
    expect(grid.max).toBe(9);
  });

  it('sums series where buckets coincide and keeps the others apart, ignoring float-only series', () => {
    const a = packHistograms([0], [scaled(1)]);
    const b = packHistogramJSON([[0, { count: '5', sum: '1', buckets: [[0, '1', '2', '5'], [0, '2', '4', '7']] }]]);
    const grid = nativeHeatmap([{ histograms: a }, { histograms: b }, {}], 0, 0, 15);
    expect(grid.ranges).toEqual(['[-0.001, 0.001]', '(0.5, 1]', '(1, 2]', '(2, 4]']);
    expect(grid.cells.map((r) => r[0])).toEqual([1, 2, 8, 7]);
    expect(hasHistograms([{}, { histograms: a }])).toBe(true);
    expect(hasHistograms([{}])).toBe(false);
  });
});

describe('bucket averages over a range', () => {
  it('adds the series bucket by bucket and averages over the steps', () => {
    const a = packHistogramJSON([
      [0, { count: '3', sum: '2', buckets: [[0, '1', '2', '1'], [0, '2', '4', '2']] }],
      [15, { count: '1', sum: '1', buckets: [[0, '2', '4', '1']] }],
    ]);
    const b = packHistogramJSON([[0, { count: '5', sum: '1', buckets: [[3, '-0.001', '0.001', '5']] }]]);
    expect(bucketAverages([{ histograms: a }, {}, { histograms: b }])).toEqual({
      count: '4.5',
      sum: '2',
      buckets: [[3, '-0.001', '0.001', '2.5'], [0, '1', '2', '0.5'], [0, '2', '4', '1.5']],
    });
    expect(bucketAverages([{}])).toBeNull();
  });
});
