/**
 * PromQL on the real path, raced against Prometheus. The data is Thanos promql-engine's range-query benchmark set
 * (3,000 `http_requests_total` + 1,000 `http_responses_total` + 11,000 `http_response_seconds_bucket` series at
 * 30 s) and a 500-series × 1,000-step dashboard case (tests/bench/promql/dataset.ts), appended into a Head with
 * compressed chunks. Every query is a range query at a 30 s step (over the 2 h; the dashboard over its 1,000 steps),
 * timed as:
 * - promql_<name>_ms: engine time, Engine.rangeQuery over the head in this thread (and promql_<name>_cpu_ms, the
 *   process's CPU time for it, steadier from one commit to the next on a busy machine);
 * - promql_<name>_e2e_ms: to the page, the app's path: this thread (the page) → the query worker (the app's
 *   QueryService) → the storage worker (the app's StorageService over its own head) and back, typed arrays
 *   transferred, in Node worker threads standing in for the Web Workers;
 * - prometheus_<name>_ms: Prometheus's `innerEvalTime` from `stats=all`, and prometheus_<name>_e2e_ms: the full
 *   HTTP answer received and JSON-parsed by a long-lived client child (tests/bench/promql/prometheus.ts), the same
 *   data backfilled with promtool into a Prometheus on 127.0.0.1;
 * and promql_vs_prometheus_<name> (engine) and promql_e2e_vs_prometheus_<name> (to the page), the ratios of the
 * minimum times, with their maxima. Wall times suffer on a busy machine, so the page path is also measured in CPU
 * time (less disturbed by other processes): promql_<name>_e2e_cpu_ms, every thread of this process (page and both
 * workers); prometheus_<name>_e2e_cpu_ms, every thread of Prometheus plus the client child; their ratio
 * promql_e2e_cpu_vs_prometheus_<name> and its maximum. Rounds interleave Promtab and Prometheus query by query; the
 * first round warms up and is not counted; promql_rounds says how many were (3 to 7, fewer on a loaded machine),
 * promql_load_average how busy the machine was at the end (one-minute load average). Also the histogram_quantile
 * query's memory in this thread (GC profiler, needs --expose-gc): the peak of heap + array buffers above the idle
 * level while it runs, the same held after it returns (the answer), its typed arrays' bytes and the bytes of the
 * buffers they view. Without /usr/bin/prometheus and promtool, the race is skipped (said on stderr) and only
 * Promtab's figures print.
 */
import { loadavg } from 'node:os';
import { GCProfiler } from 'node:v8';
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import { transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Engine } from '../../src/promql/engine/engine';
import { Head } from '../../src/tsdb';
import type { QueryApi } from '../../src/api/types';
import { appendAll, benchSeries, DASH_START, STEP_MS, T0, T_END } from './promql/dataset';
import { backfill, prometheusAvailable, PROMETHEUS, PROMTOOL, startPrometheus, type RunningPrometheus } from './promql/prometheus';

type Report = (name: string, value: number, unit: string) => void;

// Counted rounds: at least MIN_ROUNDS, then more while the rounds so far took less than ROUNDS_BUDGET_MS (a loaded
// machine gets fewer rounds and keeps the area near its few minutes), at most MAX_ROUNDS.
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 7;
const ROUNDS_BUDGET_MS = 100_000;

interface BenchQuery {
  name: string;
  expr: string;
  start: number;
  end: number;
}

const q = (name: string, expr: string, start = T0, end = T_END): BenchQuery => ({ name, expr, start, end });

/** QUERIES are issue 21's shapes (topk … sum_rate), the joins and grouped aggregations, and the dashboard case. */
const QUERIES: BenchQuery[] = [
  q('topk', 'topk(5, http_requests_total)'),
  q('histogram_quantile', 'histogram_quantile(0.9, rate(http_response_seconds_bucket[1m]))'),
  q('selector', 'http_requests_total'),
  q('rate', 'rate(http_requests_total[1m])'),
  q('sum', 'sum(http_requests_total)'),
  q('sum_rate', 'sum(rate(http_requests_total[1m]))'),
  q('sum_by_pod', 'sum by (pod) (http_requests_total)'),
  q('sum_by_pod_rate', 'sum by (pod) (rate(http_requests_total[1m]))'),
  q('one_to_one', 'http_requests_total{container="c1"} / ignoring (container) http_responses_total'),
  q('many_to_one', 'http_requests_total / on (pod) group_left () http_responses_total'),
  q('dashboard_rate', 'rate(dashboard_requests_total[2m])', DASH_START, T_END),
];

