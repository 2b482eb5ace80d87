import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

let target: Fixture;
let alertmanager: Fixture;
let temp = 10;
const received: { labels: Record<string, string>; endsAt: string }[] = [];

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`# TYPE fixture_temp gauge\nfixture_temp ${temp}\n`);
  });
  alertmanager = await startFixture((req, res) => {
    cors(res);
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    if (req.method !== 'POST' || req.url !== '/api/v2/alerts') {
      res.statusCode = req.method === 'OPTIONS' ? 204 : 404;
      res.end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(...(JSON.parse(body) as typeof received));
      res.end();
    });
  });
});
test.afterAll(async () => {
  await target.stop();
  await alertmanager.stop();
});

const BAD = `groups:
  - name: fixture
    rules:
      - alert: Broken
        expr: fixture_temp >
`;

const RULES = `groups:
  - name: fixture
    interval: 1s
    rules:
      - record: job:fixture_temp:max
        expr: max by (job) (fixture_temp)
      - alert: FixtureHot
        expr: fixture_temp > 50
        for: 3s
        labels:
          severity: page
        annotations:
          summary: "temperature is {{ $value }}"
`;

async function query(page: Page, expr: string): Promise<string> {
  return page.evaluate(async (q) => {
    const { api } = (window as unknown as { __promtabTest: { api: () => { query: { query: (e: string, t: number) => Promise<unknown> } } } }).__promtabTest;
    return JSON.stringify(await api().query.query(q, Date.now() / 1000));
  }, expr);
}

async function notified(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (window as unknown as { __notified: { title: string; body: string }[] }).__notified);
}

