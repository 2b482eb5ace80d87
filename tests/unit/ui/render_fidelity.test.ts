import { describe, expect, it } from 'vitest';
import { mergeLimits, percentLimits, yRange } from '../../../src/ui/lib/axisrange';
import { stackColumns, stackGroups, type StackSeries } from '../../../src/ui/lib/stacking';
import { chartOptions, plotData, scaleLimits, timeTick, unitScales, type SeriesStyle } from '../../../src/ui/lib/chartopts';
import { formatUnit } from '../../../src/ui/lib/units';
import { panelSeries } from '../../../src/ui/lib/panelseries';
import { newPanel, type FieldMatcher, type Panel } from '../../../src/dashboards/model';
import { fieldColor, fieldDisplayName, matchField, resolveField } from '../../../src/dashboards/fieldconfig';
import { statValues } from '../../../src/ui/lib/statvalues';
import type { TargetResult } from '../../../src/ui/lib/dashboard_runtime';
import { bigValueLayout, fitFontSize, LINE_HEIGHT, statGrid } from '../../../src/ui/lib/textfit';

const s = (over: Partial<StackSeries> = {}): StackSeries => ({ mode: 'normal', group: 'A', scale: 'y', ...over });

describe('stackGroups', () => {
  it.each<[string, StackSeries[], number[][]]>([
    ['one group', [s(), s(), s()], [[0, 1, 2]]],
    ['mode none stays out', [s(), s({ mode: 'none' }), s()], [[0, 2]]],
    ['a group of its own (Grafana group false)', [s({ group: 'false' }), s(), s()], [[0], [1, 2]]],
    ['hidden series stack with no one', [s(), s({ hidden: true }), s()], [[0, 2]]],
    ['another axis is another stack', [s(), s({ scale: 'y:percent' }), s()], [[0, 2], [1]]],
    ['bars and lines stack apart', [s(), s({ draw: 'bars' })], [[0], [1]]],
    ['normal and percent stack apart', [s(), s({ mode: 'percent' })], [[0], [1]]],
  ])('%s', (_, series, want) => {
    const cols = series.map(() => [1, 2]);
    expect(stackGroups(series, cols).map((g) => g.series)).toEqual(want);
  });

  it('stacks series drawn below zero downwards, apart from those above', () => {
    const groups = stackGroups([s(), s(), s()], [[1, 2], [-1, -2], [3, 3]]);
    expect(groups.map((g) => [g.dir, g.series])).toEqual([[1, [0, 2]], [-1, [1]]]);
  });
});

describe('stackColumns', () => {
  it('sums within a group, keeps others; a gap counts as zero only where another series of the group has a value', () => {
    const cols = [[1, null, 3, null], [10, 20, null, null], [5, 5, 5, 5]];
    const groups = stackGroups([s(), s(), s({ mode: 'none' })], cols);
    const { cols: out, bands } = stackColumns(cols, groups);
    expect(out).toEqual([[1, 0, 3, null], [11, 20, 3, null], [5, 5, 5, 5]]);
    expect(bands).toEqual([{ series: [1, 0], dir: -1 }]);
  });
  it('divides percent groups by the group total', () => {
    const cols = [[1, 0], [3, 0]];
    const { cols: out } = stackColumns(cols, stackGroups([s({ mode: 'percent' }), s({ mode: 'percent' })], cols));
    expect(out).toEqual([[0.25, 0], [1, 0]]);
  });
});

describe('yRange', () => {
  it.each<[string, number | null, number | null, Parameters<typeof yRange>[2], [number | null, number | null]]>([
    ['min and max are the range', 12, 80, { min: 0, max: 100 }, [0, 100]],
    ['hard limits win over data outside them', -5, 130, { min: 0, max: 100 }, [0, 100]],
    ['min only: max padded by 10 %', 0, 9.3, { min: 0 }, [0, 10.3]],
    ['soft max widens', 1, 20, { softMax: 100 }, [0, 100]],
    ['soft max does not cut', 1, 150, { softMax: 100 }, [0, 170]],
    ['soft min below the data', 50, 60, { softMin: 0 }, [0, 61]],
    ['centred zero is symmetric', -2, 10, { centeredZero: true }, [-12, 12]],
    ['no data, no range', null, null, {}, [null, null]],
    ['no data but a fixed range', null, null, { min: 0, max: 1 }, [0, 1]],
  ])('%s', (_, lo, hi, l, want) => {
    const got = yRange(lo, hi, l);
    expect(got[0]).toBe(want[0]);
    if (want[1] === null) expect(got[1]).toBeNull();
    else expect(got[1]).toBeCloseTo(want[1], 6);
  });
  it('merges limits per axis: lowest min, highest max', () => {
    expect(mergeLimits([{ min: 0, max: 50 }, undefined, { min: -10, softMax: 5 }, { max: 100 }])).toEqual({ min: -10, max: 100, softMin: undefined, softMax: 5, centeredZero: undefined });
    expect(percentLimits(false)).toEqual({ min: 0, max: 1 });
    expect(percentLimits(true)).toEqual({ min: -1, max: 1 });
  });
});

