import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './helpers';
import { FIXTURE_HISTOGRAM, startNativeHistogramTarget, stopNativeHistogramTarget, type NativeHistogramTarget } from './fixtures/native_histogram';

// The fixture runs in its own process on a port of this spec's own (PROMTAB_NATIVE_FIXTURE_PORT overrides it).
const PORT = Number(process.env.PROMTAB_NATIVE_FIXTURE_PORT ?? 4264);
let target: NativeHistogramTarget;

test.beforeAll(async () => {
  target = await startNativeHistogramTarget(PORT);
});
test.afterAll(() => stopNativeHistogramTarget(target.pid));

test('a protobuf target with a native histogram is scraped with Native histograms on and queried', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('native');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('checkbox', { name: 'Native histograms' }).check();
  await page.getByRole('button', { name: 'Add targets' }).click();
  const row = page.getByTestId('target-row').filter({ hasText: target.url });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();

  // The target answered in protobuf: the Accept header asked for it first.
  const stats = (await (await fetch(`${target.url}/stats`)).json()) as { protobuf: number; text: number };
  expect(stats.protobuf).toBeGreaterThan(0);
  expect(stats.text).toBe(0);

  await page.getByRole('link', { name: 'Query', exact: true }).click();
  const expr = page.getByRole('textbox', { name: 'Expression' });
  await expect(page.locator('.cm-content')).toBeVisible();
  await expr.click();
  await page.keyboard.type(`histogram_count(rate(${FIXTURE_HISTOGRAM}[1m]))`);
  await page.keyboard.press('Escape');
  const table = page.getByRole('table', { name: 'Result' });
  // A rate needs two scrapes in its window (one a second): run again until the table has a positive rate.
  await expect(async () => {
    await page.getByRole('button', { name: 'Execute' }).click();
    const cell = table.getByRole('row').filter({ hasText: 'job="native"' }).getByRole('cell').last();
    const value = Number(await cell.textContent({ timeout: 2_000 }));
    expect(value).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000 });

  // The same histogram read whole: its count grows with the fixture's observations (five every 100 ms).
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(`histogram_count(${FIXTURE_HISTOGRAM}) > 10`);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(table.getByRole('row').filter({ hasText: 'job="native"' })).toHaveCount(1);
  expect(errors).toEqual([]);
});
