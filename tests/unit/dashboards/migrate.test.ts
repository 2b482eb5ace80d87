import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import type { JsonObject } from '../../../src/dashboards/json';
import { CURRENT_SCHEMA_VERSION, SCHEMA_STEPS, migrateDashboard } from '../../../src/dashboards/migrate';
import { upgradeValueMappings } from '../../../src/dashboards/migrate/value_mappings';
import { allPanels, type Panel, type Row } from '../../../src/dashboards/model';

const fixture = (name: string): JsonObject => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'migrate', name), 'utf8')) as JsonObject;

function migrate(d: JsonObject): { d: JsonObject; notes: string[] } {
  const notes: string[] = [];
  return { d: migrateDashboard(d, (m) => notes.push(m)).dashboard, notes };
}

/** panels lists every panel of migrated JSON, row panels' panels included, by title. */
function panels(d: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const p of d.panels as JsonObject[]) {
    out.set(String(p.title), p);
    for (const q of (p.panels as JsonObject[] | undefined) ?? []) out.set(String(q.title), q);
  }
  return out;
}

const vars = (d: JsonObject) => (d.templating as { list: JsonObject[] }).list;

describe('the schema step table', () => {
  it('has one step per version from 9 to the current one, each with a summary', () => {
    expect(SCHEMA_STEPS.map((s) => s.version)).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION - 8 }, (_, i) => i + 9));
    expect(CURRENT_SCHEMA_VERSION).toBe(42);
    for (const s of SCHEMA_STEPS) expect(s.summary, String(s.version)).toMatch(/\w/);
  });

  it('runs only the steps above the file version and stamps the current one', () => {
    const at = (schemaVersion: number) => migrate({ schemaVersion, sharedCrosshair: true, panels: [] }).d;
    expect(at(13).graphTooltip).toBe(1);
    expect(at(14).graphTooltip).toBeUndefined();
    expect(at(14).schemaVersion).toBe(42);
    expect(migrate({ schemaVersion: '20', panels: [] }).d.schemaVersion).toBe(42);
  });

  it('reads a file newer than it knows as it is, with a note', () => {
    const { d, notes } = migrate({ schemaVersion: 99, refresh: 5, panels: [] });
    expect(d).toEqual({ schemaVersion: 99, refresh: 5, panels: [] });
    expect(notes[0]).toMatch(/schemaVersion 99 is newer than 42/);
  });

  it('leaves a panel a step cannot rewrite as it was, marked, and the importer shows it as a placeholder', () => {
    const bad = { id: 1, type: 'singlestat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 }, colors: 'red', thresholds: '1' };
    const { dashboard } = importGrafana({ schemaVersion: 27, panels: [bad, { id: 2, type: 'text', title: 'T', gridPos: { x: 6, y: 0, w: 6, h: 4 } }] });
    const [s, t] = allPanels(dashboard);
    expect(s.type).toBe('placeholder');
    expect(s.placeholder?.reason).toMatch(/^Promtab could not migrate this singlestat \(.*colors: expected an array\); Grafana would show a stat panel$/);
    expect(s.placeholder?.original).not.toHaveProperty('__promtabUnreadable');
    expect(t.type).toBe('text');
  });
});

