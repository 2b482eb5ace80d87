import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Registry, PROTOBUF_EXPOSITION_CONTENT_TYPE } from '../../src/client';
import { decodeRequestV2, type DecodedSeriesV2 } from '../unit/remote/decode_v2';
import { choose, cors, startFixture, type Fixture } from './helpers';

// A real Prometheus (Debian's package) receives Promtab's remote write, directly and through a proxy that adds the
// CORS headers Prometheus's /api/v1/write answer lacks (the README's recipe). Through the proxy, Prometheus is
// stopped and restarted on the same data directory and the last tab is closed and reopened while Promtab keeps
// scraping, and no sample of Promtab's own `up` may be missing afterwards. Native histograms scraped over protobuf
// go to the same Prometheus (native-histograms feature) over remote write 1.0 and are queried back; remote write 2.0,
// which Prometheus 2.42 predates, goes to a Node receiver that decodes it with the tests' independent decoder.
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
      '--enable-feature=native-histograms',
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
  // Four scrapes since: at least three of them lie before the last 3 s that the counts below leave out.
  await expect.poll(() => localCount(first, now(), now() - down), { timeout: 40_000 }).toBeGreaterThanOrEqual(4);
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

/** histogramTarget serves a native histogram and a counter over protobuf (our client library), a new observation per scrape. */
function histogramTarget(): Promise<Fixture> {
  const reg = new Registry();
  const latency = reg.histogram({ name: 'hm_latency_seconds', help: 'Latency of requests.', nativeBucketFactor: 1.1 });
  const requests = reg.counter({ name: 'hm_requests_total', help: 'Requests served.' });
  let n = 0;
  return startFixture((_req, res) => {
    n++;
    for (let i = 0; i < 5; i++) latency.observe(0.001 * ((n * 7 + i * 13) % 97) + 0.0005);
    requests.inc(5);
    cors(res);
    res.setHeader('Content-Type', PROTOBUF_EXPOSITION_CONTENT_TYPE);
    res.end(Buffer.from(reg.protobuf()));
  });
}

/** scrapeHistograms applies a prometheus.yml scraping the target every second with native histograms on. */
async function scrapeHistograms(page: Page, target: Fixture): Promise<void> {
  await page.goto('/#/status');
  const cfg = page.getByRole('region', { name: 'Configuration' });
  const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
  await expect(yaml).toHaveValue(/job_name: promtab/);
  await yaml.fill(
    [
      'scrape_configs:',
      '  - job_name: hm',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    scrape_native_histograms: true',
      '    static_configs:',
      `      - targets: ['${target.url.replace('http://', '')}']`,
      '',
    ].join('\n'),
  );
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('status')).toContainText('applied');
}

/** addHistogramEndpoint adds an endpoint through the Settings form with Send native histograms on and the given message. */
async function addHistogramEndpoint(page: Page, url: string, name: string, message: string): Promise<void> {
  await page.goto('/#/settings');
  const form = page.getByRole('region', { name: 'Remote write' });
  await form.getByRole('textbox', { name: 'Remote write URL' }).fill(url);
  await form.getByRole('textbox', { name: 'Remote write name' }).fill(name);
  await choose(form, 'Protobuf message', message);
  await form.getByRole('switch', { name: 'Send native histograms' }).click();
  await expect(form.getByRole('switch', { name: 'Send native histograms' })).toBeChecked();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByTestId('remote-queue')).toContainText(name);
}

type HistogramJson = { count: string; sum: string; buckets?: [number, string, string, string][] };

/** localHistogram is Promtab's own answer for a histogram series at time t (seconds). */
async function localHistogram(page: Page, expr: string, t: number): Promise<HistogramJson | null> {
  return page.evaluate(
    async ([e, at]) => {
      type Api = { query: { query: (q: string, t: number) => Promise<{ data?: { result: { histogram?: [number, HistogramJson] }[] } }> } };
      const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
      return (await api().query.query(e, at)).data?.result[0]?.histogram?.[1] ?? null;
    },
    [expr, t] as const,
  );
}

