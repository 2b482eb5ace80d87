import { expect, test, type Page } from '@playwright/test';
import { cors, startFixture, type Fixture } from './helpers';

// A target whose series "low" reads 1 for its first scrapes and 3 after, "high" always 10, "ratio" always 50.
let target: Fixture;
let scrapes = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    const low = scrapes++ < 4 ? 1 : 3;
    res.end(`# TYPE e2e_legend_value gauge\ne2e_legend_value{series="low"} ${low}\ne2e_legend_value{series="high"} 10\n# TYPE e2e_legend_ratio gauge\ne2e_legend_ratio 50\n`);
  });
});
test.afterAll(async () => target.stop());

const series = (id: number, title: string, y: number, extra: Record<string, unknown>) => ({
  id,
  type: 'timeseries',
  title,
  gridPos: { x: 0, y, w: 24, h: 9 },
  interval: '1s',
  maxDataPoints: 2000,
  targets: [{ refId: 'A', expr: 'e2e_legend_value', legendFormat: '{{series}}' }],
  ...extra,
});

const DASHBOARD = {
  title: 'Legend e2e',
  time: { from: 'now-2m', to: 'now' },
  templating: {
    list: [{ type: 'custom', name: 'kind', label: 'Kind', query: 'a,b,c', multi: true, includeAll: true, current: { text: ['All'], value: ['$__all'] } }],
  },
  panels: [
    series(1, 'Legend table', 0, {
      options: {
        legend: { showLegend: true, displayMode: 'table', placement: 'right', calcs: ['min', 'max', 'lastNotNull'], sortBy: 'Max', sortDesc: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    }),
    series(2, 'Units', 9, {
      targets: [
        { refId: 'A', expr: 'e2e_legend_value{series="high"}', legendFormat: 'high' },
        { refId: 'B', expr: 'e2e_legend_ratio', legendFormat: 'ratio' },
      ],
      fieldConfig: {
        defaults: { unit: 'bytes' },
        overrides: [{ matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'unit', value: 'percent' }, { id: 'custom.axisPlacement', value: 'right' }] }],
      },
      options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: ['lastNotNull'] }, tooltip: { mode: 'single', sort: 'none' } },
    }),
    series(3, 'Per $kind', 18, {
      repeat: 'kind',
      repeatDirection: 'h',
      targets: [{ refId: 'A', expr: 'label_replace(e2e_legend_value{series="high"}, "kind", "$kind", "", "")', legendFormat: 'kind {{kind}}' }],
    }),
    { id: 4, type: 'row', title: 'Group $kind', collapsed: false, gridPos: { x: 0, y: 27, w: 24, h: 1 }, panels: [] },
    series(5, 'In group', 28, { targets: [{ refId: 'A', expr: 'e2e_legend_value{series="high"}' }] }),
  ],
};

async function openDashboard(page: Page) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('legend');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  await expect.poll(() => scrapes, { timeout: 20_000 }).toBeGreaterThan(8);
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'legend.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DASHBOARD)) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Legend e2e');
}

const rowTexts = (page: Page, panel: string) =>
  page.getByRole('region', { name: panel }).getByRole('group', { name: 'Legend' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));

