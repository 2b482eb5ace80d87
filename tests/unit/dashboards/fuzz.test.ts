import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { parseMarkdown } from '../../../src/dashboards/markdown';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';

const keys = fc.constantFrom(
  'type', 'id', 'title', 'gridPos', 'x', 'y', 'w', 'h', 'targets', 'expr', 'panels', 'fieldConfig', 'defaults', 'overrides',
  'matcher', 'options', 'properties', 'mappings', 'thresholds', 'steps', 'value', 'custom', 'legend', 'templating', 'list',
  'name', 'query', 'current', 'rows', 'span', 'seriesOverrides', 'yaxes', 'transformations', 'datasource', 'collapsed', '__proto__',
);
const values = fc.constantFrom('row', 'graph', 'timeseries', 'stat', 'singlestat', 'table-old', 'text', 'byName', 'byNames', 'value', 'range', 'special', 'organize', 'merge', 'query', 'custom', 'interval', 'prometheus', 'loki');
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -5, max: 30 }), values, fc.string(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('import never crashes on garbage', () => {
  it('imports any object (and then round-trips): only non-JSON, non-objects and the limits are refused', () => {
    fc.assert(
      fc.property(fc.dictionary(keys, json, { maxKeys: 6 }), (input) => {
        const d = importGrafana(input).dashboard;
        expect(importPromtab(exportPromtab(d)).dashboard).toEqual(d);
        expect(() => importGrafana(exportGrafana(d))).not.toThrow();
      }),
      { numRuns: 400 },
    );
  }, 60_000);
  it('survives any one field of a valid dashboard replaced by garbage', () => {
    const docs = ['modern.json', 'legacy_rows.json'].map((f) => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', f), 'utf8')) as unknown);
    const paths = docs.map((doc) => {
      const out: (string | number)[][] = [];
      const walk = (v: unknown, at: (string | number)[]) => {
        out.push(at);
        if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, Array.isArray(v) ? Number(k) : k]);
      };
      walk(doc, []);
      return out.filter((p) => p.length > 0);
    });
    fc.assert(
      fc.property(fc.nat(1), fc.nat(), json, (which, pick, replacement) => {
        const doc = structuredClone(docs[which]) as Record<string | number, unknown>;
        const at = paths[which][pick % paths[which].length];
        let parent = doc;
        for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        parent[at[at.length - 1]] = replacement;
        const { dashboard } = importGrafana(doc);
        expect(importGrafana(exportGrafana(dashboard)).dashboard).toEqual(dashboard);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
  it('parses any text as Markdown without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => Array.isArray(parseMarkdown(s))), { numRuns: 500 });
  });
});