/** remoteHistogram is the receiving Prometheus's answer at time t (seconds). */
async function remoteHistogram(expr: string, t: number): Promise<HistogramJson | null> {
  const r = (await (await fetch(`${BASE}/api/v1/query?query=${encodeURIComponent(expr)}&time=${t}`)).json()) as { data: { result: { histogram?: [number, HistogramJson] }[] } };
  return r.data.result[0]?.histogram?.[1] ?? null;
}

/**
 * numeric turns a histogram's strings into numbers, bounds to 12 significant digits: Prometheus 2.42 computes a
 * bucket's bound with different float steps than Prometheus 3 (and Promtab) and can differ in the last bit.
 */
function numeric(h: HistogramJson | null): unknown {
  if (!h) return null;
  const bound = (x: string) => Number(Number(x).toPrecision(12));
  return { count: Number(h.count), sum: Number(h.sum), buckets: (h.buckets ?? []).map(([r, l, u, c]) => [r, bound(l), bound(u), Number(c)]) };
}

test('native histograms over remote write 1.0: Prometheus (native-histograms) stores them and answers as Promtab does', async ({ page }) => {
  test.setTimeout(120_000);
  const target = await histogramTarget();
  try {
    await scrapeHistograms(page, target);
    await expect.poll(async () => (await localHistogram(page, 'hm_latency_seconds', now())) !== null, { timeout: 30_000 }).toBe(true);
    await addHistogramEndpoint(page, `${proxy.url}/api/v1/write`, 'histograms', 'prometheus.WriteRequest (remote write 1.0)');
    const region = page.getByRole('region', { name: 'Remote write' });
    await expect(region.getByTestId('remote-protocol')).toHaveText('Remote write 1.0, native histograms');
    await expect(region.getByTestId('remote-histograms-sent')).toContainText('histograms', { timeout: 30_000 });
    // Once the queue has sent past a second, Prometheus answers for that second exactly as Promtab does.
    await expect.poll(async () => (await queues(page))[0]?.highestSent ?? 0, { timeout: 30_000 }).toBeGreaterThan((now() + 2) * 1000);
    const at = Math.floor((await queues(page))[0].highestSent / 1000) - 1;
    const local = await localHistogram(page, 'hm_latency_seconds', at);
    expect(local).not.toBeNull();
    expect(Number(local!.count)).toBeGreaterThan(0);
    expect((local!.buckets ?? []).length).toBeGreaterThan(3);
    expect(numeric(await remoteHistogram('hm_latency_seconds', at))).toEqual(numeric(local));
    const rate = 'histogram_quantile(0.9, rate(hm_latency_seconds[10s]))';
    const r = (await (await fetch(`${BASE}/api/v1/query?query=${encodeURIComponent(rate)}&time=${at}`)).json()) as { data: { result: { value: [number, string] }[] } };
    expect(Number(r.data.result[0]?.value[1])).toBeGreaterThan(0);
    expect((await queues(page))[0]).toMatchObject({ failed: 0, dropped: 0, lastError: '' });

    // The same Prometheus as a remote data source: its native histograms show in the Query view as local ones do.
    await page.goto('/#/settings');
    const sources = page.getByRole('region', { name: 'Data sources' });
    await sources.getByRole('textbox', { name: 'Data source name' }).fill('receiver');
    await sources.getByRole('textbox', { name: 'Data source URL' }).fill(BASE);
    await sources.getByRole('button', { name: 'Add data source' }).click();
    await expect(sources.getByRole('listitem').filter({ hasText: BASE })).toBeVisible();
    await page.getByRole('link', { name: 'Query', exact: true }).click();
    await choose(page, 'Data source', 'receiver');
    await expect(page.locator('.cm-content')).toBeVisible();
    await page.getByRole('textbox', { name: 'Expression' }).click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('hm_latency_seconds');
    await page.getByRole('button', { name: 'Execute' }).click();
    const result = page.getByRole('table', { name: 'Result' });
    await expect(result).toContainText('Count:');
    await expect(result).toContainText('job="hm"');
    expect(page.url()).toContain('g0.datasource=receiver');
    await page.getByRole('tab', { name: 'Graph' }).click();
    await expect(page.getByRole('img', { name: /^Heatmap of / }).first()).toBeVisible();
  } finally {
    await target.stop();
  }
});