describe('schema 8 to 16 (fixture schema_08_graph_rows.json)', () => {
  const { d, notes } = migrate(fixture('schema_08_graph_rows.json'));
  const byTitle = panels(d);

  it('9: singlestat thresholds of three values lose the first', () => {
    expect(byTitle.get('Up')?.fieldConfig).toMatchObject({ defaults: { thresholds: { steps: [{ value: null, color: 'red' }, { value: 1, color: 'orange' }, { value: 2, color: 'green' }] } } });
  });

  it('10 and 24: table style thresholds lose the first; a styled table becomes table-old, then a table', () => {
    const t = byTitle.get('Targets')!;
    expect(t.type).toBe('table');
    expect((t.styles as JsonObject[])[0].thresholds).toEqual(['0.5', '1']);
    expect(notes).toContain('panels[3]: table-old panel migrated to table');
  });

  it('12: variable refresh becomes 1 and hideVariable/hideLabel become hide', () => {
    expect(vars(d).map((v) => [v.name, v.refresh, v.hide])).toEqual([['job', 1, 2], ['instance', 1, 1]]);
  });

  it('12 and 13: the graph grid becomes yaxes and a threshold list, then timeseries options', () => {
    const g = byTitle.get('Requests')!;
    expect(g.type).toBe('timeseries');
    expect(g.fieldConfig).toMatchObject({
      defaults: {
        unit: 'percent', min: 0, max: 100,
        custom: { axisLabel: 'load', thresholdsStyle: { mode: 'area' } },
        thresholds: { mode: 'absolute', steps: [{ value: null, color: 'transparent' }, { value: 80, color: 'rgba(216, 200, 27, 0.27)' }, { value: 90, color: 'rgba(234, 112, 112, 0.22)' }] },
      },
    });
    expect(g.yaxes).toEqual([
      { show: true, min: 0, max: 100, logBase: 1, format: 'percent', label: 'load' },
      { show: true, min: null, max: null, logBase: 1, format: 'short', label: null },
    ]);
  });

  it('14: sharedCrosshair becomes graphTooltip', () => {
    expect(d.graphTooltip).toBe(1);
    expect(d).not.toHaveProperty('sharedCrosshair');
  });

  it('16: rows become row panels; a collapsed row keeps its panels; heights in pixels become grid units', () => {
    expect(d).not.toHaveProperty('rows');
    const list = d.panels as JsonObject[];
    expect(list.map((p) => [p.type, p.title, p.gridPos])).toEqual([
      ['row', 'Overview', { x: 0, y: 0, w: 24, h: 7 }],
      ['timeseries', 'Requests', { x: 0, y: 1, w: 12, h: 7 }],
      ['stat', 'Up', { x: 12, y: 1, w: 6, h: 7 }],
      ['table', 'Targets', { x: 18, y: 1, w: 6, h: 7 }],
      ['row', 'Details', { x: 0, y: 8, w: 24, h: 8 }],
    ]);
    expect((list[4].panels as JsonObject[]).map((p) => [p.title, p.gridPos])).toEqual([['Notes', { x: 0, y: 9, w: 24, h: 8 }]]);
  });

  it('17: minSpan becomes the largest maxPerRow that divides 24', () => {
    expect(byTitle.get('Requests')?.maxPerRow).toBe(4);
    expect(byTitle.get('Requests')).not.toHaveProperty('minSpan');
  });

  it('imports: singlestat value and range maps, colours and background', () => {
    const { dashboard } = importGrafana(fixture('schema_08_graph_rows.json'));
    const up = allPanels(dashboard).find((p) => p.title === 'Up')!;
    expect(up.fieldConfig.defaults.mappings).toEqual([
      { type: 'value', value: '0', result: { text: 'DOWN' } },
      { type: 'special', match: 'null', result: { text: 'N/A' } },
      { type: 'range', from: null, to: 10, result: { text: 'few' } },
    ]);
    expect(up.options.colorMode).toBe('background');
    const rows = dashboard.panels.filter((p): p is Row => p.kind === 'row');
    expect(rows.map((r) => [r.title, r.collapsed, r.gridPos.y, r.panels.length])).toEqual([['Overview', false, 0, 0], ['Details', true, 8, 1]]);
  });
});