describe('plotData and chartOptions', () => {
  it('stacks and negates as the styles say, and fixes a percent axis to 0..1', () => {
    const styles: SeriesStyle[] = [{ stack: { mode: 'percent', group: 'A' } }, { stack: { mode: 'percent', group: 'A' } }, { negate: true }];
    const pd = plotData([0, 1], [[1, 1], [1, 3], [5, 6]], 'bytes', styles);
    expect(pd.data.slice(1)).toEqual([[0.5, 0.25], [1, 1], [-5, -6]]);
    const { scaleOf, axes } = unitScales(3, 'bytes', styles);
    expect(axes.map((a) => a.unit)).toEqual(['percentunit', 'bytes']);
    expect(scaleLimits(scaleOf, styles, pd.groups).get('y')).toEqual({ min: 0, max: 1 });
    const o = chartOptions({ labels: ['a', 'b', 'c'], width: 100, height: 100, unit: 'bytes', stacked: false, styles, groups: pd.groups, bands: pd.bands });
    expect(o.bands).toEqual([{ series: [2, 1], dir: -1 }]);
    expect(o.scales?.y.auto).toBe(false);
  });
});

function memoryBasic(): Panel {
  const p = newPanel('timeseries');
  p.fieldConfig.defaults = { unit: 'bytes', min: 0, custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 40, lineWidth: 1 } };
  p.fieldConfig.overrides = [
    { matcher: { type: 'byName', names: ['Total'], exclude: false }, properties: [{ id: 'custom.fillOpacity', value: 0 }, { id: 'custom.stacking', value: { group: 'false', mode: 'normal' } }, { id: 'color', value: { mode: 'fixed', fixedColor: '#E0F9D7' } }] },
    { matcher: { type: 'byRegexp', pattern: '/.*Tx.*/' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }] },
    { matcher: { type: 'byFrameRefID', refId: 'C' }, properties: [{ id: 'displayName', value: 'Cache on ${__field.labels.instance}' }] },
  ];
  p.options.legend = { showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['min', 'mean', 'max'] };
  return p;
}

const GiB = 1024 ** 3;
const series = (instance: string, v: number[]) => ({ metric: { instance }, timestamps: new Float64Array(v.map((_, i) => (1000 + i * 60) * 1000)), values: new Float64Array(v) });
const result = (refId: string, legendFormat: string, vs: number[]) => ({ refId, legendFormat, series: [series('n1', vs)], start: 1000, end: 1060, step: 60 });

describe('panelSeries', () => {
  it('takes Total out of the stack as Node Exporter Full asks, so the axis ends near total memory', () => {
    const p = memoryBasic();
    const drawn = panelSeries(p, [result('A', 'Total', [16 * GiB, 16 * GiB]), result('B', 'Used', [6 * GiB, 7 * GiB]), result('C', 'Cache', [5 * GiB, 5 * GiB]), result('D', 'Free', [5 * GiB, 4 * GiB])])!;
    expect(drawn.chart.labels).toEqual(['Total', 'Used', 'Cache on n1', 'Free']);
    expect(drawn.styles.map((st) => st.stack)).toEqual([{ mode: 'normal', group: 'false' }, { mode: 'normal', group: 'A' }, { mode: 'normal', group: 'A' }, { mode: 'normal', group: 'A' }]);
    expect(drawn.styles[0]).toMatchObject({ color: '#E0F9D7', fill: 0 });
    const pd = plotData(drawn.chart.data[0], drawn.chart.data.slice(1) as (number | null)[][], 'bytes', drawn.styles);
    expect(pd.groups.map((g) => g.series)).toEqual([[0], [1, 2, 3]]);
    const top = Math.max(...(pd.data.slice(1) as number[][]).flat());
    expect(top).toBe(16 * GiB);
    const [lo, hi] = yRange(0, top, scaleLimits(['y', 'y', 'y', 'y'], drawn.styles, pd.groups).get('y')!);
    expect(lo).toBe(0);
    expect(hi!).toBeLessThan(1.5 * 16 * GiB);
    expect(drawn.calcValues[1]).toEqual([6 * GiB, 6.5 * GiB, 7 * GiB]);
  });
  it('negates the series a regex override names', () => {
    const drawn = panelSeries(memoryBasic(), [result('A', 'Rx eth0', [1, 2]), result('B', 'Tx eth0', [3, 4])])!;
    expect(drawn.styles.map((st) => st.negate)).toEqual([false, true]);
  });
});