test('remote write 2.0 framing: symbols, histograms, metadata and start timestamps as an independent decoder reads them', async ({ page }) => {
  test.setTimeout(90_000);
  const got: { headers: Record<string, string>; series: DecodedSeriesV2[] }[] = [];
  const errors: string[] = [];
  const receiver = await startFixture((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Content-Encoding, X-Prometheus-Remote-Write-Version');
    res.setHeader('Access-Control-Expose-Headers', 'X-Prometheus-Remote-Write-Samples-Written, X-Prometheus-Remote-Write-Histograms-Written');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const { series } = decodeRequestV2(new Uint8Array(Buffer.concat(chunks)));
        const headers = Object.fromEntries(['content-type', 'content-encoding', 'x-prometheus-remote-write-version'].map((h) => [h, String(req.headers[h] ?? '')]));
        got.push({ headers, series });
        const samples = series.reduce((n, s) => n + s.samples.length, 0);
        const histograms = series.reduce((n, s) => n + s.histograms.length, 0);
        res.setHeader('X-Prometheus-Remote-Write-Samples-Written', String(samples));
        res.setHeader('X-Prometheus-Remote-Write-Histograms-Written', String(histograms));
        res.writeHead(204).end();
      } catch (e) {
        errors.push((e as Error).message);
        res.writeHead(400).end((e as Error).message);
      }
    });
  });
  const target = await histogramTarget();
  try {
    await scrapeHistograms(page, target);
    await addHistogramEndpoint(page, `${receiver.url}/api/v1/write`, 'v2', 'io.prometheus.write.v2.Request (remote write 2.0)');
    await expect(page.getByRole('region', { name: 'Remote write' }).getByTestId('remote-protocol')).toHaveText('Remote write 2.0, native histograms');
    const all = () => got.flatMap((g) => g.series);
    await expect.poll(() => all().filter((s) => s.histograms.length > 0 && s.labels.includes('hm_latency_seconds')).length, { timeout: 30_000 }).toBeGreaterThan(1);
    await expect.poll(() => all().filter((s) => s.labels.includes('hm_requests_total')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(got[0].headers).toEqual({
      'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '2.0.0',
    });
    const hist = all().find((s) => s.histograms.length > 0 && s.labels.includes('hm_latency_seconds'))!;
    expect(hist.labels).toEqual(['__name__', 'hm_latency_seconds', 'instance', target.url.replace('http://', ''), 'job', 'hm']);
    expect(hist.samples).toEqual([]);
    expect(hist.metadata).toEqual({ type: 3, help: 'Latency of requests.', unit: '' });
    const h = hist.histograms[0];
    expect(h).toMatchObject({ schema: 3, integer: true, resetHint: expect.any(Number) });
    expect(h.positive.index.length).toBeGreaterThan(0);
    expect(h.positive.count.reduce((a, b) => a + b, 0) + h.zeroCount).toBe(h.count);
    expect(h.startTimestamp).toBeGreaterThan(0);
    expect(h.startTimestamp).toBeLessThanOrEqual(h.timestamp);
    expect(hist.createdTimestamp).toBe(h.startTimestamp);
    const counter = all().find((s) => s.labels.includes('hm_requests_total') && s.samples.length > 0)!;
    expect(counter.metadata).toEqual({ type: 1, help: 'Requests served.', unit: '' });
    expect(counter.samples[0].startTimestamp).toBeGreaterThan(0);
    expect(all().every((s) => s.samples.length === 0 || s.histograms.length === 0)).toBe(true);
    await expect.poll(async () => (await queues(page))[0]?.sent ?? 0).toBeGreaterThan(0);
    expect((await queues(page))[0]).toMatchObject({ failed: 0, lastError: '' });
    // The receiver's X-Prometheus-Remote-Write-*-Written answer headers are read and shown.
    await expect(page.getByRole('region', { name: 'Remote write' }).getByTestId('remote-written')).toContainText(/last answer: \d+ samples, \d+ histograms written/);
  } finally {
    await target.stop();
    await receiver.stop();
  }
});
