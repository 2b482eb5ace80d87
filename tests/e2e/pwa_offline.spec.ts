/**
 * The offline app shell: the service worker precaches the build, so with the app's static server stopped a reload
 * and a new tab still open Promtab, which keeps scraping targets it can reach. The build is served from a sub-path
 * by its own `vite preview` process (what `npm start` runs), stopped by its process id. Also: installability.
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choose, cors, startFixture, type Fixture } from './helpers';
import { freePort, startAppServer } from './fixtures/app_server';

const DIST = process.env.PROMTAB_DIST ?? 'dist';
let target: Fixture;
let value = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`offline_fixture_value ${++value}\n`);
  });
});
test.afterAll(async () => target.stop());

type Api = { query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> } };
async function scalar(page: Page, expr: string): Promise<number | null> {
  return page.evaluate(async (q) => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    const r = await api.query.query(q, Date.now() / 1000);
    return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
  }, expr);
}

/** controlled waits until the service worker has precached the build and controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
}

test('after the static server stops, a reload and a new tab open Promtab, which keeps scraping', async ({ context }) => {
  test.setTimeout(180_000);
  const server = await startAppServer(DIST, await freePort(), '/promtab/');
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}#/targets`);
    await controlled(page);
    await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
    await page.getByRole('textbox', { name: 'Job name' }).fill('offline');
    await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
    await page.getByRole('button', { name: 'Add targets' }).click();
    await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
    await expect.poll(() => scalar(page, 'count_over_time(offline_fixture_value[10m])'), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    await server.stop();
    expect(await fetch(server.url).then(() => 'up', () => 'down')).toBe('down');
    const before = (await scalar(page, 'count_over_time(offline_fixture_value[10m])'))!;

    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible({ timeout: 30_000 });
    // The data from before the reload is there, and new scrapes add to it.
    await expect.poll(() => scalar(page, 'count_over_time(offline_fixture_value[10m])'), { timeout: 30_000 }).toBeGreaterThan(before + 2);
    // The page served from the cache keeps the server's Content-Security-Policy, Trusted Types included.
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'accepted';
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(sink).toBe('TypeError');
    // The query editor is a lazily loaded chunk: it comes from the cache too.
    await page.getByRole('link', { name: 'Query' }).click();
    await expect(page.getByRole('textbox', { name: 'Expression' })).toBeVisible();

    const second = await context.newPage();
    await second.goto(`${server.url}#/status`);
    await expect(second.getByRole('heading', { name: 'Status', exact: true })).toBeVisible();
    await expect(second.getByRole('region', { name: 'Runtime information' })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => scalar(second, 'count_over_time(offline_fixture_value[10m])'), { timeout: 30_000 }).toBeGreaterThan(before + 2);
  } finally {
    await server.stop();
  }
});

test('Chromium finds Promtab installable, with a complete manifest', async () => {
  test.setTimeout(120_000);
  const server = await startAppServer(DIST, await freePort(), '/');
  // Chromium never offers to install from an incognito profile, which is what a test's context is: use a real one.
  const profile = mkdtempSync(join(tmpdir(), 'promtab-install-'));
  const context = await chromium.launchPersistentContext(profile, { ...test.info().project.use.launchOptions });
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    const { url, data, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; data: string; errors: unknown[] };
    expect(errors).toEqual([]);
    expect(url).toBe(`${server.url}manifest.webmanifest`);
    const m = JSON.parse(data) as Record<string, unknown> & { icons: { src: string; sizes: string; purpose?: string }[] };
    expect(m).toMatchObject({ name: 'Promtab', short_name: 'Promtab', display: 'standalone', start_url: './#/dashboards', scope: './' });
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/);
    const sizes = m.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    // Every icon is a real image of the size it claims.
    for (const icon of m.icons.filter((i) => i.sizes !== 'any')) {
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }, new URL(icon.src, url).href);
      expect(size).toBe(icon.sizes);
    }
    // Dark and light theme colours for the window's title bar.
    const html = await (await fetch(server.url)).text();
    expect(html).toContain('<meta name="theme-color" media="(prefers-color-scheme: light)" content="#ffffff" />');
    expect(html).toContain('<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#181b1f" />');
    // A theme picked in Promtab colours the title bar too, whatever the system prefers.
    await choose(page, 'Theme', 'Dark');
    await expect.poll(() => page.locator('meta[name="theme-color"]').evaluateAll((els) => els.map((e) => e.getAttribute('content')))).toEqual(['#181b1f', '#181b1f']);
    await choose(page, 'Theme', 'Light');
    await expect.poll(() => page.locator('meta[name="theme-color"]').evaluateAll((els) => els.map((e) => e.getAttribute('content')).join(' '))).toMatch(/^(#fff|#ffffff) (#fff|#ffffff)$/);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
});
