import { describe, expect, it } from 'vitest';
import { chartOptions, legendClick, nextLegendSort, unitScales, type SeriesStyle } from '../../../src/ui/lib/chartopts';

describe('unitScales', () => {
  it.each<[string, (SeriesStyle | undefined)[], string[], [string, string, string, boolean][]]>([
    ['one unit, one axis', [undefined, undefined], ['y', 'y'], [['y', 'bytes', 'left', true]]],
    ['a second unit gets a right axis', [undefined, { unit: 'percent' }, undefined], ['y', 'y:percent', 'y'], [['y', 'bytes', 'left', true], ['y:percent', 'percent', 'right', true]]],
    ['an override equal to the default shares its axis', [{ unit: 'bytes' }, undefined], ['y', 'y'], [['y', 'bytes', 'left', true]]],
    ['placement left for the second', [undefined, { unit: 's', axisPlacement: 'left' }], ['y', 'y:s'], [['y', 'bytes', 'left', true], ['y:s', 's', 'left', true]]],
    ['first right, then auto goes left', [{ axisPlacement: 'right' }, { unit: 's' }], ['y', 'y:s'], [['y', 'bytes', 'right', true], ['y:s', 's', 'left', true]]],
    ['hidden axis', [undefined, { unit: 's', axisPlacement: 'hidden' }, { unit: 'ms' }], ['y', 'y:s', 'y:ms'], [['y', 'bytes', 'left', true], ['y:s', 's', 'right', false], ['y:ms', 'ms', 'right', true]]],
  ])('%s', (_, styles, scales, axes) => {
    const got = unitScales(styles.length, 'bytes', styles);
    expect(got.scaleOf).toEqual(scales);
    expect(got.axes.map((a) => [a.scale, a.unit, a.side, a.show])).toEqual(axes);
  });

  it('gives a chart without series one axis in the default unit', () => {
    expect(unitScales(0, 'short').axes).toEqual([{ scale: 'y', unit: 'short', side: 'left', show: true, label: '' }]);
  });

  it('labels an axis with the axisLabel of its first series', () => {
    const o = chartOptions({ labels: ['rx', 'tx'], width: 100, height: 100, unit: 'bytes', stacked: false, styles: [{ axisLabel: 'out (-) / in (+)' }, { axisLabel: 'other' }] });
    expect(o.axes?.[1].label).toBe('out (-) / in (+)');
    expect(chartOptions({ labels: ['rx'], width: 100, height: 100, unit: 'bytes', stacked: false }).axes?.[1].label).toBeUndefined();
  });

  it('wires scales and axis sides into the uPlot options', () => {
    const o = chartOptions({ labels: ['a', 'b'], width: 100, height: 100, unit: 'bytes', stacked: false, styles: [undefined, { unit: 'percent' }], ownLegend: true });
    expect(o.series.slice(1).map((s) => s.scale)).toEqual(['y', 'y:percent']);
    expect(o.axes?.slice(1).map((a) => [a.scale, a.side])).toEqual([['y', 3], ['y:percent', 1]]);
    expect(o.legend?.show).toBe(false);
    const value = o.series[2].value as (u: unknown, v: number) => string;
    expect(value(null, 50)).toBe('50%');
  });

  it('shows a negated series with its own sign in uPlot values', () => {
    const opts = (negate: boolean) => chartOptions({ labels: ['tx'], width: 100, height: 100, unit: 'bytes', stacked: false, styles: [{ negate }] });
    const value = (negate: boolean) => opts(negate).series[1].value as (u: unknown, v: number) => string;
    expect(value(true)(null, -2048)).toBe(value(false)(null, 2048));
    expect(value(true)(null, -2048)).not.toBe(value(false)(null, -2048));
  });
});

describe('legendClick', () => {
  it.each([
    ['isolates a series', [true, true, true], 1, false, [false, true, false]],
    ['shows all again when clicking the isolated one', [false, true, false], 1, false, [true, true, true]],
    ['isolates another', [false, true, false], 2, false, [false, false, true]],
    ['ctrl adds a series', [false, true, false], 2, true, [false, true, true]],
    ['ctrl removes a series', [true, true, true], 0, true, [false, true, true]],
  ])('%s', (_, shown, i, toggle, want) => expect(legendClick(shown, i, toggle)).toEqual(want));
});

describe('nextLegendSort', () => {
  it.each([
    [undefined, undefined, 'Max', { sortBy: 'Max', sortDesc: true }],
    ['Max', true, 'Max', { sortBy: 'Max', sortDesc: false }],
    ['Max', false, 'Max', {}],
    ['Max', false, 'Mean', { sortBy: 'Mean', sortDesc: true }],
  ])('%s desc=%s then %s', (by, desc, col, want) => expect(nextLegendSort(by, desc, col)).toEqual(want));
});