describe('schema 17 to 27 (fixture schema_17_links_text2.json)', () => {
  const { d } = migrate(fixture('schema_17_links_text2.json'));
  const byTitle = panels(d);

  it('18: options-gauge becomes options, then the Grafana 6 gauge options move to fieldConfig', () => {
    const g = byTitle.get('Old gauge')!;
    expect(g).not.toHaveProperty('options-gauge');
    expect(g.fieldConfig).toEqual({
      defaults: { unit: 'percent', decimals: 1, min: 0, max: 100, thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 90, color: 'red' }] } },
      overrides: [],
    });
    expect(g.options).toMatchObject({ reduceOptions: { calcs: ['mean'] } });
  });

  it('19: panel links become url links with time and variables', () => {
    expect(byTitle.get('Old gauge')?.links).toEqual([{ url: 'dashboard/db/my-other-dashboard?$__url_time_range&$__all_variables', title: 'Other', targetBlank: false }]);
  });

  it('20 and 21: data link variables take the new names', () => {
    const { d: raw } = migrate({ schemaVersion: 19, panels: [{ type: 'stat', title: 'L', options: { fieldOptions: { defaults: { title: '$__field_name', links: [{ url: 'x?a=$__series_name&b=__value_time&c=${__series.labels.job}' }] } } } }] });
    const p = (raw.panels as JsonObject[])[0];
    expect(p.fieldConfig).toMatchObject({ defaults: { title: '${__field.name}', links: [{ url: 'x?a=${__series.name}&b=__value.time&c=${__field.labels.job}' }] } });
  });

  it('22 and 24: table styles align auto; a table with styles becomes table-old, then a table', () => {
    const t = byTitle.get('Styled')!;
    expect(t.type).toBe('table');
    expect((t.styles as JsonObject[])[0].align).toBe('auto');
    expect(t.fieldConfig).toEqual({ defaults: { unit: 'bytes', decimals: 2 }, overrides: [] });
  });

  it('23: multi-value variables hold lists, single-value ones one value', () => {
    expect(vars(d).slice(2).map((v) => v.current)).toEqual([{ text: ['a'], value: ['a'] }, { text: 'y', value: 'y' }]);
  });

  it('26: text2 becomes text without its angular options', () => {
    expect(byTitle.get('New text')).toMatchObject({ type: 'text', options: { mode: 'markdown', content: '# Hi' } });
    expect(byTitle.get('New text')?.options).not.toHaveProperty('angular');
  });

  it('27: repeated-panel leftovers go, also inside rows; visible constants become textboxes', () => {
    expect([...byTitle.keys()]).toEqual(['Old gauge', 'New text', 'Linked', 'Collapsed', 'Styled']);
    expect(vars(d).slice(0, 2).map((v) => [v.name, v.type, v.current])).toEqual([
      ['env', 'textbox', { selected: true, text: 'prod', value: 'prod' }],
      ['secret', 'constant', { selected: true, text: 's3', value: 's3' }],
    ]);
  });
});

