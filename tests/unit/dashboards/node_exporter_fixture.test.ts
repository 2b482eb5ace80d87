import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { allPanels } from '../../../src/dashboards/model';
import { parseAll } from '../../../src/exposition';
import { NODE_EXPORTER_FAMILIES, nodeExporterBody } from '../../e2e/fixtures/node_exporter';

const file = path.resolve(__dirname, '../../../../shared/testdata/dashboards/node-exporter-full.json');

function byKey(body: string): Map<string, { value: number; type: string }> {
  const { samples, metadata } = parseAll(body, 'text');
  return new Map(samples.map((s) => [s.labels.join('\u0000'), { value: s.value, type: metadata.get(s.name)?.type ?? 'unknown' }]));
}

describe('node_exporter fixture', () => {
  it('parses with our exposition parser, with help and type for every family', () => {
    const { samples, metadata } = parseAll(nodeExporterBody(0), 'text');
    expect(samples.length).toBeGreaterThan(300);
    expect(new Set(samples.map((s) => s.name))).toEqual(new Set(NODE_EXPORTER_FAMILIES));
    expect(new Set(NODE_EXPORTER_FAMILIES).size).toBe(NODE_EXPORTER_FAMILIES.length);
    for (const name of NODE_EXPORTER_FAMILIES) expect(metadata.get(name)?.help, name).toMatch(/\w/);
    expect(metadata.get('node_cpu_seconds_total')?.type).toBe('counter');
    expect(metadata.get('node_load1')?.type).toBe('gauge');
  });

  it('keeps counters monotonic and moves gauges with the tick', () => {
    const a = byKey(nodeExporterBody(10));
    const b = byKey(nodeExporterBody(11));
    expect([...a.keys()]).toEqual([...b.keys()]);
    let grew = 0;
    let moved = 0;
    for (const [k, x] of a) {
      const y = b.get(k)!;
      if (x.type === 'counter') {
        expect(y.value, k).toBeGreaterThanOrEqual(x.value);
        if (y.value > x.value) grew++;
      } else if (y.value !== x.value) moved++;
    }
    expect(grew).toBeGreaterThan(50);
    expect(moved).toBeGreaterThan(20);
    expect(nodeExporterBody(10)).toBe(nodeExporterBody(10));
  });

  it.skipIf(!existsSync(file))('has every node_* metric that Node Exporter Full queries', () => {
    const { dashboard } = importGrafana(readFileSync(file, 'utf8'));
    const queries = [...allPanels(dashboard).flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.variables.map((v) => v.query)];
    const wanted = new Set(queries.flatMap((q) => [...q.matchAll(/\b(node_[A-Za-z0-9_]+)/g)].map((m) => m[1])));
    expect(wanted.size).toBeGreaterThan(200);
    const missing = [...wanted].filter((n) => !NODE_EXPORTER_FAMILIES.includes(n));
    expect(missing).toEqual([]);
  });
});
