/**
 * First data (issue #16), in headless Chromium against the built app served as `npm start` serves it:
 * - ui_home_first_data_ms: from navigation start on a fresh profile to the home dashboard's `Targets up` stat
 *   showing a live value (Promtab's own first self-scrape, stored, queried and drawn);
 * - ui_target_first_sample_ms: from pressing `Add targets` for a CORS fixture target to its first sample in the
 *   Query view's table (the query is re-run until the sample is there, as a user pressing Execute would).
 * Each is the median of five fresh profiles.
 */
import { chromium, type Browser } from '@playwright/test';
import { build, preview } from 'vite';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Report = (name: string, value: number, unit: string) => void;
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CHROMIUM = process.env.PROMTAB_CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function homeFirstData(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // Polled on every animation frame in the page, so the time is when the value was first painted.
    const handle = await page.waitForFunction(
      () => {
        const region = [...document.querySelectorAll('section[aria-label], [role="region"]')].find((r) => r.getAttribute('aria-label') === 'Targets up');
        const v = region?.querySelector('.stat-value')?.textContent?.trim();
        return v && /^\d+$/.test(v) && Number(v) > 0 ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

async function targetFirstSample(browser: Browser, url: string, target: string, run: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}#/targets`);
    const job = `first${run}`;
    await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target}/metrics`);
    await page.getByRole('textbox', { name: 'Job name' }).fill(job);
    const add = page.getByRole('button', { name: 'Add targets' });
    await add.evaluate((b) => b.addEventListener('click', () => ((window as unknown as { __added: number }).__added = performance.now()), { once: true }));
    await add.click();
    const expr = encodeURIComponent(`first_sample_value{job="${job}"}`);
    await page.goto(`${url}#/query?g0.expr=${expr}&g0.tab=table`);
    const cell = page.getByRole('table', { name: 'Result' }).getByRole('cell', { name: '7', exact: true });
    for (;;) {
      await page.getByRole('button', { name: 'Execute' }).click();
      try {
        await cell.waitFor({ timeout: 250 });
        break;
      } catch {
        // not there yet: execute again
      }
    }
    return await page.evaluate(() => performance.now() - (window as unknown as { __added: number }).__added);
  } finally {
    await context.close();
  }
}

export default async function bench(report: Report): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`first_data bench skipped: no Chromium at ${CHROMIUM}`);
    return;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'promtab-bench-'));
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0] ?? '';
  const fixture = createServer((_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('# TYPE first_sample_value gauge\nfirst_sample_value 7\n');
  });
  await new Promise<void>((r) => fixture.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const home: number[] = [];
    const sample: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      home.push(await homeFirstData(browser, url));
      sample.push(await targetFirstSample(browser, url, target, i));
    }
    report('ui_home_first_data_ms', median(home), 'ms');
    report('ui_target_first_sample_ms', median(sample), 'ms');
  } finally {
    await browser.close();
    fixture.closeAllConnections();
    fixture.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
