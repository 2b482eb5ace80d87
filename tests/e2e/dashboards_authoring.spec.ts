/**
 * The full authoring flow of issue #20 on fixture targets: a dashboard made in the UI with dashboard settings,
 * two variables (one chained to the other, previewed, with errors shown in place), links, and a panel with an
 * override and a threshold; reloaded; exported as Grafana and Promtab JSON; imported into fresh profiles; equal.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { cors, startFixture, type Fixture } from './helpers';

let targets: Fixture[] = [];

test.beforeAll(async () => {
  // Three exporters: two instances of job "node", one of job "api".
  targets = await Promise.all(
    [0, 1, 2].map(() =>
      startFixture((_req, res) => {
        cors(res);
        res.setHeader('Content-Type', 'text/plain; version=0.0.4');
        res.end('# TYPE demo_requests_total counter\ndemo_requests_total{code="200"} 10\ndemo_requests_total{code="500"} 1\n');
      }),
    ),
  );
});
test.afterAll(async () => Promise.all(targets.map((t) => t.stop())));

const host = (f: Fixture) => f.url.replace('http://', '');

async function addTargets(page: Page, urls: string[], job: string) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(urls.map((u) => `${u}/metrics`).join('\n'));
  await page.getByRole('textbox', { name: 'Job name' }).fill(job);
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  for (const u of urls) await expect(page.getByTestId('target-row').filter({ hasText: u }).getByText('UP', { exact: true })).toBeVisible();
}

/** pick chooses an option of a kit Select or Combobox by the field's accessible name. */
async function pick(scope: Locator, field: string, option: string) {
  await scope.getByRole('combobox', { name: field, exact: true }).click();
  await scope.page().getByRole('option', { name: option, exact: true }).click();
}

type Stored = Record<string, unknown> & { variables: Record<string, unknown>[]; panels: Record<string, unknown>[] };

function stored(page: Page, uid: string): Promise<Stored> {
  return page.evaluate(
    (u) => (window as unknown as { __promtabTest: { api: () => { storage: { dashboards: { get: (u: string) => Promise<Stored> } } } } }).__promtabTest.api().storage.dashboards.get(u),
    uid,
  );
}

async function importInto(browser: Browser, name: string, text: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Authoring flow');
  return { page, close: () => context.close() };
}

/** The parts a Grafana round trip must keep: what the user authored (resolved options and selections may differ). */
function authored(d: Stored) {
  const vars = d.variables.map(({ options: _o, current: _c, ...v }) => v);
  return { ...d, variables: vars };
}

