import { describe, expect, it } from 'vitest';
import { framesFromQueries, htmlToMarkdown, newPanel, type Frame, type Panel } from '../../../src/dashboards';
import { arcPath, formatPercent, pieSlices, sliceAngles } from '../../../src/ui/lib/viz/piechart';
import { autoBucketSize, buildHistogram, HISTOGRAM_BUCKET_SIZES } from '../../../src/ui/lib/viz/histogram';
import { stateLegend, stateRows } from '../../../src/ui/lib/viz/statetimeline';
import { barModel } from '../../../src/ui/lib/viz/barchart';
import { contrastText, continuousColor } from '../../../src/ui/lib/viz/fieldcolor';
import { listAlerts, searchDashboards, forDuration } from '../../../src/ui/lib/viz/lists';
import { transformResults } from '../../../src/ui/lib/panel_frames';

function frames(series: { name: string; times: number[]; values: number[] }[]): Frame[] {
  return framesFromQueries([{ refId: 'A', format: 'time_series', legend: (m) => m.name, series: series.map((s) => ({ metric: { name: s.name }, timestamps: s.times, values: s.values })) }]);
}

describe('pie chart', () => {
  it('reduces each series, sorts by value and gives percents of the total', () => {
    const p = newPanel('piechart');
    const slices = pieSlices(p, frames([{ name: 'a', times: [1, 2], values: [5, 1] }, { name: 'b', times: [1, 2], values: [1, 3] }, { name: 'c', times: [1], values: [NaN] }]));
    expect(slices.map((s) => [s.name, s.value, s.percent])).toEqual([['b', 3, 0.75], ['a', 1, 0.25]]);
    expect(slices[0].color).toMatch(/^#/);
    p.options.reduceOptions = { calcs: ['max'], values: false };
    expect(pieSlices(p, frames([{ name: 'a', times: [1, 2], values: [5, 1] }]))[0].value).toBe(5);
  });
  it('lays angles round the circle and writes paths and percents', () => {
    const slices = pieSlices(newPanel('piechart'), frames([{ name: 'a', times: [1], values: [1] }, { name: 'b', times: [1], values: [3] }]));
    const angles = sliceAngles(slices);
    expect(angles[1][1]).toBeCloseTo(Math.PI * 2);
    expect(angles[0][1]).toBeCloseTo(Math.PI * 1.5);
    expect(arcPath(50, 50, 40, 0, 0, Math.PI)).toBe('M 50.00 10.00 A 40 40 0 0 1 50.00 90.00 L 50 50 Z');
    expect(arcPath(50, 50, 40, 20, 0, Math.PI)).toContain('A 20 20 0 0 0');
    expect([0.42, 0.042, 0.0042, 1].map(formatPercent)).toEqual(['42%', '4.2%', '0.42%', '100%']);
  });
});

describe('histogram', () => {
  it('picks Grafana bucket sizes', () => {
    expect(HISTOGRAM_BUCKET_SIZES).toContain(2.5e-9);
    expect(HISTOGRAM_BUCKET_SIZES.filter((s) => s >= 1 && s < 10)).toEqual([1, 2, 4, 5]);
    expect(autoBucketSize([0, 100])).toBe(100);
    expect(autoBucketSize([0, 3, 100])).toBe(10);
    expect(autoBucketSize([0, 0.5, 1])).toBe(0.5);
    expect(autoBucketSize([7])).toBe(1);
  });
  it.each([
    ['auto size', {}, 5, [0, 10, 95], [[2, 1, 0], [0, 0, 1]]],
    ['explicit size', { bucketSize: 50 }, 50, [0, 50], [[3, 0], [0, 1]]],
    ['offset', { bucketSize: 50, bucketOffset: 5 }, 50, [-45, 5, 55], [[2, 1, 0], [0, 0, 1]]],
    ['combined', { bucketSize: 50, combine: true }, 50, [0, 50], [[3, 1]]],
  ])('%s', (_, opts, size, mins, counts) => {
    const h = buildHistogram(frames([{ name: 'a', times: [1, 2, 3], values: [1, 4, 12] }, { name: 'b', times: [1], values: [95] }]), opts)!;
    expect(h.size).toBe(size);
    expect(h.mins).toEqual(mins);
    expect(h.series.map((s) => s.counts)).toEqual(counts);
  });
  it('has nothing to bucket without numbers', () => {
    expect(buildHistogram([{ fields: [{ name: 'x', values: ['a'] }] }])).toBeNull();
  });
});

describe('state timeline and status history', () => {
  function statePanel(type: 'state-timeline' | 'status-history'): Panel {
    const p = newPanel(type);
    p.fieldConfig.defaults.mappings = [
      { type: 'value', value: '1', result: { text: 'Up', color: 'green' } },
      { type: 'value', value: '0', result: { text: 'Down', color: 'red' } },
    ];
    return p;
  }
  const data = () => frames([{ name: 'svc', times: [0, 10, 20, 30, 40], values: [1, 1, 0, NaN, 1] }]);
  it('merges equal values into segments held until the next value, the last to the range end', () => {
    const [row] = stateRows(statePanel('state-timeline'), data(), { from: 0, to: 60 }, 'timeline');
    expect(row.name).toBe('svc');
    expect(row.segments.map((s) => [s.start, s.end, s.text, s.color])).toEqual([
      [0, 20, 'Up', '#73BF69'],
      [20, 30, 'Down', '#F2495C'],
      [40, 60, 'Up', '#73BF69'],
    ]);
    const p = statePanel('state-timeline');
    p.options.mergeValues = false;
    expect(stateRows(p, data(), { from: 0, to: 60 }, 'timeline')[0].segments).toHaveLength(4);
  });
  it('status history draws a cell per sample, colWidth of the step', () => {
    const [row] = stateRows(statePanel('status-history'), data(), { from: 0, to: 60 }, 'history');
    expect(row.segments.map((s) => [s.start, s.end, s.text])).toEqual([[-4.5, 4.5, 'Up'], [5.5, 14.5, 'Up'], [15.5, 24.5, 'Down'], [35.5, 44.5, 'Up']]);
  });
  it('colours by thresholds without mappings, and the legend says what colours mean', () => {
    const p = newPanel('state-timeline');
    p.fieldConfig.defaults.color = { mode: 'thresholds' };
    const [row] = stateRows(p, frames([{ name: 'x', times: [0, 10], values: [50, 90] }]), { from: 0, to: 20 }, 'timeline');
    expect(row.segments.map((s) => s.color)).toEqual(['#73BF69', '#F2495C']);
    expect(stateLegend(p)).toEqual([{ label: '< 80', color: '#73BF69' }, { label: '80+', color: '#F2495C' }]);
    expect(stateLegend(statePanel('state-timeline')).map((l) => l.label)).toEqual(['Up', 'Down']);
    const [cont] = stateRows(newPanel('state-timeline'), frames([{ name: 'x', times: [0, 10], values: [0, 100] }]), { from: 0, to: 20 }, 'timeline');
    expect(cont.segments.map((s) => s.color)).toEqual([continuousColor(0), continuousColor(1)]);
  });
});

describe('bar chart', () => {
  const table = (): Frame[] => framesFromQueries([{ refId: 'A', format: 'table', legend: () => '', series: [
    { metric: { job: 'a' }, timestamps: [1], values: [2] },
    { metric: { job: 'b' }, timestamps: [1], values: [-1] },
  ] }]);
  it('takes categories from the first string field and bars from numbers', () => {
    const m = barModel(newPanel('barchart'), table());
    expect(m.categories).toEqual(['a', 'b']);
    expect(m.series.map((s) => [s.name, s.values])).toEqual([['Value', [2, -1]]]);
    expect([m.lo, m.hi]).toEqual([-1, 2]);
  });
  it('turns one-row series frames into one category each, and stacks in percent', () => {
    const p = newPanel('barchart');
    p.options.stacking = 'percent';
    const m = barModel(p, frames([{ name: 'x', times: [1], values: [1] }, { name: 'y', times: [1], values: [3] }]));
    expect(m.categories).toEqual(['x', 'y']);
    expect(m.series[0].values).toEqual([1, 1]);
  });
  it('says what it needs without an x field', () => {
    expect(barModel(newPanel('barchart'), [{ fields: [{ name: 'v', values: [1] }] }]).error).toMatch(/string or time field/);
  });
});

describe('lists and colours', () => {
  it('searches dashboards by text and tags', () => {
    const list = [{ uid: '1', title: 'Node', tags: ['linux'] }, { uid: '2', title: 'Nodes B', tags: [] }, { uid: '3', title: 'Other', tags: ['linux'] }];
    expect(searchDashboards(list, { query: 'node', tags: [] }).map((d) => d.uid)).toEqual(['1', '2']);
    expect(searchDashboards(list, { query: '', tags: ['linux'], maxItems: 1 }).map((d) => d.uid)).toEqual(['1']);
  });
  it('lists alerting rules by state filter, name and order', () => {
    const rules = [
      { name: 'B', state: 'firing' as const, health: 'ok', alerts: [{ activeAt: '2026-01-01T00:00:00Z' }] },
      { name: 'A', state: 'pending' as const, health: 'ok', alerts: [{ activeAt: '2026-01-02T00:00:00Z' }] },
      { name: 'C', state: 'inactive' as const, health: 'ok', alerts: [] },
      { name: 'D', state: 'inactive' as const, health: 'err', lastError: 'boom', alerts: [] },
    ];
    const filter = { firing: true, pending: true, inactive: false, noData: false, normal: false, error: true };
    expect(listAlerts(rules, { stateFilter: filter, sortOrder: 1 }).map((r) => r.name)).toEqual(['A', 'B', 'D']);
    expect(listAlerts(rules, { stateFilter: filter, sortOrder: 3 }).map((r) => r.name)).toEqual(['D', 'B', 'A']);
    expect(listAlerts(rules, { stateFilter: { ...filter, normal: true }, sortOrder: 2, alertName: 'c' }).map((r) => r.name)).toEqual(['C']);
    expect(forDuration(3_780_000)).toBe('1h 3m');
  });
  it('picks readable text on a colour', () => {
    expect(contrastText('#FADE2A')).toBe('#000000');
    expect(contrastText('#1F60C4')).toBe('#ffffff');
  });
  it('shows HTML text panels as text, never as HTML', () => {
    const md = htmlToMarkdown('<h2>Title</h2><p>Hello <b>world</b> &amp; <a href="https://x.org">link</a></p><script>alert(1)</script><img src=x onerror=alert(1)>&lt;i&gt;');
    expect(md).toBe('## Title\n\nHello world & [link](https://x.org)\n\n<i>');
  });
});

describe('transformations on chart panels', () => {
  it('runs them over the results and gives series back, named by display name', () => {
    const p = newPanel('timeseries');
    p.transformations = [{ id: 'calculateField', mode: 'reduceRow', alias: 'total', replaceFields: true, timeSeries: true, reduce: { reducer: 'sum', include: [] }, binary: { left: '', operator: '+', right: '' }, unary: { operator: 'abs', fieldName: '' } }];
    const series = (v: number[]) => ({ metric: { job: String(v[0]) }, timestamps: new Float64Array([1000, 2000]), values: new Float64Array(v) });
    const out = transformResults(p, { warnings: [], targets: [{ refId: 'A', legendFormat: '{{job}}', kind: 'range', series: [series([1, 2]), series([10, 20])], start: 1, end: 2, step: 1 }] });
    expect(out.targets).toHaveLength(1);
    const t = out.targets[0];
    expect(t.kind === 'range' && [t.legendFormat, Array.from(t.series[0].values)]).toEqual(['total', [11, 22]]);
  });
});
