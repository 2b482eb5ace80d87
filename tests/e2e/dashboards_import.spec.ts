import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './helpers';

// A schema 14 dashboard of the kind Promtab refused before (old rows, graph and singlestat, `"from": "null"` range
// maps, a variable named namespace-viz, an unreadable thresholds field, a plugin panel).
const LEGACY = fileURLToPath(new URL('./fixtures/legacy_dashboard.json', import.meta.url));
const legacy = (title: string) => Buffer.from(JSON.stringify({ ...JSON.parse(readFileSync(LEGACY, 'utf8')), title }));

async function importFile(page: Page, title: string): Promise<void> {
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'legacy.json', mimeType: 'application/json', buffer: legacy(title) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

test('an old Grafana dashboard imports: panels drawn, placeholders that say why, warnings on that dashboard only', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await importFile(page, 'Legacy import e2e');
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Legacy import e2e');
  await expect(page).toHaveURL(/#\/dashboards\/e2e-legacy$/);

  await expect(page.getByRole('region', { name: 'Scrapes' })).toHaveAttribute('data-panel-type', 'timeseries');
  await expect(page.getByRole('region', { name: 'Scrapes' }).getByText('Last 1 hour')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Targets up' })).toHaveAttribute('data-panel-type', 'stat');
  await expect(page.getByRole('region', { name: 'About' }).getByText('schema 14')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unreadable thresholds' }).getByRole('note')).toHaveText(
    'Promtab could not read fieldConfig.defaults.thresholds.steps (expected an array); Grafana would show a stat panel',
  );
  await expect(page.getByRole('region', { name: 'Pie' }).getByRole('note')).toHaveText('Panel type "grafana-piechart-panel" is not supported in Promtab');
  await expect(page.getByRole('group', { name: 'Variables' })).toContainText('namespace-viz');

  const warnings = page.getByRole('region', { name: 'Import warnings' });
  await expect(warnings).toContainText('Imported with 4 warnings; 2 panels are placeholders that say why.');
  await warnings.getByText('Show warnings').click();
  await expect(warnings.getByRole('listitem').filter({ hasText: 'graph panel migrated to timeseries' })).toBeVisible();

  // Another dashboard does not show them; coming back (or reloading) does, until dismissed.
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'New dashboard' }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('New dashboard');
  await expect(page.getByRole('region', { name: 'Import warnings' })).toHaveCount(0);
  await page.goto('./#/dashboards/e2e-legacy');
  await page.reload();
  await expect(warnings).toBeVisible();
  await warnings.getByRole('button', { name: 'Dismiss' }).click();
  await expect(warnings).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Legacy import e2e');
  await expect(page.getByRole('region', { name: 'Import warnings' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('re-importing a uid asks first: Cancel keeps it, Import as copy adds one, Replace overwrites', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await importFile(page, 'First version');
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('First version');

  const dialog = page.getByRole('dialog', { name: 'Dashboard already exists' });
  await importFile(page, 'Second version');
  await expect(dialog).toContainText('A dashboard with uid "e2e-legacy" exists: "First version".');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'First version' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Second version' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('button', { name: 'Import as copy' }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Second version (copy)');
  await expect(page).not.toHaveURL(/e2e-legacy$/);
  await expect(page.getByRole('region', { name: 'Import warnings' })).toBeVisible();
  await page.goto('./#/dashboards');
  await expect(page.getByRole('link', { name: 'First version' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Second version (copy)' })).toBeVisible();

  await importFile(page, 'Third version');
  await dialog.getByRole('button', { name: 'Replace' }).click();
  await expect(page).toHaveURL(/#\/dashboards\/e2e-legacy$/);
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Third version');
  await page.goto('./#/dashboards');
  await expect(page.getByRole('link', { name: 'First version' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Third version' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Second version (copy)' })).toBeVisible();
  expect(errors).toEqual([]);
});
