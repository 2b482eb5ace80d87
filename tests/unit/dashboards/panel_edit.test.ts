import { describe, expect, it } from 'vitest';
import {
  addOverride,
  addTarget,
  addThresholdStep,
  changePanelType,
  duplicatePanel,
  duplicateTarget,
  nextRefId,
  queryType,
  refIdAt,
  removeTarget,
  removeThresholdStep,
  setOverrideProperty,
  setQueryType,
  setThresholdValue,
} from '../../../src/dashboards/panel_edit';
import { fieldMatches, resolveFieldConfig } from '../../../src/dashboards/fieldconfig';
import { exportGrafana, exportPromtab, importGrafana, importPromtab } from '../../../src/dashboards';
import { newDashboard, newPanel, newTarget, type Thresholds } from '../../../src/dashboards/model';

describe('refIds', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('refIdAt(%i) = %s', (n, id) => expect(refIdAt(n)).toBe(id));

  it('nextRefId fills the first gap', () => {
    expect(nextRefId([])).toBe('A');
    expect(nextRefId([{ refId: 'A' }, { refId: 'C' }])).toBe('B');
    expect(nextRefId(Array.from({ length: 26 }, (_, i) => ({ refId: refIdAt(i) })))).toBe('AA');
  });
});

describe('query rows', () => {
  it('adds a query like the last one, duplicates after the source, removes with its refId overrides', () => {
    const p = newPanel('stat');
    p.targets[0].expr = 'up';
    const b = addTarget(p);
    expect(b).toMatchObject({ refId: 'B', expr: '', instant: true, range: false });
    const copy = duplicateTarget(p, 0);
    expect(p.targets.map((t) => t.refId)).toEqual(['A', 'C', 'B']);
    expect(copy).toMatchObject({ refId: 'C', expr: 'up' });
    p.fieldConfig.overrides.push({ matcher: { type: 'byFrameRefID', refId: 'C' }, properties: [{ id: 'unit', value: 'bytes' }] });
    p.fieldConfig.overrides.push({ matcher: { type: 'byName', names: ['x'], exclude: false }, properties: [] });
    removeTarget(p, 1);
    expect(p.targets.map((t) => t.refId)).toEqual(['A', 'B']);
    expect(p.fieldConfig.overrides.map((o) => o.matcher.type)).toEqual(['byName']);
    expect(duplicateTarget(p, 9)).toBeUndefined();
  });

  it('reads and sets the query type', () => {
    const t = newTarget('A');
    expect(queryType(t)).toBe('range');
    setQueryType(t, 'instant');
    expect(t).toMatchObject({ instant: true, range: false });
    expect(queryType(t)).toBe('instant');
    setQueryType(t, 'both');
    expect(t).toMatchObject({ instant: true, range: true });
    expect(queryType(t)).toBe('both');
  });
});

describe('changePanelType', () => {
  it('keeps queries, standard options, thresholds and overrides, takes the new defaults', () => {
    const p = newPanel('timeseries', 3);
    p.title = 'CPU';
    p.targets[0].expr = 'rate(x[5m])';
    p.fieldConfig.defaults.unit = 'percent';
    p.fieldConfig.defaults.custom!.lineWidth = 3;
    p.fieldConfig.overrides.push({ matcher: { type: 'byName', names: ['a'], exclude: false }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }] });
    changePanelType(p, 'stat');
    expect(p.type).toBe('stat');
    expect(p.title).toBe('CPU');
    expect(p.targets[0].expr).toBe('rate(x[5m])');
    expect(p.fieldConfig.defaults.unit).toBe('percent');
    expect(p.fieldConfig.defaults.custom).toBeUndefined();
    expect(p.fieldConfig.overrides).toHaveLength(1);
    expect(p.options.reduceOptions).toEqual({ calcs: ['lastNotNull'], values: false });
    expect(p.options.legend).toBeUndefined();
    changePanelType(p, 'timeseries');
    expect(p.fieldConfig.defaults.custom?.drawStyle).toBe('line');
    expect(p.options.legend?.displayMode).toBe('list');
  });

  it('keeps the legend between types that have one and drops queries for text', () => {
    const p = newPanel('timeseries');
    p.options.legend = { showLegend: true, displayMode: 'table', placement: 'right', calcs: ['max'] };
    changePanelType(p, 'heatmap');
    expect(p.options.legend.displayMode).toBe('table');
    changePanelType(p, 'text');
    expect(p.targets).toEqual([]);
    expect(p.options.mode).toBe('markdown');
    changePanelType(p, 'gauge');
    expect(p.targets).toHaveLength(1);
    expect(p.targets[0].instant).toBe(true);
  });
});

describe('thresholds', () => {
  const steps = (t: Thresholds) => t.steps.map((s) => [s.value, s.color]);
  it('adds 10 above the top in an unused colour, keeps order, never removes the base', () => {
    const t: Thresholds = { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] };
    addThresholdStep(t);
    expect(steps(t)).toEqual([[null, 'green'], [80, 'red'], [90, '#EAB839']]);
    setThresholdValue(t, 2, 5);
    expect(steps(t)).toEqual([[null, 'green'], [5, '#EAB839'], [80, 'red']]);
    setThresholdValue(t, 0, 7);
    setThresholdValue(t, 1, NaN);
    expect(steps(t)).toEqual([[null, 'green'], [5, '#EAB839'], [80, 'red']]);
    removeThresholdStep(t, 0);
    removeThresholdStep(t, 2);
    expect(steps(t)).toEqual([[null, 'green'], [5, '#EAB839']]);
    const empty: Thresholds = { mode: 'absolute', steps: [] };
    addThresholdStep(empty);
    expect(steps(empty)).toEqual([[null, 'green']]);
  });
});

