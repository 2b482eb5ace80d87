import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newFloatHistogram, type FloatHistogram } from '../../src/model/histogram';
import type { Appendable } from '../../src/model/storage';
import { encodeBatch, SegmentBuilder, type Segment } from '../../src/remote/segment';
import { remoteWriteConfig } from '../../src/remote/config';
import { QueueStore } from '../../src/remote/queue_store';
import { RemoteWriteStorage } from '../../src/remote/storage';

const PROMETHEUS = '/usr/bin/prometheus';
const PORT = Number(process.env.PROMTAB_BENCH_RW_PORT ?? 19163);
const SERIES = 1000;
const COMMITS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * bench remote-writes 200 scrapes of 1000 series (200k samples) through the tap and one queue to a Prometheus it
 * starts on 127.0.0.1, and reports the throughput in wall time and the sender's CPU time per sample (IndexedDB
 * persistence is not part of it: Node has none).
 */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  encodingBench(report);
  if (!existsSync(PROMETHEUS)) {
    console.error(`bench remote: ${PROMETHEUS} is not installed; remote_write_samples_per_s skipped`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'f-promtab-rw-bench-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), '');
  const proc = spawn(
    PROMETHEUS,
    ['--web.enable-remote-write-receiver', `--storage.tsdb.path=${path.join(dir, 'data')}`, `--config.file=${path.join(dir, 'prometheus.yml')}`, `--web.listen-address=127.0.0.1:${PORT}`],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${PORT}/-/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 150) throw new Error('Prometheus did not become ready');
      await sleep(100);
    }
    const rw = new RemoteWriteStorage({ store: await QueueStore.open() });
    const cfg = remoteWriteConfig({ url: `http://127.0.0.1:${PORT}/api/v1/write`, name: 'bench', queueConfig: { capacity: 1_000_000, batchSendDeadline: 50 } });
    rw.applyConfig([cfg]);
    rw.start();
    const sink: Appendable = { appender: () => ({ append: () => 1, appendHistogram: () => 1, commit: async () => undefined, rollback: () => undefined }) };
    const app = rw.appendable(sink);
    const labels = Array.from({ length: SERIES }, (_, i) => ['__name__', 'bench_metric', 'instance', `host-${i % 100}:9100`, 'job', 'node', 'series', String(i)]);
    const t0 = Date.now() - COMMITS * 15_000;

    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let c = 0; c < COMMITS; c++) {
      const a = app.appender();
      for (let i = 0; i < SERIES; i++) a.append(0, labels[i], t0 + c * 15_000, c + i * 0.5);
      await a.commit();
    }
    const q = rw.queue('bench')!;
    while (q.stats.pending > 0 || q.busy) await sleep(5);
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const total = SERIES * COMMITS;
    if (q.stats.sent !== total) throw new Error(`sent ${q.stats.sent} of ${total}: ${q.stats.lastError}`);
    report('remote_write_samples_per_s', Math.round(total / wall), 'samples/s');
    report('remote_write_cpu_us_per_sample', (used.user + used.system) / total, 'us');
    report('remote_write_bytes_per_sample', q.stats.bytes / total, 'bytes');
    rw.stop();
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** latencyHistogram is a realistic schema-3 latency histogram after n scrapes: about 40 populated buckets. */
function latencyHistogram(series: number, n: number): FloatHistogram {
  const index: number[] = [];
  const count: number[] = [];
  let total = 0;
  for (let b = -60; b < -20; b++) {
    const c = (n + 1) * (1 + ((b * 7 + series) % 13 + 13) % 13);
    index.push(b);
    count.push(c);
    total += c;
  }
  return newFloatHistogram({ schema: 3, zeroThreshold: 2 ** -128, count: total, sum: total * 0.0123, positive: { index, count }, counterResetHint: 'not_reset' });
}

/**
 * encodingBench builds 2,000-sample requests (max_samples_per_send) of 1,000 latency histograms and of 1,000 float
 * series, 20 scrapes 15 s apart with start timestamps, in remote write 1.0 and 2.0, and reports the compressed bytes
 * per sample and the encoding rate (no network).
 */
function encodingBench(report: (name: string, value: number, unit: string) => void): void {
  const N = 1000;
  const SCRAPES = 20;
  const t0 = 1_700_000_000_000;
  const hist: Segment[] = [];
  const floats: Segment[] = [];
  const labels = Array.from({ length: N }, (_, i) => ['__name__', 'rpc_duration_seconds', 'instance', `host-${i % 100}:9100`, 'job', 'api', 'series', String(i)]);
  let first = 0;
  for (let c = 0; c < SCRAPES; c++) {
    const h = new SegmentBuilder();
    const f = new SegmentBuilder();
    for (let i = 0; i < N; i++) {
      h.addHistogram(labels[i], t0 + c * 15_000, latencyHistogram(i, c), t0 - 3_600_000);
      f.add(labels[i], t0 + c * 15_000, c * 10 + i, t0 - 3_600_000);
    }
    hist.push(h.finish(first));
    floats.push(f.finish(first));
    first += N;
  }
  const total = N * SCRAPES;
  for (const [kind, segs] of [['histogram', hist], ['float', floats]] as const) {
    for (const [v, message] of [['v1', 'prometheus.WriteRequest'], ['v2', 'io.prometheus.write.v2.Request']] as const) {
      let bytes = 0;
      const start = performance.now();
      for (let from = 0; from < total; from += 2000) bytes += encodeBatch(segs, from, from + 2000, { message }).body.length;
      const s = (performance.now() - start) / 1000;
      report(`remote_write_${kind}_bytes_per_sample_${v}`, bytes / total, 'bytes');
      report(`remote_write_${kind}_encode_per_s_${v}`, Math.round(total / s), `${kind === 'float' ? 'samples' : 'histograms'}/s`);
    }
  }
}