test('author a dashboard in the UI, reload, export, import into fresh profiles: everything equal', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await addTargets(page, [targets[0].url, targets[1].url], 'node');
  await addTargets(page, [targets[2].url], 'api');

  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'New dashboard' }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('New dashboard');
  const uid = decodeURIComponent(page.url().split('#/dashboards/')[1]);

  // General settings.
  await page.getByRole('button', { name: 'Dashboard settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dashboard settings' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Authoring flow');
  await dialog.getByRole('textbox', { name: 'Description' }).fill('Made in the UI by the e2e test');
  const tags = dialog.getByRole('textbox', { name: 'Tags' });
  await tags.fill('e2e');
  await tags.press('Enter');
  await tags.fill('fixture');
  await tags.press('Enter');
  await expect(dialog.getByRole('list', { name: 'Tags list' }).getByRole('listitem')).toHaveText([/e2e/, /fixture/]);
  const zone = dialog.getByRole('combobox', { name: 'Time zone' });
  await zone.click();
  await zone.fill('Europe/Ber');
  await page.getByRole('option', { name: 'Europe/Berlin' }).click();
  await pick(dialog, 'Week start', 'Sunday');
  const refresh = dialog.getByRole('textbox', { name: 'Auto refresh' });
  await refresh.fill('10s, soon');
  await expect(dialog.getByRole('alert')).toContainText('Invalid refresh interval: "soon" is not a duration');
  await expect(dialog.getByRole('button', { name: 'Save dashboard' })).toBeDisabled();
  await refresh.fill('10s, 1m, 5m');
  await dialog.getByRole('textbox', { name: 'Now delay' }).fill('5s');
  await dialog.getByRole('radio', { name: 'Shared crosshair' }).check();

  // Variables: job, then instance chained to it, each previewed.
  await dialog.getByRole('tab', { name: 'Variables' }).click();
  await expect(dialog.getByText('There are no variables yet')).toBeVisible();
  await dialog.getByRole('button', { name: 'New variable' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('job');
  await pick(dialog, 'Query type', 'Label values');
  const queryOptions = dialog.getByRole('region', { name: 'Query options' });
  await queryOptions.getByRole('textbox', { name: 'Label' }).fill('job');
  await dialog.getByRole('textbox', { name: 'Metric or series selector' }).fill('up');
  const values = dialog.getByRole('region', { name: 'Preview of values' }).getByRole('list', { name: 'Values' });
  // The built-in jobs (promtab, ...) are there too.
  await expect(values.getByRole('listitem')).toContainText(['api', 'node', 'promtab']);
  // A bad regex shows its error in place, and the preview says why it has no values.
  await dialog.getByRole('textbox', { name: 'Regex' }).fill('/(?<=x)a/');
  await expect(dialog.getByRole('alert').filter({ hasText: /^regex \/\(\?<=x\)a\/:/ }).first()).toBeVisible();
  await expect(dialog.getByRole('alert').filter({ hasText: 'The query failed: regex' })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Regex' }).fill('/^(api|node)$/');
  await expect(values.getByRole('listitem')).toHaveText(['api', 'node']);
  await pick(dialog, 'Sort', 'Alphabetical (desc)');
  await expect(values.getByRole('listitem')).toHaveText(['node', 'api']);
  await dialog.getByRole('button', { name: 'Back to list' }).first().click();

  await dialog.getByRole('button', { name: 'New variable' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('instance');
  await pick(dialog, 'Query type', 'Label values');
  await queryOptions.getByRole('textbox', { name: 'Label' }).fill('instance');
  // An unknown variable is named in place.
  await dialog.getByRole('textbox', { name: 'Metric or series selector' }).fill('up{job="$jbo"}');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Unknown variable: $jbo.' })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Metric or series selector' }).fill('up{job="$job"}');
  // job is on its first value, node: the preview lists node's two instances.
  await expect(values.getByRole('listitem')).toHaveText([host(targets[0]), host(targets[1])].sort());
  await dialog.getByRole('switch', { name: 'Multi-value' }).click();
  await dialog.getByRole('switch', { name: 'Include All option' }).click();
  await dialog.getByRole('textbox', { name: 'Custom all value' }).fill('.*');
  await expect(values.getByRole('listitem')).toHaveText(['All', ...[host(targets[0]), host(targets[1])].sort()]);
  // The variable form with its preview, in both themes, for the test report.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    await test.info().attach(`variable form (${colorScheme})`, { body: await page.screenshot(), contentType: 'image/png' });
  }
  await page.emulateMedia({ colorScheme: null });
  await dialog.getByRole('button', { name: 'Back to list' }).first().click();

  // A cycle (job using instance) is reported on both, and blocks Save.
  await dialog.getByRole('button', { name: 'Edit variable job' }).click();
  await dialog.getByRole('textbox', { name: 'Metric or series selector' }).fill('up{instance=~"$instance"}');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Circular dependency: $job → $instance → $job.' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save dashboard' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Metric or series selector' }).fill('up');
  await dialog.getByRole('button', { name: 'Back to list' }).first().click();
  // Duplicate, move and delete in the list.
  await dialog.getByRole('button', { name: 'Duplicate instance' }).click();
  await expect(dialog.getByRole('button', { name: /^Edit variable / })).toHaveText(['$job', '$instance', '$copy_of_instance']);
  await dialog.getByRole('button', { name: 'Move copy_of_instance up' }).click();
  await expect(dialog.getByRole('button', { name: /^Edit variable / })).toHaveText(['$job', '$copy_of_instance', '$instance']);
  await dialog.getByRole('button', { name: 'Delete copy_of_instance' }).click();
  await expect(dialog.getByRole('button', { name: /^Edit variable / })).toHaveText(['$job', '$instance']);

  // Links: an address and a dropdown of the dashboards tagged e2e.
  await dialog.getByRole('tab', { name: 'Links' }).click();
  await dialog.getByRole('button', { name: 'New link' }).click();
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Docs for $job');
  await dialog.getByRole('textbox', { name: 'URL' }).fill('https://example.org/docs');
  await dialog.getByRole('switch', { name: 'Open link in new tab' }).click();
  await dialog.getByRole('switch', { name: 'Include current template variable values' }).click();
  await dialog.getByRole('button', { name: 'Back to list' }).click();
  await dialog.getByRole('button', { name: 'New link' }).click();
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Related');
  await pick(dialog, 'Link type', 'Dashboards');
  const withTags = dialog.getByRole('textbox', { name: 'With tags' });
  await withTags.fill('e2e');
  await withTags.press('Enter');
  await dialog.getByRole('switch', { name: 'Show as dropdown' }).click();
  await dialog.getByRole('button', { name: 'Back to list' }).click();
  await expect(dialog.getByRole('button', { name: /^Edit link / })).toHaveText(['Docs for $job', 'Related']);

  // JSON Model: shows the draft; a broken edit is refused and changes nothing.
  await dialog.getByRole('tab', { name: 'JSON Model' }).click();
  const json = dialog.getByRole('textbox', { name: 'JSON Model' });
  await expect(json).toHaveValue(/"title": "Authoring flow"/);
  await expect(json).toHaveValue(/"refresh_intervals": \[\s*"10s",\s*"1m",\s*"5m"\s*\]/);
  await json.fill('{"title": "x", "panels": [');
  await dialog.getByRole('button', { name: 'Apply JSON' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Not applied:' })).toContainText('not valid JSON');
  await dialog.getByRole('button', { name: 'Reload from draft' }).click();
  await expect(json).toHaveValue(/"title": "Authoring flow"/);

  await expect(dialog.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Save dashboard' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'No unsaved changes' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The toolbar: title, refresh list, links.
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Authoring flow');
  await page.getByRole('combobox', { name: 'Auto refresh' }).click();
  await expect(page.getByRole('option')).toHaveText([/Off/, /10s/, /1m/, /5m/]);
  await page.keyboard.press('Escape');
  const links = page.getByRole('navigation', { name: 'Dashboard links' });
  await expect(links.getByRole('link', { name: 'Docs for node' })).toHaveAttribute('href', /^https:\/\/example\.org\/docs\?var-job=node&var-instance=/);
  await expect(links.getByRole('link', { name: 'Docs for node' })).toHaveAttribute('target', '_blank');
  await links.getByRole('button', { name: 'Related' }).click();
  await expect(page.getByRole('menuitem', { name: 'No dashboards with these tags' })).toBeVisible();
  await page.keyboard.press('Escape');

  // A panel using both variables, with an override and a threshold.
  await page.getByRole('button', { name: 'Add panel' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Up by instance');
  // The query is typed in the PromQL editor: a label name comes from completion, then the rest is written.
  const query = editor.getByRole('textbox', { name: 'Query A' });
  await query.click();
  await page.keyboard.type('up{j');
  await page.locator('.cm-tooltip-autocomplete').getByRole('option', { name: /^job/ }).click({ timeout: 20_000 });
  await expect(query).toHaveText('up{job}');
  await query.fill('up{job="$job", instance=~"$instance"}');
  await editor.getByRole('combobox', { name: 'Legend type A' }).selectOption('custom');
  await editor.getByRole('textbox', { name: 'Legend A' }).fill('{{instance}}');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).fill('0.5');
  await editor.getByRole('textbox', { name: 'Threshold 1 value' }).press('Enter');
  // An override: the first instance's series in percent on the right axis.
  await editor.getByRole('combobox', { name: 'Add field override' }).selectOption('byName');
  const override = editor.getByRole('group', { name: 'Override 1' });
  await override.getByRole('combobox', { name: 'Field name' }).fill(host(targets[0]));
  await override.getByRole('combobox', { name: 'Field name' }).press('Tab');
  await override.getByRole('combobox', { name: 'Add override property' }).selectOption('unit');
  await override.getByRole('combobox', { name: 'Unit', exact: true }).selectOption('percentunit');
  await override.getByRole('combobox', { name: 'Add override property' }).selectOption('custom.axisPlacement');
  await override.getByRole('combobox', { name: 'Placement', exact: true }).selectOption('right');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  const panel = page.getByRole('region', { name: 'Up by instance' });
  await expect(panel.getByRole('group', { name: 'Legend' })).toContainText(host(targets[0]));
  await expect(panel.getByRole('group', { name: 'Legend' })).toContainText(host(targets[1]));

  // Reload: everything is still there.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Authoring flow');
  await expect(page.getByRole('region', { name: 'Up by instance' }).getByRole('group', { name: 'Legend' })).toContainText(host(targets[0]));
  await page.getByRole('button', { name: 'Dashboard settings' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');
  await expect(dialog.getByRole('textbox', { name: 'Now delay' })).toHaveValue('5s');
  await expect(dialog.getByRole('radio', { name: 'Shared crosshair' })).toBeChecked();
  await dialog.getByRole('tab', { name: 'Variables' }).click();
  await expect(dialog.getByRole('button', { name: /^Edit variable / })).toHaveText(['$job', '$instance']);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const original = await stored(page, uid);
  expect(original).toMatchObject({ title: 'Authoring flow', tags: ['e2e', 'fixture'], timezone: 'Europe/Berlin', weekStart: 'sunday', graphTooltip: 1 });
  expect(original.timepicker).toEqual({ hidden: false, refreshIntervals: ['10s', '1m', '5m'], nowDelay: '5s' });
  expect(original.panels).toMatchObject([
    {
      title: 'Up by instance',
      targets: [{ expr: 'up{job="$job", instance=~"$instance"}', legendFormat: '{{instance}}' }],
      fieldConfig: {
        defaults: { thresholds: { steps: [{ value: null, color: 'green' }, { value: 0.5, color: 'red' }] } },
        overrides: [{ matcher: { type: 'byName', names: [host(targets[0])] }, properties: [{ id: 'unit', value: 'percentunit' }, { id: 'custom.axisPlacement', value: 'right' }] }],
      },
    },
  ]);

  // Export both ways.
  const exportAs = async (format: string) => {
    const item = page.getByRole('menuitem', { name: format });
    if (!(await item.isVisible())) await page.getByRole('button', { name: 'Export dashboard' }).click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: format }).click()]);
    return readFileSync(await dl.path(), 'utf8');
  };
  const grafanaJson = await exportAs('Grafana JSON');
  const promtabJson = await exportAs('Promtab JSON');

  // Fresh profiles: the Promtab file gives the same dashboard exactly; the Grafana file everything authored.
  for (const [name, text, exact] of [['flow.promtab.json', promtabJson, true], ['flow.grafana.json', grafanaJson, false]] as const) {
    const fresh = await importInto(browser, name, text);
    const again = await stored(fresh.page, uid);
    if (exact) expect(again).toEqual(original);
    else expect(authored(again)).toEqual(authored(original));
    await fresh.page.getByRole('button', { name: 'Dashboard settings' }).click();
    const d2 = fresh.page.getByRole('dialog', { name: 'Dashboard settings' });
    await d2.getByRole('tab', { name: 'Variables' }).click();
    await expect(d2.getByRole('button', { name: /^Edit variable / })).toHaveText(['$job', '$instance']);
    await fresh.close();
  }
});

test('a dashboards link opens a tagged dashboard with the time range and variable values', async ({ page }) => {
  const custom = (current: string) => ({ type: 'custom', name: 'env', query: 'dev,prod', current: { text: current, value: current }, options: [] });
  const grafana = (uid: string, title: string, tags: string[], current: string, links: unknown[], hidden = false) =>
    JSON.stringify({ uid, title, tags, schemaVersion: 39, time: { from: 'now-6h', to: 'now' }, panels: [], templating: { list: [custom(current)] }, links, timepicker: { hidden } });
  const importText = async (text: string, title: string) => {
    await page.goto('./#/dashboards');
    await page.getByRole('button', { name: 'Import dashboard' }).click();
    await page.getByRole('textbox', { name: 'Dashboard JSON' }).fill(text);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue(title);
  };
  await importText(grafana('target-b', 'Target B', ['ops'], 'dev', []), 'Target B');
  await importText(grafana('target-c', 'Target C', ['ops', 'x'], 'dev', [], true), 'Target C');
  // Its time picker is hidden: no time range and no refresh controls.
  await expect(page.getByRole('button', { name: 'Add panel' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Time range:/ })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Auto refresh' })).toHaveCount(0);
  await importText(
    grafana('source-a', 'Source A', ['ops'], 'prod', [
      { type: 'dashboards', title: 'Ops', tags: ['ops'], asDropdown: true, keepTime: true, includeVars: true },
      { type: 'dashboards', tags: ['x'], asDropdown: false },
      { type: 'link', title: 'Bad', url: 'javascript:alert(1)' },
    ]),
    'Source A',
  );
  const links = page.getByRole('navigation', { name: 'Dashboard links' });
  await expect(links.getByRole('link', { name: 'Target C' })).toHaveAttribute('href', '#/dashboards/target-c');
  await expect(links.getByText('Bad')).toBeVisible();
  await expect(links.getByRole('link', { name: 'Bad' })).toHaveCount(0);
  await page.getByRole('button', { name: /^Time range:/ }).click();
  await page.getByRole('textbox', { name: 'From' }).fill('now-2h');
  await page.getByRole('textbox', { name: 'To' }).fill('now-1h');
  await page.getByRole('button', { name: 'Apply time range' }).click();
  await links.getByRole('button', { name: 'Ops' }).click();
  await expect(page.getByRole('menuitem')).toHaveText(['Target B', 'Target C']);
  await page.getByRole('menuitem', { name: 'Target B' }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Target B');
  expect(page.url()).toContain('#/dashboards/target-b?from=now-2h&to=now-1h&var-env=prod');
  await expect(page.getByRole('group', { name: 'Variables' }).getByRole('combobox', { name: 'env' })).toContainText('prod');
  await expect(page.getByRole('button', { name: /^Time range:/ })).toContainText('now-2h to now-1h');
});
