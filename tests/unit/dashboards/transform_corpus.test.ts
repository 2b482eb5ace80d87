import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTransformation, writeTransformation } from '../../../src/dashboards/transform_json';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { newDashboard, newPanel } from '../../../src/dashboards/model';
import { TRANSFORMATION_IDS, type Transformation } from '../../../src/dashboards/transform_model';
import { applyTransformations, framesFromQueries, type FrameSeries } from '../../../src/dashboards/transformations';
import type { JsonValue } from '../../../src/dashboards/model';

const dir = path.resolve(__dirname, '../../../../shared/testdata/dashboards/corpus');
type Raw = { type?: string; transformations?: JsonValue[]; panels?: Raw[] };

/** panelsOf walks panels, nested row panels and old top-level rows. */
function panelsOf(d: { panels?: Raw[]; rows?: Raw[]; dashboard?: Raw }): Raw[] {
  const root = (d.dashboard && !d.panels ? d.dashboard : d) as { panels?: Raw[]; rows?: Raw[] };
  const out: Raw[] = [];
  const walk = (ps: Raw[] | undefined) => {
    for (const p of ps ?? []) {
      out.push(p);
      walk(p.panels);
    }
  };
  walk(root.panels);
  for (const r of root.rows ?? []) walk(r.panels);
  return out;
}

describe.skipIf(!existsSync(dir))('transformations over the dashboard corpus', () => {
  it('counts transformation ids and reads every common one', () => {
    const counts = new Map<string, number>();
    const unread = new Map<string, string>();
    const lists: Transformation[][] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      for (const p of panelsOf(JSON.parse(readFileSync(path.join(dir, file), 'utf8')))) {
        const list: Transformation[] = [];
        lists.push(list);
        for (const [i, t] of (p.transformations ?? []).entries()) {
          const id = String((t as { id?: string }).id);
          counts.set(id, (counts.get(id) ?? 0) + 1);
          const read = readTransformation(t, `${file} transformations[${i}]`, []);
          if (typeof read === 'string') unread.set(id, read);
          else if (read) {
            list.push(read);
            expect(readTransformation(writeTransformation(read), 'again', []), id).toEqual(read);
          }
        }
      }
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    // Every panel's readable list runs without throwing over series and table frames.
    const series: FrameSeries[] = [{ metric: { __name__: 'up', job: 'a', instance: 'x' }, timestamps: [1000, 2000], values: [1, 0] }, { metric: { job: 'b' }, timestamps: [1000], values: [NaN] }];
    const inputs = () => framesFromQueries([
      { refId: 'A', format: 'time_series', legend: (m) => m.job ?? '', series },
      { refId: 'B', format: 'table', legend: () => '', series },
    ]);
    for (const list of lists) expect(() => applyTransformations(inputs(), list)).not.toThrow();
    console.log(`transformations in the corpus:\n${sorted.map(([id, n]) => `  ${id.padEnd(20)} ${n}${TRANSFORMATION_IDS.includes(id) ? '' : '  (placeholder)'}`).join('\n')}`);
    expect(sorted.length).toBeGreaterThan(5);
    // Every transformation used 3 times or more runs, except timeSeriesTable (sparkline cells), which stays a placeholder.
    for (const [id, n] of sorted) if (n >= 3 && id !== 'timeSeriesTable') expect(TRANSFORMATION_IDS, id).toContain(id);
    for (const [id, reason] of unread) expect(reason, id).toContain(id);
  });
});

describe('transformations in Promtab dashboard JSON', () => {
  it('round-trip in Grafana shape, and the old organize shape still reads', () => {
    const d = newDashboard('t', 'u');
    const p = newPanel('table', 1);
    p.transformations = [
      { id: 'labelsToFields', mode: 'columns', keepLabels: ['pod'], valueLabel: '' },
      { id: 'groupBy', fields: [['pod', { operation: 'groupby', aggregations: [] }], ['Value', { operation: 'aggregate', aggregations: ['sum'] }]] },
      { id: 'sortBy', field: 'Value (sum)', desc: true },
    ];
    d.panels.push(p);
    const text = exportPromtab(d);
    expect(JSON.parse(text).dashboard.panels[0].transformations[1]).toEqual({ id: 'groupBy', options: { fields: { pod: { operation: 'groupby', aggregations: [] }, Value: { operation: 'aggregate', aggregations: ['sum'] } } } });
    expect(importPromtab(JSON.parse(text)).dashboard).toEqual(d);
    const old = JSON.parse(text);
    old.dashboard.panels[0].transformations = [{ id: 'organize', excludeByName: ['a'], indexByName: [['b', 0]], renameByName: [] }];
    expect(importPromtab(old).dashboard.panels[0]).toMatchObject({ transformations: [{ id: 'organize', excludeByName: ['a'], indexByName: [['b', 0]], renameByName: [] }] });
  });
});
