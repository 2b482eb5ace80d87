import { expect, test, type Page } from '@playwright/test';
import { choose, collectConsoleErrors } from './helpers';

// The UI kit (src/ui/components/ui) exercised through the real app: the theme switcher in the top bar (Select) and
// the theme remembered across reloads and applied before the app mounts; Menu, Dialog and Tabs from the keyboard in
// the Query view; MultiSelect, Combobox, Select and Popover in a dashboard's variables bar and time picker.

async function backgroundOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);
}

test('the theme switcher follows the system, switches, and is remembered', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('./#/dashboards');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveText(/System/);
  const darkBg = await backgroundOf(page, 'body');

  await theme.click();
  await expect(page.getByRole('option', { name: 'System' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('option', { name: 'Light' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(theme).toHaveText(/Light/);
  await expect(theme).toBeFocused();
  expect(await backgroundOf(page, 'body')).not.toBe(darkBg);

  // Remembered, and applied before the app's script runs (public/theme-init.js).
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(theme).toHaveText(/Light/);

  // The keyboard alone: open with Enter, move with the arrows, pick with Enter, and focus stays on the field.
  await theme.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(theme).toHaveText(/Dark/);
  await expect(theme).toBeFocused();

  // Escape closes without a change.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(theme).toHaveText(/Dark/);

  // Back to System follows the system again.
  await theme.click();
  await page.getByRole('option', { name: 'System' }).click();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(errors).toEqual([]);
});

test('a control reached by the keyboard shows a 2px focus ring', async ({ page }) => {
  await page.goto('./#/dashboards');
  await page.getByRole('combobox', { name: 'Theme' }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toBeFocused();
  const ring = await theme.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: s.outlineWidth };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBe('2px');
});

test('the Query editor keeps at least 70% of the panel width with ten long queries in history (issue #16)', async ({ page }) => {
  const history = Array.from({ length: 10 }, (_, i) => `sum by (job, instance, mode) (rate(node_cpu_seconds_total{mode!="idle", cpu="${i}"}[5m])) / ignoring(mode) group_left count(node_cpu_seconds_total)`);
  await page.addInitScript((h) => localStorage.setItem('promtab-query-history', JSON.stringify(h)), history);
  for (const width of [1400, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('./#/query');
    const panel = page.getByRole('region', { name: 'Query panel' });
    await expect(page.locator('.cm-content')).toBeVisible();
    const editorBox = (await page.locator('.cm-editor').boundingBox())!;
    const panelBox = (await panel.boundingBox())!;
    expect(editorBox.width / panelBox.width, `at ${width} px`).toBeGreaterThanOrEqual(0.7);
    await testInfoAttach(page, `query-history-${width}`);
    // The history is one menu: every entry is there, and a pick fills the editor.
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByRole('menuitem')).toHaveCount(10);
    await page.getByRole('menuitem').nth(3).click();
    await expect(page.getByRole('textbox', { name: 'Expression' })).toContainText('cpu="3"');
  }
});

async function testInfoAttach(page: Page, name: string) {
  await test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

test('Menu, Dialog and Tabs work from the keyboard and give focus back', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('promtab-query-history', JSON.stringify(['up', 'sum(up)', 'count(up)'])));
  await page.goto('./#/query');
  await expect(page.locator('.cm-content')).toBeVisible();
  const history = page.getByRole('button', { name: 'History' });

  // Menu: Enter opens it on the first item, arrows move, Enter picks; Escape closes and focus returns to the button.
  await history.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['up', 'sum(up)', 'count(up)']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Expression' })).toHaveText('sum(up)');
  await history.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(history).toBeFocused();

  // Dialog: named by its title, focus inside, Escape closes and focus returns to what opened it.
  const open = page.getByRole('button', { name: 'Metrics explorer' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Metrics explorer' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  // ... and the close button closes it too.
  await open.click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // Tabs: arrow keys move between tabs; the panel follows.
  await page.getByRole('tab', { name: 'Table' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Graph' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Graph', selected: true })).toBeVisible();
  await expect(page.getByRole('tabpanel')).toContainText('Resolution');
});

const HOSTS = Array.from({ length: 40 }, (_, i) => `host-${String(i + 1).padStart(2, '0')}`);
const VARS_DASHBOARD = {
  title: 'Kit variables',
  time: { from: 'now-1h', to: 'now' },
  templating: {
    list: [
      { type: 'custom', name: 'kind', label: 'Kind', query: 'alpha,beta,gamma', multi: true, includeAll: true, current: { text: ['All'], value: ['$__all'] } },
      { type: 'custom', name: 'host', label: 'Host', query: HOSTS.join(','), current: { text: 'host-01', value: 'host-01' } },
      { type: 'custom', name: 'size', label: 'Size', description: 'Instance size class', query: 'small,large', current: { text: 'small', value: 'small' } },
    ],
  },
  panels: [{ id: 1, type: 'timeseries', title: 'Up', gridPos: { x: 0, y: 0, w: 24, h: 6 }, targets: [{ refId: 'A', expr: 'up' }] }],
};

test('variables: a searchable multi-value dropdown with checkboxes, a filtering combobox, a select; the time picker', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByRole('textbox', { name: 'Dashboard JSON' }).fill(JSON.stringify(VARS_DASHBOARD));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Kit variables');
  const vars = page.getByRole('group', { name: 'Variables' });

  // MultiSelect: closed it reads "All"; open, every option has a checkbox state; search narrows; picks add up.
  const kind = vars.getByRole('combobox', { name: 'Kind' });
  await expect(kind).toHaveValue('All');
  await kind.click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByRole('option')).toHaveText(['All', 'alpha', 'beta', 'gamma']);
  await expect(listbox.getByRole('option', { name: 'All' })).toHaveAttribute('aria-selected', 'true');
  await kind.fill('et');
  await expect(listbox.getByRole('option')).toHaveText(['beta']);
  await page.keyboard.press('Enter');
  await expect(listbox.getByRole('option', { name: 'beta' })).toHaveAttribute('aria-selected', 'true');
  await kind.fill('');
  await expect(listbox.getByRole('option', { name: 'All' })).toHaveAttribute('aria-selected', 'false');
  await listbox.getByRole('option', { name: 'gamma' }).click();
  await expect(listbox).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(kind).toHaveValue('beta + gamma');

  // Combobox (40 values): typing filters, arrows and Enter pick.
  const host = vars.getByRole('combobox', { name: 'Host' });
  await expect(host).toHaveValue('host-01');
  await host.click();
  await host.fill('host-3');
  await expect(page.getByRole('option')).toHaveCount(10);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(host).toHaveValue(/^host-3\d$/);
  const picked = await host.inputValue();

  // Tooltip: a variable's description shows on hover of its label.
  await vars.getByText('Size', { exact: true }).hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Instance size class' })).toBeVisible();

  // Select (few values).
  await choose(vars, 'Size', 'large');
  await expect(vars.getByRole('combobox', { name: 'Size' })).toHaveText(/large/);

  // Picks are saved with the dashboard.
  await page.reload();
  await expect(vars.getByRole('combobox', { name: 'Kind' })).toHaveValue('beta + gamma');
  await expect(vars.getByRole('combobox', { name: 'Host' })).toHaveValue(picked);
  await expect(vars.getByRole('combobox', { name: 'Size' })).toHaveText(/large/);

  // Popover: the time picker takes relative From and To, and shows the range it applied.
  const range = page.getByRole('button', { name: 'Time range' });
  await expect(range).toContainText('Last 1 hour');
  await range.click();
  await page.getByRole('textbox', { name: 'From' }).fill('now-2h');
  await page.getByRole('textbox', { name: 'To' }).fill('now-1h');
  await page.getByRole('button', { name: 'Apply time range' }).click();
  await expect(range).toContainText('now-2h to now-1h');
  await range.click();
  await page.getByRole('textbox', { name: 'Search quick ranges' }).fill('15 min');
  await expect(page.getByRole('list', { name: 'Quick ranges' }).getByRole('button')).toHaveText(['Last 15 minutes']);
  await page.getByRole('button', { name: 'Last 15 minutes' }).click();
  await expect(range).toContainText('Last 15 minutes');
  expect(errors).toEqual([]);
});

test('Switch toggles with a click and with Space, and its label toggles it too', async ({ page }) => {
  await page.goto('./#/alerts');
  const auto = page.getByRole('switch', { name: 'Auto-refresh' });
  await expect(auto).toBeChecked();
  await auto.click();
  await expect(auto).not.toBeChecked();
  await auto.focus();
  await page.keyboard.press('Space');
  await expect(auto).toBeChecked();
  await page.getByText('Auto-refresh', { exact: true }).click();
  await expect(auto).not.toBeChecked();
});