describe('schema 28 to 42 (fixture schema_27_mappings_refs.json)', () => {
  const { d } = migrate(fixture('schema_27_mappings_refs.json'));
  const byTitle = panels(d);

  it('28: a singlestat with its gauge shown becomes a gauge; variable tag options go', () => {
    expect(byTitle.get('Disk')).toMatchObject({
      type: 'gauge',
      fieldConfig: { defaults: { unit: 'percent', min: 0, max: 100, thresholds: { steps: [{ value: null, color: 'green' }, { value: 80, color: 'orange' }, { value: 90, color: 'red' }] } } },
    });
    expect(vars(d)[0]).not.toHaveProperty('tags');
    expect(vars(d)[0]).not.toHaveProperty('useTags');
  });

  it('29: query variables refresh on load and drop saved options', () => {
    expect(vars(d)[0]).toMatchObject({ refresh: 1, options: [] });
  });

  it('30: Grafana 7 value mappings take the current shape, coloured by thresholds, value maps first', () => {
    expect(byTitle.get('State')?.fieldConfig).toEqual({
      defaults: {
        thresholds: { mode: 'absolute', steps: [{ value: null, color: 'red' }, { value: 1, color: 'green' }] },
        mappings: [
          { type: 'value', options: { 1: { text: '1', color: 'green' }, 0: { text: 'Down' } } },
          { type: 'range', options: { from: 2, to: null, result: { text: 'Many' } } },
          { type: 'special', options: { match: 'null', result: { text: 'N/A' } } },
        ],
      },
      overrides: [{ matcher: { id: 'byName', options: 'up' }, properties: [{ id: 'mappings', value: [{ type: 'value', options: { 0: { text: 'Off' } } }] }] }],
    });
  });

  it('30: tooltipOptions become tooltip', () => {
    expect(byTitle.get('Hidden legend')?.options).toMatchObject({ tooltip: { mode: 'multi' } });
  });

  it('31 and 39: a merge follows labelsToFields; timeSeriesTable stats go per refId', () => {
    expect(byTitle.get('Labels')?.transformations).toEqual([
      { id: 'labelsToFields', options: {} },
      { id: 'merge', options: {} },
      { id: 'timeSeriesTable', options: { A: { stat: 'mean' } } },
    ]);
  });

  it('33: data source names become references; default stays null; built-ins get their type', () => {
    expect(byTitle.get('Disk')?.datasource).toEqual({ uid: 'Prometheus' });
    expect(byTitle.get('State')).toMatchObject({ datasource: null, targets: [{ datasource: { uid: 'Prometheus' } }] });
    expect(byTitle.get('Hidden axes')?.datasource).toEqual({ type: 'grafana', uid: 'grafana' });
  });

  it('35: hidden axes keep the time axis', () => {
    expect((byTitle.get('Hidden axes')?.fieldConfig as JsonObject).overrides).toEqual([{ matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] }]);
  });

  it('37: a hidden legend is a list with showLegend false', () => {
    expect(byTitle.get('Hidden legend')?.options).toMatchObject({ legend: { displayMode: 'list', showLegend: false } });
  });

  it('38: table displayMode becomes cellOptions, in defaults and overrides', () => {
    expect(byTitle.get('Labels')?.fieldConfig).toEqual({
      defaults: { custom: { cellOptions: { type: 'color-background', mode: 'gradient' } } },
      overrides: [{ matcher: { id: 'byName', options: 'Value' }, properties: [{ id: 'custom.cellOptions', value: { type: 'gauge', mode: 'lcd' } }] }],
    });
  });

  it('40 and 41: refresh is a string; timepicker time_options go', () => {
    expect(d.refresh).toBe('');
    expect(d.timepicker).toEqual({ refresh_intervals: ['10s', '1m'] });
  });

  it('42: hidden from the graph means hidden from the tooltip', () => {
    const props = ((byTitle.get('Hidden legend')?.fieldConfig as JsonObject).overrides as JsonObject[])[0].properties as JsonObject[];
    expect(props[0].value).toEqual({ viz: true, legend: false, tooltip: true });
  });

  it('imports: the gauge and the Grafana built-in panel as a placeholder that names it', () => {
    const { dashboard } = importGrafana(fixture('schema_27_mappings_refs.json'));
    const ps = allPanels(dashboard);
    expect(ps.map((p) => p.placeholder?.originalType ?? p.type)).toEqual(['gauge', 'stat', 'table', 'timeseries', 'timeseries']);
    expect(ps[3].type).toBe('placeholder');
    expect(ps[3].placeholder?.reason).toBe('the Grafana built-in datasource "grafana" is not supported');
    expect(ps[4].options.legend).toMatchObject({ showLegend: false, displayMode: 'hidden' });
  });
});

describe('legacy value mappings', () => {
  it.each([
    ['type as text', [{ type: '1', value: '3', text: 'three' }], [{ type: 'value', options: { 3: { text: 'three' } } }]],
    ['mappingType and no type', [{ mappingType: 2, from: '1', to: '5', text: 'low' }], [{ type: 'range', options: { from: 1, to: 5, result: { text: 'low' } } }]],
    ['kind from its fields', [{ from: '', to: 'null', text: 'any' }, { value: 7, text: 'seven' }], [{ type: 'value', options: { 7: { text: 'seven' } } }, { type: 'range', options: { from: null, to: null, result: { text: 'any' } } }]],
    ['current shape kept, value maps merged', [{ type: 'value', options: { a: { text: 'A' } } }, { type: 'regex', options: { pattern: 'x', result: {} } }, { type: 1, value: 'b', text: 'B' }], [{ type: 'value', options: { a: { text: 'A' }, b: { text: 'B' } } }, { type: 'regex', options: { pattern: 'x', result: {} } }]],
  ])('%s', (_n, input, expected) => {
    expect(upgradeValueMappings(input as JsonObject[]).mappings).toEqual(expected);
  });

  it('counts entries of no known kind', () => {
    expect(upgradeValueMappings([{ type: 9, text: 'x' }, 'text']).dropped).toBe(2);
  });
});