test('rules and alerts: validation, recording, pending → firing, notification, reload keeps for state, silence', async ({ page, context }) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const w = window as unknown as { __notified: { title: string; body: string }[]; Notification: typeof Notification };
    const Original = w.Notification;
    w.__notified = [];
    function Recording(title: string, opts?: NotificationOptions) {
      w.__notified.push({ title, body: opts?.body ?? '' });
      return new Original(title, opts);
    }
    Object.defineProperty(Recording, 'permission', { get: () => Original.permission });
    Object.defineProperty(Recording, 'requestPermission', { value: Original.requestPermission.bind(Original) });
    w.Notification = Recording as unknown as typeof Notification;
  });
  const errors = collectConsoleErrors(page);

  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('fixture');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Alerts', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  const files = page.getByRole('region', { name: 'Rule files' });
  await files.getByRole('textbox', { name: 'File name' }).fill('fixture.yml');

  // A syntax error names the file, group, rule, line and the PromQL position, and saves nothing.
  await files.getByRole('textbox', { name: 'Rule file' }).fill(BAD);
  await files.getByRole('button', { name: 'Save rules' }).click();
  const problem = files.getByRole('alert');
  await expect(problem).toContainText('file fixture.yml, group fixture, rule 1 (Broken), line 5, column 15');
  await expect(problem).toContainText('could not parse expression: 1:15: parse error');
  await expect(files.getByRole('button', { name: 'Delete fixture.yml' })).toHaveCount(0);

  await files.getByRole('textbox', { name: 'Rule file' }).fill(RULES);
  await files.getByRole('button', { name: 'Save rules' }).click();
  await expect(files.getByRole('status')).toHaveText('Saved fixture.yml: 1 group.');
  await expect(problem).toHaveCount(0);
  await page.getByRole('button', { name: 'Enable notifications' }).click();
  await expect(page.getByText('Browser notifications are on.')).toBeVisible();

  // The recording rule writes a series the query worker reads.
  await expect.poll(() => query(page, 'job:fixture_temp:max'), { timeout: 15_000 }).toContain('"10"');
  const rule = page.getByRole('article', { name: 'Alerting rule FixtureHot' });
  await expect(rule.getByTestId('rule-state')).toHaveText('inactive');
  await expect(page.getByRole('group', { name: 'Rule group fixture' })).toContainText('ok');

  const am = page.getByRole('region', { name: 'Alertmanager' });
  await am.getByRole('textbox', { name: 'Alertmanager URL' }).fill(alertmanager.url);
  await am.getByRole('button', { name: 'Save Alertmanager' }).click();
  await expect(am).toContainText(`Sending to ${alertmanager.url}/api/v2/alerts`);

  temp = 100;
  await expect(rule.getByTestId('rule-state')).toHaveText('pending (1)', { timeout: 10_000 });
  await expect(rule.getByTestId('rule-state')).toHaveText('firing (1)', { timeout: 10_000 });
  const row = rule.getByTestId('alert-row');
  await expect(row).toContainText('FIRING');
  await expect(row).toContainText('severity="page"');
  await expect(row).toContainText('temperature is 100');

  // The notification reaches the in-app list, the badge and the browser.
  const list = page.getByRole('region', { name: 'Notifications' });
  await expect(list.getByTestId('notification').first()).toContainText('[FIRING:1] FixtureHot', { timeout: 15_000 });
  await expect(page.getByRole('status', { name: 'Unread notifications' })).toHaveText('1');
  // The navigation shows the count on every view; the link keeps its name and describes the count.
  const alertsLink = page.getByRole('link', { name: 'Alerts', exact: true });
  await expect(page.getByTestId('nav-unread-badge')).toHaveText('1');
  await expect(alertsLink).toHaveAccessibleDescription('1 unread alert notifications');
  // Values read as numbers, not as the API's exponent strings.
  await expect(row.getByTestId('alert-value')).toHaveText('100');
  await expect.poll(() => notified(page)).toEqual([{ title: '[FIRING:1] FixtureHot', body: 'firing: temperature is 100' }]);

  expect(received.some((a) => a.labels.alertname === 'FixtureHot')).toBe(true);

  // A reload keeps the alert's for state: same activeAt, still firing.
  const activeAt = await row.getByTestId('active-at').getAttribute('data-active-at');
  expect(activeAt).toMatch(/^\d{4}-/);
  await page.reload();
  await expect(rule.getByTestId('rule-state')).toHaveText('firing (1)', { timeout: 15_000 });
  await expect(row.getByTestId('active-at')).toHaveAttribute('data-active-at', activeAt!);

  // A silence mutes it: the alert shows as silenced and its resolution sends nothing.
  await row.getByRole('button', { name: 'Silence' }).click();
  const silences = page.getByRole('region', { name: 'Silences' });
  await expect(silences.getByRole('textbox', { name: 'Matchers' })).toHaveValue(/alertname="FixtureHot"/);
  await silences.getByRole('textbox', { name: 'Created by' }).fill('e2e');
  await silences.getByRole('textbox', { name: 'Comment' }).fill('known hot');
  await silences.getByRole('button', { name: 'Create silence' }).click();
  await expect(silences.getByTestId('silence-row')).toContainText('active');
  await expect(row).toContainText('FIRING (silenced)');
  const before = await list.getByTestId('notification').count();

  // Changing the value resolves it.
  temp = 10;
  await expect(rule.getByTestId('rule-state')).toHaveText('inactive', { timeout: 10_000 });
  await expect(row).toHaveCount(0);
  // Prometheus sends the resolution to the Alertmanager, whose own silences decide; ours mute only this tab's.
  await expect.poll(() => received.some((a) => a.labels.alertname === 'FixtureHot' && Date.parse(a.endsAt) <= Date.now())).toBe(true);
  await page.waitForTimeout(12_000);
  await expect(list.getByTestId('notification')).toHaveCount(before);
  expect(await notified(page)).toEqual([]);

  await silences.getByRole('button', { name: 'Expire' }).click();
  await expect(silences.getByTestId('silence-row')).toHaveCount(0);
  expect(errors.filter((e) => !/Failed to load resource|ERR_/.test(e))).toEqual([]);
});
