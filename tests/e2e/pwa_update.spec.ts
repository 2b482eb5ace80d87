/**
 * Updates: build A is served and open, build B is deployed at the same address (its own `vite preview` process on
 * the same port, after A's is killed by its process id). The page keeps running A and shows a quiet notice; `Reload
 * to update` saves what the storage worker holds, lets B take over and reloads into it, and no sample is lost.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cors, startFixture, type Fixture } from './helpers';
import { freePort, startAppServer, type AppServer } from './fixtures/app_server';

const DIST = process.env.PROMTAB_DIST ?? 'dist';
// One worker runs this file's tests in order, so build B is built once (beforeAll runs once per worker).
test.describe.configure({ mode: 'default' });
let target: Fixture;
let value = 0;
let distB = '';

test.beforeAll(async () => {
  test.setTimeout(480_000);
  // Build B: the same sources built again, so it differs from A in its build date (and so in its chunks' hashes).
  distB = mkdtempSync(join(tmpdir(), 'promtab-build-b-'));
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error', '--emptyOutDir', '--outDir', distB], { stdio: 'ignore', timeout: 400_000 });
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`update_fixture_value ${++value}\n`);
  });
});
test.afterAll(async () => {
  await target.stop();
  if (distB) rmSync(distB, { recursive: true, force: true });
});

type Api = {
  query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> };
  storage: { buildinfo: () => Promise<{ data: { buildDate: string } }> };
};
async function scalar(page: Page, expr: string): Promise<number | null> {
  return page.evaluate(async (q) => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    const r = await api.query.query(q, Date.now() / 1000);
    return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
  }, expr);
}
async function buildDate(page: Page): Promise<string> {
  return page.evaluate(async () => (await (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api().storage.buildinfo()).data.buildDate);
}
/** controlled waits until the service worker has precached the build and controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
}

/** entryScript is the page's main module script, which names its build (its file name carries a content hash). */
function entryScript(html: string): string {
  return /<script type="module"[^>]*src="\.\/(assets\/[^"]+)"/.exec(html)![1];
}

test('a new build waits for Reload to update, which brings it without losing a sample', async ({ context }) => {
  test.setTimeout(180_000);
  const scriptA = entryScript(readFileSync(join(DIST, 'index.html'), 'utf8'));
  const scriptB = entryScript(readFileSync(join(distB, 'index.html'), 'utf8'));
  expect(scriptB).not.toBe(scriptA);

  const port = await freePort();
  let server: AppServer = await startAppServer(DIST, port);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}#/targets`);
    await controlled(page);
    const dateA = await buildDate(page);
    await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
    await page.getByRole('textbox', { name: 'Job name' }).fill('update');
    await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
    await page.getByRole('button', { name: 'Add targets' }).click();
    await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
    await expect.poll(() => scalar(page, 'count_over_time(update_fixture_value[10m])'), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    const notice = page.getByRole('status', { name: 'Update available' });
    await expect(notice).toHaveCount(0);

    await server.stop();
    server = await startAppServer(distB, port);
    // The browser looks for a new service worker on navigations, and Promtab asks every 15 minutes and whenever the
    // tab comes back into view; the test asks now, as that timer would.
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
    await expect(notice).toContainText('A new version of Promtab is ready.', { timeout: 60_000 });
    // Until the user says so, the page, its worker and the scraping stay on build A.
    expect(await buildDate(page)).toBe(dateA);
    const before = (await scalar(page, 'count_over_time(update_fixture_value[10m])'))!;

    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await notice.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    expect(await page.locator('script[type="module"]').getAttribute('src')).toBe(`./${scriptB}`);
    await expect.poll(() => buildDate(page), { timeout: 30_000 }).not.toBe(dateA);
    await expect(page.getByRole('status', { name: 'Update available' })).toHaveCount(0);
    // B's storage worker took over writing and scrapes on.
    await expect.poll(() => scalar(page, 'count_over_time(update_fixture_value[10m])'), { timeout: 60_000 }).toBeGreaterThan(before + 2);
    // No sample lost: the fixture numbers its scrapes 1, 2, 3, ..., so every one of them is stored exactly when the
    // number of stored samples equals the span of the numbers stored (and no scrape was taken twice).
    const w = '{job="update"}[10m]';
    expect(await scalar(page, `max_over_time(update_fixture_value${w}) - min_over_time(update_fixture_value${w}) + 1 - count_over_time(update_fixture_value${w})`)).toBe(0);
  } finally {
    await server.stop();
  }
});