test('legend table, tooltip modes, unit axes and repeated panels', async ({ page }) => {
  test.setTimeout(120_000);
  await openDashboard(page);

  // The table legend holds the calcs of the fixture's data, sorted by Max, highest first.
  const table = page.getByRole('region', { name: 'Legend table' });
  const legend = table.getByRole('group', { name: 'Legend' });
  await expect(legend.getByRole('columnheader')).toHaveText(['Name', 'Min', 'Max ↓', 'Last *']);
  await expect.poll(() => rowTexts(page, 'Legend table')).toEqual([
    ['high', '10', '10', '10'],
    ['low', '1', '3', '3'],
  ]);
  // Pressing Max again sorts ascending, as Grafana cycles.
  await legend.getByRole('button', { name: 'Max ↓' }).click();
  await expect.poll(() => rowTexts(page, 'Legend table')).toEqual([
    ['low', '1', '3', '3'],
    ['high', '10', '10', '10'],
  ]);

  // The sort is saved with the panel, as Grafana saves it.
  const uid = decodeURIComponent(page.url().split('#/dashboards/')[1]);
  const savedLegend = () =>
    page.evaluate(async (u) => {
      const api = (window as unknown as { __promtabTest: { api: () => { storage: { dashboards: { get: (u: string) => Promise<{ panels: { options: { legend?: unknown } }[] } | null> } } } } }).__promtabTest.api();
      return (await api.storage.dashboards.get(u))?.panels[0].options.legend;
    }, uid);
  await expect.poll(savedLegend).toMatchObject({ sortBy: 'Max', sortDesc: false });

  // Tooltip "all" lists every series under the cursor, highest first; "single" one series.
  const plot = table.locator('.u-over');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2);
  const tip = table.getByRole('tooltip');
  await expect(tip.locator('.tt-row')).toHaveText(['high: 10', 'low: 3']);
  await expect(page.getByRole('region', { name: 'Units' }).getByRole('tooltip', { includeHidden: true })).toBeHidden();
  const units = page.getByRole('region', { name: 'Units' });
  const ubox = (await units.locator('.u-over').boundingBox())!;
  await page.mouse.move(ubox.x + ubox.width * 0.97, ubox.y + 4);
  await expect(units.getByRole('tooltip').locator('.tt-row')).toHaveCount(1);

  // Clicking a legend entry isolates it; clicking it again shows all; Ctrl adds one.
  const low = legend.getByRole('button', { name: 'low' });
  const high = legend.getByRole('button', { name: 'high' });
  await low.click();
  await expect(low).toHaveAttribute('aria-pressed', 'true');
  await expect(high).toHaveAttribute('aria-pressed', 'false');
  await low.click();
  await expect(high).toHaveAttribute('aria-pressed', 'true');

  // A unit override puts the percent series on its own right axis and formats its values.
  await expect(units.getByRole('img', { name: 'Graph. Axes: bytes on the left, percent on the right' })).toBeVisible();
  const items = units.getByRole('group', { name: 'Legend' }).getByRole('listitem');
  await expect(items.filter({ hasText: 'ratio' }).getByText('Last *: 50%')).toBeVisible();
  await expect(items.filter({ hasText: 'high' }).getByText('Last *: 10 B')).toBeVisible();

  // The repeated panel: one copy per value of kind (All), each with kind bound in its query and title.
  for (const k of ['a', 'b', 'c']) {
    await expect(page.getByRole('region', { name: `Per ${k}` }).getByRole('group', { name: 'Legend' })).toContainText(`kind ${k}`);
  }
  // Kind is multi-value with All: picking a value replaces All, then values add up.
  await page.getByRole('group', { name: 'Variables' }).getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'a', exact: true }).click();
  await page.getByRole('option', { name: 'c', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Variables' }).getByRole('combobox', { name: 'Kind' })).toHaveValue('a + c');
  await expect(page.getByRole('region', { name: /^Per / })).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Per c' }).getByRole('group', { name: 'Legend' })).toContainText('kind c');
  await expect(page.getByRole('region', { name: 'Per b' })).toHaveCount(0);
});

test('the panel editor sets legend, tooltip, unit override and repeat, and they survive a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  await page.getByRole('region', { name: 'Units' }).hover();
  await page.getByRole('button', { name: 'Menu for Units' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('radiogroup', { name: 'Legend mode' }).getByText('Table').click();
  await editor.getByRole('checkbox', { name: 'Max', exact: true }).check();
  await editor.getByRole('radiogroup', { name: 'Tooltip mode' }).getByText('Hidden').click();
  await editor.getByRole('group', { name: 'Override 1' }).getByRole('combobox', { name: 'Unit', exact: true }).selectOption('percentunit');
  await editor.getByRole('combobox', { name: 'Repeat by variable' }).selectOption('kind');
  await editor.getByRole('combobox', { name: 'Repeat direction' }).selectOption('v');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();

  const units = page.getByRole('region', { name: 'Units' });
  await expect(units).toHaveCount(3);
  await expect(units.first().getByRole('group', { name: 'Legend' }).getByRole('columnheader')).toHaveText(['Name', 'Last *', 'Max']);
  await expect(units.first().getByRole('group', { name: 'Legend' })).toContainText('5000%');

  await page.reload();
  await expect(page.getByRole('region', { name: 'Units' })).toHaveCount(3);
  await page.getByRole('region', { name: 'Units' }).first().hover();
  await page.getByRole('button', { name: 'Menu for Units' }).first().click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(editor.getByRole('radiogroup', { name: 'Legend mode' }).getByRole('radio', { name: 'Table' })).toBeChecked();
  await expect(editor.getByRole('radiogroup', { name: 'Tooltip mode' }).getByRole('radio', { name: 'Hidden' })).toBeChecked();
  await expect(editor.getByRole('group', { name: 'Override 1' }).getByRole('combobox', { name: 'Unit', exact: true })).toHaveValue('percentunit');
  await expect(editor.getByRole('combobox', { name: 'Repeat direction' })).toHaveValue('v');
  await editor.getByRole('button', { name: 'Discard' }).click();

  // Row options repeat a row with its panels once per value.
  await expect(page.getByRole('region', { name: 'In group' })).toHaveCount(1);
  await page.getByRole('heading', { name: /Group/ }).getByRole('button', { name: 'Row options' }).click();
  await page.getByRole('group', { name: 'Row options' }).getByRole('combobox', { name: 'Repeat for' }).selectOption('kind');
  await expect(page.getByRole('region', { name: 'In group' })).toHaveCount(3);
  await expect(page.getByRole('button', { name: /Group [abc]$/ })).toHaveText(['▾ Group a', '▾ Group b', '▾ Group c']);
  await page.reload();
  await expect(page.getByRole('region', { name: 'In group' })).toHaveCount(3);
});
