import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana, placeholderMessage } from '../../../src/dashboards/grafana_import';
import { DashboardImportError, JSON_LIMITS } from '../../../src/dashboards/json';
import { CURRENT_SCHEMA_VERSION } from '../../../src/dashboards/migrate';
import { allPanels, newDashboard, newPanel, type Panel, type Row } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { safeLinkHref } from '../../../src/dashboards/dashboard_links';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const byTitle = (ps: Panel[], t: string) => ps.find((p) => p.title === t)!;

describe('old-schema Grafana import', () => {
  const { dashboard, warnings } = importGrafana(fixture('legacy_rows.json'));
  const panels = allPanels(dashboard);

  it('turns top-level rows into row panels on the 24-column grid', () => {
    const rows = dashboard.panels.filter((p): p is Row => p.kind === 'row');
    expect(rows.map((r) => [r.title, r.collapsed, r.gridPos.y, r.panels.length])).toEqual([
      ['Overview', false, 0, 0],
      ['Details', true, 8, 4],
    ]);
    expect(panels.slice(0, 3).map((p) => p.gridPos)).toEqual([
      { x: 0, y: 1, w: 12, h: 7 },
      { x: 12, y: 1, w: 6, h: 7 },
      { x: 18, y: 1, w: 6, h: 7 },
    ]);
    expect(dashboard.refresh).toBe('');
  });

  it('migrates graph to timeseries with its options', () => {
    const p = byTitle(panels, 'CPU');
    expect(p.type).toBe('timeseries');
    expect(p.fieldConfig.defaults).toMatchObject({
      unit: 'percentunit', min: 0, max: 1, decimals: 1,
      custom: { drawStyle: 'line', lineWidth: 2, fillOpacity: 30, stacking: { mode: 'percent', group: 'A' }, lineInterpolation: 'stepAfter' },
    });
    expect(p.options.legend).toEqual({ showLegend: true, displayMode: 'table', placement: 'right', calcs: ['min', 'max', 'mean', 'lastNotNull'] });
    expect(p.options.tooltip).toEqual({ mode: 'single', sort: 'desc' });
    const o = p.fieldConfig.overrides;
    expect(o[0]).toEqual({ matcher: { type: 'byName', names: ['idle'], exclude: false }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: '#00ff00' } }] });
    expect(o[1].matcher).toEqual({ type: 'byRegexp', pattern: '/^Tx.*/' });
    expect(o[1].properties.map((x) => x.id)).toEqual(['custom.transform', 'custom.fillOpacity', 'custom.axisPlacement', 'unit']);
    expect(o[2].properties.map((x) => x.id)).toEqual(['custom.stacking', 'custom.lineStyle', 'color', 'custom.hideFrom', 'custom.drawStyle']);
    expect(p.targets[0].expr).toBe('rate(cpu{job="node"}[5m])');
    expect(warnings).toContain('panels[1].seriesOverrides[2].unknownThing: not supported, ignored');
  });

  it('migrates singlestat to stat or gauge', () => {
    const up = byTitle(panels, 'Up');
    expect(up.type).toBe('stat');
    expect(up.options).toMatchObject({ reduceOptions: { calcs: ['lastNotNull'], values: false }, colorMode: 'background', graphMode: 'area' });
    expect(up.fieldConfig.defaults.unit).toBe('suffix: nodes');
    expect(up.fieldConfig.defaults.thresholds?.steps).toEqual([{ value: null, color: 'red' }, { value: 1, color: 'orange' }, { value: 2, color: 'green' }]);
    expect(up.fieldConfig.defaults.mappings).toEqual([
      { type: 'value', value: '0', result: { text: 'DOWN' } },
      { type: 'special', match: 'null', result: { text: 'N/A' } },
      { type: 'range', from: 1, to: 10, result: { text: 'some' } },
    ]);
    const load = byTitle(panels, 'Load');
    expect(load.type).toBe('gauge');
    expect(load.fieldConfig.defaults).toMatchObject({ min: 0, max: 8 });
    expect(load.options.reduceOptions?.calcs).toEqual(['mean']);
  });

  it('migrates table-old styles', () => {
    const t = byTitle(panels, 'Table');
    expect(t.type).toBe('table');
    expect(t.fieldConfig.defaults).toMatchObject({ unit: 'bytes', decimals: 2 });
    expect(t.fieldConfig.overrides).toEqual([
      { matcher: { type: 'byName', names: ['Time'], exclude: false }, properties: [{ id: 'custom.hidden', value: true }] },
      { matcher: { type: 'byName', names: ['instance'], exclude: false }, properties: [{ id: 'displayName', value: 'Host' }] },
    ]);
  });

  it.each([
    ['Logs', 'timeseries', 'datasource type "loki" is not supported'],
    ['Pie', 'grafana-piechart-panel', 'panel type "grafana-piechart-panel" is not supported'],
    ['Graphite', 'timeseries', 'targets[0] is not a PromQL query'],
  ])('keeps %s as a placeholder with its reason', (title, originalType, reason) => {
    const p = byTitle(panels, title);
    expect(p.type).toBe('placeholder');
    expect(p.placeholder).toMatchObject({ originalType, reason });
    expect(warnings.some((w) => w.includes(reason))).toBe(true);
  });

  it('exports placeholders back as they came', () => {
    const again = importGrafana(exportGrafana(dashboard));
    expect(again.dashboard).toEqual(dashboard);
  });
});

