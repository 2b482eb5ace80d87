import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cors, startFixture, type Fixture } from './helpers';
import { nodeExporterBody } from './fixtures/node_exporter';

// Rendering fidelity on Node Exporter Full with a node_exporter-shaped target: the drawn charts honour the
// dashboard's overrides and limits, table legends keep their calculations, small stats fit and keep their titles.
const NEF = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/testdata/dashboards/node-exporter-full.json');
const MEM_TOTAL = 16 * 1024 ** 3;
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

async function openNef(page: Page) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${node.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('node');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: node.url }).getByText('UP', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles(NEF);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Node Exporter Full');
  await expect(page.getByRole('group', { name: 'Variables' }).getByRole('combobox', { name: 'Instance' })).toContainText(node.url.replace('http://', ''));
}

const panel = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/** plotOf is the drawn uPlot chart of a panel, once it has a y range. */
async function plotOf(p: Locator): Promise<Locator> {
  const plot = p.locator('.plot[data-y-max]');
  await expect(plot).toHaveCount(1, { timeout: 60_000 });
  return plot;
}

test('Node Exporter Full draws overrides, limits, legend calculations and small stats as Grafana does', async ({ page }) => {
  test.skip(!existsSync(NEF), `${NEF} is absent (the shared test data is not beside this checkout)`);
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openNef(page);
  await page.getByRole('button', { name: 'Time range' }).click();
  await page.getByRole('button', { name: 'Last 5 minutes' }).click();
  await expect(page.getByRole('button', { name: 'Time range' })).toContainText('Last 5 minutes');

  // Memory Basic: Total is taken out of the stack by its override, so the axis ends near total memory, not twice it.
  const mem = await plotOf(panel(page, 'Memory Basic'));
  await expect.poll(async () => JSON.parse((await mem.getAttribute('data-stacks')) ?? '[]'), { timeout: 60_000 }).toEqual([['Total'], ['Used', 'Cache + Buffer', 'Free', 'Swap used']]);
  const memMax = Number(await mem.getAttribute('data-y-max'));
  expect(memMax).toBeGreaterThanOrEqual(MEM_TOTAL);
  expect(memMax).toBeLessThan(1.5 * MEM_TOTAL);
  expect(Number(await mem.getAttribute('data-y-min'))).toBe(0);

  // Disk Space Used Basic: min 0 and max 100 are the axis, whatever the data.
  const disk = await plotOf(panel(page, 'Disk Space Used Basic'));
  await expect(disk).toHaveAttribute('data-y-min', '0');
  await expect(disk).toHaveAttribute('data-y-max', '100');

  // CPU Basic stacks in percent: its axis is 0..1 (shown as 0%..100%).
  const cpu = await plotOf(panel(page, 'CPU Basic'));
  await expect(cpu).toHaveAttribute('data-y-max', '1');

  // Screenshots of the top of the dashboard in both themes, for people to compare with Grafana.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((s) => document.documentElement.setAttribute('data-theme', s), scheme);
    await page.screenshot({ path: test.info().outputPath(`nef-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));

  // Small stats: the panel title is visible and the value lies wholly inside its panel.
  for (const title of ['CPU Cores', 'RAM Total', 'SWAP Total', 'RootFS Total', 'Uptime']) {
    const p = panel(page, title);
    await expect(p.getByRole('heading', { name: title })).toBeVisible();
    const value = p.locator('.stat-value');
    await expect(value).not.toHaveText('', { timeout: 60_000 });
    const pb = (await p.boundingBox())!;
    const vb = (await value.boundingBox())!;
    const inside = vb.x >= pb.x && vb.y >= pb.y && vb.x + vb.width <= pb.x + pb.width + 0.5 && vb.y + vb.height <= pb.y + pb.height + 0.5;
    expect(inside, `${title}: value ${JSON.stringify(vb)} inside panel ${JSON.stringify(pb)}`).toBe(true);
    // The text is not cut: its drawn width is its full width.
    expect(await value.evaluate((el) => el.scrollWidth <= Math.ceil(el.getBoundingClientRect().width) + 1)).toBe(true);
    const hb = (await p.getByRole('heading', { name: title }).boundingBox())!;
    expect(hb.y + hb.height).toBeLessThanOrEqual(vb.y + 1);
  }
  await expect(panel(page, 'RAM Total').locator('.stat-value')).toHaveText('16 GiB');

  // Table legends keep every configured calculation as a column, and every row shows them.
  await page.getByRole('button', { name: /CPU \/ Memory \/ Net \/ Disk/ }).first().click();
  for (const title of ['CPU', 'Memory']) {
    const p = panel(page, title);
    await p.scrollIntoViewIfNeeded();
    const legend = p.getByRole('group', { name: 'Legend' }).getByRole('table');
    await expect(legend.getByRole('columnheader')).toHaveText(['Name', 'Min', 'Mean', 'Max'], { timeout: 60_000 });
    const row = legend.getByRole('row').nth(1);
    const cells = row.getByRole('cell');
    await expect(cells).toHaveCount(4);
    const pb = (await p.boundingBox())!;
    for (let c = 1; c < 4; c++) {
      await expect(cells.nth(c)).not.toHaveText('');
      const cb = (await cells.nth(c).boundingBox())!;
      expect(cb.x + cb.width, `${title}: column ${c} inside the panel`).toBeLessThanOrEqual(pb.x + pb.width + 0.5);
    }
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((s) => document.documentElement.setAttribute('data-theme', s), scheme);
    await page.screenshot({ path: test.info().outputPath(`nef-legends-${scheme}.png`) });
  }

});
