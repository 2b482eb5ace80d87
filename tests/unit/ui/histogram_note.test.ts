import { describe, expect, it } from 'vitest';
import { packHistogramJSON } from '../../../src/api/histogram_columns';
import type { MatrixSeries } from '../../../src/api/types';
import { histogramNote } from '../../../src/ui/lib/histogram_note';
import { panelFrames } from '../../../src/ui/lib/panel_frames';
import { newPanel } from '../../../src/dashboards';
import type { TargetResult } from '../../../src/ui/lib/dashboard_runtime';

const hist: MatrixSeries = {
  metric: { __name__: 'x' },
  timestamps: new Float64Array(0),
  values: new Float64Array(0),
  histograms: packHistogramJSON([[10, { count: '3', sum: '1', buckets: [[0, '1', '2', '3']] }]]),
};
const float: MatrixSeries = { metric: { __name__: 'y' }, timestamps: new Float64Array([10000]), values: new Float64Array([1]) };
const range = (series: MatrixSeries[]): TargetResult => ({ refId: 'A', legendFormat: '', kind: 'range', series, start: 0, end: 10, step: 10 });

describe('histogramNote', () => {
  it('says which functions turn histograms into floats when a float panel gets only histograms', () => {
    const n = histogramNote('timeseries', [range([hist])])!;
    expect(n).toMatchObject({ histogramSeries: 1, floatSeries: 0 });
    expect(n.text).toMatch(/^This query returns a native histogram series, which a time series panel does not draw\. /);
    expect(n.text).toContain('histogram_quantile(0.9, …)');
    expect(n.text).toContain('heatmap or histogram panel');
  });

  it('counts float series beside the histograms, over range and instant results', () => {
    const instant: TargetResult = {
      refId: 'B',
      legendFormat: '',
      kind: 'instant',
      data: { resultType: 'vector', result: [{ metric: {}, histogram: [10, { count: '1', sum: '1' }] }, { metric: {}, value: [10, '2'] }] },
    };
    const n = histogramNote('stat', [range([hist, float]), instant])!;
    expect(n).toMatchObject({ histogramSeries: 2, floatSeries: 2 });
    expect(n.text).toContain('2 native histogram series, which a stat panel does not draw (its float series are shown)');
  });

  it('is silent without histograms and for the panels that draw them', () => {
    expect(histogramNote('timeseries', [range([float])])).toBeNull();
    expect(histogramNote('heatmap', [range([hist])])).toBeNull();
    expect(histogramNote('histogram', [range([hist])])).toBeNull();
    expect(histogramNote('table', [range([hist])])).toBeNull();
    expect(histogramNote('stat', [{ refId: 'A', legendFormat: '', kind: 'error', error: 'x' }])).toBeNull();
  });
});

describe('table frames of native histograms', () => {
  it("lists each bucket of each sample as Grafana's heatmap-cells frame, after the float frames", () => {
    const p = newPanel('table', 1, { x: 0, y: 0, w: 12, h: 8 });
    p.targets = [{ refId: 'A', expr: 'x', legendFormat: '', format: 'time_series', instant: false, range: true, interval: '', hide: false }];
    const frames = panelFrames(p, [range([hist, float])]);
    expect(frames).toHaveLength(2);
    const h = frames[1];
    expect(h.fields.map((f) => f.name)).toEqual(['xMax', 'yMin', 'yMax', 'count', 'yLayout']);
    expect(h.fields.map((f) => f.values)).toEqual([[10000], [1], [2], [3], [0]]);
    expect(h.fields[1].labels).toEqual({ __name__: 'x' });
    // Other frame panels keep to the float series.
    p.type = 'barchart';
    expect(panelFrames(p, [range([hist, float])]).flatMap((f) => f.fields.map((x) => x.name))).not.toContain('xMax');
  });
});
