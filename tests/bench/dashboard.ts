/**
 * Node Exporter Full in headless Chromium against the built app, over 6 h of 15 s node_exporter-shaped data
 * backfilled through Promtab's data import, the dashboard saved with every row open (all 125 panels on the page).
 * Measured inside the page from the moment the dashboard is opened (the hash changes):
 * - dashboard_nef_first_panel_ms: the first uPlot canvas is in the page (uPlot draws when it is created);
 * - dashboard_nef_all_panels_ms: every one of the 125 panels is drawn: no panel is loading, each time series panel
 *   holds its canvas (or says No data or an error), each other panel shows its value, table or text;
 * - dashboard_nef_render_ms: kept from before, the time to no panel loading, measured from outside the page.
 * Median of three runs. Skips with a message when Chromium or the shared dashboard is absent.
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { nodeExporterBody } from '../e2e/fixtures/node_exporter';
import { familiesFromSamples, parseAll, writePrometheusText } from '../../src/exposition';
import { allPanels, expandAllRows, importGrafana } from '../../src/dashboards';
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
    // tsx names functions through a __name helper; the functions handed to the page need it there too.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(`${url}#/status`);
    const text = backfill(Date.now());
    const dashboard = expandAllRows(importGrafana(JSON.parse(readFileSync(NEF, 'utf8'))).dashboard);
    dashboard.time = { from: 'now-6h', to: 'now' };
    const panelCount = allPanels(dashboard).length;
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
    const firsts: number[] = [];
    const alls: number[] = [];
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${url}#/status`);
      await page.waitForTimeout(500);
      const t0 = Date.now();
      const drawn = await page.evaluate(
        ([uid, count]) =>
          new Promise<{ first: number; all: number }>((resolve, reject) => {
            const start = performance.now();
            let first = -1;
            // A panel is drawn when it is not loading and its body shows what it has: a chart, a value, a table, text, No data or an error.
            const isDrawn = (p: Element) => {
              if (p.querySelector('[role="status"]')?.textContent?.includes('Loading')) return false;
              const body = p.querySelector('.body');
              if (!body || body.childElementCount === 0) return false;
              if (p.getAttribute('data-panel-type') !== 'timeseries') return true;
              return body.querySelector('canvas, .nodata, [role="alert"]') !== null;
            };
            const check = () => {
              const now = performance.now() - start;
              if (first < 0 && document.querySelector('section.panel canvas')) first = now;
              const panels = document.querySelectorAll('section.panel');
              if (panels.length === count && [...panels].every(isDrawn)) resolve({ first, all: now });
              else if (now > 120_000) reject(new Error(`not drawn after 120 s: ${panels.length} panels`));
              else requestAnimationFrame(check);
            };
            location.hash = `#/dashboards/${encodeURIComponent(uid as string)}`;
            requestAnimationFrame(check);
          }),
        [dashboard.uid, panelCount] as [string, number],
      );
      times.push(Date.now() - t0);
      firsts.push(drawn.first);
      alls.push(drawn.all);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    report('dashboard_nef_first_panel_ms', Math.round(median(firsts)), 'ms');
    report('dashboard_nef_all_panels_ms', Math.round(median(alls)), 'ms');
    report('dashboard_nef_render_ms', median(times), 'ms');
    report('dashboard_nef_visible_panels', await page.locator('section.panel').count(), 'panels');
    report('dashboard_nef_panels_with_data', await page.locator('section.panel:not(:has(.nodata))').count(), 'panels');
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
