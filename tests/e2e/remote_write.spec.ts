import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { choose, startFixture, type Fixture } from './helpers';

// A real Prometheus (Debian's package) receives Promtab's remote write, directly and through a proxy that adds the
// CORS headers Prometheus's /api/v1/write answer lacks (the README's recipe). Through the proxy, Prometheus is
// stopped and restarted on the same data directory and the last tab is closed and reopened while Promtab keeps
// scraping, and no sample of Promtab's own `up` may be missing afterwards.
const PROMETHEUS = '/usr/bin/prometheus';
const PORT = Number(process.env.PROMTAB_E2E_RW_PORT ?? 19162);
const BASE = `http://127.0.0.1:${PORT}`;

let dir = '';
let proc: ChildProcess | null = null;
let proxy: Fixture;

async function startPrometheus(): Promise<void> {
  proc = spawn(
    PROMETHEUS,
    [
      '--web.enable-remote-write-receiver',
      '--web.cors.origin=.*',
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--web.listen-address=127.0.0.1:${PORT}`,
    ],
    { stdio: 'ignore' },
  );
  await expect
    .poll(async () => (await fetch(`${BASE}/-/ready`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
    .toBe(200);
}

async function stopPrometheus(): Promise<void> {
  const p = proc;
  if (!p || p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

/** startProxy forwards POSTs to Prometheus's /api/v1/write and answers preflights, adding CORS headers to every answer. */
function startProxy(): Promise<Fixture> {
  return startFixture((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Content-Encoding, X-Prometheus-Remote-Write-Version, Authorization');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'content-encoding', 'x-prometheus-remote-write-version']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      fetch(`${BASE}/api/v1/write`, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (up) => res.writeHead(up.status).end(await up.text()))
        .catch(() => res.writeHead(502).end('Prometheus is down'));
    });
  });
}

/** remoteCount is Prometheus's count_over_time of Promtab's up over (end - seconds, end]. */
async function remoteCount(end: number, seconds: number): Promise<number> {
  const q = encodeURIComponent(`count_over_time(up{job="promtab",instance="promtab.self"}[${seconds}s])`);
  const r = (await (await fetch(`${BASE}/api/v1/query?query=${q}&time=${end}`)).json()) as { data: { result: { value: [number, string] }[] } };
  return Number(r.data.result[0]?.value[1] ?? 0);
}

/** localCount is the same count in Promtab itself. */
async function localCount(page: Page, end: number, seconds: number): Promise<number> {
  return page.evaluate(
    async ([e, s]) => {
      type Api = { query: { query: (q: string, t: number) => Promise<{ data?: { result: { value: [number, string] }[] } }> } };
      const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
      const r = await api().query.query(`count_over_time(up{job="promtab",instance="promtab.self"}[${s}s])`, e);
      return Number(r.data?.result[0]?.value[1] ?? 0);
    },
    [end, seconds] as const,
  );
}

type Queue = { id: string; sent: number; pending: number; highestSent: number; lastError: string; headerMode: string };

async function queues(page: Page): Promise<Queue[]> {
  return page.evaluate(async () => {
    type Api = { storage: { remote: { status: () => Promise<{ data?: Queue[] }> } } };
    const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
    return (await api().storage.remote.status()).data ?? [];
  });
}

async function addEndpoint(page: Page, url: string, name: string): Promise<void> {
  await page.goto('/#/settings');
  const form = page.getByRole('region', { name: 'Remote write' });
  await form.getByRole('textbox', { name: 'Remote write URL' }).fill(url);
  await form.getByRole('textbox', { name: 'Remote write name' }).fill(name);
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByTestId('remote-queue')).toContainText(name);
}

const now = () => Math.floor(Date.now() / 1000);

test.skip(!existsSync(PROMETHEUS), `${PROMETHEUS} is not installed (Debian package prometheus); remote write e2e skipped`);
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'f-promtab-rw-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), '');
  await startPrometheus();
  proxy = await startProxy();
});

test.afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const p = proc;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
  await proxy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('remote write straight to Prometheus: sent blind, since its answers carry no CORS header', async ({ page }) => {
  await addEndpoint(page, `${BASE}/api/v1/write`, 'direct');
  await expect.poll(() => remoteCount(now(), 600), { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await queues(page))[0]).toMatchObject({ id: 'direct', headerMode: 'opaque', failed: 0 });
  await expect(page.getByTestId('remote-mode')).toContainText('Sent blind');
});

test('remote write through a CORS proxy: keeps its queue across a receiver restart and a closed tab, loses no sample', async ({ page: first, context }) => {
  test.setTimeout(150_000);
  await addEndpoint(first, `${proxy.url}/api/v1/write`, 'proxied');
  const start = now() + 1;
  await expect.poll(async () => (await queues(first))[0]?.sent ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await queues(first))[0]).toMatchObject({ headerMode: 'full', failed: 0 });

  // The receiver goes away for a few scrapes (every 5 s): samples wait in the queue.
  await stopPrometheus();
  const down = now();
  await expect.poll(() => localCount(first, now(), now() - down), { timeout: 40_000 }).toBeGreaterThanOrEqual(3);
  const waiting = (await queues(first))[0];
  expect(waiting.pending).toBeGreaterThan(0);
  expect(waiting.lastError).toMatch(/HTTP status 502/);

  // The last tab closes (the storage worker goes with it); a new tab's worker finds the queue in IndexedDB.
  const closed = now();
  await first.close();
  await new Promise((r) => setTimeout(r, 3000));
  const page = await context.newPage();
  await page.goto('/#/settings');
  const opened = now();
  await expect(page.getByRole('region', { name: 'Remote write' }).getByTestId('remote-queue')).toContainText('proxied');
  await expect.poll(async () => (await queues(page))[0]?.pending ?? 0).toBeGreaterThan(0);

  // Back on the same data directory: the queue drains, and the new tab's scrapes follow.
  await startPrometheus();
  await expect.poll(() => localCount(page, now(), now() - opened), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const end = now();
  await expect.poll(async () => ((await queues(page))[0]?.highestSent ?? 0) >= end * 1000, { timeout: 60_000 }).toBe(true);
  expect((await queues(page))[0]).toMatchObject({ failed: 0, dropped: 0 });

  // Equal counts before the tab closed (leaving out the last 3 s, which the head or the queue may not have kept yet)
  // and after the new tab opened; the receiver's downtime is inside the first window.
  const before = closed - 3;
  const local = await localCount(page, before, before - start);
  expect(local).toBeGreaterThanOrEqual(3);
  expect(await remoteCount(before, before - start)).toBe(local);
  const downLocal = await localCount(page, before, before - down);
  expect(downLocal).toBeGreaterThanOrEqual(2);
  expect(await remoteCount(before, before - down)).toBe(downLocal);
  const after = await localCount(page, end, end - opened);
  expect(after).toBeGreaterThanOrEqual(2);
  expect(await remoteCount(end, end - opened)).toBe(after);
});

test('remote write form: edit keeps the stored password, bad relabel YAML is refused with its line, remove', async ({ page }) => {
  await page.goto('/#/settings');
  const region = page.getByRole('region', { name: 'Remote write' });
  await region.getByRole('textbox', { name: 'Remote write URL' }).fill('http://127.0.0.1:19169/api/v1/write');
  await region.getByRole('textbox', { name: 'Remote write name' }).fill('first');
  await choose(region, 'Authentication', 'Basic auth');
  await region.getByRole('textbox', { name: 'Username' }).fill('me');
  await region.getByLabel('Password').fill('pw');
  await region.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(region.getByTestId('remote-queue')).toContainText('first');

  await region.getByRole('button', { name: 'Edit first' }).click();
  await expect(region.getByLabel('Password')).toHaveValue('<secret>');
  await region.getByRole('textbox', { name: 'Remote write name' }).fill('second');
  await region.getByRole('textbox', { name: /Write relabel configs/ }).fill('- action: keep\n  regx: up\n');
  await region.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(region.getByRole('alert')).toContainText('write relabel configs: line 2: field "regx" is not supported by Promtab');
  await region.getByRole('textbox', { name: /Write relabel configs/ }).fill('- source_labels: [__name__]\n  regex: up\n  action: keep\n');
  await region.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(region.getByTestId('remote-queue')).toContainText('second');
  await expect(region.getByTestId('remote-queue')).toHaveCount(1);

  const yaml = await page.evaluate(async () => {
    type Api = { storage: { config: (s: boolean) => Promise<{ data?: { yaml: string } }> } };
    const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
    return (await api().storage.config(true)).data?.yaml ?? '';
  });
  expect(yaml).toContain('name: second');
  expect(yaml).toContain('password: pw');
  expect(yaml).toContain('action: keep');

  await region.getByRole('button', { name: 'Remove second' }).click();
  await expect(region.getByText('No remote write endpoint.')).toBeVisible();
});
