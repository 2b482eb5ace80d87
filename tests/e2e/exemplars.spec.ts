import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './helpers';
import { startExemplarTarget, type ExemplarTarget } from './fixtures/exemplars';

let target: ExemplarTarget;

test.beforeAll(async () => {
  target = await startExemplarTarget();
});
test.afterAll(() => target.stop());

const EXPR = 'rate(shop_orders_total[1m]) or histogram_quantile(0.9, sum by (le) (rate(shop_latency_seconds_bucket[1m])))';

/** storedTraces reads the trace ids saved in the exemplar database, as a fresh page would find them. */
function storedTraces(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('promtab-exemplars');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('batches').objectStore('batches').getAll();
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { labels: string[][] }[]).flatMap((b) => b.labels.map((l) => l[l.indexOf('trace_id') + 1])));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test('scraped exemplars show as markers on the Query graph with their trace ids, and survive a reload', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('shop');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible({ timeout: 30_000 });

  const params = new URLSearchParams({ 'g0.expr': EXPR, 'g0.tab': 'graph', 'g0.range_input': '5m' });
  await page.goto(`./#/query?${params}`);
  const show = page.getByRole('switch', { name: 'Show exemplars' });
  await expect(show).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('button', { name: /^Exemplar / })).toHaveCount(0);
  // A rate needs two scrapes: run the query until both series are drawn, then turn exemplars on.
  await expect(async () => {
    await page.getByRole('button', { name: 'Execute' }).click();
    await expect(page.getByRole('img', { name: 'Graph' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await show.click();
  await expect(show).toHaveAttribute('aria-checked', 'true');

  // Both the counter's and the histogram bucket's exemplars are drawn; hovering the newest shows its labels.
  const orders = page.getByRole('button', { name: /^Exemplar trace_id=4bf92f35/ });
  const latency = page.getByRole('button', { name: /^Exemplar span_id=00f067aa0ba902b7, trace_id=0af76519/ });
  await expect(orders.first()).toBeVisible({ timeout: 30_000 });
  await expect(latency.first()).toBeVisible();
  const newest = orders.last();
  const trace = /trace_id=([0-9a-f]{32})/.exec((await newest.getAttribute('aria-label'))!)![1];
  expect(target.traces).toContain(trace);
  await newest.hover();
  const tip = page.getByRole('tooltip').filter({ hasText: 'Exemplar' });
  await expect(tip).toContainText(trace);
  await expect(tip).toContainText('trace_id');
  await expect(tip).toContainText(/Value\s*1\b/);
  await expect(tip).toContainText('shop_orders_total');

  // Saved, then still shown after a reload (the switch is kept in the URL).
  await expect.poll(() => storedTraces(page), { timeout: 30_000 }).toContain(trace);
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Show exemplars' })).toHaveAttribute('aria-checked', 'true');
  const again = page.getByRole('button', { name: new RegExp(`^Exemplar trace_id=${trace},`) });
  await expect(again).toHaveCount(1, { timeout: 30_000 });
  await again.focus();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Exemplar' })).toContainText(trace);
  // One marker is a Tab stop; the arrow keys walk the others, each focus showing its tooltip.
  const layer = page.getByRole('group', { name: 'Exemplars' });
  await expect(layer.locator('button[tabindex="0"]')).toHaveCount(1);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  await page.keyboard.press('End');
  const last = await focused();
  await page.keyboard.press('ArrowLeft');
  const before = await focused();
  expect(before).toMatch(/^Exemplar /);
  expect(before).not.toBe(last);
  await expect(layer.locator('button[tabindex="0"]')).toHaveAttribute('aria-label', before);
  await expect(page.getByRole('tooltip').filter({ hasText: 'Exemplar' })).toContainText(/trace_id/);

  // Off, the markers go.
  await page.getByRole('switch', { name: 'Show exemplars' }).click();
  await expect(page.getByRole('button', { name: /^Exemplar / })).toHaveCount(0);
  expect(errors).toEqual([]);
});
