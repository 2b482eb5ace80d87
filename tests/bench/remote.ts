import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Appendable } from '../../src/model/storage';
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
