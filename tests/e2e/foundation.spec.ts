import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './helpers';

const NAV = ['Query', 'Targets', 'Dashboards', 'Alerts', 'Status', 'Settings'];

test('a fresh profile shows the six views and the promtab target UP, with no console errors', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of NAV) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();

  await nav.getByRole('link', { name: 'Targets', exact: true }).click();
  await expect(page).toHaveURL(/#\/targets/);
  const row = page.getByTestId('target-row').filter({ hasText: 'promtab.self' });
  await expect(row.getByText('UP', { exact: true })).toBeVisible({ timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('every view has an address and the back button works', async ({ page }) => {
  await page.goto('./#/status');
  await expect(page.getByRole('heading', { name: 'Status', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Alerts', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Status', level: 1 })).toBeVisible();
});

test('the API is served from a worker, not the page', async ({ page }) => {
  await page.goto('./#/status');
  const runtime = page.getByRole('region', { name: 'Runtime information' });
  await expect(runtime.getByText('SharedWorkerGlobalScope')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Build information' }).getByText('0.1.0')).toBeVisible();
});
