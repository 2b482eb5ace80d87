import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { builtins, interpolate, queryStep } from '../../../src/dashboards/interpolate';
import { allPanels } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { parseVariableQuery, resolveOrder, scopedVars } from '../../../src/dashboards/variables';
import { parseExpr } from '../../../src/promql/parser';

const file = path.resolve(__dirname, '../../../../shared/testdata/dashboards/node-exporter-full.json');
const exists = existsSync(file);
if (!exists) console.warn(`skipping Node Exporter Full tests: ${file} is absent`);

describe.skipIf(!exists)('Node Exporter Full (grafana.com 1860)', () => {
  const text = exists ? readFileSync(file, 'utf8') : '{}';
  const { dashboard, warnings } = importGrafana(text);
  const panels = allPanels(dashboard);

  it('imports with no warning, its two dashboard links included', () => {
    expect(warnings).toEqual([]);
    expect(dashboard.links?.map((l) => [l.title, l.url, l.targetBlank])).toEqual([
      ['GitHub', 'https://github.com/rfmoz/grafana-dashboards', true],
      ['Grafana', 'https://grafana.com/grafana/dashboards/1860', true],
    ]);
    expect(dashboard.title).toBe('Node Exporter Full');
    expect(dashboard.time).toEqual({ from: 'now-24h', to: 'now' });
    expect(dashboard.refresh).toBe('1m');
  });

  it('maps all 125 non-row panels to supported types, with no placeholder', () => {
    expect(panels).toHaveLength(125);
    const counts: Record<string, number> = {};
    for (const p of panels) counts[p.type] = (counts[p.type] ?? 0) + 1;
    expect(counts).toEqual({ timeseries: 111, gauge: 5, stat: 5, bargauge: 4 });
    expect(panels.filter((p) => p.placeholder)).toEqual([]);
    expect(dashboard.panels.filter((p) => p.kind === 'row')).toHaveLength(16);
  });

  it('keeps 286 targets, units, legends and the 98 overrides', () => {
    expect(panels.flatMap((p) => p.targets)).toHaveLength(286);
    const units = new Set(panels.map((p) => p.fieldConfig.defaults.unit).filter(Boolean));
    expect(units).toContain('bytes');
    expect(units).toContain('percentunit');
    expect(panels.reduce((n, p) => n + p.fieldConfig.overrides.length, 0)).toBe(98);
    expect(panels.filter((p) => p.options.legend?.displayMode === 'table' && p.options.legend.calcs.includes('mean')).length).toBeGreaterThan(100);
    const excl = panels.flatMap((p) => p.fieldConfig.overrides).filter((o) => o.matcher.type === 'byName' && o.matcher.exclude);
    expect(excl).toHaveLength(2);
  });

  it('parses every variable and orders the chain job → nodename → node', () => {
    expect(dashboard.variables.map((v) => `${v.type}:${v.name}`)).toEqual(['datasource:ds_prometheus', 'query:job', 'query:nodename', 'query:node']);
    const { order, cycles } = resolveOrder(dashboard.variables);
    expect(cycles).toEqual([]);
    expect(order.map((v) => v.name)).toEqual(['ds_prometheus', 'job', 'nodename', 'node']);
    expect(parseVariableQuery('label_values(node_uname_info{job="node", nodename="h"}, instance)')).toEqual({
      api: 'labelValues', name: 'instance', match: ['node_uname_info{job="node", nodename="h"}'],
    });
  });

  it('interpolates every expression with no $ left, into parseable PromQL', () => {
    const vars = scopedVars(
      dashboard.variables.map((v) => (v.type === 'query' ? { ...v, current: { text: `x-${v.name}`, value: `${v.name}:9100` } } : v)),
      86_400_000,
    );
    const range = { from: 1_700_000_000_000, to: 1_700_086_400_000 };
    let checked = 0;
    for (const p of panels) {
      for (const t of p.targets) {
        const step = queryStep(range.to - range.from, p.maxDataPoints ?? 1000, t.interval, p.interval, 15_000);
        const out = interpolate(t.expr, vars, builtins(range, step, 15_000));
        expect(out, t.expr).not.toContain('$');
        expect(() => parseExpr(out), out).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBe(286);
  });

  it('round-trips through Grafana export and Promtab JSON', () => {
    const again = importGrafana(JSON.stringify(exportGrafana(dashboard)));
    expect(again.warnings).toEqual([]);
    expect(again.dashboard).toEqual(dashboard);
    expect(importPromtab(exportPromtab(dashboard)).dashboard).toEqual(dashboard);
  });
});
