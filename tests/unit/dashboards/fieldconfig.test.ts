import { describe, expect, it } from 'vitest';
import { CLASSIC_PALETTE, colorValue, seriesColor } from '../../../src/dashboards/colors';
import { applyMappings, fieldMatches, resolveFieldConfig, thresholdColor } from '../../../src/dashboards/fieldconfig';
import { newPanel, type Thresholds, type ValueMapping } from '../../../src/dashboards/model';

const absolute: Thresholds = { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 70, color: 'orange' }, { value: 90, color: 'red' }] };
const percent: Thresholds = { ...absolute, mode: 'percentage' };

describe('thresholdColor', () => {
  it.each([
    [-5, absolute, 0, 100, 'green'],
    [69.9, absolute, 0, 100, 'green'],
    [70, absolute, 0, 100, 'orange'],
    [1e9, absolute, 0, 100, 'red'],
    [0.75, percent, 0, 1, 'orange'],
    [0.95, percent, 0, 1, 'red'],
    [50, percent, 0, 200, 'green'],
    [NaN, absolute, 0, 100, 'green'],
  ])('%s → %s', (v, t, min, max, color) => expect(thresholdColor(v, t, min, max)).toBe(color));
  it('is empty without thresholds', () => expect(thresholdColor(1, undefined)).toBe(''));
});

describe('applyMappings', () => {
  const mappings: ValueMapping[] = [
    { type: 'special', match: 'null', result: { text: 'N/A' } },
    { type: 'special', match: 'nan', result: { text: 'not a number' } },
    { type: 'special', match: 'true', result: { text: 'yes' } },
    { type: 'special', match: 'empty', result: { text: '(empty)' } },
    { type: 'value', value: '1', result: { text: 'UP', color: 'green' } },
    { type: 'range', from: 10, to: 20, result: { text: 'teens' } },
    { type: 'range', from: null, to: -1, result: { text: 'negative' } },
    { type: 'regex', pattern: '/(.*):9100/', result: { text: 'node $1' } },
    { type: 'regex', pattern: 'db.*', result: { color: 'blue' } },
  ];
  it.each([
    [null, { text: 'N/A' }],
    [undefined, { text: 'N/A' }],
    [NaN, { text: 'not a number' }],
    [true, { text: 'yes' }],
    ['', { text: '(empty)' }],
    [1, { text: 'UP', color: 'green' }],
    ['1', { text: 'UP', color: 'green' }],
    [15, { text: 'teens' }],
    [20, { text: 'teens' }],
    [-100, { text: 'negative' }],
    ['host:9100', { text: 'node host' }],
    ['db1', { color: 'blue' }],
    ['xdb1', null],
    [5, null],
  ])('%s', (v, want) => expect(applyMappings(v, mappings)).toEqual(want));
  it('takes the first match', () => {
    expect(applyMappings(1, [{ type: 'range', from: 0, to: 5, result: { text: 'a' } }, { type: 'value', value: '1', result: { text: 'b' } }])).toEqual({ text: 'a' });
  });
});

describe('overrides', () => {
  const p = newPanel('timeseries');
  p.fieldConfig.defaults.unit = 'bytes';
  p.fieldConfig.overrides = [
    { matcher: { type: 'byName', names: ['Rx'], exclude: false }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }, { id: 'displayName', value: 'Received' }] },
    { matcher: { type: 'byRegexp', pattern: '/^Tx.*/' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }, { id: 'custom.fillOpacity', value: 0 }] },
    { matcher: { type: 'byFrameRefID', refId: 'B' }, properties: [{ id: 'unit', value: 'bps' }, { id: 'custom.stacking', value: { mode: 'normal', group: 'A' } }] },
    { matcher: { type: 'byName', names: ['Rx', 'Tx eth0'], exclude: true }, properties: [{ id: 'custom.hideFrom', value: { legend: false, tooltip: false, viz: true } }] },
    { matcher: { type: 'byName', names: ['Rx'], exclude: false }, properties: [{ id: 'displayName', value: 'Last wins' }] },
  ];
  it('applies matching overrides in order over the defaults', () => {
    expect(resolveFieldConfig(p, 'Rx', 'A')).toMatchObject({ unit: 'bytes', displayName: 'Last wins', color: { fixedColor: 'red' } });
    expect(resolveFieldConfig(p, 'Tx eth0', 'A').custom).toMatchObject({ transform: 'negative-Y', fillOpacity: 0, drawStyle: 'line' });
    expect(resolveFieldConfig(p, 'Other', 'B')).toMatchObject({ unit: 'bps', custom: { stacking: { mode: 'normal' }, hideFrom: { viz: true } } });
    expect(p.fieldConfig.defaults.custom?.fillOpacity).toBe(0);
    expect(resolveFieldConfig(p, 'Tx eth0', 'A').custom?.hideFrom).toBeUndefined();
    expect(p.fieldConfig.defaults.custom?.transform).toBeUndefined();
  });
  it.each([
    [{ type: 'byRegexp' as const, pattern: 'Tx.*' }, 'Tx a', true],
    [{ type: 'byRegexp' as const, pattern: 'Tx.*' }, 'a Tx', false],
    [{ type: 'byRegexp' as const, pattern: '/tx/i' }, 'a Tx', true],
    [{ type: 'byRegexp' as const, pattern: '/(?=x)/' }, 'x', false],
  ])('regex matcher %o on %s is %s', (m, name, want) => expect(fieldMatches(m, name, 'A')).toBe(want));
});

describe('colours', () => {
  it.each([
    ['green', '#73BF69'],
    ['dark-red', '#C4162A'],
    ['semi-dark-orange', '#FF780A'],
    ['super-light-blue', '#C0D8FF'],
    ['#890F02', '#890F02'],
    ['rgba(50, 172, 45, 0.97)', 'rgba(50, 172, 45, 0.97)'],
    ['white', 'white'],
    ['transparent', 'transparent'],
    ['red;background:url(https://evil.example/)', ''],
    ['url(x)', ''],
    ['', ''],
  ])('%s → %s', (name, css) => expect(colorValue(name)).toBe(css));
  it('cycles the classic palette', () => {
    expect(seriesColor(0)).toBe('#73BF69');
    expect(seriesColor(CLASSIC_PALETTE.length + 1)).toBe(seriesColor(1));
    expect(seriesColor(-1)).toBe(CLASSIC_PALETTE[CLASSIC_PALETTE.length - 1]);
  });
});
