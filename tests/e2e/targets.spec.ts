import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

const servers: Fixture[] = [];
let scrapes = 0;
let changing: Fixture;
let noCors: Fixture;
let hanging: Fixture;
let garbage: Fixture;
let sd: Fixture;
let sdTargets: string[] = [];

test.beforeAll(async () => {
  changing = await startFixture((_req, res) => {
    cors(res);
    scrapes++;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    const lines = [`fixture_counter_total ${scrapes}`];
    if (scrapes <= 2) lines.push('fixture_vanishing 1');
    res.end(lines.join('\n') + '\n');
  });
  noCors = await startFixture((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('no_cors 1\n');
  });
  hanging = await startFixture(() => {
    /* never answers */
  });
  garbage = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('garbage_ok 1\ngarbage_bad{x="1" 2\n');
  });
  sd = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(sdTargets.length ? [{ targets: sdTargets, labels: { from: 'sd' } }] : []));
  });
  servers.push(changing, noCors, hanging, garbage, sd);
});
test.afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function add(page: Page, url: string, job: string, interval = '1s', timeout = '') {
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(url);
  await page.getByRole('textbox', { name: 'Job name' }).fill(job);
  await page.getByRole('textbox', { name: 'Interval' }).fill(interval);
  await page.getByRole('textbox', { name: 'Timeout' }).fill(timeout);
  await page.getByRole('button', { name: 'Add targets' }).click();
}

async function query(page: Page, expr: string): Promise<string> {
  return page.evaluate(async (q) => {
    const { api } = (window as unknown as { __promtabTest: { api: () => { query: { query: (e: string, t: number) => Promise<unknown> } } } }).__promtabTest;
    return JSON.stringify(await api().query.query(q, Date.now() / 1000));
  }, expr);
}

test('targets: live series, staleness, CORS, timeout and parse errors explained', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await add(page, `${changing.url}/metrics`, 'changing');
  await add(page, `${noCors.url}/metrics`, 'nocors');
  await add(page, `${hanging.url}/metrics`, 'hanging', '2s', '1s');
  await add(page, `${garbage.url}/metrics`, 'garbage');

  const row = (f: Fixture) => page.getByTestId('target-row').filter({ hasText: f.url });
  await expect(row(changing).getByText('UP', { exact: true })).toBeVisible();
  await expect(row(noCors).getByText('DOWN', { exact: true })).toBeVisible();
  await expect(row(noCors)).toContainText('Access-Control-Allow-Origin');
  await expect(row(hanging).getByText('DOWN', { exact: true })).toBeVisible();
  await expect(row(hanging)).toContainText(/timeout|timed out/i);
  await expect(row(garbage).getByText('DOWN', { exact: true })).toBeVisible();
  await expect(row(garbage)).toContainText(/line 2, column \d+/);

  // Filters
  await page.getByRole('group', { name: 'Filter by health' }).getByRole('button', { name: 'DOWN' }).click();
  await expect(row(changing)).toHaveCount(0);
  await expect(row(noCors)).toHaveCount(1);
  await page.getByRole('group', { name: 'Filter by health' }).getByRole('button', { name: 'All' }).click();

  // The raw body of the last scrape
  await row(changing).getByRole('button', { name: 'Last body' }).click();
  await expect(page.getByLabel('Last scrape body')).toContainText('fixture_counter_total');

  // Data: the series arrive, the vanished one goes stale, nothing stored from the garbage body
  await expect.poll(() => query(page, 'fixture_counter_total'), { timeout: 15_000 }).toContain('"fixture_counter_total"');
  await expect.poll(() => query(page, 'fixture_vanishing'), { timeout: 15_000 }).toContain('"result":[]');
  expect(await query(page, 'garbage_ok')).toContain('"result":[]');
  expect(await query(page, 'up{job="garbage"}')).toContain('"0"');
  expect(await query(page, 'up{job="changing"}')).toContain('"1"');

  // Remove a target
  await row(noCors).getByRole('button', { name: 'Remove' }).click();
  await expect(row(noCors)).toHaveCount(0);
  expect(errors.filter((e) => !/Failed to load resource|CORS|ERR_/.test(e))).toEqual([]);
});

test('http_sd discovers and forgets targets; prometheus.yml applies with line-numbered errors', async ({ page }) => {
  await page.goto('./#/status');
  const cfg = page.getByRole('region', { name: 'Configuration' });
  const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
  await expect(yaml).toHaveValue(/job_name: promtab/);
  await yaml.fill('scrape_configs:\n  - job_name: bad\n    consul_sd_configs: []\n');
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('alert')).toContainText('line 3');

  sdTargets = [changing.url.replace('http://', '')];
  await yaml.fill(
    [
      'scrape_configs:',
      '  - job_name: discovered',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    http_sd_configs:',
      `      - url: ${sd.url}/sd`,
      '        refresh_interval: 1s',
      '',
    ].join('\n'),
  );
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('status')).toContainText('applied');
  const [dl] = await Promise.all([page.waitForEvent('download'), cfg.getByRole('button', { name: 'Download prometheus.yml' }).click()]);
  const exported = Buffer.concat(await (await dl.createReadStream()).toArray()).toString('utf8');
  expect(exported).toContain('job_name: discovered');
  expect(exported).toContain(`${sd.url}/sd`);
  await page.getByRole('link', { name: 'Targets', exact: true }).click();
  const pool = page.getByRole('region', { name: 'Scrape pool discovered' });
  await expect(pool.getByText('UP', { exact: true })).toBeVisible();
  await expect(pool).toContainText('from="sd"');
  sdTargets = [];
  await expect(pool.getByTestId('target-row')).toHaveCount(0, { timeout: 15_000 });
});
