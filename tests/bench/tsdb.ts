/**
 * TSDB benchmarks: append rate to known refs, bytes per sample and memory per series for node_exporter-like data
 * (100,000 series × 2 h at 15 s with ±2 ms jitter per scrape: half constant gauges, 30% counters with small or large
 * increments, 10% CPU-seconds counters with centisecond steps, 10% page-sized memory gauges), chunk decode speed, a
 * regex select over 100,000 series, and restore time of a persisted 100,000-series head (fake-indexeddb); also bytes
 * per sample for the same mix with timestamps on the grid (as Prometheus's scrape timestamp tolerance makes them).
 * Times are process CPU time (robust on a shared machine; decoding is the best of 9 rounds);
 * tsdb_append_worst_commit_ms is the slowest of the commits of 100,000 samples after the first chunk cut (compiled
 * code warm), three of which fill a chunk of every series. The memory figures (heapUsed + arrayBuffers) need `node --expose-gc`: tsdb_heap_bytes_per_series
 * right after the 2 h of samples (4 full chunks, the last one just cut and mostly waiting to be re-encoded),
 * tsdb_heap_bytes_per_series_open after 60 more (the open XOR chunk half full, as most of the time, and the queue
 * drained); likewise tsdb_bytes_per_sample (closed chunks only, as persisted) and tsdb_bytes_per_sample_open.
 * Native histograms (histogramBench): 1,000 latency histograms of schema 3 (about 40 populated buckets, a bucket
 * appearing at the edges now and then), each scrape adding ~20 observations, every 15 s for 2 h with a start
 * timestamp: tsdb_histogram_bytes_per_sample (closed chunks), tsdb_histogram_bytes_per_sample_open,
 * tsdb_histogram_heap_bytes_per_series (open chunk half full) and tsdb_histogram_append_samples_per_s; and
 * tsdb_histogram_changing_bytes_per_sample for 200 such histograms whose layout changes now and then (a counter
 * reset per 200 scrapes, a schema reduction per 400; each cuts a chunk).
 * Start timestamps (startTimestampBench): 50,000 counters each with a start timestamp on every sample, as a
 * protobuf scrape of a client_golang target gives them: tsdb_st_append_samples_per_s, tsdb_st_worst_commit_ms (a
 * commit that cuts every series' chunk included) and tsdb_st_bytes_per_sample.
 */
import 'fake-indexeddb/auto';
import type { FloatHistogram } from '../../src/model/histogram';
import type { Labels } from '../../src/model/labels';
import { Head } from '../../src/tsdb/head';
import { chunkNumSamples, decodeChunk } from '../../src/tsdb/chunkenc/chunk';

type Report = (name: string, value: number, unit: string) => void;

const SERIES = 100_000;
const MEM_SERIES = 100_000;
const STEPS = 480;
const T0 = 1_700_000_000_000;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function labelsOf(i: number): Labels {
  return ['__name__', `node_metric_${i % 200}`, 'instance', `host-${Math.floor(i / 200)}:9100`, 'job', 'node'];
}

const KINDS = ['const', 'const', 'const', 'const', 'const', 'small', 'small', 'bytes', 'cpu', 'pages'] as const;

/** nextValue evolves a node_exporter-like value of the given kind. */
function nextValue(kind: (typeof KINDS)[number], v: number, r: () => number): number {
  switch (kind) {
    case 'const':
      return v;
    case 'small':
      return r() < 0.5 ? v : v + Math.floor(r() * 10);
    case 'bytes':
      return v + Math.floor(r() * 100_000);
    case 'cpu':
      return Math.round((v + r() * 15) * 100) / 100;
    case 'pages':
      return r() < 0.3 ? v + (Math.floor(r() * 64) - 32) * 4096 : v;
  }
}

