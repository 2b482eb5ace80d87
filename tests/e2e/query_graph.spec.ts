/**
 * The Query view's results as Prometheus 3 shows them (issue #16): stats under every result, a series legend under
 * the graph whose click shows one series, drag-zoom in whole seconds with Reset zoom.
 */
import { expect, test, type Page } from '@playwright/test';
import { cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
let n = 0;
test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    n++;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`# TYPE graph_value gauge\ngraph_value{k="a"} ${n}\ngraph_value{k="b"} ${2 * n}\ngraph_value{k="c"} 7\n`);
  });
});
test.afterAll(async () => target.stop());

async function run(page: Page, expr: string) {
  const box = page.getByRole('textbox', { name: 'Expression' });
  await box.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(expr);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Execute' }).click();
}

test('query stats, graph legend isolation, zoom and reset', async ({ page }) => {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('graph');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Query', exact: true }).click();
  await run(page, 'graph_value');
  await expect(page.getByTestId('query-stats')).toHaveText(/^Evaluation [\d.]+ ms · 3 series · \d+ samples read · \d+(\.\d)? (B|KiB)$/);

  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  const stats = page.getByTestId('query-stats');
  await expect(stats).toContainText('3 series');
  const legend = page.getByRole('group', { name: 'Legend' });
  const entries = legend.getByRole('button', { name: /graph_value/ });
  await expect(entries).toHaveCount(3);
  // Hovering an entry highlights its series.
  await entries.nth(2).hover();
  await expect(page.locator('.chart[data-focused-series="2"]')).toHaveCount(1);
  await page.mouse.move(0, 0);
  await expect(page.locator('.chart[data-focused-series]')).toHaveCount(0);
  // A click shows only that series (the others are marked off); another click shows all again.
  await entries.nth(1).click();
  await expect(legend.locator('li.off')).toHaveCount(2);
  await entries.nth(1).click();
  await expect(legend.locator('li.off')).toHaveCount(0);

  // Drag across the plot: the range becomes whole seconds and Reset zoom brings back the hour.
  const over = page.locator('.u-over').first();
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const rangeBox = page.getByRole('combobox', { name: 'Range' });
  await expect(rangeBox).not.toHaveValue('1h');
  await expect(rangeBox).not.toHaveValue(/ms/);
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(rangeBox).toHaveValue('1h');
  await expect(page.getByRole('button', { name: 'Reset zoom' })).toHaveCount(0);

  // Range takes any duration typed; a typo is an error that runs nothing.
  await rangeBox.fill('2h30m');
  await rangeBox.press('Enter');
  await expect(rangeBox).toHaveValue('2h30m');
  await expect(page).toHaveURL(/range_input=2h30m/);
  await rangeBox.fill('soon');
  await rangeBox.press('Enter');
  await expect(page.getByText('Range: "soon" is not a duration')).toBeVisible();
});