describe('modern Grafana import', () => {
  const { dashboard, warnings } = importGrafana(fixture('modern.json'));
  const panels = allPanels(dashboard);

  it('reads dashboard settings', () => {
    expect(dashboard).toMatchObject({ uid: 'm1', tags: ['a', 'b'], refresh: '30s', timezone: 'utc', graphTooltip: 1 });
    expect(dashboard.time.from).toBe('2024-01-01T00:00:00.000Z');
  });

  it('reads mappings, overrides and transformations', () => {
    const t = panels[0];
    expect(t.fieldConfig.defaults.mappings).toEqual([
      { type: 'value', value: '0', result: { text: 'DOWN', color: 'red' } },
      { type: 'value', value: '1', result: { text: 'UP', color: 'green', index: 0 } },
      { type: 'range', from: 10, to: null, result: { text: 'slow' } },
      { type: 'regex', pattern: '/(.*):9100/', result: { text: 'node $1' } },
      { type: 'special', match: 'nan', result: { text: 'not a number' } },
    ]);
    expect(t.fieldConfig.overrides).toEqual([
      { matcher: { type: 'byFrameRefID', refId: 'B' }, properties: [{ id: 'unit', value: 'ms' }] },
      { matcher: { type: 'byValue', reducer: 'max', op: 'gte', value: 1 }, properties: [{ id: 'decimals', value: 2 }] },
    ]);
    expect(t.transformations).toEqual([
      { id: 'merge' },
      { id: 'organize', excludeByName: ['Time'], indexByName: [['job', 0], ['instance', 1]], renameByName: [['Value #A', 'Up']] },
    ]);
  });

  it('reads variables and drops what it cannot run, with warnings', () => {
    expect(dashboard.variables.map((v) => v.name)).toEqual(['env', 'iv', 'filter', 'c', 'q']);
    const [env, iv, filter, c, q] = dashboard.variables;
    expect(env).toMatchObject({ type: 'custom', multi: true, includeAll: true, allValue: '.*', current: { value: ['$__all'] } });
    expect(iv).toMatchObject({ type: 'interval', auto: true, autoCount: 50, autoMin: '30s' });
    expect(filter.current).toEqual({ text: 'x', value: 'x' });
    expect(c).toMatchObject({ query: '42', hide: 2 });
    expect(q).toMatchObject({ query: 'label_values(up, job)', regex: '/(.*)/', sort: 3, refresh: 2 });
    expect(warnings).toEqual([
      'templating.list[4]: variable type "adhoc" is not supported; variable "filters" dropped',
      'templating.list[5]: variable q queries a loki datasource; its query runs on Promtab',
      'panels[0].fieldConfig.overrides[0].properties[1].value: override property "custom.width" is not supported, ignored',
      'panels[2]: "Reduced" imported as a placeholder: transformation "formatTime" is not supported',
      'panels[3]: repeating by unknown variable "job"; shown once',
      'panels[4]: "Mixed" imported as a placeholder: datasource type "loki" is not supported',
      'annotations: 1 annotation queries are not supported, ignored',
    ]);
  });

  it('keeps text and heatmap panels', () => {
    expect(panels[1]).toMatchObject({ type: 'text', options: { mode: 'markdown', content: '# Hello <script>alert(1)</script>' } });
    expect(panels[3]).toMatchObject({ type: 'heatmap', targets: [{ format: 'heatmap', legendFormat: '{{le}}' }] });
  });

  it('round-trips through both formats', () => {
    const g = exportGrafana(dashboard);
    expect(g.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(importGrafana(JSON.stringify(g)).dashboard).toEqual(dashboard);
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });
});

describe('untrusted input', () => {
  const minimal = (panels: unknown[]) => ({ title: 't', panels });
  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an object', '[]', /expected an object/],
    ['a number', '42', /expected an object/],
  ])('%s is refused', (_n, input, message) => {
    expect(() => importGrafana(input)).toThrow(DashboardImportError);
    expect(() => importGrafana(input)).toThrow(message);
  });

  it.each([
    ['target expr', minimal([{ id: 1, type: 'stat', title: 'S', gridPos: { x: 0, y: 0, w: 1, h: 1 }, targets: [{ expr: 5 }] }]), 'Promtab could not read targets[0].expr (expected a string); Grafana would show a stat panel'],
    ['threshold value', minimal([{ id: 1, type: 'gauge', title: 'S', gridPos: { x: 0, y: 0, w: 1, h: 1 }, fieldConfig: { defaults: { thresholds: { steps: [{ value: 'hi' }] } } } }]), 'Promtab could not read fieldConfig.defaults.thresholds.steps[0].value (expected a number, got the string "hi"); Grafana would show a gauge panel'],
    ['mapping options', { schemaVersion: 39, ...minimal([{ id: 1, type: 'stat', title: 'S', fieldConfig: { defaults: { mappings: [{ type: 'value', options: 3 }] } } }]) }, 'Promtab could not read fieldConfig.defaults.mappings[0].options (expected an object); Grafana would show a stat panel'],
  ])('an unreadable %s costs only its panel, which says why', (_n, input, reason) => {
    const { dashboard } = importGrafana({ ...input, panels: [...input.panels, { id: 2, type: 'text', title: 'ok', gridPos: { x: 0, y: 9, w: 4, h: 2 } }] });
    const [bad, good] = allPanels(dashboard);
    expect(bad).toMatchObject({ type: 'placeholder', title: 'S', placeholder: { reason } });
    expect(good).toMatchObject({ type: 'text', title: 'ok' });
  });

  it('reads what Grafana reads: text numbers, a bad position, a non-panel, an odd variable name', () => {
    const { dashboard, warnings } = importGrafana({
      title: 't',
      templating: { list: [{ type: 'custom', name: 'a b', query: '1,2' }] },
      panels: [3, { type: 'row', panels: ['x'] }, { id: 1, type: 'stat', gridPos: { x: 0, y: 0, w: 'wide', h: '2' } }],
    });
    expect(dashboard.variables.map((v) => v.name)).toEqual(['a b']);
    const p = allPanels(dashboard)[0];
    expect(p).toMatchObject({ type: 'stat', gridPos: { x: 0, y: 0, w: 12, h: 2 } });
    expect(warnings).toEqual(expect.arrayContaining(['panels[0]: not a panel object, ignored', 'panels[1].panels[0]: not a panel object, ignored', 'panels[2].gridPos.w: expected a number, got the string "wide"; using 12']));
  });

  it('refuses files over the size limit and nesting over the depth limit', () => {
    expect(() => importGrafana(' '.repeat(JSON_LIMITS.maxBytes + 1))).toThrow(/too large/);
    expect(() => importGrafana(`{"title":"${'é'.repeat(JSON_LIMITS.maxBytes / 2)}"}`)).toThrow(/too large/);
    let deep: unknown = 1;
    for (let i = 0; i < JSON_LIMITS.maxDepth + 5; i++) deep = { a: deep };
    expect(() => importGrafana({ title: 'x', panels: [], extra: deep })).toThrow(/nested too deeply/);
    const text = `{"title":"x","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(() => importGrafana(text)).toThrow(/nested too deeply/);
  });

  it('keeps __proto__ and constructor keys inert', () => {
    const text = `{"title":"x","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},
      "panels":[{"id":1,"type":"table","title":"t","gridPos":{"x":0,"y":0,"w":1,"h":1},
        "transformations":[{"id":"organize","options":{"renameByName":{"__proto__":"x","a":"b"},"excludeByName":{"constructor":true}}}],
        "fieldConfig":{"defaults":{"mappings":[{"type":"value","options":{"__proto__":{"text":"bad"},"1":{"text":"one"}}}]}}}]}`;
    const { dashboard, warnings } = importGrafana(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(dashboard)).toBe(Object.prototype);
    const p = allPanels(dashboard)[0];
    expect(p.transformations).toEqual([{ id: 'organize', excludeByName: [], indexByName: [], renameByName: [['a', 'b']] }]);
    expect(p.fieldConfig.defaults.mappings).toEqual([{ type: 'value', value: '1', result: { text: 'one' } }]);
    expect(warnings.filter((w) => w.endsWith('key ignored'))).toHaveLength(5);
  });

  it('never follows URLs: links in a file are plain data, and only http(s), mailto and relative ones open', () => {
    const { dashboard } = importGrafana({ title: 'x', links: [{ url: 'https://evil.example/' }, { url: 'javascript:alert(1)' }], panels: [] });
    expect(dashboard.links?.map((l) => l.url)).toEqual(['https://evil.example/', 'javascript:alert(1)']);
    expect(dashboard.links?.map((l) => safeLinkHref(l.url))).toEqual(['https://evil.example/', null]);
  });

  it('rejects Promtab files of another version or kind', () => {
    const d = newDashboard('x', 'u');
    expect(() => importPromtab(exportPromtab(d).replace('"version": 1', '"version": 9'))).toThrow(/version 9 is not supported/);
    expect(() => importPromtab('{"promtab":"state"}')).toThrow(/not a Promtab dashboard/);
    expect(importPromtab(exportPromtab({ ...d, panels: [newPanel('text', 3)] })).dashboard.panels[0]).toEqual(newPanel('text', 3));
  });
});

describe('placeholderMessage', () => {
  it.each([
    [{ originalType: 'piechart', reason: 'panel type "piechart" is not supported', original: null }, 'Panel type "piechart" is not supported in Promtab'],
    [{ originalType: 'stat', reason: 'Promtab could not read fieldConfig (expected an object); Grafana would show a stat panel', original: null }, 'Promtab could not read fieldConfig (expected an object); Grafana would show a stat panel'],
    [{ originalType: 'timeseries', reason: 'targets[0] is not a PromQL query', original: null }, 'Not supported in Promtab: targets[0] is not a PromQL query'],
    [{ originalType: 'x', reason: '', original: null }, 'Panel type "x" is not supported in Promtab'],
  ])('%j', (ph, text) => {
    expect(placeholderMessage(ph)).toBe(text);
  });
});