// A monospace stand-in for a canvas: every character is 0.6 em wide.
const mono = (text: string, size: number) => text.length * size * 0.6;

describe('auto text size', () => {
  it('fits by width or by height, whichever is tighter', () => {
    expect(fitFontSize('24 GiB', 100, 200, mono)).toBeCloseTo((100 / (6 * 14 * 0.6 + 2)) * 14, 0);
    expect(fitFontSize('4', 400, 30, mono)).toBe(25);
    expect(fitFontSize('a long title', 400, 300, mono, 30)).toBe(30);
  });
  it('never overflows the box it was given', () => {
    for (const [w, h, text] of [[70, 30, '252 GiB'], [60, 40, '24 GiB'], [300, 20, '3.0 day'], [40, 200, '100%']] as const) {
      const size = fitFontSize(text, w, h, mono);
      expect(mono(text, size)).toBeLessThanOrEqual(w);
      expect(size * LINE_HEIGHT).toBeLessThanOrEqual(h + 0.01);
    }
  });
  it('lays out a small Node Exporter Full stat (w=2, h=2) stacked, a wide one side by side', () => {
    const small = bigValueLayout({ width: 90, height: 40, value: '252 GiB', title: '', sparkline: false, measure: mono });
    expect(small.kind).toBe('stacked');
    expect(mono('252 GiB', small.valueSize)).toBeLessThanOrEqual(90 - 2 * small.padding);
    expect(small.valueSize * LINE_HEIGHT).toBeLessThanOrEqual(40 - 2 * small.padding + 0.01);
    const wide = bigValueLayout({ width: 400, height: 60, value: '3.0 day', title: 'Uptime', sparkline: true, measure: mono });
    expect(wide.kind).toBe('wide');
    expect(wide.chartHeight).toBe(30);
    expect(wide.titleSize).toBeGreaterThan(0);
    const tall = bigValueLayout({ width: 200, height: 200, value: '42', title: 'cpu', sparkline: true, measure: mono });
    expect(tall.kind).toBe('stacked');
    expect(tall.titleSize).toBeLessThanOrEqual(tall.valueSize * 0.7);
    expect(tall.chartHeight).toBeGreaterThan(0);
  });
  it('places several values side by side when wide, one under another when tall or horizontal', () => {
    expect(statGrid(3, 600, 100)).toMatchObject({ columns: 3, rows: 1 });
    expect(statGrid(3, 100, 300)).toMatchObject({ columns: 1, rows: 3 });
    expect(statGrid(4, 600, 100, 'horizontal')).toMatchObject({ columns: 1, rows: 4 });
    expect(statGrid(10, 300, 100)).toMatchObject({ columns: 3, rows: 4 });
  });
});

describe('units of Node Exporter Full and the corpus', () => {
  it.each<[number, string, number | undefined, string]>([
    [16 * 1024 ** 3, 'bytes', 0, '16 GiB'],
    [252 * 1024 ** 3, 'bytes', 0, '252 GiB'],
    [1.5e9, 'decbytes', undefined, '1.5 GB'],
    [0.4567, 'percentunit', 1, '45.7%'],
    [45.67, 'percent', undefined, '45.7%'],
    [259_200, 's', 1, '3.0 day'],
    [1_209_600, 's', 1, '2.0 week'],
    [0.0042, 's', undefined, '4.2 ms'],
    [1500, 'ms', undefined, '1.5 s'],
    [2500, 'ops', undefined, '2.5 K ops/s'],
    [12, 'mps', undefined, '12 msg/s'],
    [3, 'opm', undefined, '3 ops/m'],
    [2.2e9, 'hertz', undefined, '2.2 GHz'],
    [1_000_000, 'bps', undefined, '1 Mb/s'],
    [1, 'bool_yes_no', undefined, 'Yes'],
    [55, 'celsius', undefined, '55°C'],
    [270_000, 'dtdurations', undefined, '3 days'],
    [270_000, 'dtdurations', 1, '3 days, 3 hours'],
    [3_723_000, 'clockms', undefined, '01:02:03'],
  ])('%s %s (decimals %s) → %s', (v, unit, decimals, want) => expect(formatUnit(v, unit, decimals)).toBe(want));
});

describe('time axis ticks', () => {
  const t = new Date(2026, 11, 7, 14, 8, 30).getTime() / 1000;
  it.each<[number, string]>([
    [10, '14:08:30'],
    [300, '14:08'],
    [7200, '12/07 14:08'],
    [86400 * 2, '12/07'],
    [86400 * 60, '2026-12'],
    [86400 * 800, '2026'],
  ])('a tick every %s s reads %s', (incr, want) => expect(timeTick(t, incr)).toBe(want));
});

