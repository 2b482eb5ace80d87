import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFixture, type Fixture } from './helpers';

const EXPORTER = '/usr/bin/prometheus-node-exporter';
let exporter: ChildProcess | null = null;
let proxy: Fixture | null = null;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test.beforeAll(async () => {
  if (!existsSync(EXPORTER)) return;
  const port = await freePort();
  exporter = spawn(EXPORTER, [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.loadavg', '--collector.meminfo', '--collector.cpu'], {
    stdio: 'ignore',
  });
  // A small CORS-adding reverse proxy, as the README recommends for exporters that send no CORS header.
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
    const ok = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

test.afterAll(async () => {
  if (exporter?.pid) process.kill(exporter.pid);
  await proxy?.stop();
});

test('a real node_exporter behind a CORS-adding proxy is scraped and queryable', async ({ page }) => {
  test.skip(!existsSync(EXPORTER), `${EXPORTER} is absent (Debian's prometheus-node-exporter package); skipping`);
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${proxy!.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('node');
  await page.getByRole('textbox', { name: 'Interval' }).fill('2s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  const row = page.getByTestId('target-row').filter({ hasText: proxy!.url });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const api = (window as unknown as { __promtabTest: { api: () => { query: { query: (e: string, t: number) => Promise<{ status: string; data: { result: unknown[] } }> } } } }).__promtabTest.api();
        const r = await api.query.query('node_load1{job="node"}', Date.now() / 1000);
        return r.status === 'success' ? r.data.result.length : -1;
      }),
    )
    .toBe(1);
});
