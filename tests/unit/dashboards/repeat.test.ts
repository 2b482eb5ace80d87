import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { builtins, interpolate } from '../../../src/dashboards/interpolate';
import { newDashboard, newPanel, newRow, type Dashboard, type Panel, type Row, type Variable } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { bindVariables, displayTitle, expandRepeats, MAX_REPEAT_COPIES, repeatValues } from '../../../src/dashboards/repeat';
import { MAX_VARIABLE_OPTIONS, cappedVariableOptions, scopedVars, variableOptions } from '../../../src/dashboards/variables';

function variable(name: string, values: string | string[], options: string[], over: Partial<Variable> = {}): Variable {
  return {
    type: 'custom', name, label: '', description: '', hide: 0, query: options.join(','), regex: '', sort: 0, refresh: 1, multi: true,
    includeAll: true, allValue: null, auto: false, autoCount: 30, autoMin: '10s', current: { text: values, value: values },
    options: [{ text: 'All', value: '$__all' }, ...options.map((o) => ({ text: o.toUpperCase(), value: o }))], ...over,
  };
}

function panel(id: number, x: number, y: number, w: number, h: number, over: Partial<Panel> = {}): Panel {
  return { ...newPanel('timeseries', id, { x, y, w, h }), title: `P${id}`, ...over };
}

function dash(panels: (Panel | Row)[]): Dashboard {
  return { ...newDashboard('t', 'uid'), panels };
}

const place = (ps: (Panel | Row)[]) => ps.map((p) => [p.kind === 'row' ? `row${p.id}` : p.id, p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h]);

describe('repeatValues', () => {
  it.each([
    ['one value', 'a', ['a']],
    ['a selection', ['b', 'c'], ['b', 'c']],
    ['All', ['$__all'], ['a', 'b', 'c']],
    ['All as a string', '$__all', ['a', 'b', 'c']],
    ['nothing', [], []],
  ])('%s', (_, current, want) => {
    expect(repeatValues(variable('v', current, ['a', 'b', 'c'])).map((x) => x.value)).toEqual(want);
  });

  it('keeps option texts', () => {
    expect(repeatValues(variable('v', ['b'], ['a', 'b']))).toEqual([{ value: 'b', text: 'B' }]);
  });
});

