import { describe, expect, it } from 'vitest';
import { OVERVIEW_UID, SELF_METRICS, overviewDashboard } from '../../../src/dashboards/builtin';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { builtins, interpolate } from '../../../src/dashboards/interpolate';
import { allPanels, newPanel, PANEL_TYPES } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { resolveOrder, scopedVars } from '../../../src/dashboards/variables';
import { parseExpr } from '../../../src/promql/parser';

describe('Promtab overview', () => {
  const d = overviewDashboard();
  const panels = allPanels(d);

  it('shows targets, scrapes, storage and queries from the self-metrics', () => {
    expect(d).toMatchObject({ uid: OVERVIEW_UID, title: 'Promtab overview', refresh: '10s' });
    const exprs = panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    expect(exprs).toContain('up{');
    expect(exprs).toContain('scrape_duration_seconds');
    for (const name of Object.values(SELF_METRICS)) expect(exprs, name).toContain(name);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
  });

  it('has only parseable queries once interpolated', () => {
    const vars = scopedVars(d.variables, 3_600_000);
    const b = builtins({ from: 0, to: 3_600_000 }, 15_000, 15_000);
    for (const p of panels) for (const t of p.targets) {
      const q = interpolate(t.expr, vars, b);
      expect(q).not.toContain('$');
      expect(() => parseExpr(q), q).not.toThrow();
    }
    expect(interpolate('up{job=~"$job"}', vars, b)).toBe('up{job=~".*"}');
    expect(resolveOrder(d.variables).cycles).toEqual([]);
  });

  it('keeps panels on the grid without overlaps', () => {
    const cells = new Set<string>();
    for (const p of d.panels) {
      const g = p.gridPos;
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
        expect(cells.has(`${x},${y}`), `${p.kind} ${'title' in p ? p.title : ''} at ${x},${y}`).toBe(false);
        cells.add(`${x},${y}`);
      }
    }
  });

  it('round-trips through Grafana and Promtab JSON', () => {
    expect(importGrafana(exportGrafana(d))).toEqual({ dashboard: d, warnings: [] });
    expect(importPromtab(exportPromtab(d))).toEqual({ dashboard: d, warnings: [] });
  });
});

describe('new panels', () => {
  it.each(PANEL_TYPES.map((t) => [t]))('a new %s panel round-trips', (type) => {
    const d = { ...overviewDashboard(), panels: [newPanel(type, 1)], variables: [] };
    expect(importGrafana(exportGrafana(d)).dashboard).toEqual(d);
    expect(importPromtab(exportPromtab(d)).dashboard).toEqual(d);
  });
});
