import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './helpers';
import { FIXTURE_HISTOGRAM, startNativeHistogramTarget, stopNativeHistogramTarget, type NativeHistogramTarget } from './fixtures/native_histogram';

// The fixture runs in its own process on a port of this spec's own (PROMTAB_OM2_FIXTURE_PORT overrides it).
const PORT = Number(process.env.PROMTAB_OM2_FIXTURE_PORT ?? 4265);
let target: NativeHistogramTarget;

test.beforeAll(async () => {
  target = await startNativeHistogramTarget(PORT);
});
test.afterAll(() => stopNativeHistogramTarget(target.pid));

test('a target answering OpenMetrics 2.0 text is scraped when the job asks for it first, and its native histogram queried', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('om2');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('checkbox', { name: 'Native histograms' }).check();
  await page.getByRole('combobox', { name: 'Scrape protocol' }).click();
  await page.getByRole('option', { name: 'OpenMetrics 2.0.0 first (experimental)' }).click();
  await expect(page.getByRole('combobox', { name: 'Scrape protocol' })).toContainText('OpenMetrics 2.0.0 first');
  await page.getByRole('button', { name: 'Add targets' }).click();
  const row = page.getByTestId('target-row').filter({ hasText: target.url });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();

  // The Accept header named OpenMetrics 2.0 first, so the target answered in it and nothing else.
  const stats = (await (await fetch(`${target.url}/stats`)).json()) as { protobuf: number; om2: number; text: number };
  expect(stats.om2).toBeGreaterThan(0);
  expect(stats.protobuf + stats.text).toBe(0);

  await page.getByRole('link', { name: 'Query', exact: true }).click();
  const expr = page.getByRole('textbox', { name: 'Expression' });
  await expect(page.locator('.cm-content')).toBeVisible();
  const table = page.getByRole('table', { name: 'Result' });
  const run = async (q: string) => {
    await expr.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(q);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Execute' }).click();
  };
  // The fixture observes five log-normal durations around 0.2 s every 100 ms: over a minute of one-second scrapes
  // the 90th percentile lies near 0.43 s. A rate needs two scrapes in its window: run again until there is one.
  await expect(async () => {
    await run(`histogram_quantile(0.9, rate(${FIXTURE_HISTOGRAM}{job="om2"}[1m]))`);
    const cell = table.getByRole('row').filter({ hasText: 'job="om2"' }).getByRole('cell').last();
    const value = Number(await cell.textContent({ timeout: 2_000 }));
    expect(value).toBeGreaterThan(0.2);
    expect(value).toBeLessThan(1);
  }).toPass({ timeout: 60_000 });

  // The histogram read whole, and the counter beside it, both from the same OpenMetrics 2.0 bodies.
  await run(`histogram_count(${FIXTURE_HISTOGRAM}{job="om2"}) > 10`);
  await expect(table.getByRole('row').filter({ hasText: 'job="om2"' })).toHaveCount(1);
  await run('fixture_requests_total{job="om2"} > 10');
  await expect(table.getByRole('row').filter({ hasText: 'job="om2"' })).toHaveCount(1);
  expect(errors).toEqual([]);
});
