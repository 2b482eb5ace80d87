/**
 * RemoteWriteStorage is the remote-write side of Promtab, after Prometheus's WriteStorage: it taps the appendable so
 * every committed sample (stale markers included) reaches each configured queue, with the global external labels
 * added and the entry's write_relabel_configs applied, and it runs the queues only while this worker is the writer.
 */
import { LabelsBuilder, labelsFromObject, type Labels, type LabelsObject } from '../model/labels';
import type { FloatHistogram } from '../model/histogram';
import type { Appendable, Appender } from '../model/storage';
import { realClock, type Clock, type FetchFn } from '../scrape/clock';
import { compileRelabel, relabel, type CompiledRelabel } from '../scrape/relabel';
import { remoteName, type RemoteWriteConfig } from './config';
import { RemoteWriteQueue, type QueueStats } from './queue';
import type { QueueStore } from './queue_store';
import { SegmentBuilder } from './segment';

/** RemoteWriteOptions wires the storage to persistence, network and time. */
export interface RemoteWriteOptions {
  store: QueueStore;
  fetch?: FetchFn;
  clock?: Clock;
}

interface Entry {
  key: string;
  queue: RemoteWriteQueue;
  rules: CompiledRelabel[];
  /** cache maps an appended label set (by identity) to what this queue sends, or null when relabeling drops it. */
  cache: WeakMap<Labels, Labels | null>;
}

/** Committed is one commit's samples as the tap collected them: floats, and native histograms apart. */
interface Committed {
  labels: Labels[];
  t: Float64Array;
  v: Float64Array;
  histograms: { labels: Labels; t: number; h: FloatHistogram }[];
}

/** RemoteWriteStorage owns the remote-write queues of one Promtab. */
export class RemoteWriteStorage {
  private readonly entries = new Map<string, Entry>();
  private external: Labels = [];
  private running = false;
  private readonly fetchFn: FetchFn;
  private readonly clock: Clock;
  /** highestTimestamp is the newest timestamp (ms) that came in through the tap. */
  highestTimestamp = 0;

  constructor(private readonly opts: RemoteWriteOptions) {
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = opts.clock ?? realClock;
  }

  /** applyConfig sets the endpoints; an unchanged entry keeps its queue, a removed one's persisted samples are deleted. */
  applyConfig(cfgs: readonly RemoteWriteConfig[], externalLabels: LabelsObject = {}): void {
    const external = labelsFromObject(externalLabels);
    const extKey = external.join('\xff');
    const next = new Map<string, RemoteWriteConfig>();
    for (const c of cfgs) next.set(remoteName(c), c);
    for (const [name, e] of this.entries) {
      if (next.has(name)) continue;
      e.queue.stop();
      this.entries.delete(name);
      if (this.running) void this.opts.store.clear(name);
    }
    this.external = external;
    for (const [name, c] of next) {
      const key = `${JSON.stringify({ ...c, line: 0 })}\xff${extKey}`;
      const old = this.entries.get(name);
      if (old?.key === key) continue;
      old?.queue.stop();
      const queue = new RemoteWriteQueue(name, c, { store: this.opts.store, fetch: this.fetchFn, clock: this.clock });
      if (old) queue.stats.dropped = old.queue.stats.dropped;
      this.entries.set(name, { key, queue, rules: compileRelabel(c.writeRelabelConfigs), cache: new WeakMap() });
      if (this.running) void queue.start();
    }
  }

  /** start runs the queues (this worker became the writer). */
  start(): void {
    this.running = true;
    for (const e of this.entries.values()) void e.queue.start();
  }

  /** stop ends sending; unsent samples stay persisted for whichever worker writes next. */
  stop(): void {
    this.running = false;
    for (const [name, e] of this.entries) {
      e.queue.stop();
      const fresh = new RemoteWriteQueue(name, e.queue.cfg, { store: this.opts.store, fetch: this.fetchFn, clock: this.clock });
      fresh.stats.dropped = e.queue.stats.dropped;
      e.queue = fresh;
    }
  }

