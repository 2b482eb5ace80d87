/**
 * The benchmark's Prometheus: the dataset written as OpenMetrics text and backfilled with `promtool tsdb
 * create-blocks-from openmetrics` (the blocks are kept in the system's temporary directory, keyed by a hash of the
 * text, so a second run skips promtool), then a Prometheus on 127.0.0.1 over a fresh copy of those blocks, and the
 * long-lived client child that queries it. Everything here forks, so it all happens before measuring.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetricsChunks, type BenchSeries } from './dataset';

/** PROMETHEUS and PROMTOOL are the binaries the race uses (Debian's packages install them there). */
export const PROMETHEUS = process.env.PROMTAB_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTAB_PROMTOOL ?? '/usr/bin/promtool';

/** ClientReply is the client child's answer to one request (see prom_client.ts). */
export interface ClientReply {
  id: number;
  ms: number;
  cpuMs: number;
  status: number;
  error?: string;
  series: number;
  timings: Record<string, number> | null;
  version?: string;
}

/** RunningPrometheus is a started Prometheus with its client child. */
export interface RunningPrometheus {
  base: string;
  version: string;
  /** cpuMs returns the CPU time Prometheus's threads have run so far (from /proc, no fork), in ms. */
  cpuMs(): number;
  /** get fetches a path through the client child. */
  get(path: string): Promise<ClientReply>;
  /** stop ends the client child and Prometheus (by their process ids) and removes the data directory. */
  stop(): Promise<void>;
}

/** prometheusAvailable reports whether both binaries are installed. */
export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS) && existsSync(PROMTOOL);
}

/** backfill writes the series as OpenMetrics and turns them into blocks with promtool, or reuses earlier blocks. */
export async function backfill(series: BenchSeries[]): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'promtab-bench-om-'));
  try {
    const file = join(work, 'data.om');
    const hash = createHash('sha256');
    const out = createWriteStream(file);
    for (const text of openMetricsChunks(series)) {
      hash.update(text);
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const blocks = join(tmpdir(), `promtab-bench-promql-blocks-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(blocks)) return blocks;
    const made = join(work, 'blocks');
    const r = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, made], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`promtool failed (exit ${r.status}): ${r.stderr || r.error?.message}`);
    try {
      renameSync(made, blocks);
    } catch (e) {
      // Another run backfilled the same text meanwhile: its blocks are as good as these.
      if (!existsSync(blocks)) throw e;
    }
    return blocks;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startPrometheus starts Prometheus over a copy of the blocks (retention long enough for any backfilled time, blocks
 * never compacted, nothing scraped) and the client child, and waits until Prometheus answers its API.
 */
export async function startPrometheus(blocks: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'promtab-bench-prometheus-'));
  cpSync(blocks, join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
  const port = Number(process.env.PROMTAB_BENCH_PROMETHEUS_PORT) || (await freePort());
  const prom = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=100y',
      '--storage.tsdb.max-block-duration=2h',
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  prom.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
  const client = fork(new URL('./prom_client.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (r: ClientReply) => void>();
  client.on('message', (m: ClientReply) => {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  let nextId = 1;
  const base = `http://127.0.0.1:${port}`;
  const get = (path: string) =>
    new Promise<ClientReply>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      client.send({ id, url: base + path });
    });
  const stop = async () => {
    await Promise.all([ended(client, () => client.disconnect()), ended(prom, () => prom.kill('SIGTERM'))]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (prom.exitCode !== null) throw new Error(`prometheus exited (${prom.exitCode}): ${stderr}`);
      // /-/ready answers 200 (as text, which the client cannot parse: only the status counts) once the blocks are open.
      if ((await get('/-/ready')).status === 200) {
        const info = await get('/api/v1/status/buildinfo');
        const pid = prom.pid!;
        return { base, version: info.version ?? 'unknown', get, stop, cpuMs: () => threadsCpuMs(pid) };
      }
      if (Date.now() > deadline) throw new Error(`prometheus did not become ready in 60 s: ${stderr}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }
}

/** threadsCpuMs sums the run time of a process's threads (the first field of each thread's schedstat, in ns). */
function threadsCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between listing and reading: its time is lost from this figure only.
    }
  }
  return ns / 1e6;
}

function ended(p: ChildProcess, end: () => void): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    end();
  });
}
