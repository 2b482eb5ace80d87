import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

// Without SharedWorker every tab runs its own storage worker; the Web Locks writer scrapes and the others follow.
let target: Fixture;
let second: Fixture;
let value = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`follower_fixture_value ${++value}\n`);
  });
  second = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end('follower_second 1\n');
  });
});
test.afterAll(async () => Promise.all([target.stop(), second.stop()]));

type Api = {
  storage: { runtimeinfo: () => Promise<{ data: { storageWorker: string } }> };
  query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: { value: [number, string] }[] } }> };
  mode: string;
};

async function scalar(page: Page, expr: string): Promise<number | null> {
  return page.evaluate(async (q) => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    const r = await api.query.query(q, Date.now() / 1000);
    return r.status === 'success' && r.data.result.length ? Number(r.data.result[0].value[1]) : null;
  }, expr);
}

async function worker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    return `${api.mode}: ${(await api.storage.runtimeinfo()).data.storageWorker}`;
  });
}

test('a follower tab without SharedWorker sees the writer’s fresh samples within one interval', async ({ context }) => {
  test.setTimeout(120_000);
  await context.addInitScript(() => {
    delete (window as unknown as { SharedWorker?: unknown }).SharedWorker;
  });
  const writer = await context.newPage();
  const errors = collectConsoleErrors(writer);
  await writer.goto('./#/targets');
  await writer.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await writer.getByRole('textbox', { name: 'Job name' }).fill('followers');
  await writer.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await writer.getByRole('button', { name: 'Add targets' }).click();
  await expect(writer.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  expect(await worker(writer)).toBe('dedicated: dedicated worker (writer)');

  const follower = await context.newPage();
  const followerErrors = collectConsoleErrors(follower);
  await follower.goto('./#/status');
  await expect.poll(() => worker(follower), { timeout: 15_000 }).toBe('dedicated: dedicated worker (follower)');

  // The fixture counts up by one per scrape: the follower's newest value keeps up with what was served.
  for (let i = 0; i < 3; i++) {
    await follower.waitForTimeout(1500);
    const served = value;
    await expect
      .poll(() => scalar(follower, 'follower_fixture_value'), { timeout: 1_000, intervals: [100, 200] })
      .toBeGreaterThanOrEqual(served);
  }
  // The follower reads ranges through the writer too: a minute of one-second scrapes, not a frozen copy.
  const count = (await scalar(follower, 'count_over_time(follower_fixture_value[1m])'))!;
  expect(count).toBeGreaterThanOrEqual(Math.min(value, 60) - 2);

  // The scrape state lives with the writer: the follower's Targets view shows it, and a target added there is
  // scraped by the writer.
  await follower.goto('./#/targets');
  await expect(follower.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  await follower.getByRole('textbox', { name: 'Target URLs' }).fill(`${second.url}/metrics`);
  await follower.getByRole('textbox', { name: 'Job name' }).fill('second');
  await follower.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await follower.getByRole('button', { name: 'Add targets' }).click();
  await expect(follower.getByTestId('target-row').filter({ hasText: second.url }).getByText('UP', { exact: true })).toBeVisible();
  await expect(writer.getByTestId('target-row').filter({ hasText: second.url }).getByText('UP', { exact: true })).toBeVisible();
  expect(await scalar(follower, 'follower_second')).toBe(1);

  // The writer closes: the follower takes over the lock and scrapes on, from the stored state.
  await writer.close();
  await expect.poll(() => worker(follower), { timeout: 20_000 }).toBe('dedicated: dedicated worker (writer)');
  const after = value;
  await expect.poll(() => scalar(follower, 'follower_fixture_value'), { timeout: 10_000 }).toBeGreaterThan(after);
  expect(await scalar(follower, 'count_over_time(follower_fixture_value[5m])')).toBeGreaterThanOrEqual(count);
  expect(errors).toEqual([]);
  expect(followerErrors).toEqual([]);
});
