import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collectConsoleErrors } from './helpers';

// The panel editor and the panel header menu, through the real UI: a new dashboard, Add panel, a query typed with
// completion, the live preview, unit, threshold and an override, Save; then the header menu (hover and keyboard):
// View, Inspect (data CSV, query stats, JSON), Explore, Duplicate, Remove with Undo.

async function ready(page: Page) {
  await page.goto('./#/targets');
  await expect(page.getByTestId('target-row').filter({ hasText: 'promtab.self' }).getByText('UP', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'New dashboard' }).click();
  const title = page.getByRole('textbox', { name: 'Dashboard title' });
  await title.fill('Editor flow');
  await title.press('Enter');
}

async function openMenu(page: Page, title: string) {
  await page.getByRole('region', { name: title, exact: true }).hover();
  await page.getByRole('button', { name: `Menu for ${title}`, exact: true }).click();
}

test('the panel editor builds a panel with completion, preview, unit, threshold and an override', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await ready(page);
  await page.getByRole('button', { name: 'Add panel' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await expect(editor.getByRole('heading', { name: /New panel/ })).toBeVisible();
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Uptime');

  // The query field is the Query view's PromQL editor: label names and values complete from the worker.
  const query = editor.getByRole('textbox', { name: 'Query A' });
  await query.click();
  await page.keyboard.type('up{j');
  await page.getByRole('option', { name: /^job/ }).click({ timeout: 20_000 });
  await expect(query).toHaveText('up{job}');
  await page.keyboard.type('="');
  await expect(query).toHaveText('up{job=""}');
  // Label values complete as soon as the quote opens; Ctrl+Space asks again should the first answer come late.
  const promtab = page.getByRole('option', { name: /^promtab/ });
  await expect(async () => {
    if (!(await promtab.isVisible())) await page.keyboard.press('Control+Space');
    await expect(promtab).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await promtab.click();
  await expect(query).toHaveText('up{job="promtab"}');
  await editor.getByRole('combobox', { name: 'Legend type A' }).selectOption('custom');
  await editor.getByRole('textbox', { name: 'Legend A' }).fill('{{job}}');

  // The preview is the real panel drawing the draft.
  const preview = editor.getByRole('region', { name: 'Uptime', exact: true });
  await expect(preview.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('group', { name: 'Legend' })).toContainText('promtab');

  // Options: the search box narrows the pane; unit, a threshold step, and an override by name with a fixed colour.
  await editor.getByRole('searchbox', { name: 'Search options' }).fill('unit');
  await expect(editor.getByRole('combobox', { name: 'Unit', exact: true })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Legend' })).toHaveCount(0);
  await editor.getByRole('combobox', { name: 'Unit', exact: true }).selectOption('percentunit');
  await editor.getByRole('searchbox', { name: 'Search options' }).fill('');
  await editor.getByRole('button', { name: '+ Add threshold' }).click();
  await expect(editor.getByRole('textbox', { name: 'Threshold 2 value' })).toHaveValue('90');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).fill('0.5');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).press('Enter');
  await editor.getByRole('combobox', { name: 'Add field override' }).selectOption('byName');
  const override = editor.getByRole('group', { name: 'Override 1' });
  await override.getByRole('combobox', { name: 'Field name' }).fill('promtab');
  await override.getByRole('combobox', { name: 'Field name' }).press('Enter');
  await override.getByRole('combobox', { name: 'Add override property' }).selectOption('color');
  await override.getByRole('combobox', { name: 'Color scheme', exact: true }).selectOption('fixed');
  await override.getByRole('combobox', { name: 'Color scheme color' }).selectOption('red');
  await expect(preview.getByRole('group', { name: 'Legend' }).locator('.swatch').first()).toHaveCSS('background-color', 'rgb(242, 73, 92)');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText('Unsaved changes')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await expect(editor).toHaveCount(0);

  // On the dashboard, after a reload: the panel with its unit, threshold and override.
  await page.reload();
  const panel = page.getByRole('region', { name: 'Uptime', exact: true });
  await expect(panel.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('group', { name: 'Legend' }).locator('.swatch').first()).toHaveCSS('background-color', 'rgb(242, 73, 92)');
  const saved = await page.evaluate(async () => {
    type Api = { storage: { dashboards: { get: (u: string) => Promise<{ panels: { title: string; fieldConfig: unknown }[] }> } } };
    const uid = decodeURIComponent(location.hash.split('#/dashboards/')[1]);
    const d = await (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api().storage.dashboards.get(uid);
    return d.panels.find((p) => p.title === 'Uptime')?.fieldConfig;
  });
  expect(saved).toMatchObject({
    defaults: { unit: 'percentunit', thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 0.5, color: 'red' }, { value: 90 }] } },
    overrides: [{ matcher: { type: 'byName', names: ['promtab'] }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }] }],
  });

  // Discard drops what was changed since entering the editor.
  await openMenu(page, 'Uptime');
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Changed');
  await editor.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('region', { name: 'Uptime', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Changed' })).toHaveCount(0);
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('the panel header menu: hover and keyboard, View, Inspect, Explore, Duplicate, Remove and Undo', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await ready(page);
  await page.getByRole('button', { name: 'Add panel' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Up');
  await editor.getByRole('textbox', { name: 'Description', exact: true }).fill('Whether each target answered its last scrape');
  await editor.getByRole('textbox', { name: 'Query A' }).fill('up{job="promtab"}');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  const panel = page.getByRole('region', { name: 'Up', exact: true });
  await expect(panel.locator('canvas').first()).toBeVisible({ timeout: 30_000 });

  // No permanent buttons: the menu button is hidden until hover or focus.
  await expect(panel.getByRole('button', { name: 'Edit Up' })).toHaveCount(0);
  const trigger = panel.getByRole('button', { name: 'Menu for Up' });
  await page.mouse.move(0, 0);
  await expect(trigger).toHaveCSS('opacity', '0');
  await panel.hover();
  await expect(trigger).toHaveCSS('opacity', '1');
  // The description shows as a tooltip of the info icon.
  await panel.getByText('About Up').locator('..').hover();
  await expect(page.locator('[data-tooltip-content]')).toContainText('Whether each target answered');

  // Keyboard: Tab reaches the menu button, Enter opens the menu, arrows move, Escape closes.
  await page.mouse.move(0, 0);
  await trigger.focus();
  await expect(trigger).toHaveCSS('opacity', '1');
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText([/^View/, /^Edit/, /^Duplicate/, /^Inspect/, /^Explore/, /^Remove/]);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);

  // View: the panel over the whole page; Escape returns.
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'View' }).click();
  const view = page.getByRole('region', { name: 'View panel' });
  await expect(view.getByRole('region', { name: 'Up' }).locator('canvas').first()).toBeVisible();
  const box = await view.getByRole('region', { name: 'Up' }).boundingBox();
  expect(box!.height).toBeGreaterThan(500);
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  // The v shortcut does the same while the pointer is over the panel.
  await panel.hover();
  await page.keyboard.press('v');
  await expect(view).toBeVisible();
  await view.getByRole('button', { name: 'Back to dashboard' }).click();
  await expect(view).toHaveCount(0);

  // Inspect: data as a table with CSV, the query with its stats, the panel JSON.
  await openMenu(page, 'Up');
  await page.getByRole('menuitem', { name: 'Inspect' }).click();
  const drawer = page.getByRole('dialog', { name: 'Inspect: Up' });
  await expect(drawer.getByRole('table', { name: 'Data' })).toContainText('promtab');
  await expect(drawer.getByRole('columnheader').first()).toHaveText('Time');
  const [csv] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: 'Download CSV' }).click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.split('\r\n')[0]).toBe('Time,"up{instance=""promtab.self"", job=""promtab""}"');
  expect(text.split('\r\n')[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,1$/);
  await drawer.getByRole('tab', { name: 'Query' }).click();
  const q = drawer.getByRole('region', { name: 'Query A' });
  await expect(q).toContainText('up{job="promtab"}');
  await expect(q.getByText('Series', { exact: true })).toBeVisible();
  await expect(q.locator('dd').nth(3)).toHaveText('1');
  await expect(drawer.getByRole('status')).toContainText(/1 queries, \d+ ms/);
  await drawer.getByRole('tab', { name: 'Panel JSON' }).click();
  const json = drawer.getByRole('textbox', { name: 'Panel JSON' });
  expect(JSON.parse(await json.inputValue())).toMatchObject({ title: 'Up', type: 'timeseries', targets: [{ refId: 'A', expr: 'up{job="promtab"}' }] });
  await json.fill('{"type": "stat", ');
  await drawer.getByRole('button', { name: 'Apply' }).click();
  await expect(drawer.getByRole('alert')).toContainText('Not applied');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await panel.hover();
  await page.keyboard.press('i');
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Escape');

  // Duplicate, then Remove with Undo.
  await openMenu(page, 'Up');
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByRole('region', { name: 'Up', exact: true })).toHaveCount(2);
  await page.getByRole('region', { name: 'Up', exact: true }).nth(1).hover();
  await page.getByRole('button', { name: 'Menu for Up' }).nth(1).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await expect(page.getByRole('region', { name: 'Up', exact: true })).toHaveCount(1);
  await page.getByRole('status').filter({ hasText: 'Removed panel' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('region', { name: 'Up', exact: true })).toHaveCount(2);
  await page.getByRole('region', { name: 'Up', exact: true }).nth(1).hover();
  await page.getByRole('button', { name: 'Menu for Up' }).nth(1).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await expect(page.getByRole('region', { name: 'Up', exact: true })).toHaveCount(1);

  // Explore opens the Query view with the expression and the dashboard's range.
  await openMenu(page, 'Up');
  await page.getByRole('menuitem', { name: 'Explore' }).click();
  await expect(page).toHaveURL(/#\/query\?/);
  const url = new URL(page.url().replace('#/query?', '?'));
  expect(url.searchParams.get('g0.expr')).toBe('up{job="promtab"}');
  expect(url.searchParams.get('g0.range_input')).toBe('6h');
  expect(url.searchParams.get('g0.tab')).toBe('graph');
  await expect(page.getByRole('textbox', { name: 'Expression' })).toHaveText('up{job="promtab"}');
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
