/**
 * An independent reader for the client's protobuf writer: Debian's Prometheus (2.42, with native histograms enabled)
 * scrapes Registry.protobuf() and must see the same native histogram, bucket for bucket, and the counter. Skips
 * when /usr/bin/prometheus is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOBUF_EXPOSITION_CONTENT_TYPE, Registry } from '../../../src/client/index';
import { histogramBuckets } from '../../../src/model/histogram';

const PROMETHEUS = '/usr/bin/prometheus';
const PROM_PORT = Number(process.env.PROMTAB_INTEROP_PORT ?? 4265);
const present = existsSync(PROMETHEUS);
if (!present) console.warn(`skipping the Prometheus interop test: ${PROMETHEUS} is not installed`);

const registry = new Registry();
const hist = registry.histogram({ name: 'interop_seconds', help: 'Interop.', nativeBucketFactor: 1.1, nativeZeroThreshold: 0.001 });
for (const v of [0.0005, 0.01, 0.02, 0.3, 0.31, 2, 7.5, -0.4, -3, 100]) hist.observe(v);
registry.counter({ name: 'interop_events_total', help: 'Events.' }).inc(12);

let server: Server;
let prom: ChildProcess | undefined;
let dir = '';

beforeAll(async () => {
  if (!present) return;
  server = createServer((_req, res) => {
    res.setHeader('Content-Type', PROTOBUF_EXPOSITION_CONTENT_TYPE);
    res.end(registry.protobuf());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'promtab-interop-'));
  writeFileSync(join(dir, 'p.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: interop\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
  prom = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'p.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${PROM_PORT}`, '--enable-feature=native-histograms'],
    { stdio: 'ignore' },
  );
});

afterAll(async () => {
  if (prom?.pid) process.kill(prom.pid);
  if (server) await new Promise<void>((r) => server.close(() => r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function query(q: string): Promise<{ metric: Record<string, string>; value?: [number, string]; histogram?: [number, { count: string; sum: string; buckets: [number, string, string, string][] }] }[]> {
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${PROM_PORT}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await r.json()) as { data: { result: [] } };
      if (body.data.result.length > 0) return body.data.result;
    } catch {
      // Prometheus is still starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

it.skipIf(!present)('Prometheus reads the native histogram and counter that Registry.protobuf() writes', { timeout: 60_000 }, async () => {
  const [h] = await query('interop_seconds');
  const ours = hist.labels().nativeHistogram()!;
  expect(Number(h.histogram![1].count)).toBe(10);
  expect(Number(h.histogram![1].sum)).toBeCloseTo(ours.sum, 9);
  const theirs = h.histogram![1].buckets.map(([, lo, hi, n]) => [Number(lo), Number(hi), Number(n)]);
  const expected = histogramBuckets(ours).map((b) => [b.lower, b.upper, b.count]);
  expect(theirs.length).toBe(expected.length);
  theirs.forEach(([lo, hi, n], i) => {
    expect(lo).toBeCloseTo(expected[i][0], 12);
    expect(hi).toBeCloseTo(expected[i][1], 12);
    expect(n).toBe(expected[i][2]);
  });
  const [c] = await query('interop_events_total');
  expect(c.value![1]).toBe('12');
});
