import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cors, startFixture, type Fixture } from './helpers';
import { nodeExporterBody } from './fixtures/node_exporter';

const NEF = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/testdata/dashboards/node-exporter-full.json');
const LINE_PX = 38; // one grid line (30 px) and its margin (8 px)
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

interface Box {
  name: string;
  row: boolean;
  top: number;
  bottom: number;
  left: number;
  width: number;
  height: number;
}

/** boxes measures every grid item (rows and panels) relative to the grid's top left corner, top to bottom. */
function boxes(page: Page): Promise<Box[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.grid > .item')]
      .map((el) => {
        const g = el.parentElement!.getBoundingClientRect();
        const d = el.getBoundingClientRect();
        const r = { top: d.top - g.top, bottom: d.bottom - g.top, left: d.left - g.left, width: d.width, height: d.height };
        const row = el.classList.contains('rowitem');
        const name = row ? (el.querySelector('h2')?.textContent ?? '') : (el.querySelector('section.panel')?.getAttribute('aria-label') ?? '');
        return { name: name.trim(), row, top: r.top, bottom: r.bottom, left: r.left, width: r.width, height: r.height };
      })
      .sort((a, b) => a.top - b.top || a.left - b.left),
  );
}

/** gaps lists blank vertical stretches between consecutive rows: from the lowest item of a row to the next row. */
function rowGaps(all: Box[]): { row: string; gap: number }[] {
  const rows = all.filter((b) => b.row);
  return rows.slice(1).map((r, i) => {
    const prev = rows[i];
    const inside = all.filter((b) => b.top >= prev.top && b.top < r.top);
    return { row: r.name, gap: r.top - Math.max(...inside.map((b) => b.bottom)) };
  });
}

/** blankLines lists the stretches of the grid's height that no item covers, larger than the margin between items. */
function blankStretches(all: Box[]): number[] {
  const out: number[] = [];
  let reach = all[0]?.top ?? 0;
  for (const b of all) {
    if (b.top - reach > 8.5) out.push(b.top - reach);
    reach = Math.max(reach, b.bottom);
  }
  return out;
}

async function openNodeExporterFull(page: Page) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${node.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('node');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: node.url }).getByText('UP', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles(NEF);
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Node Exporter Full');
}

test('Node Exporter Full with every row expanded has no gap between rows; a drag and a resize survive a reload, packed', async ({ page }) => {
  test.skip(!existsSync(NEF), `${NEF} is absent (the shared test data is not beside this checkout)`);
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openNodeExporterFull(page);

  // Collapsed rows show how many panels they hold.
  await expect(page.getByRole('heading', { name: /Memory Meminfo/ })).toContainText('(13 panels)');
  for (let i = 0; i < 30; i++) {
    const closed = page.locator('.rowitem h2 button[aria-expanded="false"]:not(.tool)');
    if ((await closed.count()) === 0) break;
    await closed.first().click();
  }
  await expect(page.locator('section.panel')).toHaveCount(125);

  const open = await boxes(page);
  expect(open.filter((b) => b.row)).toHaveLength(16);
  const gaps = rowGaps(open);
  expect(gaps.filter((g) => g.gap > LINE_PX)).toEqual([]);
  expect(blankStretches(open)).toEqual([]);
  const height = Math.max(...open.map((b) => b.bottom)) - Math.min(...open.map((b) => b.top));
  expect(height).toBeLessThan(30_000);
  test.info().annotations.push({ type: 'nef-height', description: `${Math.round(height)} px for 125 panels and 16 rows` });

  // Panels in a row sit directly under the row header: Memory Basic starts 38 px below "Basic CPU / Mem / Net / Disk".
  const basicRow = open.find((b) => b.row && b.name.includes('Basic CPU'))!;
  const cpu = open.find((b) => b.name === 'CPU Basic')!;
  expect(cpu.top - basicRow.top).toBe(LINE_PX);

  // Drag "CPU Basic" by its header onto "Memory Basic" (its right neighbour): as in Grafana, Memory Basic makes room
  // below it and "Network Traffic Basic" floats up into the freed place.
  const cpuHeader = page.getByRole('region', { name: 'CPU Basic' }).locator('header');
  await cpuHeader.scrollIntoViewIfNeeded();
  const h = (await cpuHeader.boundingBox())!;
  await page.mouse.move(h.x + 40, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + 40 + cpu.width / 2, h.y + h.height / 2 + 10, { steps: 8 });
  await expect(page.locator('.placeholder')).toHaveCount(1);
  await page.mouse.move(h.x + 40 + cpu.width + 8, h.y + h.height / 2 + 10, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('.placeholder')).toHaveCount(0);
  const placed = async () => {
    const all = await boxes(page);
    const at = (name: string) => all.find((b) => b.name === name)!;
    const [c, m, n] = [at('CPU Basic'), at('Memory Basic'), at('Network Traffic Basic')];
    return { cpuRight: c.left > n.left, cpuTop: c.top, memUnderCpu: m.left === c.left && m.top === c.bottom + 8, netTop: n.top };
  };
  await expect.poll(placed).toEqual({ cpuRight: true, cpuTop: cpu.top, memUnderCpu: true, netTop: cpu.top });
  const moved = await boxes(page);

  // Resize "Network Traffic Basic" by its corner: two lines taller, and what is below moves down to make room.
  const net = moved.find((b) => b.name === 'Network Traffic Basic')!;
  const grip = page.getByRole('button', { name: 'Move or resize Network Traffic Basic' });
  const g = (await grip.boundingBox())!;
  await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
  await page.mouse.down();
  await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2 + 2 * LINE_PX, { steps: 8 });
  await page.mouse.up();
  const resized = (await boxes(page)).find((b) => b.name === 'Network Traffic Basic')!;
  expect(resized.height).toBe(net.height + 2 * LINE_PX);

  // The keyboard does the same: Shift+ArrowLeft narrows "Disk Space Used Basic" by one column.
  const disk = (await boxes(page)).find((b) => b.name === 'Disk Space Used Basic')!;
  await page.getByRole('button', { name: 'Move or resize Disk Space Used Basic' }).press('Shift+ArrowLeft');
  await expect.poll(async () => (await boxes(page)).find((b) => b.name === 'Disk Space Used Basic')!.width).toBeLessThan(disk.width - 20);
  const before = await boxes(page);

  await page.reload();
  await expect(page.locator('section.panel')).toHaveCount(125);
  const after = await boxes(page);
  const pick = (list: Box[], name: string) => {
    const b = list.find((x) => x.name === name)!;
    return [Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height)];
  };
  for (const name of ['CPU Basic', 'Memory Basic', 'Network Traffic Basic', 'Disk Space Used Basic', 'Pressure']) expect(pick(after, name), name).toEqual(pick(before, name));
  expect(rowGaps(after).filter((x) => x.gap > LINE_PX)).toEqual([]);
  expect(blankStretches(after)).toEqual([]);
});

