import { expect, test, type Page } from '@playwright/test';
import { cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
let value = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`storage_fixture_value ${++value}\n`);
  });
});
test.afterAll(async () => target.stop());

type Api = { query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> } };
async function scalar(page: Page, expr: string, at = Date.now() / 1000): Promise<number | null> {
  return page.evaluate(
    async ([q, t]) => {
      const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
      const r = await api.query.query(q as string, t as number);
      return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
    },
    [expr, at] as const,
  );
}

async function addTarget(page: Page) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('storage');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
}

test('data survives a reload and the end of every tab, losing at most one flush interval', async ({ context }) => {
  test.setTimeout(120_000);
  let page = await context.newPage();
  await addTarget(page);
  await expect.poll(() => scalar(page, 'count_over_time(storage_fixture_value[1m])'), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
  // Give the flush (every 5 s) a chance, as a user's tab would have had.
  await page.waitForTimeout(6000);
  const before = Date.now() / 1000;
  const countBefore = (await scalar(page, 'count_over_time(storage_fixture_value[5m])', before))!;

  await page.reload();
  await expect.poll(() => scalar(page, 'count_over_time(storage_fixture_value[5m])', before), { timeout: 20_000 }).toBeGreaterThanOrEqual(countBefore - 6);

  // Close every tab of the app: the SharedWorker is terminated with no chance of a final flush (a blank page keeps
  // the browser context open). What was checkpointed must come back.
  const keeper = await context.newPage();
  await page.close();
  await keeper.waitForTimeout(1500);
  page = await context.newPage();
  await page.goto('./#/targets');
  await expect.poll(() => scalar(page, 'count_over_time(storage_fixture_value[5m])', before), { timeout: 20_000 }).toBeGreaterThanOrEqual(countBefore - 6);
});

test('three tabs scrape each target once per interval', async ({ context }) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  await addTarget(a);
  const b = await context.newPage();
  const c = await context.newPage();
  await b.goto('./#/targets');
  await c.goto('./#/targets');
  await expect(b.getByTestId('target-row').filter({ hasText: target.url })).toBeVisible();
  const start = target.requests;
  const t0 = Date.now();
  await a.waitForTimeout(10_000);
  const seconds = (Date.now() - t0) / 1000;
  const per = (target.requests - start) / seconds;
  expect(per).toBeLessThan(1.5);
  expect(per).toBeGreaterThan(0.5);
  // Closing the tab that started the worker hands over: the others keep scraping.
  await a.close();
  const mid = target.requests;
  await b.waitForTimeout(4000);
  expect(target.requests - mid).toBeGreaterThanOrEqual(2);
});