describe('expandRepeats', () => {
  const vars = [variable('host', ['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e'])];

  it('returns the dashboard itself without repeats', () => {
    const d = dash([panel(1, 0, 0, 12, 8)]);
    expect(expandRepeats(d, vars).dashboard).toBe(d);
  });

  it.each([
    ['3 values across one line', ['a', 'b', 'c'], undefined, [[1, 0, 0, 8, 4], [3, 8, 0, 8, 4], [4, 16, 0, 8, 4], [2, 0, 4, 24, 2]]],
    ['5 values, 4 to a line', ['$__all'], undefined, [[1, 0, 0, 6, 4], [3, 6, 0, 6, 4], [4, 12, 0, 6, 4], [5, 18, 0, 6, 4], [6, 0, 4, 6, 4], [2, 0, 8, 24, 2]]],
    ['4 values, 2 to a line', ['a', 'b', 'c', 'd'], 2, [[1, 0, 0, 12, 4], [3, 12, 0, 12, 4], [4, 0, 4, 12, 4], [5, 12, 4, 12, 4], [2, 0, 8, 24, 2]]],
    ['one value', 'b', undefined, [[1, 0, 0, 24, 4], [2, 0, 4, 24, 2]]],
  ])('horizontal: %s', (_, current, maxPerRow, want) => {
    const p = panel(1, 6, 0, 6, 4, { repeat: { variable: 'host', direction: 'h', ...(maxPerRow ? { maxPerRow } : {}) } });
    const { dashboard } = expandRepeats(dash([p, panel(2, 0, 4, 24, 2)]), [variable('host', current, ['a', 'b', 'c', 'd', 'e'])]);
    expect(place(dashboard.panels)).toEqual(want);
  });

  it('vertical copies stack and push only what is below', () => {
    const p = panel(1, 0, 0, 12, 3, { repeat: { variable: 'host', direction: 'v' } });
    const { dashboard, copies } = expandRepeats(dash([p, panel(2, 12, 0, 12, 3), panel(3, 0, 3, 24, 2)]), vars);
    expect(place(dashboard.panels)).toEqual([[1, 0, 0, 12, 3], [2, 12, 0, 12, 3], [4, 0, 3, 12, 3], [5, 0, 6, 12, 3], [3, 0, 9, 24, 2]]);
    expect(copies.get(1)).toEqual({ sourceId: 1, bindings: [{ name: 'host', value: 'a', text: 'A' }], first: true });
    expect(copies.get(5)).toEqual({ sourceId: 1, bindings: [{ name: 'host', value: 'c', text: 'C' }], first: false });
    expect(copies.has(2)).toBe(false);
  });

  it('repeats an open row with its panels, binding the row variable in each copy', () => {
    const row: Row = { ...newRow('Host $host', 10, 0), repeat: 'host' };
    const d = dash([row, panel(1, 0, 1, 12, 4), panel(2, 12, 1, 12, 4), { ...newRow('After', 11, 5) }, panel(3, 0, 6, 24, 2)]);
    const { dashboard, copies } = expandRepeats(d, [variable('host', ['a', 'b'], ['a', 'b'])]);
    expect(place(dashboard.panels)).toEqual([
      ['row10', 0, 0, 24, 1], [1, 0, 1, 12, 4], [2, 12, 1, 12, 4],
      ['row12', 0, 5, 24, 1], [13, 0, 6, 12, 4], [14, 12, 6, 12, 4],
      ['row11', 0, 10, 24, 1], [3, 0, 11, 24, 2],
    ]);
    expect(copies.get(13)).toEqual({ sourceId: 1, bindings: [{ name: 'host', value: 'b', text: 'B' }], first: false });
    expect(copies.get(10)?.first).toBe(true);
    expect(copies.get(12)?.first).toBe(false);
  });

  it('repeats a collapsed row with the panels it carries', () => {
    const row: Row = { ...newRow('R', 10, 0), collapsed: true, repeat: 'host', panels: [panel(1, 0, 1, 24, 4)] };
    const { dashboard } = expandRepeats(dash([row, panel(2, 0, 1, 24, 2)]), [variable('host', ['a', 'b'], ['a', 'b'])]);
    expect(place(dashboard.panels)).toEqual([['row10', 0, 0, 24, 1], ['row11', 0, 1, 24, 1], [2, 0, 2, 24, 2]]);
    const second = dashboard.panels[1] as Row;
    expect(second.panels.map((p) => p.id)).toEqual([12]);
  });

  it('nests a panel repeat inside a row repeat, binding both variables', () => {
    const row: Row = { ...newRow('R', 10, 0), repeat: 'dc' };
    const p = panel(1, 0, 1, 24, 2, { repeat: { variable: 'host', direction: 'v' } });
    const vs = [variable('dc', ['x', 'y'], ['x', 'y']), variable('host', ['a', 'b'], ['a', 'b'])];
    const { dashboard, copies } = expandRepeats(dash([row, p]), vs);
    expect(place(dashboard.panels)).toEqual([['row10', 0, 0, 24, 1], [1, 0, 1, 24, 2], [11, 0, 3, 24, 2], ['row12', 0, 5, 24, 1], [13, 0, 6, 24, 2], [14, 0, 8, 24, 2]]);
    expect(copies.get(14)?.bindings).toEqual([{ name: 'dc', value: 'y', text: 'Y' }, { name: 'host', value: 'b', text: 'B' }]);
    const ids = dashboard.panels.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows a panel repeating by a missing variable once', () => {
    const p = panel(1, 0, 0, 12, 4, { repeat: { variable: 'nope', direction: 'h' } });
    expect(place(expandRepeats(dash([p]), vars).dashboard.panels)).toEqual([[1, 0, 0, 12, 4]]);
  });
});

