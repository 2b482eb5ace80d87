import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { allPanels } from '../../../src/dashboards/model';
import { panelTime, timeOverrideError } from '../../../src/dashboards/panel_time';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';

const H = 3_600_000;
const END = Date.UTC(2026, 11, 7, 15, 30);
const range = { from: END - 6 * H, to: END };

describe('panel time overrides', () => {
  it.each([
    [{}, range.from, range.to, ''],
    [{ timeFrom: '1h' }, END - H, END, 'Last 1 hour'],
    [{ timeFrom: '7d' }, END - 168 * H, END, 'Last 7 days'],
    [{ timeShift: '1d' }, range.from - 24 * H, END - 24 * H, 'timeshift -1d'],
    [{ timeFrom: '2h', timeShift: '1h' }, END - 3 * H, END - H, 'Last 2 hours timeshift -1h'],
    [{ timeFrom: 'now/d' }, Date.UTC(2026, 11, 7), Date.UTC(2026, 11, 8) - 1, 'now/d'],
    [{ timeFrom: 'soon' }, range.from, range.to, 'invalid time override'],
    [{ timeShift: 'now-1h' }, range.from, range.to, 'invalid timeshift'],
  ])('%j', (panel, from, to, info) => {
    expect(panelTime(panel, range, 'utc')).toEqual({ from, to, info });
  });

  it('checks the texts', () => {
    expect(timeOverrideError('1h')).toBe('');
    expect(timeOverrideError('')).toBe('');
    expect(timeOverrideError('1 hour')).toBe('"1 hour" is not a duration such as 1h or 7d');
    expect(timeOverrideError('now/x')).toBe('"now/x" is not a time such as now/d');
  });

  it('is imported, exported to Grafana and kept in Promtab JSON; an invalid one is a warning', () => {
    const { dashboard, warnings } = importGrafana({
      title: 't',
      schemaVersion: 42,
      panels: [
        { id: 1, type: 'stat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 }, timeFrom: ' 24h ', timeShift: '1d', targets: [{ refId: 'A', expr: 'up' }] },
        { id: 2, type: 'stat', title: 'Bad', gridPos: { x: 6, y: 0, w: 6, h: 4 }, timeFrom: 'yesterday', targets: [{ refId: 'A', expr: 'up' }] },
      ],
    });
    const [s, bad] = allPanels(dashboard);
    expect(s).toMatchObject({ timeFrom: '24h', timeShift: '1d' });
    expect(bad).not.toHaveProperty('timeFrom');
    expect(warnings).toContain('panels[1].timeFrom: "yesterday" is not a duration such as 1h or 7d, ignored');
    const out = (exportGrafana(dashboard).panels as Record<string, unknown>[])[0];
    expect([out.timeFrom, out.timeShift]).toEqual(['24h', '1d']);
    expect(importGrafana(exportGrafana(dashboard)).dashboard).toEqual(dashboard);
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });
});
