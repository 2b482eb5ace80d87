import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './helpers';

// The UI kit (src/ui/components/ui) exercised through the real app: the theme switcher in the top bar (Select),
// keyboard use of a listbox, and the theme remembered across reloads and applied before the app mounts.

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
