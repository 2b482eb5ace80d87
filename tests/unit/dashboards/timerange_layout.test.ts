import { describe, expect, it } from 'vitest';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { legendName } from '../../../src/dashboards/interpolate';
import { addPanel, nextPanelId, removePanel, toggleRow } from '../../../src/dashboards/layout';
import { allPanels, newDashboard, newPanel, newRow, type Panel, type Row } from '../../../src/dashboards/model';
import { isRelative, parseDateMath, resolveTimeRange } from '../../../src/dashboards/timerange';

const NOW = Date.UTC(2024, 2, 14, 15, 9, 26, 535); // Thursday 2024-03-14 15:09:26.535 UTC
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('date math', () => {
  it.each([
    ['now', false, '2024-03-14T15:09:26.535Z'],
    ['now-6h', false, '2024-03-14T09:09:26.535Z'],
    ['now-90s', false, '2024-03-14T15:07:56.535Z'],
    ['now+1d', false, '2024-03-15T15:09:26.535Z'],
    ['now-1M', false, '2024-02-14T15:09:26.535Z'],
    ['now-1y', false, '2023-03-14T15:09:26.535Z'],
    ['now/d', false, '2024-03-14T00:00:00.000Z'],
    ['now/d', true, '2024-03-14T23:59:59.999Z'],
    ['now-1d/d', false, '2024-03-13T00:00:00.000Z'],
    ['now/w', false, '2024-03-11T00:00:00.000Z'],
    ['now/M', false, '2024-03-01T00:00:00.000Z'],
    ['now/y', true, '2024-12-31T23:59:59.999Z'],
    ['now/h', false, '2024-03-14T15:00:00.000Z'],
    ['2024-01-01T00:00:00Z', false, '2024-01-01T00:00:00.000Z'],
    ['1700000000000', false, '2023-11-14T22:13:20.000Z'],
    ['now-', false, null],
    ['now-6x', false, null],
    ['yesterday', false, null],
  ])('%s (round up %s) in UTC', (text, up, want) => expect(iso(parseDateMath(text, NOW, up, 'utc'))).toBe(want));

  it('rounds in the dashboard timezone', () => {
    expect(iso(parseDateMath('now/d', NOW, false, 'Asia/Tokyo'))).toBe('2024-03-14T15:00:00.000Z');
    expect(iso(parseDateMath('now/d', NOW, false, 'America/New_York'))).toBe('2024-03-14T04:00:00.000Z');
    expect(iso(parseDateMath('now-6h', NOW, false, 'Asia/Tokyo'))).toBe('2024-03-14T09:09:26.535Z');
  });

  it('resolves ranges and reports bad ones', () => {
    expect(resolveTimeRange({ from: 'now-1h', to: 'now' }, NOW, 'utc')).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(() => resolveTimeRange({ from: 'soon', to: 'now' }, NOW)).toThrow(/invalid time "soon"/);
    expect(isRelative({ from: 'now-1h', to: 'now' })).toBe(true);
    expect(isRelative({ from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' })).toBe(false);
  });
});

describe('legend names', () => {
  it.each([
    ['{{device}} rx', { __name__: 'm', device: 'eth0' }, 'eth0 rx'],
    ['{{ device }} / {{missing}}', { device: 'eth0' }, 'eth0 / '],
    ['', { __name__: 'up', job: 'a', instance: 'x' }, 'up{job="a", instance="x"}'],
    ['__auto', { __name__: 'up' }, 'up'],
    ['__auto', {}, 'sum(rate(x[5m]))'],
    ['{{__proto__}}', { a: 'b' }, ''],
  ])('%s', (format, metric, want) => expect(legendName(format, metric, 'sum(rate(x[5m]))')).toBe(want));
});

describe('layout', () => {
  const at = (id: number, y: number, h = 4): Panel => newPanel('stat', id, { x: 0, y, w: 12, h });
  const base = { ...newDashboard('d', 'u'), panels: [newRow('A', 1, 0), at(2, 1), at(3, 5), newRow('B', 4, 9), at(5, 10)] };

  it('collapses a row with the panels below it, and expands it back', () => {
    const collapsed = toggleRow(base, 1);
    const row = collapsed.panels[0] as Row;
    expect(row).toMatchObject({ collapsed: true, panels: [{ id: 2 }, { id: 3 }] });
    expect(collapsed.panels.slice(1).map((p) => [p.id, p.gridPos.y])).toEqual([[4, 1], [5, 2]]);
    expect(allPanels(collapsed).map((p) => p.id).sort()).toEqual([2, 3, 5]);
    expect(toggleRow(collapsed, 1)).toEqual({ ...base, panels: [{ ...base.panels[0] }, ...base.panels.slice(1)] });
    expect(toggleRow(base, 99)).toBe(base);
  });

  it('adds at the top, removes anywhere, numbers ids', () => {
    expect(nextPanelId(toggleRow(base, 1))).toBe(6);
    const added = addPanel(base, at(6, 20, 3));
    expect(added.panels.map((p) => [p.id, p.gridPos.y])).toEqual([[6, 0], [1, 3], [2, 4], [3, 8], [4, 12], [5, 13]]);
    expect(allPanels(removePanel(toggleRow(base, 1), 3)).map((p) => p.id)).toEqual([2, 5]);
  });
});

describe('old text panels', () => {
  it('moves top-level content into options', () => {
    const { dashboard, warnings } = importGrafana({ title: 't', panels: [{ id: 1, type: 'text', mode: 'html', content: '<b>hi</b>' }] });
    expect(allPanels(dashboard)[0]).toMatchObject({ type: 'text', gridPos: { x: 0, y: 0, w: 12, h: 8 }, options: { mode: 'html', content: '<b>hi</b>' } });
    expect(warnings).toEqual(['panels[0]: HTML text is shown as text (links kept, other tags removed)']);
  });
});
