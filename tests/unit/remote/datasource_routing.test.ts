import { describe, expect, it } from 'vitest';
import { exportGrafana, exportPromtab, importGrafana, importPromtab, newDashboard, newPanel, newTarget, type Panel } from '../../../src/dashboards';
import { resolveVariables, runPanel, type Apis } from '../../../src/ui/lib/dashboard_runtime';
import type { Variable } from '../../../src/dashboards';
import { decodePanels, defaultPanel, encodePanels } from '../../../src/ui/lib/querystate';
import type { DataSource } from '../../../src/remote/datasource_config';
import { DS } from './datasource_fake';

function grafana(panelDs: unknown, targetDs?: unknown): string {
  return JSON.stringify({
    schemaVersion: 39,
    title: 'G',
    uid: 'g',
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'p',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        ...(panelDs === undefined ? {} : { datasource: panelDs }),
        targets: [{ refId: 'A', expr: 'up', ...(targetDs === undefined ? {} : { datasource: targetDs }) }],
      },
    ],
  });
}

function firstPanel(text: string): Panel {
  return importGrafana(text).dashboard.panels[0] as Panel;
}

describe('Grafana import keeps the datasource reference', () => {
  it.each<[string, unknown, unknown, string | undefined]>([
    ['a uid', { type: 'prometheus', uid: 'prod' }, undefined, 'prod'],
    ['an old name', 'Prod Prometheus', undefined, 'Prod Prometheus'],
    ['a mixed panel takes its target\'s', { type: 'datasource', uid: '-- Mixed --' }, { type: 'prometheus', uid: 'thanos' }, 'thanos'],
    ['an import input stays Promtab', { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, undefined, undefined],
    ['a variable stays Promtab', '$datasource', undefined, undefined],
    ['none', undefined, undefined, undefined],
  ])('%s', (_name, panelDs, targetDs, want) => {
    expect(firstPanel(grafana(panelDs, targetDs)).datasource).toBe(want);
  });

  it('keeps references to a datasource variable, for panels and query variables', () => {
    const doc = JSON.parse(grafana('$ds'));
    doc.templating = {
      list: [
        { type: 'datasource', name: 'ds', query: 'prometheus' },
        { type: 'query', name: 'job', query: 'label_values(up, job)', datasource: { type: 'prometheus', uid: '${ds}' } },
        { type: 'query', name: 'other', query: 'label_values(up, instance)', datasource: { type: 'prometheus', uid: '$nope' } },
      ],
    };
    const { dashboard } = importGrafana(JSON.stringify(doc));
    expect((dashboard.panels[0] as Panel).datasource).toBe('$ds');
    expect(dashboard.variables.map((v) => v.datasource)).toEqual([undefined, '${ds}', undefined]);
    const again = importGrafana(JSON.stringify(exportGrafana(dashboard))).dashboard;
    expect(again.variables.map((v) => v.datasource)).toEqual([undefined, '${ds}', undefined]);
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });

  it('round-trips through Grafana and Promtab JSON', () => {
    const d = newDashboard('R', 'r');
    d.panels = [{ ...newPanel('timeseries', 1), targets: [newTarget('A')], datasource: 'prod' }];
    const g = exportGrafana(d);
    expect(JSON.stringify(g)).toContain('"uid":"prod"');
    expect((importGrafana(JSON.stringify(g)).dashboard.panels[0] as Panel).datasource).toBe('prod');
    expect((importPromtab(exportPromtab(d)).dashboard.panels[0] as Panel).datasource).toBe('prod');
  });
});

describe('query URL state', () => {
  it('carries the data source', () => {
    const panels = [{ ...defaultPanel('up'), datasource: 'prod' }, defaultPanel('x')];
    const params = encodePanels(panels);
    expect(params.get('g0.datasource')).toBe('prod');
    expect(params.has('g1.datasource')).toBe(false);
    expect(decodePanels(new URLSearchParams(params.toString()))).toEqual(panels);
  });
});

describe('runPanel routing', () => {
  function fakeApis(sources: DataSource[]) {
    const calls: string[] = [];
    const ok = { status: 'success' as const, data: { resultType: 'matrix' as const, result: [] } };
    const apis = {
      storage: { state: { settings: async () => ({ dataSources: sources }) } },
      query: {
        labelValues: async (name: string) => (calls.push(`local values ${name}`), { status: 'success', data: ['promtab'] }),
        queryRange: async (expr: string) => (calls.push(`local ${expr}`), ok),
        query: async (expr: string) => (calls.push(`local instant ${expr}`), { status: 'success', data: { resultType: 'vector', result: [] } }),
        datasources: {
          labelValues: async (ds: DataSource, name: string) => (calls.push(`${ds.name} values ${name}`), { status: 'success', data: ['node'] }),
          queryRange: async (ds: DataSource, expr: string) => (calls.push(`${ds.name} ${expr}`), ok),
          query: async (ds: DataSource, expr: string) => (calls.push(`${ds.name} instant ${expr}`), { status: 'success', data: { resultType: 'vector', result: [] } }),
        },
      },
    } as unknown as Apis;
    return { apis, calls };
  }
  const range = { from: 1_700_000_000_000, to: 1_700_003_600_000 };
  const panel = (datasource: string | undefined, instant = false): Panel => ({
    ...newPanel('timeseries', 1),
    targets: [{ ...newTarget('A'), expr: 'up', instant, range: !instant }],
    ...(datasource ? { datasource } : {}),
  });

  it.each<[string, string | undefined, boolean, string]>([
    ['no data source: Promtab', undefined, false, 'local up'],
    ['a configured name: the remote', 'prod', false, 'prod up'],
    ['a name in another case: the remote', 'PROD', true, 'prod instant up'],
    ['an unknown Grafana uid: Promtab', 'abc123', true, 'local instant up'],
  ])('%s', async (_name, datasource, instant, want) => {
    const { apis, calls } = fakeApis([DS]);
    const r = await runPanel(panel(datasource, instant), [], range, 600, 15_000, apis);
    expect(r.targets[0].kind).not.toBe('error');
    expect(calls).toEqual([want]);
  });

  const dsVar = (value: string): Variable => ({
    type: 'datasource', name: 'ds', label: '', description: '', hide: 0, query: 'prometheus', regex: '', sort: 0, refresh: 1,
    multi: false, includeAll: false, allValue: null, auto: false, autoCount: 30, autoMin: '10s',
    current: { text: value, value }, options: [],
  });

  it.each<[string, string, string]>([
    ['a datasource variable set to a remote', 'prod', 'prod up'],
    ['a datasource variable set to Promtab', 'promtab', 'local up'],
  ])('%s', async (_name, value, want) => {
    const { apis, calls } = fakeApis([DS]);
    await runPanel(panel('${ds}'), [dsVar(value)], range, 600, 15_000, apis);
    expect(calls).toEqual([want]);
  });

  it('offers the remotes as datasource variable options and resolves query variables where they point', async () => {
    const { apis, calls } = fakeApis([DS]);
    const job: Variable = { ...dsVar(''), type: 'query', name: 'job', query: 'label_values(job)', datasource: '$ds' };
    const [ds, j] = await resolveVariables([dsVar('prod'), job], range, apis, 15_000);
    expect(ds.options.map((o) => o.value)).toEqual(['promtab', 'prod']);
    expect(ds.current.value).toBe('prod');
    expect(j.options.map((o) => o.value)).toEqual(['node']);
    expect(calls).toEqual(['prod values job']);
  });
});