describe('field matchers, display names and colours', () => {
  const f = { name: 'Rx eth0', refId: 'A', labels: { device: 'eth0', instance: 'n1' }, reduce: (c: string) => (c === 'max' ? 10 : 2) };
  it.each<[string, FieldMatcher, boolean]>([
    ['byName', { type: 'byName', names: ['Rx eth0'], exclude: false }, true],
    ['byNames exclude', { type: 'byName', names: ['Rx eth0', 'Tx eth0'], exclude: true }, false],
    ['byRegexp', { type: 'byRegexp', pattern: '/Rx.*/' }, true],
    ['byFrameRefID', { type: 'byFrameRefID', refId: 'B' }, false],
    ['byType number', { type: 'byType', fieldType: 'number' }, true],
    ['byType string', { type: 'byType', fieldType: 'string' }, false],
    ['byValue max >= 10', { type: 'byValue', reducer: 'max', op: 'gte', value: 10 }, true],
    ['byValue mean > 5', { type: 'byValue', reducer: 'mean', op: 'gt', value: 5 }, false],
  ])('%s', (_, m, want) => expect(matchField(m, f)).toBe(want));

  it('applies overrides in order; a null value removes an option', () => {
    const p = newPanel('timeseries');
    p.fieldConfig.defaults = { unit: 'bytes', decimals: 2, custom: { fillOpacity: 10, lineWidth: 1 } };
    p.fieldConfig.overrides = [
      { matcher: { type: 'byRegexp', pattern: '/.*eth0/' }, properties: [{ id: 'unit', value: 'bps' }, { id: 'custom.fillOpacity', value: 0 }] },
      { matcher: { type: 'byName', names: ['Rx eth0'], exclude: false }, properties: [{ id: 'unit', value: 'Bps' }, { id: 'decimals', value: null }, { id: 'custom.lineWidth', value: null }] },
    ];
    const fc = resolveField(p, f);
    expect(fc.unit).toBe('Bps');
    expect(fc.decimals).toBeUndefined();
    expect(fc.custom).toEqual({ fillOpacity: 0 });
    expect(p.fieldConfig.defaults.custom).toEqual({ fillOpacity: 10, lineWidth: 1 });
  });

  it('expands displayName templates', () => {
    expect(fieldDisplayName('${__field.labels.device} on ${__field.labels.instance}', 'x', f.labels)).toBe('eth0 on n1');
    expect(fieldDisplayName('Disk ${__field.name}', 'sda', {})).toBe('Disk sda');
    expect(fieldDisplayName('${__field.labels}', 'x', { __name__: 'up', job: 'node' })).toBe('{job="node"}');
    expect(fieldDisplayName(undefined, 'x', {})).toBe('x');
  });

  it('colours a series by its colour mode', () => {
    const t = { mode: 'absolute' as const, steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] };
    expect(fieldColor({ color: { mode: 'fixed', fixedColor: 'red' } }, 0, 'a', 1)).toBe('#F2495C');
    expect(fieldColor({}, 1, 'a', 1)).toBe('#F2CC0C');
    expect(fieldColor({ color: { mode: 'thresholds' }, thresholds: t }, 0, 'a', 90)).toBe('#F2495C');
    expect(fieldColor({ color: { mode: 'continuous-GrYlRd' } }, 0, 'a', 0, 0, 100)).toBe('#73BF69');
    expect(fieldColor({ color: { mode: 'continuous-GrYlRd' } }, 0, 'a', 100, 0, 100)).toBe('#F2495C');
    expect(fieldColor({ color: { mode: 'palette-classic-by-name' } }, 0, 'same', 1)).toBe(fieldColor({ color: { mode: 'palette-classic-by-name' } }, 5, 'same', 1));
  });
});

describe('stat values', () => {
  it('maps a missing value to N/A, formats, colours by thresholds and places the value between min and max', () => {
    const p = newPanel('stat');
    p.fieldConfig.defaults = {
      unit: 'percent',
      decimals: 1,
      min: 0,
      max: 100,
      thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 85, color: 'red' }] },
      mappings: [{ type: 'special', match: 'null', result: { text: 'N/A' } }],
    };
    const results: TargetResult[] = [
      { refId: 'A', legendFormat: '', kind: 'instant', data: { resultType: 'vector', result: [{ metric: { instance: 'a' }, value: [1, '90'] }] } },
      { refId: 'B', legendFormat: 'none', kind: 'range', series: [{ metric: {}, timestamps: new Float64Array([1000, 2000]), values: new Float64Array([NaN, NaN]) }], start: 1, end: 2, step: 1 },
    ];
    const items = statValues(p, results);
    expect(items.map((i) => [i.text, i.color, i.frac])).toEqual([['90.0%', '#F2495C', 0.9], ['N/A', '#73BF69', 0]]);
    expect(items[0].steps).toEqual([{ from: 0, to: 0.85, color: '#73BF69' }, { from: 0.85, to: 1, color: '#F2495C' }]);
  });
});
