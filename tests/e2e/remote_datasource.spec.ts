/**
 * A real Prometheus as a second data source: Debian's /usr/bin/prometheus on 127.0.0.1 with --web.cors.origin,
 * scraping itself every second, added in Settings and queried from the Query view (table, graph, completion) and
 * from a dashboard panel. Its series (job="prometheus") exist only there, not in Promtab.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choose, collectConsoleErrors, stopChild } from './helpers';

const PROMETHEUS = '/usr/bin/prometheus';
const PORT = Number(process.env.PROMTAB_E2E_PROM_PORT ?? 19171);
const URL_ = `http://127.0.0.1:${PORT}`;
const present = existsSync(PROMETHEUS);
let proc: ChildProcess | undefined;
let dir = '';

async function ready(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`${URL_}/api/v1/query?query=up`);
      const j = (await r.json()) as { data?: { result?: unknown[] } };
      if ((j.data?.result?.length ?? 0) > 0) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Prometheus did not come up on ${URL_}`);
}

test.beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'g-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['127.0.0.1:${PORT}']\n`,
  );
  proc = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${PORT}`, '--web.cors.origin=.*'],
    { stdio: 'ignore' },
  );
  await ready();
});

test.afterAll(async () => {
  await stopChild(proc);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function addDataSource(page: Page, name: string, url: string) {
  await page.goto('./#/settings');
  const section = page.getByRole('region', { name: 'Data sources' });
  await section.getByRole('textbox', { name: 'Data source name' }).fill(name);
  await section.getByRole('textbox', { name: 'Data source URL' }).fill(url);
  await section.getByRole('button', { name: 'Add data source' }).click();
  await expect(section.getByRole('listitem').filter({ hasText: url })).toBeVisible();
  return section;
}

async function typeExpr(page: Page, text: string) {
  const expr = page.getByRole('textbox', { name: 'Expression' });
  await expect(page.locator('.cm-content')).toBeVisible();
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

test('a real Prometheus as a data source: settings test, query table and graph, completion, a dashboard panel', async ({ page }) => {
  test.skip(!present, `${PROMETHEUS} is absent (install Debian's prometheus package to run this test)`);
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  const section = await addDataSource(page, 'real', URL_);
  const row = section.getByRole('listitem').filter({ hasText: URL_ });
  await row.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(row.getByRole('status')).toContainText(/OK: version \d+\.\d+/);

  // Query view: the remote's own series, which Promtab does not have.
  await page.getByRole('link', { name: 'Query', exact: true }).click();
  await choose(page, 'Data source', 'real');
  await typeExpr(page, 'up');
  await page.getByRole('button', { name: 'Execute' }).click();
  const table = page.getByRole('table', { name: 'Result' });
  await expect(table.getByText('job="prometheus"', { exact: false })).toBeVisible();
  expect(page.url()).toContain('g0.datasource=real');

  await typeExpr(page, 'prometheus_build_info');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(table.getByText('goversion=', { exact: false })).toBeVisible();

  // A query too long for a URL goes as a POST form, through the query worker.
  const long = await page.evaluate(async (url) => {
    const api = (window as unknown as { __promtabTest: { api: () => { query: { datasources: { query: (ds: unknown, e: string, t: number) => Promise<{ status: string; data?: { result: { metric: Record<string, string> }[] } }> } } } } }).__promtabTest.api();
    const ds = { name: 'real', url, username: '', password: '', bearerToken: '', headers: [] };
    const r = await api.query.datasources.query(ds, `up{job=~"${'x|'.repeat(3000)}prometheus"}`, Date.now() / 1000);
    return r.status === 'success' ? r.data!.result.map((s) => s.metric.job) : [r.status];
  }, URL_);
  expect(long).toEqual(['prometheus']);

  await typeExpr(page, 'rate(prometheus_http_requests_total[10s])');
  await page.getByRole('tab', { name: 'Graph' }).click();
  await expect(page.locator('.uplot canvas')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Legend' }).getByText('job="prometheus"', { exact: false }).first()).toBeVisible();

  // Completion offers a metric name only the remote has.
  await typeExpr(page, 'prometheus_tsdb_head_seri');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('prometheus_tsdb_head_series');

  // The same query on Promtab finds nothing: the data did come from the remote.
  await page.keyboard.press('Escape'); // the completion list covers the toolbar below the editor
  await choose(page, 'Data source', 'Promtab');
  await typeExpr(page, 'prometheus_build_info');
  await page.getByRole('tab', { name: 'Table' }).click();
  await expect(page.getByRole('tabpanel')).not.toContainText('goversion=');

  // A dashboard panel backed by the remote draws its data.
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'New dashboard' }).click();
  const title = page.getByRole('textbox', { name: 'Dashboard title' });
  await title.fill('Remote');
  await title.press('Enter');
  await page.getByRole('button', { name: 'Add panel' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Remote up');
  await editor.getByRole('combobox', { name: 'Data source' }).selectOption('real');
  await editor.getByRole('textbox', { name: 'Query A' }).fill('up');
  await editor.getByRole('combobox', { name: 'Legend type A' }).selectOption('custom');
  await editor.getByRole('textbox', { name: 'Legend A' }).fill('{{job}}');
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  const panel = page.getByRole('region', { name: 'Remote up' });
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(panel).toContainText('prometheus');

  // The choice is saved with the dashboard.
  await page.reload();
  await page.getByRole('region', { name: 'Remote up' }).hover();
  await page.getByRole('button', { name: 'Menu for Remote up' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(editor.getByRole('combobox', { name: 'Data source' })).toHaveValue('real');
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('a Grafana dashboard with a datasource variable switches its panels and variables to the remote', async ({ page }) => {
  test.skip(!present, `${PROMETHEUS} is absent (install Debian's prometheus package to run this test)`);
  test.setTimeout(90_000);
  await addDataSource(page, 'real', URL_);
  const grafana = {
    title: 'Switchable',
    uid: 'switchable',
    schemaVersion: 39,
    templating: {
      list: [
        { type: 'datasource', name: 'ds', label: 'Data source', query: 'prometheus' },
        { type: 'query', name: 'job', label: 'Job', query: 'label_values(up, job)', datasource: { type: 'prometheus', uid: '${ds}' } },
      ],
    },
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'Up by job',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        datasource: { type: 'prometheus', uid: '${ds}' },
        targets: [{ refId: 'A', expr: 'up{job="$job"}', legendFormat: 'job {{job}}' }],
      },
    ],
  };
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByRole('textbox', { name: 'Dashboard JSON' }).fill(JSON.stringify(grafana));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Switchable');
  const vars = page.getByRole('group', { name: 'Variables' });
  await choose(vars, 'Data source', 'real');
  await expect(vars.getByRole('combobox', { name: 'Job' })).toContainText('prometheus');
  await expect(vars.getByRole('combobox', { name: 'Job' })).not.toContainText('promtab');
  const panel = page.getByRole('region', { name: 'Up by job' });
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(panel).toContainText('job prometheus');
});

test('an unreachable data source explains itself in the panel', async ({ page }) => {
  await addDataSource(page, 'gone', `http://127.0.0.1:${PORT + 1}`);
  await page.getByRole('link', { name: 'Query', exact: true }).click();
  await choose(page, 'Data source', 'gone');
  await typeExpr(page, 'up');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByRole('alert')).toContainText('data source gone');
  await expect(page.getByRole('alert')).toContainText("--web.cors.origin='.*'");
});