test('a repeat over 5,000 values draws 100 copies, says so, and leaves the page responsive', async ({ page }) => {
  test.setTimeout(120_000);
  const values = Array.from({ length: 5000 }, (_, i) => `host-${i}`);
  const hostile = {
    title: 'Five thousand hosts',
    uid: 'five-thousand',
    templating: { list: [{ type: 'custom', name: 'host', query: values.join(','), multi: true, includeAll: true, current: { text: ['All'], value: ['$__all'] } }] },
    panels: [
      { type: 'row', title: 'Overview', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 } },
      { type: 'stat', title: 'Up $host', repeat: 'host', gridPos: { x: 0, y: 1, w: 6, h: 3 }, targets: [{ expr: 'up{instance="$host"}' }] },
    ],
  };
  await page.goto('./#/dashboards');
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Five thousand hosts');
  // The import warns about the cut, and the dashboard shows it.
  await expect(page.getByRole('region', { name: 'Import warnings' })).toContainText(/repeats by \$host over 5000 values: Promtab draws the first 100 copies/);
  await expect(page.getByRole('status').filter({ hasText: 'Repeat by $host shows 100 of 5,000 values' })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Up host-\d+$/ })).toHaveCount(100);
  // The page still answers: the row collapses and opens again.
  await page.getByRole('button', { name: /Overview/ }).click();
  await expect(page.getByRole('region', { name: /^Up host-/ })).toHaveCount(0);
  await page.getByRole('button', { name: /Overview/ }).click();
  await expect(page.getByRole('region', { name: /^Up host-\d+$/ })).toHaveCount(100);
  const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  test.info().annotations.push({ type: 'longest-task', description: `${Math.round(longest)} ms` });
});

test('a variable with more than 50,000 values keeps 50,000 and says so', async ({ page }) => {
  test.setTimeout(120_000);
  const values = Array.from({ length: 50_003 }, (_, i) => `h${i}`);
  const big = {
    title: 'Fifty thousand and three',
    uid: 'fifty-thousand',
    templating: { list: [{ type: 'custom', name: 'host', query: values.join(','), current: { text: 'h0', value: 'h0' } }] },
    panels: [{ type: 'stat', title: 'Up $host', gridPos: { x: 0, y: 0, w: 6, h: 3 }, targets: [{ expr: 'up{instance="$host"}' }] }],
  };
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Fifty thousand and three');
  await expect(page.getByRole('group', { name: 'Variables' }).getByRole('status')).toHaveText('$host shows 50,000 of 50,003 values');
  await expect(page.getByRole('region', { name: 'Up h0' })).toBeVisible();
});
