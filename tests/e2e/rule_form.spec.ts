import { choose } from './helpers';
import { expect, test } from '@playwright/test';

test('a rule made with the form is saved and evaluated', async ({ page }) => {
  await page.goto('./#/alerts');
  const files = page.getByRole('region', { name: 'Rule files' });
  await files.getByRole('textbox', { name: 'File name' }).fill('form.yml');
  await files.getByRole('textbox', { name: 'Rule file' }).fill('');
  await files.getByText('Add a rule with a form').click();
  await files.getByRole('textbox', { name: 'Group' }).fill('formgroup');
  await choose(files, 'Kind', 'recording rule');
  await files.getByRole('textbox', { name: 'Record name' }).fill('job:up:count');
  await files.getByRole('textbox', { name: 'Rule expression' }).fill('count by (job) (up)');
  await files.getByRole('button', { name: 'Add rule' }).click();
  await expect(files.getByRole('textbox', { name: 'Rule file' })).toHaveValue(/record: job:up:count/);
  await files.getByRole('button', { name: 'Save rules' }).click();
  await expect(files.getByRole('status')).toContainText('Saved form.yml');
  await expect(page.getByRole('group', { name: 'Rule group formgroup' })).toContainText('job:up:count');
});
