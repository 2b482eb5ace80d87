import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana, type ImportResult } from '../../../src/dashboards/grafana_import';
import { allPanels } from '../../../src/dashboards/model';

/** The shared corpus of real public Grafana dashboards (never copied into the project). */
const CORPUS = path.resolve(__dirname, '../../../../shared/testdata/dashboards/corpus');
const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort() : [];

if (!files.length) console.warn(`corpus.test.ts: skipped, no dashboards at ${CORPUS}`);

/** reasonKind groups placeholder reasons: field paths lose their indices, so one kind counts many panels. */
function reasonKind(reason: string): string {
  return reason.replace(/\[\d+\]/g, '[]');
}

function pad(s: string | number, n: number): string {
  return String(s).padEnd(n);
}

describe.skipIf(!files.length)('the corpus of public dashboards', () => {
  const results = new Map<string, ImportResult>();
  const refused: string[] = [];
  for (const f of files) {
    try {
      results.set(f, importGrafana(readFileSync(path.join(CORPUS, f), 'utf8')));
    } catch (e) {
      refused.push(`${f}: ${(e as Error).message}`);
    }
  }

  it('imports every dashboard: none refused', () => {
    expect(refused).toEqual([]);
    expect(results.size).toBe(files.length);
  });

  it('gives every panel an outcome: drawn, or a placeholder that says why (printed by type and by reason)', () => {
    const byType = new Map<string, { drawn: number; placeholder: number }>();
    const byReason = new Map<string, number>();
    let drawn = 0;
    let held = 0;
    for (const { dashboard } of results.values()) {
      for (const p of allPanels(dashboard)) {
        const type = p.placeholder?.originalType || p.type;
        const row = byType.get(type) ?? { drawn: 0, placeholder: 0 };
        if (p.type === 'placeholder') {
          expect(p.placeholder?.reason, `${dashboard.title} / ${p.title}`).toMatch(/\w/);
          row.placeholder++;
          held++;
          const kind = reasonKind(p.placeholder?.reason ?? '');
          byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
        } else {
          row.drawn++;
          drawn++;
        }
        byType.set(type, row);
      }
    }
    const lines = [
      `corpus: ${results.size} of ${files.length} dashboards imported, ${refused.length} refused; ${drawn + held} panels: ${drawn} drawn, ${held} placeholders`,
      '',
      `${pad('panel type', 28)}${pad('drawn', 8)}placeholder`,
      ...[...byType].sort((a, b) => b[1].drawn + b[1].placeholder - (a[1].drawn + a[1].placeholder)).map(([t, r]) => `${pad(t, 28)}${pad(r.drawn, 8)}${r.placeholder}`),
      '',
      'placeholders by reason:',
      ...[...byReason].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${pad(n, 6)}${r}`),
    ];
    console.log(lines.join('\n'));
    expect(drawn + held).toBeGreaterThan(0);
    expect([...byReason.keys()].filter((r) => r.startsWith('Promtab could not')), 'fields of the corpus Promtab cannot read').toEqual([]);
  });

  it('re-imports every exported dashboard to the same model', () => {
    for (const [f, { dashboard }] of results) expect(importGrafana(exportGrafana(dashboard)).dashboard, f).toEqual(dashboard);
  }, 60_000);
});
