/**
 * Exemplars from a real Prometheus as a remote data source: Debian's /usr/bin/prometheus with
 * --enable-feature=exemplar-storage scrapes the OpenMetrics exemplar fixture, and the Query view's graph on that data
 * source draws what its /api/v1/query_exemplars answers.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectConsoleErrors, stopChild } from './helpers';
import { startExemplarTarget, type ExemplarTarget } from './fixtures/exemplars';

const PROMETHEUS = '/usr/bin/prometheus';
const present = existsSync(PROMETHEUS);
let proc: ChildProcess | undefined;
let dir = '';
let target: ExemplarTarget | undefined;
let promUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** exemplarCount asks the Prometheus how many exemplars of the fixture it holds (0 while it has none). */
async function exemplarCount(): Promise<number> {
  try {
    const r = await fetch(`${promUrl}/api/v1/query_exemplars?query=shop_orders_total&start=0&end=${Date.now() / 1000 + 60}`);
    const j = (await r.json()) as { data?: { exemplars: unknown[] }[] | null };
    return (j.data ?? []).reduce((n, s) => n + s.exemplars.length, 0);
  } catch {
    return 0;
  }
}

test.beforeAll(async () => {
  if (!present) return;
  target = await startExemplarTarget();
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(join(tmpdir(), 'g-prom-ex-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: shop\n    static_configs:\n      - targets: ['${new URL(target.url).host}']\n`);
  proc = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--web.cors.origin=.*', '--enable-feature=exemplar-storage'],
    { stdio: 'ignore' },
  );
  await expect.poll(exemplarCount, { timeout: 30_000 }).toBeGreaterThan(2);
});

test.afterAll(async () => {
  await stopChild(proc);
  if (dir) rmSync(dir, { recursive: true, force: true });
  await target?.stop();
});

test("a remote Prometheus's exemplars show on the graph of a panel that queries it", async ({ page }) => {
  test.skip(!present, `${PROMETHEUS} is absent (install Debian's prometheus package to run this test)`);
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./#/settings');
  const section = page.getByRole('region', { name: 'Data sources' });
  await section.getByRole('textbox', { name: 'Data source name' }).fill('real');
  await section.getByRole('textbox', { name: 'Data source URL' }).fill(promUrl);
  await section.getByRole('button', { name: 'Add data source' }).click();
  await expect(section.getByRole('listitem').filter({ hasText: promUrl })).toBeVisible();

  // Promtab itself never scraped the fixture: every marker comes from the remote's query_exemplars.
  const params = new URLSearchParams({ 'g0.expr': 'rate(shop_orders_total[30s])', 'g0.tab': 'graph', 'g0.range_input': '5m', 'g0.datasource': 'real' });
  await page.goto(`./#/query?${params}`);
  await expect(page.getByRole('img', { name: 'Graph' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('switch', { name: 'Show exemplars' }).click();
  const marks = page.getByRole('button', { name: /^Exemplar trace_id=4bf92f35/ });
  await expect(marks.first()).toBeVisible({ timeout: 30_000 });
  const trace = /trace_id=([0-9a-f]{32})/.exec((await marks.last().getAttribute('aria-label'))!)![1];
  expect(target!.traces).toContain(trace);
  await marks.last().focus();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Exemplar' })).toContainText('job="shop"');
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
