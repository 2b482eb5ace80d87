import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, startFixture, type Fixture } from './helpers';
import { E2E_PORT } from '../../playwright.config';

const PROMTAB = `http://127.0.0.1:${E2E_PORT}`;

// A page of another origin: it opens Promtab with window.open, posts pushes to it and records the answers.
const PUSHER_HTML = `<!doctype html><html><body><script>
  window.results = [];
  addEventListener('message', (e) => { if (e.data && e.data.promtabPushResult) window.results.push(e.data.promtabPushResult); });
  window.openPromtab = (url) => { window.promtab = window.open(url, 'promtab'); };
  window.push = (req) => window.promtab.postMessage({ promtabPush: req }, '*');
</script></body></html>`;

let pusher: Fixture;

test.beforeAll(async () => {
  pusher = await startFixture((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(PUSHER_HTML);
  });
});
test.afterAll(async () => {
  await pusher.stop();
});

async function query(page: Page, expr: string): Promise<string> {
  return page.evaluate(async (q) => {
    const { api } = (window as unknown as { __promtabTest: { api: () => { query: { query: (e: string, t: number) => Promise<unknown> } } } }).__promtabTest;
    return JSON.stringify(await api().query.query(q, Date.now() / 1000));
  }, expr);
}

const results = (page: Page) => page.evaluate(() => (window as unknown as { results: unknown[] }).results);

test('push: postMessage from an allowed origin, group delete goes stale, disallowed origins ignored, bad bodies explained', async ({ page, context }) => {
  await page.goto(`${pusher.url}/`);
  const popup = context.waitForEvent('page');
  await page.evaluate((u) => (window as unknown as { openPromtab: (u: string) => void }).openPromtab(u), `${PROMTAB}/#/targets`);
  const promtab = await popup;
  const errors = collectConsoleErrors(promtab);
  await expect(promtab.getByRole('region', { name: 'Push', exact: true })).toBeVisible();

  // Not allowed yet: ignored and counted, no answer.
  const req = { method: 'PUT', job: 'e2e_batch', labels: { run: 'one' }, body: '# TYPE e2e_pushed gauge\ne2e_pushed 42\n' };
  await page.evaluate((r) => (window as unknown as { push: (r: unknown) => void }).push(r), req);
  await expect(promtab.getByTestId('push-ignored')).toContainText('1 push message');
  expect(await results(page)).toEqual([]);

  // Allow the origin in Settings, then push again.
  await promtab.goto(`${PROMTAB}/#/settings`);
  await promtab.getByRole('textbox', { name: 'Origin' }).fill(pusher.url);
  await promtab.getByRole('button', { name: 'Add origin' }).click();
  await expect(promtab.getByRole('region', { name: 'Allowed push origins' })).toContainText(pusher.url);
  await promtab.goto(`${PROMTAB}/#/targets`);
  await page.evaluate((r) => (window as unknown as { push: (r: unknown) => void }).push(r), req);
  await expect.poll(() => results(page)).toEqual([{ ok: true }]);
  await expect(promtab.getByTestId('push-group')).toContainText('run="one"');
  await expect.poll(() => query(promtab, 'e2e_pushed{job="e2e_batch",run="one"}'), { timeout: 20_000 }).toContain('"42"');
  expect(await query(promtab, 'push_time_seconds{job="e2e_batch"}')).toContain('"run":"one"');

  // Delete the group: its series go stale at the next scrape.
  await page.evaluate(() => (window as unknown as { push: (r: unknown) => void }).push({ method: 'DELETE', job: 'e2e_batch', labels: { run: 'one' } }));
  await expect.poll(() => results(page)).toEqual([{ ok: true }, { ok: true }]);
  await expect.poll(() => query(promtab, 'e2e_pushed'), { timeout: 20_000 }).toContain('"result":[]');

  // A bad body from the UI shows its positioned error and changes nothing.
  await promtab.getByRole('textbox', { name: 'Push job' }).fill('ui_job');
  await promtab.getByRole('textbox', { name: 'Exposition text' }).fill('ok 1\nbad{ 2\n');
  await promtab.getByRole('button', { name: 'Push (replace)' }).click();
  await expect(promtab.getByTestId('push-error')).toContainText(/line 2, column \d+/);
  await expect(promtab.getByTestId('push-group')).toHaveCount(0);
  expect(errors).toEqual([]);
});
