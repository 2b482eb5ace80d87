import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

// A small forced quota: ingestion goes on, the oldest data is deleted, saving resumes, and the user is told.
const QUOTA_BYTES = 2 * 1024 * 1024;
const SERIES = 1000;
let target: Fixture;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    const lines: string[] = [];
    for (let i = 0; i < SERIES; i++) lines.push(`quota_fixture_value{i="${i}"} ${Math.random()}`);
    res.end(`${lines.join('\n')}\n`);
  });
});
test.afterAll(async () => target.stop());

type Api = {
  storage: { notices: () => Promise<{ kind: string; message: string }[]> };
  query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> };
};
async function scalar(page: Page, expr: string): Promise<number | null> {
  return page.evaluate(async (q) => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    const r = await api.query.query(q, Date.now() / 1000);
    return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
  }, expr);
}
async function notices(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    return (await api.storage.notices()).map((n) => `${n.kind}: ${n.message}`);
  });
}

test('a full quota deletes the oldest data, keeps ingesting, resumes saving and says so', async ({ baseURL }) => {
  test.setTimeout(300_000);
  // A profile on disk, as a user's: an incognito context keeps IndexedDB in memory, which never gives quota back.
  // Service workers are blocked: the app shell's offline cache takes about 1.8 MiB of the origin's quota by itself.
  const dir = mkdtempSync(path.join(tmpdir(), 'c-quota-'));
  const context = await chromium.launchPersistentContext(dir, { baseURL, executablePath: CHROMIUM, args: CHROMIUM_ARGS, serviceWorkers: 'block' });
  try {
    await fullQuota(context.pages()[0] ?? (await context.newPage()), baseURL!);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function fullQuota(page: Page, baseURL: string): Promise<void> {
  const errors = collectConsoleErrors(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: QUOTA_BYTES });
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('quota');
  await page.getByRole('textbox', { name: 'Interval' }).fill('200ms');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  // 1000 series of random values five times a second fill 2 MiB within a minute or two.
  // The first refusal may come before any chunk is closed (then only what the flush replaces can go).
  const recovered = /^quota_exceeded: browser storage is full: (deleted [\d.]+ [KM]iB of the oldest stored data \(samples up to [^)]+\)|no stored history was left to delete); saved again/;
  await expect.poll(async () => (await notices(page)).some((n) => recovered.test(n)), { timeout: 200_000, intervals: [2000] }).toBe(true);
  const deleted = /^quota_exceeded: browser storage is full: deleted [\d.]+ [KM]iB of the oldest stored data \(samples up to [^)]+\)/;
  await expect.poll(async () => (await notices(page)).some((n) => deleted.test(n)), { timeout: 120_000, intervals: [2000] }).toBe(true);

  const banner = page.getByRole('alert', { name: 'Storage notice' });
  await expect(banner).toContainText(/storage/i);
  // Ingestion goes on: every series, samples of the last seconds, and what is persisted stays under the quota.
  expect(await scalar(page, 'count(quota_fixture_value)')).toBe(SERIES);
  await expect.poll(() => scalar(page, 'count_over_time(quota_fixture_value{i="0"}[3s])'), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
  expect(await scalar(page, 'promtab_tsdb_persisted_bytes')).toBeLessThan(QUOTA_BYTES);

  await page.getByRole('link', { name: 'Status' }).first().click();
  await expect(page.getByRole('region', { name: 'Storage notices' })).toContainText('Storage notice (quota_exceeded)');
  await expect(page.getByRole('region', { name: 'Runtime information' }).getByRole('row', { name: /Quota in force/ })).toContainText(/[KM]iB of stored data/);

  // Saving resumed: after the recovery the target is removed (its series end) and the page reloaded; the stored
  // head must hold the samples of the last seconds before the removal.
  await page.goto('./#/targets');
  const row = page.getByTestId('target-row').filter({ hasText: target.url });
  await row.getByRole('button', { name: 'Remove' }).click();
  const removedAt = Date.now() / 1000;
  await expect(row).toHaveCount(0);
  await page.waitForTimeout(3000);
  await page.reload();
  await expect
    .poll(() => scalar(page, `max_over_time(timestamp(quota_fixture_value{i="0"})[1m:200ms] @ ${removedAt})`), { timeout: 30_000 })
    .toBeGreaterThan(removedAt - 3);
  await expect(page.getByRole('alert', { name: 'Storage notice' })).toHaveCount(0);
  expect(errors).toEqual([]);
}
