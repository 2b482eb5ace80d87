/**
 * Targets form and row defects of issue #16, each driven through the real UI against a fixture target: URL
 * validation, paths kept as given, honor_labels and scrape protocol for a new job, Relabeling for active and dropped
 * targets, Undo after Remove, label-value completion in the Query editor and range vectors in the Query table.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('# TYPE demo_value gauge\ndemo_value{mode="idle"} 1\ndemo_value{mode="busy"} 2\n');
  });
});
test.afterAll(async () => target.stop());

const rows = (page: Page) => page.getByTestId('target-row');

async function add(page: Page, urls: string, job: string) {
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(urls);
  await page.getByRole('textbox', { name: 'Job name' }).fill(job);
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
}

test('target URLs are validated, paths kept, honor_labels set; relabeling and undo work', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await expect(rows(page).filter({ hasText: 'promtab' }).first()).toBeVisible();
  const before = await rows(page).count();

  // A line that is not a URL adds nothing and says why.
  await add(page, `${target.url}/metrics\nnot a url`, 'demo');
  await expect(page.getByRole('alert')).toContainText('line 2: "not" is not a target URL');
  await expect(rows(page)).toHaveCount(before);

  // A path given as / is kept, with a hint; honor_labels goes to the new job.
  await page.getByRole('checkbox', { name: 'Honor labels' }).check();
  await add(page, `${target.url}/`, 'demo');
  await expect(page.getByText(`${target.url}/ is scraped at path /, not /metrics`)).toBeVisible();
  const row = rows(page).filter({ hasText: `${target.url}/` });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();
  await expect(row.locator('td').first()).toHaveText(`${target.url}/`);

  // Relabeling of an active target shows its steps (it used to throw a DataCloneError).
  await row.getByRole('button', { name: 'Relabeling' }).click();
  await expect(page.getByRole('table', { name: 'Relabeling steps' })).toContainText('discovered');

  await page.getByRole('link', { name: 'Status', exact: true }).click();
  const cfg = page.getByRole('region', { name: 'Configuration' });
  const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
  await expect(yaml).toHaveValue(/job_name: demo[\s\S]*honor_labels: true/);

  // Remove, then Undo: the target is back.
  await page.getByRole('link', { name: 'Targets', exact: true }).click();
  await rows(page).filter({ hasText: `${target.url}/` }).getByRole('button', { name: 'Remove' }).click();
  await expect(rows(page).filter({ hasText: `${target.url}/` })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(page).filter({ hasText: `${target.url}/` }).getByText('UP', { exact: true })).toBeVisible();

  // A dropped target's relabeling shows the rule that dropped it.
  await page.getByRole('link', { name: 'Status', exact: true }).click();
  // The Status view loads the configuration after it opens: read it once it is there.
  await expect(yaml).toHaveValue(/scrape_configs:/);
  const current = await yaml.inputValue();
  const dropJob = [
    '  - job_name: dropper',
    '    static_configs:',
    "      - targets: ['dropped.invalid:1']",
    '    relabel_configs:',
    '      - source_labels: [__address__]',
    "        regex: 'dropped.*'",
    '        action: drop',
    '',
  ].join('\n');
  await yaml.fill(`${current.trimEnd()}\n${dropJob}`);
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('status')).toContainText('applied');
  await page.getByRole('link', { name: 'Targets', exact: true }).click();
  await page.getByRole('button', { name: /Dropped targets/ }).click();
  const dropped = page.getByTestId('dropped-target-row').filter({ hasText: 'dropped.invalid' });
  await dropped.getByRole('button', { name: 'Relabeling' }).click();
  await expect(page.getByRole('table', { name: 'Relabeling steps' })).toContainText('dropped');

  expect(errors.filter((e) => !/Failed to load resource|ERR_/.test(e))).toEqual([]);
});

test('label values complete inside a selector', async ({ page }) => {
  await page.goto('./#/targets');
  await add(page, `${target.url}/metrics`, 'complete');
  await expect(rows(page).filter({ hasText: `${target.url}/metrics` }).getByText('UP', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Query', exact: true }).click();
  // Completion comes with the CodeMirror editor, which replaces the plain textbox once it has loaded.
  await expect(page.locator('.cm-editor')).toBeVisible();
  await page.getByRole('textbox', { name: 'Expression' }).click();
  await page.keyboard.type('demo_value{mode="');
  const popup = page.locator('.cm-tooltip-autocomplete');
  await expect(popup).toContainText('idle');
  await expect(popup).toContainText('busy');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('up{job="');
  await expect(popup).toContainText('complete');

  // A range vector in the table lists each series' samples with their timestamps.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('demo_value{mode="idle"}[1m]');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Execute' }).click();
  const table = page.getByRole('table', { name: 'Result' });
  await expect(table).toContainText('demo_value{');
  await expect(table.locator('.samples div').first()).toHaveText(/^1 @\d{10}(\.\d+)?$/);
});