type QueryWorker = QueryApi & { attachStorage(port: MessagePort): void };

/** tsWorker starts a worker thread on a TypeScript module (tsx's loader registered inside the thread first). */
function tsWorker(file: URL): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(code, { eval: true });
}

/** startApp starts the storage and query workers and connects them with a channel, as src/ui/lib/connect.ts does. */
async function startApp(): Promise<{ query: ReturnType<typeof wrap<QueryWorker>>; stop(): Promise<void> }> {
  const storageWorker = tsWorker(new URL('./promql/storage_worker.ts', import.meta.url));
  const queryWorker = tsWorker(new URL('./promql/query_worker.ts', import.meta.url));
  const stop = async () => {
    await Promise.all([storageWorker.terminate(), queryWorker.terminate()]);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      storageWorker.on('message', (m: { ready?: boolean }) => m?.ready && resolve());
      storageWorker.once('error', reject);
      queryWorker.once('error', reject);
    });
    type Endpoint = Parameters<typeof nodeEndpoint>[0];
    const storage = wrap<{ attach(port: MessagePort): Promise<void> }>(nodeEndpoint(storageWorker as unknown as Endpoint));
    const query = wrap<QueryWorker>(nodeEndpoint(queryWorker as unknown as Endpoint));
    const channel = new MessageChannel();
    await storage.attach(transfer(channel.port1, [channel.port1 as unknown as Transferable]));
    await query.attachStorage(transfer(channel.port2, [channel.port2 as unknown as Transferable]));
    return { query, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function rangePath(b: BenchQuery, stats: boolean): string {
  const p = new URLSearchParams({ query: b.expr, start: String(b.start / 1000), end: String(b.end / 1000), step: String(STEP_MS / 1000) });
  if (stats) p.set('stats', 'all');
  return `/api/v1/query_range?${p}`;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const r = await f();
  return [performance.now() - start, r];
}

const gc = (globalThis as { gc?: () => void }).gc;

async function heapNow(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** memory runs one query and measures its peak and held heap above the idle level, and its answer's typed arrays. */
async function memory(engine: Engine, head: Head, b: BenchQuery): Promise<{ peak: number; held: number; arrays: number; buffers: number }> {
  const idle = await heapNow();
  const profiler = new GCProfiler();
  profiler.start();
  const r = await engine.rangeQuery(head, b.expr, b.start, b.end, STEP_MS);
  const m = process.memoryUsage();
  const profile = profiler.stop();
  let peak = m.heapUsed + m.arrayBuffers;
  for (const s of profile.statistics) {
    const h = s.beforeGC.heapStatistics;
    peak = Math.max(peak, h.usedHeapSize + h.externalMemory);
  }
  const held = (await heapNow()) - idle;
  let arrays = 0;
  const buffers = new Set<ArrayBufferLike>();
  if (r.resultType === 'matrix') {
    for (const s of r.result) {
      arrays += s.timestamps.byteLength + s.values.byteLength;
      buffers.add(s.timestamps.buffer).add(s.values.buffer);
    }
  }
  let bufferBytes = 0;
  for (const x of buffers) bufferBytes += x.byteLength;
  return { peak: peak - idle, held, arrays, buffers: bufferBytes };
}

/** bench races the queries and reports the minimum times, the ratios and the histogram_quantile memory. */
export default async function bench(report: Report): Promise<void> {
  const series = benchSeries();
  // Everything that forks happens first: promtool, Prometheus and the client child.
  let prom: RunningPrometheus | null = null;
  if (prometheusAvailable()) prom = await startPrometheus(await backfill(series));
  else console.error(`promql: ${PROMETHEUS} or ${PROMTOOL} is missing: the race against Prometheus was skipped`);
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    app = await startApp();
    const head = new Head({ retentionMs: 7 * 86_400_000 });
    await appendAll(head, series);
    head.recodePending();
    const engine = new Engine();
    const best = new Map(
      QUERIES.map((b) => [b.name, { engine: Infinity, engineCpu: Infinity, page: Infinity, pageCpu: Infinity, prom: Infinity, promE2e: Infinity, promE2eCpu: Infinity }]),
    );
    const started = performance.now();
    let rounds = 0;
    for (let round = 0; round <= MAX_ROUNDS; round++) {
      if (round > MIN_ROUNDS && performance.now() - started > ROUNDS_BUDGET_MS) break;
      for (const b of QUERIES) {
        const m = best.get(b.name)!;
        gc?.();
        const engineCpu = process.cpuUsage();
        const [engineMs, r] = await timed(() => engine.rangeQuery(head, b.expr, b.start, b.end, STEP_MS));
        const engineUsed = process.cpuUsage(engineCpu);
        const cpu = process.cpuUsage();
        const [pageMs, page] = await timed(async () => app!.query.queryRange(b.expr, b.start / 1000, b.end / 1000, STEP_MS / 1000));
        const used = process.cpuUsage(cpu);
        if (page.status !== 'success') throw new Error(`${b.name}: the query worker answered ${page.error}`);
        const n = r.resultType === 'matrix' ? r.result.length : -1;
        if (page.data.result.length !== n) throw new Error(`${b.name}: ${n} series in the engine, ${page.data.result.length} on the page`);
        if (round > 0) {
          rounds = round;
          m.engine = Math.min(m.engine, engineMs);
          m.engineCpu = Math.min(m.engineCpu, (engineUsed.user + engineUsed.system) / 1000);
          m.page = Math.min(m.page, pageMs);
          m.pageCpu = Math.min(m.pageCpu, (used.user + used.system) / 1000);
        }
        if (!prom) continue;
        const withStats = await prom.get(rangePath(b, true));
        const promCpu = prom.cpuMs();
        const plain = await prom.get(rangePath(b, false));
        const plainCpu = prom.cpuMs() - promCpu + plain.cpuMs;
        for (const x of [withStats, plain]) {
          if (x.status !== 200 || x.error) throw new Error(`${b.name}: Prometheus answered ${x.status} ${x.error ?? ''}`);
          if (x.series !== n) throw new Error(`${b.name}: ${n} series in Promtab, ${x.series} in Prometheus (not the same data?)`);
        }
        const inner = withStats.timings?.innerEvalTime;
        if (inner === undefined) throw new Error(`${b.name}: Prometheus's stats=all answer has no timings.innerEvalTime`);
        if (round > 0) {
          m.prom = Math.min(m.prom, inner * 1000);
          m.promE2e = Math.min(m.promE2e, plain.ms);
          m.promE2eCpu = Math.min(m.promE2eCpu, plainCpu);
        }
      }
    }
    report('promql_rounds', rounds, 'rounds');
    // The machine's load while racing: wall times (and so the ratios) mean little when it is far above the 2 cores.
    report('promql_load_average', loadavg()[0], 'runnable');
    let maxEngine = 0;
    let maxE2e = 0;
    let maxE2eCpu = 0;
    for (const b of QUERIES) {
      const m = best.get(b.name)!;
      report(`promql_${b.name}_ms`, m.engine, 'ms');
      report(`promql_${b.name}_cpu_ms`, m.engineCpu, 'ms');
      report(`promql_${b.name}_e2e_ms`, m.page, 'ms');
      report(`promql_${b.name}_e2e_cpu_ms`, m.pageCpu, 'ms');
      if (!prom) continue;
      report(`prometheus_${b.name}_ms`, m.prom, 'ms');
      report(`prometheus_${b.name}_e2e_ms`, m.promE2e, 'ms');
      report(`prometheus_${b.name}_e2e_cpu_ms`, m.promE2eCpu, 'ms');
      const ratio = m.engine / m.prom;
      const e2e = m.page / m.promE2e;
      maxEngine = Math.max(maxEngine, ratio);
      maxE2e = Math.max(maxE2e, e2e);
      report(`promql_vs_prometheus_${b.name}`, ratio, 'x');
      report(`promql_e2e_vs_prometheus_${b.name}`, e2e, 'x');
      const e2eCpu = m.pageCpu / m.promE2eCpu;
      maxE2eCpu = Math.max(maxE2eCpu, e2eCpu);
      report(`promql_e2e_cpu_vs_prometheus_${b.name}`, e2eCpu, 'x');
    }
    if (prom) {
      report('promql_vs_prometheus_max', maxEngine, 'x');
      report('promql_e2e_vs_prometheus_max', maxE2e, 'x');
      report('promql_e2e_cpu_vs_prometheus_max', maxE2eCpu, 'x');
    }
    const mem = await memory(engine, head, QUERIES[1]);
    report('promql_histogram_quantile_peak_heap_bytes', mem.peak, 'bytes');
    report('promql_histogram_quantile_held_bytes', mem.held, 'bytes');
    report('promql_histogram_quantile_answer_bytes', mem.arrays, 'bytes');
    report('promql_histogram_quantile_answer_buffer_bytes', mem.buffers, 'bytes');
  } finally {
    await app?.stop();
    await prom?.stop();
  }
}