  /** stats returns every queue's counters, in configuration order. */
  stats(): QueueStats[] {
    return [...this.entries.values()].map((e) => e.queue.stats);
  }

  /** queue returns a queue by name (for tests and benches). */
  queue(name: string): RemoteWriteQueue | undefined {
    return this.entries.get(name)?.queue;
  }

  /** appendable wraps inner so that every committed sample is also queued for each endpoint. */
  appendable(inner: Appendable): Appendable {
    return {
      appender: (): Appender => {
        const a = inner.appender();
        if (!this.running || this.entries.size === 0) return a;
        return this.tap(a);
      },
    };
  }

  private tap(a: Appender): Appender {
    const got: Committed = { labels: [], t: new Float64Array(64), v: new Float64Array(64), histograms: [] };
    return {
      append: (ref, labels, t, v, st) => {
        const r = a.append(ref, labels, t, v, st);
        const i = got.labels.length;
        if (i === got.t.length) {
          const tt = new Float64Array(i * 2);
          tt.set(got.t);
          const vv = new Float64Array(i * 2);
          new Uint32Array(vv.buffer).set(new Uint32Array(got.v.buffer));
          got.t = tt;
          got.v = vv;
        }
        got.labels.push(labels);
        got.t[i] = t;
        got.v[i] = v;
        return r;
      },
      appendHistogram: (ref, labels, t, h, st) => {
        const r = a.appendHistogram(ref, labels, t, h, st);
        got.histograms.push({ labels, t, h });
        return r;
      },
      commit: async () => {
        await a.commit();
        this.committed(got);
      },
      rollback: () => a.rollback(),
    };
  }

  private sendLabels(e: Entry, ls: Labels): Labels | null {
    let out = e.cache.get(ls);
    if (out !== undefined) return out;
    let withExternal = ls;
    if (this.external.length > 0) {
      const b = new LabelsBuilder(ls);
      for (let i = 0; i < this.external.length; i += 2) if (b.get(this.external[i]) === '') b.set(this.external[i], this.external[i + 1]);
      withExternal = b.labels();
    }
    out = relabel(withExternal, e.rules);
    if (out !== null && out.length === 0) out = null;
    e.cache.set(ls, out);
    return out;
  }

  private committed(got: Committed): void {
    this.committedHistograms(got.histograms);
    const n = got.labels.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) if (got.t[i] > this.highestTimestamp) this.highestTimestamp = got.t[i];
    for (const e of this.entries.values()) {
      const b = new SegmentBuilder();
      let dropped = 0;
      for (let i = 0; i < n; i++) {
        const ls = this.sendLabels(e, got.labels[i]);
        if (ls === null) dropped++;
        else b.add(ls, got.t[i], got.v[i]);
      }
      if (dropped > 0) e.queue.dropped('dropped_series', dropped);
      e.queue.enqueue(b);
    }
  }

  /**
   * committedHistograms accounts for one commit's native histogram samples. The queues' segments carry floats only,
   * so each histogram a queue would send (after relabeling) is counted as dropped for `unsupported_histogram`: visible
   * in the queue's status and in prometheus_remote_storage_samples_dropped_total, never lost silently.
   */
  private committedHistograms(hs: Committed['histograms']): void {
    if (hs.length === 0) return;
    for (const x of hs) if (x.t > this.highestTimestamp) this.highestTimestamp = x.t;
    for (const e of this.entries.values()) {
      let relabeled = 0;
      let unsupported = 0;
      for (const x of hs) {
        if (this.sendLabels(e, x.labels) === null) relabeled++;
        else unsupported++;
      }
      if (relabeled > 0) e.queue.dropped('dropped_series', relabeled);
      if (unsupported > 0) e.queue.dropped('unsupported_histogram', unsupported);
    }
  }
}
