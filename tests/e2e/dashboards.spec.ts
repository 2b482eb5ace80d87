import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cors, startFixture, type Fixture } from './helpers';
import { nodeExporterBody } from './fixtures/node_exporter';

const NEF = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/testdata/dashboards/node-exporter-full.json');
let node: Fixture;
let tick = 0;

test.beforeAll(async () => {
  node = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(nodeExporterBody(tick++));
  });
});
test.afterAll(async () => node.stop());

async function addNodeTarget(page: Page) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${node.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('node');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: node.url }).getByText('UP', { exact: true })).toBeVisible();
}

function queryCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => { storage: { targetAction: (a: string) => Promise<unknown> }; query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> } } } }).__promtabTest.api();
    await api.storage.targetAction('scrape');
    await new Promise((r) => setTimeout(r, 300));
    const r = await api.query.query('sum(promtab_query_duration_seconds_count)', Date.now() / 1000);
    return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : 0;
  });
}

test('Node Exporter Full imports and every panel renders with data or an honest no data', async ({ page }) => {
  test.skip(!existsSync(NEF), `${NEF} is absent (the shared test data is not beside this checkout)`);
  test.setTimeout(180_000);
  await addNodeTarget(page);
  await page.waitForTimeout(3000);

  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles(NEF);
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Node Exporter Full');

  // Variables resolve through label_values against the fixture's node_uname_info.
  const vars = page.getByRole('group', { name: 'Variables' });
  await expect(vars.getByRole('combobox', { name: 'Job' })).toContainText('node');
  await expect(vars.getByRole('combobox', { name: 'Nodename' })).toContainText(/\w/);
  await expect(vars.getByRole('combobox', { name: 'Instance' })).toContainText(node.url.replace('http://', ''));

  // Open every collapsed row.
  for (let i = 0; i < 30; i++) {
    const closed = page.locator('h2.row button[aria-expanded="false"]:not(.tool)');
    if ((await closed.count()) === 0) break;
    await closed.first().click();
  }
  const panels = page.locator('section.panel');
  await expect(panels).toHaveCount(125);
  // Every panel finishes: a chart, a value, a table or "No data"; none shows an error.
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 120_000 });
  const errors = await page.locator('section.panel [role="alert"]').allInnerTexts();
  expect(errors).toEqual([]);
  const placeholders = await page.locator('section.panel [role="note"]').count();
  expect(placeholders).toBe(0);
  const withData = await page.locator('section.panel:not(:has(.nodata))').count();
  expect(withData).toBeGreaterThan(60);
  // Its time series keep Grafana's table legends with min, mean and max.
  const legendTables = page.locator('section.panel').getByRole('group', { name: 'Legend' }).getByRole('table');
  expect(await legendTables.count()).toBeGreaterThan(50);
  await expect(legendTables.first().getByRole('columnheader')).toHaveText(['Name', 'Min', 'Mean', 'Max']);

  // Changing the time range queries again.
  const before = await queryCount(page);
  await page.getByRole('button', { name: 'Time range' }).click();
  await page.getByRole('button', { name: 'Last 5 minutes' }).click();
  await expect(page.getByRole('button', { name: 'Time range' })).toContainText('Last 5 minutes');
  await expect.poll(() => queryCount(page), { timeout: 60_000 }).toBeGreaterThan(before + 50);

  // Export, then import again: the same dashboard.
  const uid = decodeURIComponent(page.url().split('#/dashboards/')[1]);
  const original = await page.evaluate((u) => (window as unknown as { __promtabTest: { api: () => { storage: { dashboards: { get: (u: string) => Promise<unknown> } } } } }).__promtabTest.api().storage.dashboards.get(u), uid);
  await page.getByRole('button', { name: 'Export dashboard' }).click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Grafana JSON' }).click()]);
  const exported = readFileSync(await dl.path(), 'utf8');
  await page.getByRole('button', { name: '← Dashboards' }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'nef.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('dialog', { name: 'Dashboard already exists' }).getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Node Exporter Full');
  const again = await page.evaluate((u) => (window as unknown as { __promtabTest: { api: () => { storage: { dashboards: { get: (u: string) => Promise<unknown> } } } } }).__promtabTest.api().storage.dashboards.get(u), uid);
  expect(again).toEqual(original);
});

test('a dashboard built by hand survives a reload', async ({ page }) => {
  await page.goto('./#/targets');
  await expect(page.getByTestId('target-row').filter({ hasText: 'promtab.self' }).getByText('UP', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'New dashboard' }).click();
  const title = page.getByRole('textbox', { name: 'Dashboard title' });
  await title.fill('Hand made');
  await title.press('Enter');
  await title.blur();
  await page.getByRole('button', { name: 'Add panel' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Uptime by job');
  await editor.getByRole('textbox', { name: 'Query A' }).fill('up{job="promtab"}');
  await editor.getByRole('combobox', { name: 'Legend type A' }).selectOption('custom');
  await editor.getByRole('textbox', { name: 'Legend A' }).fill('{{job}}');
  await editor.getByRole('combobox', { name: 'Unit', exact: true }).selectOption('percentunit');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).fill('0.5');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).press('Enter');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  const panel = page.getByRole('region', { name: 'Uptime by job' });
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(panel.getByRole('group', { name: 'Legend' })).toContainText('promtab');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Hand made');
  await page.getByRole('region', { name: 'Uptime by job' }).hover();
  await page.getByRole('button', { name: 'Menu for Uptime by job' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(editor.getByRole('textbox', { name: 'Query A' })).toHaveText('up{job="promtab"}');
  await expect(editor.getByRole('textbox', { name: 'Legend A' })).toHaveValue('{{job}}');
  await expect(editor.getByRole('combobox', { name: 'Unit', exact: true })).toHaveValue('percentunit');
  await expect(editor.getByRole('textbox', { name: 'Threshold 1 value' })).toHaveValue('0.5');
});
