import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { PROTOBUF_EXPOSITION_CONTENT_TYPE, Registry } from '../../src/client';
import { browserPids, CHROMIUM, CHROMIUM_ARGS, cors, startFixture, type Fixture } from './helpers';

// A renderer crash followed by a hard kill of the whole browser: the storage worker gets no chance to flush. What
// comes back must be every scrape but the last interval's.
const INTERVAL_S = 2;
let target: Fixture;
let served = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`crash_fixture_value ${++served}\n`);
  });
});
test.afterAll(async () => target.stop());

// A protobuf target with a native histogram that observes one value per scrape: its count numbers the scrapes.
let histTarget: Fixture;
let histServed = 0;
test.beforeAll(async () => {
  const registry = new Registry();
  const h = registry.histogram({ name: 'crash_fixture_seconds', help: 'One observation per scrape.', nativeBucketFactor: 1.1 });
  histTarget = await startFixture((_req, res) => {
    cors(res);
    h.observe(0.01 * 1.5 ** (++histServed % 12));
    res.setHeader('Content-Type', PROTOBUF_EXPOSITION_CONTENT_TYPE);
    res.end(Buffer.from(registry.protobuf()));
  });
});
test.afterAll(async () => histTarget.stop());

function launch(dir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    baseURL,
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}

type Api = { query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> } };
async function scalar(page: Page, expr: string, at: number): Promise<number | null> {
  return page.evaluate(
    async ([q, t]) => {
      const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
      const r = await api.query.query(q as string, t as number);
      return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
    },
    [expr, at] as const,
  );
}

test('after a renderer crash and a killed browser, at most one scrape interval is lost', async ({ baseURL }) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'c-crash-'));
  try {
    let context = await launch(dir, baseURL!);
    let page = await context.newPage();
    await page.goto('./#/targets');
    await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
    await page.getByRole('textbox', { name: 'Job name' }).fill('crash');
    await page.getByRole('textbox', { name: 'Interval' }).fill(`${INTERVAL_S}s`);
    await page.getByRole('button', { name: 'Add targets' }).click();
    await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
    await expect.poll(() => scalar(page, 'count_over_time(crash_fixture_value[10m])', Date.now() / 1000), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    // Land somewhere inside an interval, not just after a scrape.
    await page.waitForTimeout(300 + Math.random() * INTERVAL_S * 1000);

    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash', { timeout: 10_000 });
    // Page.crash never answers: the renderer that would answer is gone.
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    const pids = browserPids(dir);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const killedAt = Date.now() / 1000;
    const servedAtKill = served;
    await expect.poll(() => browserPids(dir).length, { timeout: 10_000 }).toBe(0);
    await context.close().catch(() => {});

    context = await launch(dir, baseURL!);
    page = await context.newPage();
    await page.goto('./#/status');
    // Evaluated at the moment of the kill, so scrapes of the new browser do not count.
    const count = async () => scalar(page, 'count_over_time(crash_fixture_value[10m])', killedAt);
    await expect.poll(count, { timeout: 30_000 }).toBeGreaterThanOrEqual(servedAtKill - 1);
    expect(await count()).toBeLessThanOrEqual(servedAtKill);
    // The values count the scrapes one by one: none is missing before the newest one kept.
    expect(await scalar(page, 'max_over_time(crash_fixture_value[10m])', killedAt)).toBe(await count());
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a killed browser, native histogram samples come back as floats do: at most one scrape interval lost', async ({ baseURL }) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'c-crash-h-'));
  try {
    let context = await launch(dir, baseURL!);
    let page = await context.newPage();
    await page.goto('./#/status');
    const cfg = page.getByRole('region', { name: 'Configuration' });
    const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
    await expect(yaml).toHaveValue(/job_name: promtab/);
    await yaml.fill(
      [
        'scrape_configs:',
        '  - job_name: crash_native',
        `    scrape_interval: ${INTERVAL_S}s`,
        `    scrape_timeout: ${INTERVAL_S}s`,
        '    scrape_native_histograms: true',
        '    scrape_protocols: [PrometheusProto, PrometheusText0.0.4]',
        '    static_configs:',
        `      - targets: ['${histTarget.url.replace('http://', '')}']`,
        '',
      ].join('\n'),
    );
    await cfg.getByRole('button', { name: 'Apply configuration' }).click();
    await expect(cfg.getByRole('status')).toContainText('applied');
    const samples = (at: number) => scalar(page, 'count_over_time(crash_fixture_seconds[10m])', at);
    await expect.poll(() => samples(Date.now() / 1000), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    await page.waitForTimeout(300 + Math.random() * INTERVAL_S * 1000);

    const pids = browserPids(dir);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const killedAt = Date.now() / 1000;
    const servedAtKill = histServed;
    await expect.poll(() => browserPids(dir).length, { timeout: 10_000 }).toBe(0);
    await context.close().catch(() => {});

    context = await launch(dir, baseURL!);
    page = await context.newPage();
    await page.goto('./#/status');
    const count = async () => scalar(page, 'count_over_time(crash_fixture_seconds[10m])', killedAt);
    await expect.poll(count, { timeout: 30_000 }).toBeGreaterThanOrEqual(servedAtKill - 1);
    expect(await count()).toBeLessThanOrEqual(servedAtKill);
    // Each kept sample is the histogram itself: its observation count numbers the scrapes, none missing before it.
    expect(await scalar(page, 'histogram_count(crash_fixture_seconds)', killedAt)).toBe(await count());
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
