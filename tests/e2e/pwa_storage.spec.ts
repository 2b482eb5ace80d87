/**
 * Durable storage: Promtab asks for persistent storage after the first target is added (not on first paint), Status
 * shows the answer with the quota and how long data lasts, and with the permission denied the app keeps working and
 * says what that means. The browser's answer is set through CDP `Browser.setPermission` (`persistent-storage`, the permission behind durable storage).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
let value = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`durable_fixture_value ${++value}\n`);
  });
});
test.afterAll(async () => target.stop());

/**
 * setDurableStorage makes the browser answer persist() for the app's origin with setting, in this page's context
 * (the override lasts as long as the CDP session, which stays open for the test).
 */
async function setDurableStorage(browser: Browser, page: Page, origin: string, setting: 'granted' | 'denied'): Promise<void> {
  const pageCdp = await page.context().newCDPSession(page);
  const { targetInfo } = (await pageCdp.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } };
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.setPermission', { permission: { name: 'persistent-storage' }, setting, origin, browserContextId: targetInfo.browserContextId });
}

/** countPersistCalls makes the page count its calls of navigator.storage.persist() (read with persistCalls). */
async function countPersistCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const proto = StorageManager.prototype;
    const persist = proto.persist;
    (window as unknown as { persistCalls: number }).persistCalls = 0;
    proto.persist = function (this: StorageManager) {
      (window as unknown as { persistCalls: number }).persistCalls++;
      return persist.call(this);
    };
  });
}
const persistCalls = (page: Page) => page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls);

async function addTarget(page: Page) {
  await page.getByRole('link', { name: 'Targets' }).click();
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('durable');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
}

test('persistent storage is asked for after the first target, and Status shows it granted', async ({ browser, context, baseURL }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await countPersistCalls(page);
  await setDurableStorage(browser, page, new URL(baseURL!).origin, 'granted');
  await page.goto('./#/status');
  const card = page.getByRole('region', { name: 'Storage persistence' });
  await expect(card.getByTestId('persistence-state')).not.toHaveText('…');
  // Nothing asks on first paint, nor on opening Status.
  expect(await persistCalls(page)).toBe(0);

  await addTarget(page);
  await expect.poll(() => persistCalls(page), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('promtab.persistAnswer')), { timeout: 15_000 }).toContain('"granted":true');
  expect(await page.evaluate(() => navigator.storage.persisted())).toBe(true);
  // A second target asks nothing more.
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/second`);
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: `${target.url}/second` })).toBeVisible();
  expect(await persistCalls(page)).toBe(1);
  await page.getByRole('link', { name: 'Status' }).click();
  await expect(card.getByTestId('persistence-state')).toHaveText('Granted');
  await expect(card).toContainText('The browser will not delete');
  await expect(card.getByRole('button', { name: 'Request persistent storage' })).toHaveCount(0);
  await expect(card).toContainText(/Quota\s*\d/);
  await expect(card.getByTestId('retention-estimate')).toContainText('7 days');
});

test('with persistent storage denied, Promtab keeps working and Status says what that means', async ({ browser, context, baseURL }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await countPersistCalls(page);
  await setDurableStorage(browser, page, new URL(baseURL!).origin, 'denied');
  await page.goto('./#/targets');
  expect(await persistCalls(page)).toBe(0);
  await addTarget(page);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('promtab.persistAnswer')), { timeout: 15_000 }).toContain('"granted":false');
  expect(await persistCalls(page)).toBe(1);

  await page.getByRole('link', { name: 'Status' }).click();
  const card = page.getByRole('region', { name: 'Storage persistence' });
  await expect(card.getByTestId('persistence-state')).toHaveText('Not granted');
  await expect(card.getByRole('status')).toContainText('The browser declined persistent storage');
  await expect(card.getByRole('status')).toContainText('Promtab keeps working');
  await expect(card.getByRole('note')).toContainText('the browser may delete');
  await card.getByRole('button', { name: 'Request persistent storage' }).click();
  await expect.poll(() => persistCalls(page)).toBe(2);
  await expect(card.getByTestId('persistence-state')).toHaveText('Not granted');
  await expect(card.getByRole('status')).toContainText('The browser declined persistent storage');

  // Scraping and storing go on.
  await page.getByRole('link', { name: 'Targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  const count = () =>
    page.evaluate(async () => {
      type Api = { query: { query: (e: string, t: number) => Promise<{ data: { result: { value: [number, string] }[] } }> } };
      const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
      const r = await api.query.query('count_over_time(durable_fixture_value[10m])', Date.now() / 1000);
      return r.data.result.length ? Number(r.data.result[0].value[1]) : 0;
    });
  const first = await count();
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(first + 1);
});