describe('overrides', () => {
  it('adds matchers of each kind and sets, replaces and removes properties', () => {
    const p = newPanel('timeseries');
    const o = addOverride(p, 'byName');
    expect(o.matcher).toEqual({ type: 'byName', names: [], exclude: false });
    expect(addOverride(p, 'byFrameRefID').matcher).toEqual({ type: 'byFrameRefID', refId: 'A' });
    expect(addOverride(p, 'byType').matcher).toEqual({ type: 'byType', fieldType: 'number' });
    expect(addOverride(p, 'byRegexp').matcher).toEqual({ type: 'byRegexp', pattern: '' });
    expect(addOverride(p, 'byValue').matcher).toEqual({ type: 'byValue', reducer: 'max', op: 'gte', value: 0 });
    setOverrideProperty(o, 'unit', 'bytes');
    setOverrideProperty(o, 'decimals', 2);
    setOverrideProperty(o, 'unit', 'percent');
    expect(o.properties).toEqual([{ id: 'unit', value: 'percent' }, { id: 'decimals', value: 2 }]);
    setOverrideProperty(o, 'unit', undefined);
    expect(o.properties).toEqual([{ id: 'decimals', value: 2 }]);
  });

  it('a byType override applies to number fields only', () => {
    const p = newPanel('timeseries');
    p.fieldConfig.overrides.push({ matcher: { type: 'byType', fieldType: 'number' }, properties: [{ id: 'unit', value: 'bytes' }] });
    expect(resolveFieldConfig(p, 'any', 'A').unit).toBe('bytes');
    expect(fieldMatches({ type: 'byType', fieldType: 'time' }, 'x', 'A')).toBe(false);
    expect(fieldMatches({ type: 'byType', fieldType: 'string' }, 'x', 'A', 'string')).toBe(true);
  });
});

describe('new panel fields survive export and import', () => {
  const d = newDashboard('Round trip', 'rt');
  const p = newPanel('timeseries', 1);
  p.transparent = true;
  p.links = [{ title: 'Runbook', url: 'https://example.org/runbook', targetBlank: true }];
  p.fieldConfig.overrides.push({ matcher: { type: 'byType', fieldType: 'number' }, properties: [{ id: 'decimals', value: 1 }] });
  d.panels.push(p);

  it('through Promtab JSON', () => {
    const back = importPromtab(JSON.parse(exportPromtab(d))).dashboard.panels[0];
    expect(back).toMatchObject({ transparent: true, links: p.links, fieldConfig: { overrides: p.fieldConfig.overrides } });
  });

  it('through Grafana JSON, and links without a url are skipped', () => {
    const json = exportGrafana(d) as { panels: Record<string, unknown>[] };
    expect(json.panels[0]).toMatchObject({ transparent: true, links: [{ title: 'Runbook', url: 'https://example.org/runbook', targetBlank: true }] });
    (json.panels[0].links as unknown[]).push({ title: 'broken' }, 'junk');
    const back = importGrafana(JSON.parse(JSON.stringify(json))).dashboard.panels[0];
    expect(back).toMatchObject({ transparent: true, links: p.links, fieldConfig: { overrides: p.fieldConfig.overrides } });
  });
});

describe('an override property without a value', () => {
  it('removes the option for the fields it matches, as Grafana does', () => {
    const p = newPanel('timeseries');
    p.fieldConfig.defaults.unit = 'bytes';
    p.fieldConfig.overrides.push({ matcher: { type: 'byName', names: ['a'], exclude: false }, properties: [{ id: 'unit', value: null }, { id: 'custom.lineWidth', value: null }] });
    const a = resolveFieldConfig(p, 'a', 'A');
    expect('unit' in a).toBe(false);
    expect(a.custom && 'lineWidth' in a.custom).toBe(false);
    expect(resolveFieldConfig(p, 'b', 'A')).toMatchObject({ unit: 'bytes', custom: { lineWidth: 1 } });
  });
});

describe('duplicatePanel', () => {
  const board = () => {
    const d = newDashboard('Dup', 'dup');
    const a = newPanel('timeseries', 1, { x: 0, y: 0, w: 8, h: 6 });
    a.title = 'A';
    const b = newPanel('stat', 2, { x: 0, y: 6, w: 24, h: 4 });
    const row = { kind: 'row' as const, id: 3, title: 'R', gridPos: { x: 0, y: 10, w: 24, h: 1 }, collapsed: false, panels: [] };
    d.panels.push(a, b, row);
    return d;
  };

  it('puts the copy beside the original when there is room', () => {
    const r = duplicatePanel(board(), 1)!;
    expect(r.id).toBe(4);
    expect(r.dashboard.panels.map((p) => [p.id, p.gridPos])).toEqual([
      [1, { x: 0, y: 0, w: 8, h: 6 }],
      [4, { x: 8, y: 0, w: 8, h: 6 }],
      [2, { x: 0, y: 6, w: 24, h: 4 }],
      [3, { x: 0, y: 10, w: 24, h: 1 }],
    ]);
    expect(r.dashboard.panels[1]).toMatchObject({ title: 'A', type: 'timeseries' });
  });

  it('puts it below when the row is full, moving what follows down', () => {
    const r = duplicatePanel(board(), 2)!;
    expect(r.dashboard.panels.map((p) => [p.id, p.gridPos.y])).toEqual([
      [1, 0],
      [2, 6],
      [4, 10],
      [3, 14],
    ]);
  });

  it('finds nothing to copy for an unknown id or a row', () => {
    expect(duplicatePanel(board(), 9)).toBeNull();
    expect(duplicatePanel(board(), 3)).toBeNull();
  });
});
