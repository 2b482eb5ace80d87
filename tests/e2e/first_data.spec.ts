/**
 * First data (issue #16): a dashboard whose time range ends now draws a target's first samples as soon as they are
 * stored, through the storage worker's change notification, even with auto-refresh off; a new target is scraped at
 * once.
 */
import { expect, test } from '@playwright/test';
import { cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('# TYPE first_data_value gauge\nfirst_data_value 42\n');
  });
});
test.afterAll(async () => target.stop());

const DASHBOARD = {
  uid: 'first-data',
  title: 'First data',
  schemaVersion: 39,
  refresh: '',
  time: { from: 'now-15m', to: 'now' },
  panels: [
    { id: 1, type: 'stat', title: 'First value', gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: 'A', expr: 'first_data_value' }] },
    { id: 2, type: 'timeseries', title: 'First series', gridPos: { x: 6, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'first_data_value' }] },
  ],
};

test('an open dashboard without auto-refresh draws a new target’s first samples when they are stored', async ({ page, context }) => {
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'first.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DASHBOARD)) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const stat = page.getByRole('region', { name: 'First value' });
  await expect(stat).toContainText('No data');

  // Another tab of the same profile adds the target; this tab is not reloaded and has no refresh timer.
  const other = await context.newPage();
  await other.goto('./#/targets');
  await other.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await other.getByRole('textbox', { name: 'Job name' }).fill('first');
  await other.getByRole('button', { name: 'Add targets' }).click();

  await expect(stat).toContainText('42');
  await expect(page.getByRole('region', { name: 'First series' }).locator('canvas').first()).toBeVisible();
  await other.close();
});