test('a new build that cannot read the stored data refuses to take over, and the data stays', async ({ context }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  let server: AppServer = await startAppServer(DIST, port);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}#/status`);
    await controlled(page);
    await expect(page.getByRole('region', { name: 'Runtime information' })).toBeVisible();
    // A newer Promtab (schema one past this one) upgrades the TSDB from another tab: this tab gives way at once, as
    // the schema hand-over does, and the stored data is now in a schema neither A nor B reads.
    const newer = await page.evaluate(async () => {
      const dbs = await indexedDB.databases();
      const v = dbs.find((d) => d.name === 'promtab-tsdb')!.version! + 1;
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('promtab-tsdb', v);
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
      return v;
    });
    await expect(page.getByRole('alert', { name: 'Storage notice' })).toContainText('a newer version of Promtab opened its storage');

    await server.stop();
    server = await startAppServer(distB, port);
    const outcome = await page.evaluate(async () => {
      const reg = (await navigator.serviceWorker.getRegistration())!;
      const found = new Promise<ServiceWorker>((resolve) => reg.addEventListener('updatefound', () => resolve(reg.installing!), { once: true }));
      await reg.update();
      const w = await found;
      await new Promise<void>((resolve) => {
        const done = () => (w.state === 'redundant' || w.state === 'installed' ? resolve() : undefined);
        w.addEventListener('statechange', done);
        done();
      });
      return { state: w.state, waiting: reg.waiting !== null, active: reg.active!.scriptURL };
    });
    expect(outcome).toEqual({ state: 'redundant', waiting: false, active: `${server.url}sw.js` });
    await expect(page.getByRole('status', { name: 'Update available' })).toContainText('did not install');
    await expect(page.getByRole('status', { name: 'Update available' }).getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
    // Build A's service worker still serves build A, and the stored data keeps its schema and its series.
    const second = await context.newPage();
    await second.goto(`${server.url}icon-192.png`);
    const kept = await second.evaluate(async () => {
      const html = await (await fetch('./index.html')).text();
      const dbs = await indexedDB.databases();
      return { html, version: dbs.find((d) => d.name === 'promtab-tsdb')?.version };
    });
    expect(entryScript(kept.html)).toBe(entryScript(readFileSync(join(DIST, 'index.html'), 'utf8')));
    expect(kept.version).toBe(newer);
  } finally {
    await server.stop();
  }
});

test('with two tabs open, the other tab learns that a new build took over and reloads into it', async ({ context }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  let server: AppServer = await startAppServer(DIST, port);
  try {
    const first = await context.newPage();
    await first.goto(`${server.url}#/targets`);
    await controlled(first);
    await first.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/two-tabs`);
    await first.getByRole('textbox', { name: 'Job name' }).fill('two_tabs');
    await first.getByRole('textbox', { name: 'Interval' }).fill('1s');
    await first.getByRole('button', { name: 'Add targets' }).click();
    await expect(first.getByTestId('target-row').filter({ hasText: `${target.url}/two-tabs` }).getByText('UP', { exact: true })).toBeVisible();
    const second = await context.newPage();
    await second.goto(`${server.url}#/status`);
    await controlled(second);

    await server.stop();
    server = await startAppServer(distB, port);
    await first.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
    await expect(first.getByRole('status', { name: 'Update available' })).toContainText('A new version of Promtab is ready.', { timeout: 60_000 });
    const reloaded = first.waitForEvent('load', { timeout: 60_000 });
    await first.getByRole('status', { name: 'Update available' }).getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;

    // The second tab still runs build A; it is told, and its own Reload to update brings build B.
    const notice = second.getByRole('status', { name: 'Update available' });
    await expect(notice).toContainText('A new version of Promtab took over in another tab.', { timeout: 30_000 });
    const secondReloaded = second.waitForEvent('load', { timeout: 60_000 });
    await notice.getByRole('button', { name: 'Reload to update' }).click();
    await secondReloaded;
    const scriptB = entryScript(readFileSync(join(distB, 'index.html'), 'utf8'));
    expect(await second.locator('script[type="module"]').getAttribute('src')).toBe(`./${scriptB}`);
    const value = (expr: string) =>
      second.evaluate(async (q) => {
        const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
        const r = await api.query.query(q, Date.now() / 1000);
        return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
      }, expr);
    // Scraping goes on under build B, and every scrape of the target, from either build, is stored.
    const before = (await value('count_over_time(update_fixture_value{job="two_tabs"}[10m])'))!;
    await expect.poll(() => value('count_over_time(update_fixture_value{job="two_tabs"}[10m])'), { timeout: 60_000 }).toBeGreaterThan(before + 2);
    const w = '{job="two_tabs"}[10m]';
    expect(await value(`max_over_time(update_fixture_value${w}) - min_over_time(update_fixture_value${w}) + 1 - count_over_time(update_fixture_value${w})`)).toBe(0);
  } finally {
    await server.stop();
  }
});