describe('bound variables', () => {
  const vs = [variable('host', ['$__all'], ['a.b', 'c'])];
  const scope = (bound: Variable[]) => scopedVars(bound, 3_600_000);

  it('binds each copy to one value in queries (regex-escaped, as Grafana escapes a multi variable)', () => {
    const bound = bindVariables(vs, [{ name: 'host', value: 'a.b', text: 'A.B' }]);
    expect(bound.find((v) => v.name === 'host')!.options).toEqual([{ text: 'A.B', value: 'a.b' }]);
    expect(interpolate('up{host=~"$host"}', scope(bound), builtins({ from: 0, to: 1 }, 1000))).toBe('up{host=~"a\\\\.b"}');
    expect(interpolate('up{host=~"$host"}', scope(vs), builtins({ from: 0, to: 1 }, 1000))).toBe('up{host=~"(a\\\\.b|c)"}');
  });

  it('binds titles', () => {
    expect(displayTitle('CPU $host', bindVariables(vs, [{ name: 'host', value: 'c', text: 'C' }]), 1000)).toBe('CPU c');
    expect(displayTitle('CPU ${host}', vs, 1000)).toBe('CPU {a.b,c}');
    expect(displayTitle('CPU', vs, 1000)).toBe('CPU');
  });
});

describe('repeat mapping', () => {
  const grafana = {
    title: 'r',
    templating: { list: [{ type: 'custom', name: 'host', query: 'a,b', multi: true, current: { text: ['a'], value: ['a'] } }] },
    panels: [
      { id: 1, type: 'timeseries', title: 'CPU $host', gridPos: { x: 0, y: 0, w: 8, h: 4 }, repeat: 'host', repeatDirection: 'v', maxPerRow: 3, targets: [] },
      { id: 2, type: 'row', title: 'Row $host', gridPos: { x: 0, y: 4, w: 24, h: 1 }, repeat: 'host', collapsed: false, panels: [] },
      { id: 3, type: 'timeseries', title: 'Plain', gridPos: { x: 0, y: 5, w: 8, h: 4 }, targets: [] },
    ],
  };

  it('imports repeat, repeatDirection, maxPerRow and row repeats without warnings', () => {
    const { dashboard, warnings } = importGrafana(grafana);
    expect(warnings).toEqual([]);
    expect((dashboard.panels[0] as Panel).repeat).toEqual({ variable: 'host', direction: 'v', maxPerRow: 3 });
    expect((dashboard.panels[1] as Row).repeat).toBe('host');
    expect((dashboard.panels[2] as Panel).repeat).toBeUndefined();
  });

  it('exports them back and survives Promtab JSON', () => {
    const { dashboard } = importGrafana(grafana);
    const out = exportGrafana(dashboard).panels as Record<string, unknown>[];
    expect([out[0].repeat, out[0].repeatDirection, out[0].maxPerRow, out[1].repeat, 'repeat' in out[2]]).toEqual(['host', 'v', 3, 'host', false]);
    expect(importGrafana(exportGrafana(dashboard)).dashboard).toEqual(dashboard);
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });

  it('maps an old-style repeated row', () => {
    const old = { title: 'o', templating: grafana.templating, rows: [{ title: 'R', repeat: 'host', panels: [{ id: 1, type: 'graph', span: 12, targets: [] }] }] };
    const { dashboard } = importGrafana(old);
    expect((dashboard.panels[0] as Row).repeat).toBe('host');
  });
});

