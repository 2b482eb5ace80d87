import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixture, stopChild, type Fixture } from './helpers';

// A real Pushgateway (Debian's prometheus-pushgateway), reached through a CORS-adding proxy as the README describes.
const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
let gateway: ChildProcess | null = null;
let gatewayUrl = '';
let proxy: Fixture | null = null;
let dir = '';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test.beforeAll(async () => {
  if (!existsSync(PUSHGATEWAY)) return;
  const port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'promtab-pgw-'));
  gateway = spawn(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pgw.db')}`], { stdio: 'ignore' });
  gatewayUrl = `http://127.0.0.1:${port}`;
  proxy = await startFixture((req, res) => {
    const up = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (r) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, 'access-control-allow-origin': '*' });
      r.pipe(res);
    });
    up.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    up.end();
  });
  for (let i = 0; i < 50; i++) {
    if (await fetch(`${gatewayUrl}/metrics`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

test.afterAll(async () => {
  // The gateway writes its persistence file as it stops: the directory goes only once it has exited.
  await stopChild(gateway);
  await proxy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** push sends exposition text to the real Pushgateway, as a batch job would. */
async function push(method: 'PUT' | 'DELETE', path: string, body = ''): Promise<void> {
  const r = await fetch(`${gatewayUrl}/metrics/${path}`, { method, body: method === 'DELETE' ? undefined : body });
  expect(r.status, await r.text()).toBeLessThan(300);
}

/** series returns the label sets of an instant query run through the page's API. */
function series(page: Page, expr: string): Promise<Record<string, string>[]> {
  return page.evaluate(async (e) => {
    type R = { status: string; data: { result: { metric: Record<string, string> }[] } };
    const api = (window as unknown as { __promtabTest: { api: () => { query: { query: (e: string, t: number) => Promise<R> } } } }).__promtabTest.api();
    const r = await api.query.query(e, Date.now() / 1000);
    return r.status === 'success' ? r.data.result.map((s) => s.metric) : [];
  }, expr);
}

test('a real Pushgateway is scraped with honor_labels: pushed job and instance are kept, push_time_seconds is there', async ({ page }) => {
  test.skip(!existsSync(PUSHGATEWAY), `${PUSHGATEWAY} is absent (Debian's prometheus-pushgateway package); skipping`);
  await push('PUT', 'job/nightly_backup/instance/db1', '# TYPE backup_last_success_seconds gauge\nbackup_last_success_seconds 1700000000\n');

  await page.goto('./#/status');
  const cfg = page.getByRole('region', { name: 'Configuration' });
  const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
  await expect(yaml).toHaveValue(/job_name: promtab/);
  const target = proxy!.url.replace('http://', '');
  await yaml.fill(
    [
      'scrape_configs:',
      '  - job_name: pushgateway-real',
      '    honor_labels: true',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('status')).toContainText('applied');

  await page.getByRole('link', { name: 'Targets', exact: true }).click();
  const pool = page.getByRole('region', { name: 'Scrape pool pushgateway-real' });
  await expect(pool.getByText('UP', { exact: true })).toBeVisible();

  // honor_labels keeps the pushed job and instance instead of the scrape's own.
  await expect.poll(() => series(page, 'backup_last_success_seconds')).toEqual([
    expect.objectContaining({ __name__: 'backup_last_success_seconds', job: 'nightly_backup', instance: 'db1' }),
  ]);
  await expect.poll(async () => (await series(page, 'push_time_seconds{job="nightly_backup"}')).length).toBe(1);
  // The scrape's own synthetic series carry the configured job.
  await expect.poll(async () => (await series(page, `up{job="pushgateway-real",instance="${target}"}`)).length).toBe(1);

  // Deleting the group at the Pushgateway makes its series go stale in Promtab.
  await push('DELETE', 'job/nightly_backup/instance/db1');
  await expect.poll(async () => (await series(page, 'backup_last_success_seconds')).length, { timeout: 20_000 }).toBe(0);
});
