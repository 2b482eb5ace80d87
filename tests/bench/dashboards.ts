/**
 * Dashboards benchmark: Grafana import and export of Node Exporter Full (the overview dashboard when the test data
 * is absent), interpolation of every query, and Markdown parsing of a long text panel. Figures are wall time per op.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { overviewDashboard } from '../../src/dashboards/builtin';
import { exportGrafana } from '../../src/dashboards/grafana_export';
import { importGrafana } from '../../src/dashboards/grafana_import';
import { builtins, interpolate } from '../../src/dashboards/interpolate';
import { parseMarkdown } from '../../src/dashboards/markdown';
import { allPanels } from '../../src/dashboards/model';
import { scopedVars } from '../../src/dashboards/variables';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '../../../shared/testdata/dashboards/node-exporter-full.json');

function time(iterations: number, fn: () => void): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - t0) / iterations;
}

/** bench reports the dashboards figures. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const name = existsSync(file) ? 'node_exporter_full' : 'overview';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : JSON.stringify(exportGrafana(overviewDashboard()));
  const { dashboard } = importGrafana(text);
  report(`dashboards_import_${name}`, time(50, () => importGrafana(text)), 'ms');
  report(`dashboards_export_${name}`, time(50, () => JSON.stringify(exportGrafana(dashboard))), 'ms');
  const exprs = allPanels(dashboard).flatMap((p) => p.targets.map((t) => t.expr));
  const vars = scopedVars(dashboard.variables.map((v) => ({ ...v, current: { text: 'x', value: 'x' } })), 86_400_000);
  const b = builtins({ from: 0, to: 86_400_000 }, 60_000, 15_000);
  const perAll = time(200, () => {
    for (const e of exprs) interpolate(e, vars, b);
  });
  report('dashboards_interpolate_per_query', (perAll / exprs.length) * 1000, 'µs');
  const md = Array.from({ length: 2000 }, (_, i) => `## Section ${i}\n\nSome *text* with **bold**, \`code\` and [a link](https://example.com/${i}).\n\n- item\n- item`).join('\n\n');
  report('dashboards_markdown_100kB', time(10, () => parseMarkdown(md)), 'ms');
}