describe('repeat widths and limits', () => {
  it('gives horizontal copies equal shares of the line, fractions kept, as Grafana 12', () => {
    const p = panel(1, 0, 0, 6, 4, { repeat: { variable: 'host', direction: 'h', maxPerRow: 6 } });
    const { dashboard } = expandRepeats(dash([p]), [variable('host', ['$__all'], ['a', 'b', 'c', 'd', 'e'])]);
    expect(dashboard.panels.map((q) => [q.gridPos.x, q.gridPos.w])).toEqual([[0, 4.8], [4.8, 4.8], [9.6, 4.8], [14.4, 4.8], [19.2, 4.8]]);
  });

  it('packs what lies below a repeat: no blank lines where copies were fewer', () => {
    const p = panel(1, 0, 0, 12, 4, { repeat: { variable: 'host', direction: 'v' } });
    const { dashboard } = expandRepeats(dash([p, panel(2, 0, 30, 24, 2)]), [variable('host', ['a', 'b'], ['a', 'b'])]);
    expect(place(dashboard.panels)).toEqual([[1, 0, 0, 12, 4], [3, 0, 4, 12, 4], [2, 0, 8, 24, 2]]);
  });

  it(`makes at most ${MAX_REPEAT_COPIES} copies of a repeat over 5,000 values and says so`, () => {
    const values = Array.from({ length: 5000 }, (_, i) => `host-${i}`);
    const p = panel(1, 0, 0, 8, 4, { repeat: { variable: 'host', direction: 'h' } });
    const row: Row = { ...newRow('Row $host', 5, 4), repeat: 'host' };
    const { dashboard, limited } = expandRepeats(dash([p, row, panel(2, 0, 5, 24, 2)]), [variable('host', ['$__all'], values)]);
    expect(dashboard.panels.filter((q) => q.kind === 'panel' && q.title === 'P1')).toHaveLength(MAX_REPEAT_COPIES);
    expect(dashboard.panels.filter((q) => q.kind === 'row')).toHaveLength(MAX_REPEAT_COPIES);
    expect(limited).toEqual([
      { sourceId: 1, variable: 'host', shown: MAX_REPEAT_COPIES, total: 5000 },
      { sourceId: 5, variable: 'host', shown: MAX_REPEAT_COPIES, total: 5000 },
    ]);
  });
});

describe('bounded repeats at import', () => {
  it('warns when a custom variable makes a repeat longer than the cap, and keeps at most 50,000 options', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `v${i}`);
    const grafana = {
      title: 'Hostile',
      templating: { list: [{ type: 'custom', name: 'host', query: values.join(','), multi: true, includeAll: true, current: { text: ['All'], value: ['$__all'] } }] },
      panels: [{ type: 'timeseries', title: 'Per $host', repeat: 'host', gridPos: { x: 0, y: 0, w: 8, h: 4 }, targets: [{ expr: 'up{instance="$host"}' }] }],
    };
    const { dashboard, warnings } = importGrafana(grafana);
    expect(warnings).toContain(`panel "Per $host" repeats by $host over 5000 values: Promtab draws the first ${MAX_REPEAT_COPIES} copies`);
    const v = { ...dashboard.variables[0], options: variableOptions(dashboard.variables[0]) };
    expect(expandRepeats(dashboard, [v]).limited).toEqual([{ sourceId: dashboard.panels[0].id, variable: 'host', shown: MAX_REPEAT_COPIES, total: 5000 }]);
    const huge = { ...v, query: Array.from({ length: 60_000 }, (_, i) => `x${i}`).join(',') };
    expect(variableOptions(huge)).toHaveLength(MAX_VARIABLE_OPTIONS + 1);
    expect(cappedVariableOptions(huge).total).toBe(60_000);
    expect(cappedVariableOptions(v).total).toBe(5000);
    // The runtime count of a cut never reaches a saved dashboard.
    const saved = JSON.parse(exportPromtab({ ...dashboard, variables: [{ ...huge, optionsTotal: 60_000 }] }));
    expect(saved.dashboard.variables[0]).not.toHaveProperty('optionsTotal');
  });
});
