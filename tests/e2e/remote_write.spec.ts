import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

// A real Prometheus (Debian's package) receives Promtab's remote write; it is stopped and restarted on the same
// data directory while Promtab keeps scraping, and no sample of Promtab's own `up` may be missing afterwards.
const PROMETHEUS = '/usr/bin/prometheus';
const PORT = Number(process.env.PROMTAB_E2E_RW_PORT ?? 19162);
const BASE = `http://127.0.0.1:${PORT}`;

let dir = '';
let proc: ChildProcess | null = null;

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

type Queue = { id: string; sent: number; pending: number; highestSent: number; lastError: string };

async function queues(page: Page): Promise<Queue[]> {
  return page.evaluate(async () => {
    type Api = { storage: { remote: { status: () => Promise<{ data?: Queue[] }> } } };
    const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
    return (await api().storage.remote.status()).data ?? [];
  });
}

test.skip(!existsSync(PROMETHEUS), `${PROMETHEUS} is not installed (Debian package prometheus); remote write e2e skipped`);

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'f-promtab-rw-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), '');
  await startPrometheus();
});

test.afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const p = proc;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('remote write: configured in Settings, survives the receiver going away, loses no sample', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/#/settings');
  const region = page.getByRole('region', { name: 'Remote write' });
  await region.getByRole('textbox', { name: 'Remote write URL' }).fill(`${BASE}/api/v1/write`);
  await region.getByRole('textbox', { name: 'Remote write name' }).fill('e2e');
  await region.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(region.getByTestId('remote-queue')).toContainText('e2e');
  const start = Math.ceil(Date.now() / 1000) + 1;

  // Promtab's own up arrives in Prometheus.
  await expect.poll(() => remoteCount(Math.floor(Date.now() / 1000), 600), { timeout: 30_000 }).toBeGreaterThan(0);

  // The receiver goes away for a few scrapes (every 5 s): samples wait in the queue.
  await stopPrometheus();
  const down = Math.floor(Date.now() / 1000);
  await expect.poll(() => localCount(page, Math.floor(Date.now() / 1000), Math.floor(Date.now() / 1000) - down), { timeout: 40_000 }).toBeGreaterThanOrEqual(3);
  const waiting = (await queues(page))[0];
  expect(waiting.pending).toBeGreaterThan(0);
  expect(waiting.lastError).toMatch(/network error/);

  // Back on the same data directory: the queue drains.
  await startPrometheus();
  const end = Math.floor(Date.now() / 1000);
  await expect
    .poll(async () => {
      const q = (await queues(page))[0];
      return q.highestSent >= end * 1000;
    }, { timeout: 60_000 })
    .toBe(true);

  const seconds = end - start;
  const local = await localCount(page, end, seconds);
  expect(local).toBeGreaterThanOrEqual(4);
  expect(await remoteCount(end, seconds)).toBe(local);
  // The samples scraped while the receiver was down, alone.
  const downLocal = await localCount(page, end, end - down);
  expect(downLocal).toBeGreaterThanOrEqual(3);
  expect(await remoteCount(end, end - down)).toBe(downLocal);
  await expect(region.getByTestId('remote-queue')).toContainText('e2e');
});