describe('lenient fields (fixture lenient_fields.json)', () => {
  const { dashboard, warnings } = importGrafana(fixture('lenient_fields.json'));
  const ps = allPanels(dashboard);
  const byTitle = (t: string) => ps.find((p) => p.title === t) as Panel;

  it('reads numbers given as text', () => {
    expect(byTitle('Numbers as text')).toMatchObject({
      type: 'stat',
      gridPos: { x: 0, y: 0, w: 8, h: 4 },
      fieldConfig: { defaults: { decimals: 2, min: 0, max: 100, thresholds: { steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] } } },
    });
  });

  it('reads Grafana 7 value mappings in a current schema', () => {
    expect(byTitle('Numbers as text').fieldConfig.defaults.mappings).toEqual([
      { type: 'value', value: '1', result: { text: 'UP' } },
      { type: 'range', from: null, to: 0, result: { text: 'DOWN' } },
    ]);
  });

  it('reads booleans and numbers as text in defaults and overrides', () => {
    const p = byTitle('Booleans as text');
    expect(p.fieldConfig.defaults.custom).toEqual({ lineWidth: 2, axisCenteredZero: true });
    expect(p.fieldConfig.overrides[0].properties).toEqual([{ id: 'custom.lineWidth', value: 3 }, { id: 'decimals', value: 1 }, { id: 'custom.axisCenteredZero', value: false }]);
    expect(p.targets[0].hide).toBe(false);
    expect(p.fieldConfig.overrides).toHaveLength(1);
    expect(warnings).toContain('panels[1].fieldConfig.overrides[1].matcher: byType without a field type matches no field (as in Grafana), override ignored');
    expect(p).toMatchObject({ timeFrom: '1h', timeShift: '1d' });
  });

  it('makes a placeholder of the one panel it cannot read, saying what Grafana would show', () => {
    expect(byTitle('Unreadable mapping').placeholder?.reason).toBe('Promtab could not read fieldConfig.defaults.mappings[0].options (expected an object); Grafana would show a stat panel');
  });

  it('keeps a row whose flags and position are text, and places a panel without a position', () => {
    const row = dashboard.panels.find((p): p is Row => p.kind === 'row')!;
    expect(row).toMatchObject({ title: 'Row as text', collapsed: true, gridPos: { y: 4 } });
    expect(row.panels[0]).toMatchObject({ type: 'gauge', gridPos: { x: 0, y: 0, w: 12, h: 8 } });
    expect(warnings).toContain('panels[3]: not a panel object, ignored');
  });

  it('keeps variables Grafana keeps: odd names, stand-ins for unreadable ones', () => {
    expect(dashboard.variables.map((v) => [v.name, v.type, v.current.value])).toEqual([
      ['cluster-name', 'textbox', 'eu-1'],
      ['job', 'query', ''],
      ['broken', 'textbox', 'a'],
    ]);
    expect(dashboard.variables[1]).toMatchObject({ refresh: 1, sort: 1, hide: 0 });
    expect(warnings.filter((w) => w.startsWith('templating'))).toEqual([
      'templating.list[2]: variable "broken" could not be read (templating.list[2].options[0].text: expected a string or an array of strings); kept as a textbox with its current value "a"',
      'templating.list[3]: a variable without a usable name ("") ignored; nothing can refer to it',
      'templating.list[4]: variable type "adhoc" is not supported; variable "Filters" dropped',
    ]);
  });
});