/** cpuNow returns the process's CPU time in ms. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** heapNow collects garbage (twice, letting the array buffer sweeper run) and returns heap + array buffer bytes. */
async function heapNow(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function appendBench(report: Report): Promise<Head> {
  const r = rng(42);
  const before = await heapNow();
  const head = new Head();
  const refs = new Uint32Array(MEM_SERIES);
  const values = new Float64Array(MEM_SERIES);
  const some = labelsOf(0);
  let app = head.appender();
  for (let i = 0; i < MEM_SERIES; i++) {
    values[i] = KINDS[i % 10] === 'pages' ? 1 << 30 : Math.floor(r() * 1000);
    refs[i] = app.append(0, labelsOf(i), T0, values[i]);
  }
  await app.commit();
  let took = 0;
  let worst = 0;
  for (let s = 1; s < STEPS; s++) {
    for (let i = 0; i < MEM_SERIES; i++) values[i] = nextValue(KINDS[i % 10], values[i], r);
    const t = T0 + s * 15_000 + Math.floor(r() * 5) - 2;
    const started = cpuNow();
    app = head.appender();
    for (let i = 0; i < MEM_SERIES; i++) app.append(refs[i], some, t, values[i]);
    await app.commit();
    const spent = cpuNow() - started;
    took += spent;
    if (spent > worst && s > STEPS / 4 + 10) worst = spent;
  }
  report('tsdb_append_samples_per_s', Math.round((MEM_SERIES * (STEPS - 1)) / (took / 1000)), 'samples/s');
  report('tsdb_append_worst_commit_ms', worst, 'ms');
  report('tsdb_heap_bytes_per_series', Math.round(((await heapNow()) - before) / MEM_SERIES), 'bytes');
  head.recodePending();
  report('tsdb_bytes_per_sample', await bytesPerSample(head), 'bytes');
  for (let s = STEPS; s < STEPS + 60; s++) {
    for (let i = 0; i < MEM_SERIES; i++) values[i] = nextValue(KINDS[i % 10], values[i], r);
    app = head.appender();
    for (let i = 0; i < MEM_SERIES; i++) app.append(refs[i], some, T0 + s * 15_000 + Math.floor(r() * 5) - 2, values[i]);
    await app.commit();
  }
  report('tsdb_heap_bytes_per_series_open', Math.round(((await heapNow()) - before) / MEM_SERIES), 'bytes');
  report('tsdb_bytes_per_sample_open', await bytesPerSample(head), 'bytes');
  return head;
}

/** bytesPerSample returns the chunk bytes per sample of everything the head holds. */
async function bytesPerSample(head: Head): Promise<number> {
  let bytes = 0;
  let samples = 0;
  for (const cs of await head.selectChunks([{ type: '=~', name: '__name__', value: '.+' }], 0, Infinity)) {
    for (const c of cs.chunks) {
      bytes += c.bytes.length;
      samples += chunkNumSamples(c.bytes);
    }
  }
  return bytes / samples;
}

/** alignedBench measures bytes per sample for the same mix with timestamps on the 15 s grid (no jitter). */
async function alignedBench(report: Report): Promise<void> {
  const r = rng(7);
  const n = 1_000;
  const head = new Head();
  const values = Array.from({ length: n }, (_, i) => (KINDS[i % 10] === 'pages' ? 1 << 30 : Math.floor(r() * 1000)));
  for (let s = 0; s < STEPS; s++) {
    const app = head.appender();
    for (let i = 0; i < n; i++) {
      values[i] = nextValue(KINDS[i % 10], values[i], r);
      app.append(s === 0 ? 0 : i + 1, labelsOf(i), T0 + s * 15_000, values[i]);
    }
    await app.commit();
  }
  head.recodePending();
  report('tsdb_bytes_per_sample_aligned', await bytesPerSample(head), 'bytes');
}

async function decodeBench(head: Head, report: Report): Promise<void> {
  const sel = await head.selectChunks([{ type: '=~', name: 'instance', value: 'host-(1|2|3)[0-9]:9100' }], 0, Infinity);
  const ts = new Float64Array(STEPS + 60);
  const words = new Uint32Array(2 * (STEPS + 60));
  let best = Infinity;
  for (let rep = 0; rep < 9; rep++) {
    let samples = 0;
    const started = cpuNow();
    for (let k = 0; k < 3; k++) for (const cs of sel) for (const c of cs.chunks) samples += decodeChunk(c.bytes, -Infinity, Infinity, ts, words, 0);
    best = Math.min(best, ((cpuNow() - started) * 1e6) / samples);
  }
  report('tsdb_chunk_decode_ns_per_sample', best, 'ns');
}

async function selectBench(report: Report): Promise<void> {
  const head = new Head();
  for (let s = 0; s < 4; s++) {
    const app = head.appender();
    for (let i = 0; i < SERIES; i++) app.append(s === 0 ? 0 : i + 1, labelsOf(i), T0 + s * 1_800_000, s);
    await app.commit();
  }
  const q = head.querier();
  const matchers = [
    { type: '=' as const, name: '__name__', value: 'node_metric_7' },
    { type: '=~' as const, name: 'instance', value: 'host-4[0-9]:.*' },
  ];
  const rounds = 20;
  let n = 0;
  const started = cpuNow();
  for (let i = 0; i < rounds; i++) n += (await q.select(matchers, T0 + 3_600_000, T0 + 7_200_000)).length;
  if (n !== rounds * 10) throw new Error(`select returned ${n / rounds} series, want 10`);
  report('tsdb_select_ms', (cpuNow() - started) / rounds, 'ms');
}

async function restoreBench(report: Report): Promise<void> {
  const name = `bench-${Date.now()}`;
  const head = await Head.open(name);
  const app = head.appender();
  for (let i = 0; i < SERIES; i++) app.append(0, labelsOf(i), T0, i);
  await app.commit();
  for (let s = 1; s < 20; s++) {
    const a = head.appender();
    for (let i = 0; i < SERIES; i++) a.append(i + 1, labelsOf(i), T0 + s * 15_000, i + s);
    await a.commit();
  }
  await head.close();
  await heapNow();
  const started = cpuNow();
  const restored = await Head.open(name);
  report('tsdb_restore_ms', cpuNow() - started, 'ms');
  if (restored.numSeries() !== SERIES) throw new Error('restore lost series');
  await restored.close();
}

const HIST_SERIES = 1_000;

/**
 * LatencyHistogram accumulates observations into exponential buckets (schema 3 unless reduced), as a client
 * library's native histogram does.
 */
class LatencyHistogram {
  private buckets = new Map<number, number>();
  private count = 0;
  private sum = 0;
  private schema = 3;

  constructor(
    private readonly r: () => number,
    private readonly mu: number,
  ) {}

  observe(n: number): void {
    for (let k = 0; k < n; k++) {
      const normal = Math.sqrt(-2 * Math.log(1 - this.r())) * Math.cos(2 * Math.PI * this.r());
      const v = Math.exp(this.mu + 0.5 * normal);
      const idx = Math.ceil(Math.log2(v) * 2 ** this.schema);
      this.buckets.set(idx, (this.buckets.get(idx) ?? 0) + 1);
      this.count++;
      this.sum += v;
    }
  }

  /** reset starts the histogram over, as a restarted process does (a counter reset). */
  reset(): void {
    this.buckets = new Map();
    this.count = 0;
    this.sum = 0;
  }

  /** reduce halves the resolution (schema - 1), as a client library does when it passes its bucket limit. */
  reduce(): void {
    const next = new Map<number, number>();
    for (const [i, c] of this.buckets) next.set(Math.ceil(i / 2), (next.get(Math.ceil(i / 2)) ?? 0) + c);
    this.buckets = next;
    this.schema--;
  }

  histogram(): FloatHistogram {
    const index = [...this.buckets.keys()].sort((a, b) => a - b);
    return {
      schema: this.schema,
      zeroThreshold: 2.938735877055719e-39,
      zeroCount: 0,
      count: this.count,
      sum: this.sum,
      positive: { index, count: index.map((i) => this.buckets.get(i)!) },
      negative: { index: [], count: [] },
      counterResetHint: 'unknown',
    };
  }

  populated(): number {
    return this.buckets.size;
  }
}

/** histogramBench measures native histogram storage: bytes per sample, head memory per series, append rate. */
export async function histogramBench(report: Report): Promise<void> {
  const r = rng(11);
  const hs = Array.from({ length: HIST_SERIES }, (_, i) => new LatencyHistogram(r, -3 + (i % 10) * 0.2));
  for (const h of hs) h.observe(2_000);
  const labels = Array.from({ length: HIST_SERIES }, (_, i) => ['__name__', 'http_request_duration_seconds', 'handler', `/api/${i}`, 'job', 'app']);
  const before = await heapNow();
  const head = new Head();
  const refs = new Uint32Array(HIST_SERIES);
  let took = 0;
  for (let s = 0; s < STEPS + 60; s++) {
    const t = T0 + s * 15_000 + Math.floor(r() * 5) - 2;
    const batch = hs.map((h) => {
      h.observe(Math.floor(r() * 40));
      return h.histogram();
    });
    const started = cpuNow();
    const app = head.appender();
    for (let i = 0; i < HIST_SERIES; i++) refs[i] = app.appendHistogram(refs[i], labels[i], t, batch[i], T0 - 3_600_000);
    await app.commit();
    took += cpuNow() - started;
    if (s === STEPS - 1) {
      head.recodePending();
      report('tsdb_histogram_bytes_per_sample', await bytesPerSample(head), 'bytes');
    }
  }
  head.recodePending();
  report('tsdb_histogram_populated_buckets', hs.reduce((a, h) => a + h.populated(), 0) / HIST_SERIES, 'buckets');
  report('tsdb_histogram_bytes_per_sample_open', await bytesPerSample(head), 'bytes');
  report('tsdb_histogram_heap_bytes_per_series', Math.round(((await heapNow()) - before) / HIST_SERIES), 'bytes');
  report('tsdb_histogram_append_samples_per_s', Math.round((HIST_SERIES * (STEPS + 60)) / (took / 1000)), 'samples/s');
}

const CHANGING_SERIES = 200;

/**
 * changingHistogramBench measures bytes per sample of histograms whose layout changes now and then: each scrape, a
 * series' process restarts with probability 1/200 (a counter reset) and its client library halves the resolution
 * with probability 1/400 (a schema change, down to schema 0); both cut a chunk.
 */
export async function changingHistogramBench(report: Report): Promise<void> {
  const r = rng(13);
  const hs = Array.from({ length: CHANGING_SERIES }, (_, i) => new LatencyHistogram(r, -3 + (i % 10) * 0.2));
  for (const h of hs) h.observe(2_000);
  const labels = Array.from({ length: CHANGING_SERIES }, (_, i) => ['__name__', 'rpc_duration_seconds', 'method', `m${i}`, 'job', 'app']);
  const head = new Head();
  const refs = new Uint32Array(CHANGING_SERIES);
  const schemas = new Int32Array(CHANGING_SERIES).fill(3);
  for (let s = 0; s < STEPS; s++) {
    const t = T0 + s * 15_000 + Math.floor(r() * 5) - 2;
    const app = head.appender();
    for (let i = 0; i < CHANGING_SERIES; i++) {
      const h = hs[i];
      if (r() < 1 / 200) h.reset();
      if (schemas[i] > 0 && r() < 1 / 400) {
        h.reduce();
        schemas[i]--;
      }
      h.observe(Math.floor(r() * 40));
      refs[i] = app.appendHistogram(refs[i], labels[i], t, h.histogram());
    }
    await app.commit();
  }
  head.recodePending();
  report('tsdb_histogram_changing_bytes_per_sample', await bytesPerSample(head), 'bytes');
}

const ST_SERIES = 50_000;
const ST_STEPS = 250;

/** startTimestampBench measures appending float samples that carry a start timestamp each. */
export async function startTimestampBench(report: Report): Promise<void> {
  const head = new Head();
  const refs = new Uint32Array(ST_SERIES);
  const labels = Array.from({ length: ST_SERIES }, (_, i) => ['__name__', `app_counter_${i % 100}_total`, 'instance', `i-${Math.floor(i / 100)}`]);
  let took = 0;
  let worst = 0;
  for (let s = 0; s < ST_STEPS; s++) {
    const started = cpuNow();
    const app = head.appender();
    for (let i = 0; i < ST_SERIES; i++) refs[i] = app.append(refs[i], labels[i], T0 + s * 15_000, s * (i % 7), T0 - 600_000 - i);
    await app.commit();
    const spent = cpuNow() - started;
    took += spent;
    if (s > 10 && spent > worst) worst = spent;
  }
  head.recodePending();
  report('tsdb_st_append_samples_per_s', Math.round((ST_SERIES * ST_STEPS) / (took / 1000)), 'samples/s');
  report('tsdb_st_worst_commit_ms', worst, 'ms');
  report('tsdb_st_bytes_per_sample', await bytesPerSample(head), 'bytes');
}

/** bench runs the TSDB benchmarks. */
export default async function bench(report: Report): Promise<void> {
  await histogramBench(report);
  await changingHistogramBench(report);
  await startTimestampBench(report);
  await decodeBench(await appendBench(report), report);
  await alignedBench(report);
  await selectBench(report);
  await restoreBench(report);
}
