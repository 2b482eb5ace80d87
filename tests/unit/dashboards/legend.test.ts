import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { resolveFieldConfig } from '../../../src/dashboards/fieldconfig';
import { allPanels, type Panel } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';

const NEF = path.resolve(__dirname, '../../../../shared/testdata/dashboards/node-exporter-full.json');

function panelWith(options: unknown, overrides: unknown[] = []) {
  return {
    title: 'l',
    panels: [{ id: 1, type: 'timeseries', title: 'T', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'up' }, { refId: 'B', expr: 'rate(x[5m])' }], options, fieldConfig: { defaults: { unit: 'bytes' }, overrides } }],
  };
}

describe('legend and tooltip options', () => {
  it.each([
    ['a right table sorted by Mean', { displayMode: 'table', placement: 'right', calcs: ['mean', 'lastNotNull', 'max'], sortBy: 'Mean', sortDesc: true, showLegend: true }],
    ['a bottom list without sort', { displayMode: 'list', placement: 'bottom', calcs: [], showLegend: true }],
    ['a hidden legend', { displayMode: 'hidden', placement: 'bottom', calcs: ['min'], showLegend: false }],
    ['ascending by name', { displayMode: 'table', placement: 'bottom', calcs: ['sum', 'count'], sortBy: 'Name', sortDesc: false, showLegend: true }],
  ])('%s maps in and back out', (_, legend) => {
    const { dashboard, warnings } = importGrafana(panelWith({ legend, tooltip: { mode: 'multi', sort: 'desc' } }));
    expect(warnings).toEqual([]);
    const p = dashboard.panels[0] as Panel;
    expect(p.options.legend).toEqual(legend);
    const out = (exportGrafana(dashboard).panels as { options: Record<string, unknown> }[])[0].options;
    expect(out.legend).toEqual(legend);
    expect(out.tooltip).toEqual({ mode: 'multi', sort: 'desc' });
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });

  it.each([
    ['single', 'none'],
    ['multi', 'asc'],
    ['none', 'none'],
  ])('tooltip mode %s (sort %s)', (mode, sort) => {
    const p = importGrafana(panelWith({ tooltip: { mode, sort } })).dashboard.panels[0] as Panel;
    expect(p.options.tooltip).toEqual({ mode, sort });
  });

  it('warns about an unknown tooltip mode and keeps single', () => {
    const { dashboard, warnings } = importGrafana(panelWith({ tooltip: { mode: 'sticky' } }));
    expect((dashboard.panels[0] as Panel).options.tooltip?.mode).toBe('single');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^panels\[0\]\.options\.tooltip\.mode: .*sticky/);
  });

  it('migrates an old graph legend sort to sortBy', () => {
    const old = { title: 'g', panels: [{ id: 1, type: 'graph', title: 'G', targets: [], legend: { show: true, alignAsTable: true, values: true, avg: true, max: true, sort: 'avg', sortDesc: true } }] };
    const p = importGrafana(old).dashboard.panels[0] as Panel;
    expect(p.options.legend).toEqual({ showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['max', 'mean'], sortBy: 'Mean', sortDesc: true });
  });
});

describe('unit overrides', () => {
  const overrides = [
    { matcher: { id: 'byName', options: 'rx' }, properties: [{ id: 'unit', value: 'Bps' }, { id: 'custom.axisPlacement', value: 'right' }] },
    { matcher: { id: 'byRegexp', options: '/errors.*/' }, properties: [{ id: 'unit', value: 'percent' }] },
    { matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'unit', value: 'short' }, { id: 'custom.transform', value: 'negative-Y' }] },
  ];
  const { dashboard, warnings } = importGrafana(panelWith({}, overrides));
  const p = dashboard.panels[0] as Panel;

  it('imports the unit and axis placement of each matcher kind without warnings', () => {
    expect(warnings).toEqual([]);
    expect(p.fieldConfig.overrides.map((o) => o.properties.map((x) => [x.id, x.value]))).toEqual([
      [['unit', 'Bps'], ['custom.axisPlacement', 'right']],
      [['unit', 'percent']],
      [['unit', 'short'], ['custom.transform', 'negative-Y']],
    ]);
  });

  it.each([
    ['rx', 'A', 'Bps', 'right', undefined],
    ['errors_total', 'A', 'percent', undefined, undefined],
    ['tx', 'B', 'short', undefined, 'negative-Y'],
    ['tx', 'A', 'bytes', undefined, undefined],
  ])('series %s of query %s has unit %s', (name, refId, unit, placement, transform) => {
    const fc = resolveFieldConfig(p, name, refId);
    expect([fc.unit, fc.custom?.axisPlacement, fc.custom?.transform]).toEqual([unit, placement, transform]);
  });

  it('exports the overrides back', () => {
    const out = (exportGrafana(dashboard).panels as { fieldConfig: { overrides: unknown } }[])[0].fieldConfig.overrides;
    expect(out).toEqual(overrides);
  });
});

describe.skipIf(!existsSync(NEF))('Node Exporter Full legends', () => {
  const { dashboard } = importGrafana(readFileSync(NEF, 'utf8'));
  const series = allPanels(dashboard).filter((p) => p.type === 'timeseries');

  it('keeps the table legends with min, mean and max', () => {
    const tables = series.filter((p) => p.options.legend?.displayMode === 'table');
    expect(tables.length).toBeGreaterThan(90);
    for (const p of tables) expect(p.options.legend?.calcs).toEqual(['min', 'mean', 'max']);
  });

  it('keeps the shared tooltips', () => {
    expect(series.every((p) => p.options.tooltip?.mode === 'multi')).toBe(true);
    expect(series.filter((p) => p.options.tooltip?.sort === 'desc').length).toBe(4);
  });
});
