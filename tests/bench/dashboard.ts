/**
 * dashboard_nef_render_ms: in headless Chromium against the built app, the time from opening the imported Node
 * Exporter Full (6 h range over 6 h of 15 s node_exporter-shaped data, backfilled through Promtab's data import) to
 * every visible panel drawn. Skips with a message when Chromium or the shared dashboard is absent.
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { nodeExporterBody } from '../e2e/fixtures/node_exporter';
import { familiesFromSamples, parseAll, writePrometheusText } from '../../src/exposition';
import { importGrafana } from '../../src/dashboards';
import { LabelsBuilder } from '../../src/model/labels';

type Report = (name: string, value: number, unit: string) => void;
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const NEF = resolve(root, '../shared/testdata/dashboards/node-exporter-full.json');
const CHROMIUM = process.env.PROMTAB_CHROMIUM ?? '/usr/bin/chromium';
const TICKS = 6 * 240;

function backfill(now: number): string {
  const samples = [];
  for (let tick = 0; tick < TICKS; tick++) {
    const t = now - (TICKS - tick) * 15_000;
    for (const s of parseAll(nodeExporterBody(tick), 'text').samples) {
      const labels = new LabelsBuilder(s.labels).set('job', 'node').set('instance', 'bench:9100').labels();
      samples.push({ labels, value: s.value, timestamp: t });
    }
  }
  return writePrometheusText(familiesFromSamples(samples));
}

export default async function bench(report: Report): Promise<void> {
  if (!existsSync(CHROMIUM) || !existsSync(NEF)) {
    console.error(`dashboard bench skipped: needs ${CHROMIUM} and ${NEF}`);
    return;
  }
  // A build of its own, so the bench never overwrites a dist/ someone else serves.
  const outDir = mkdtempSync(join(tmpdir(), 'promtab-bench-'));
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${url}#/status`);
    const text = backfill(Date.now());
    const { dashboard } = importGrafana(JSON.parse(readFileSync(NEF, 'utf8')));
    dashboard.time = { from: 'now-6h', to: 'now' };
    type Api = {
      storage: {
        state: { importData: (t: string) => Promise<{ status: string; error?: string }> };
        dashboards: { save: (d: unknown) => Promise<{ status: string; error?: string }> };
      };
    };
    const r = await page.evaluate(
      async ([body, d]) => {
        const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
        const imported = await api.storage.state.importData(body as string);
        const saved = await api.storage.dashboards.save(d);
        return `${imported.status} ${imported.error ?? ''} ${saved.status} ${saved.error ?? ''}`;
      },
      [text, JSON.parse(JSON.stringify(dashboard)) as unknown] as [string, unknown],
    );
    if (!r.startsWith('success') || !r.includes(' success')) throw new Error(`setup failed: ${r}`);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${url}#/status`);
      await page.waitForTimeout(500);
      const t0 = Date.now();
      await page.goto(`${url}#/dashboards/${encodeURIComponent(dashboard.uid)}`);
      await page.locator('section.panel').first().waitFor();
      await page.waitForFunction(
        () =>
          document.querySelectorAll('section.panel').length > 0 &&
          [...document.querySelectorAll('section.panel')].every((p) => !p.textContent?.includes('Loading…')),
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      times.push(Date.now() - t0);
    }
    times.sort((a, b) => a - b);
    report('dashboard_nef_render_ms', times[1], 'ms');
    report('dashboard_nef_visible_panels', await page.locator('section.panel').count(), 'panels');
    report('dashboard_nef_panels_with_data', await page.locator('section.panel:not(:has(.nodata))').count(), 'panels');
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
