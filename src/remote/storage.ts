/**
 * RemoteWriteStorage is the remote-write side of Promtab, after Prometheus's WriteStorage: it taps the appendable so
 * every committed sample (float or native histogram, with its start timestamp, stale markers included) reaches each
 * configured queue, with the global external labels added and the entry's write_relabel_configs applied, and it
 * runs the queues only while this worker is the writer. Histograms go only to entries with send_native_histograms.
 */
import type { FloatHistogram } from '../model/histogram';
import { LabelsBuilder, labelsEqual, labelsFromObject, labelsGet, METRIC_NAME, type Labels, type LabelsObject } from '../model/labels';
import type { MetricMetadata } from '../model/metadata';
import type { Appendable, Appender } from '../model/storage';
import type { Exemplar } from '../model/exemplar';
import { realClock, type Clock, type FetchFn } from '../scrape/clock';
import { compileRelabel, relabel, type CompiledRelabel } from '../scrape/relabel';
import { remoteName, type RemoteWriteConfig } from './config';
import { RemoteWriteQueue, type MetadataLookup, type QueueStats } from './queue';
import type { QueueStore } from './queue_store';
import { SegmentBuilder } from './segment';

/** RemoteWriteOptions wires the storage to persistence, network and time. */
export interface RemoteWriteOptions {
  store: QueueStore;
  fetch?: FetchFn;
  clock?: Clock;
  /** metadata returns the scraped metadata by metric family (as /api/v1/metadata), for remote write 2.0. */
  metadata?: () => Record<string, readonly MetricMetadata[]>;
}

/** FAMILY_SUFFIXES are the sample-name suffixes a metric family's name lacks (counters, classic histograms, summaries). */
const FAMILY_SUFFIXES = ['_total', '_bucket', '_count', '_sum', '_created', '_info', '_gcount', '_gsum'];

/** metadataLookup finds a series' metadata by its metric name, or by the family name without a sample suffix. */
export function metadataLookup(byFamily: Record<string, readonly MetricMetadata[]>): MetadataLookup {
  return (labels) => {
    const name = labelsGet(labels, METRIC_NAME);
    const direct = byFamily[name]?.[0];
    if (direct) return direct;
    for (const suffix of FAMILY_SUFFIXES) if (name.endsWith(suffix)) {
      const m = byFamily[name.slice(0, -suffix.length)]?.[0];
      if (m) return m;
    }
    return undefined;
  };
}

interface Entry {
  key: string;
  queue: RemoteWriteQueue;
  rules: CompiledRelabel[];
  /** cache maps an appended label set (by identity) to what this queue sends, or null when relabeling drops it. */
  cache: WeakMap<Labels, Labels | null>;
}

/** Committed is one commit's samples as the tap collected them (st and h only once some sample has one). */
interface Committed {
  labels: Labels[];
  t: Float64Array;
  v: Float64Array;
  st: Float64Array | null;
  h: (FloatHistogram | null)[] | null;
  /** ex lists the commit's exemplars, each after the sample (index) appended before it; null when none. */
  ex: { after: number; labels: Labels; e: Exemplar }[] | null;
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
      const queue = new RemoteWriteQueue(name, c, this.deps());
      if (old) queue.stats.dropped = old.queue.stats.dropped;
      this.entries.set(name, { key, queue, rules: compileRelabel(c.writeRelabelConfigs), cache: new WeakMap() });
      if (this.running) void queue.start();
    }
  }

  private deps() {
    const md = this.opts.metadata;
    return { store: this.opts.store, fetch: this.fetchFn, clock: this.clock, metadata: md ? () => metadataLookup(md()) : undefined };
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
      const fresh = new RemoteWriteQueue(name, e.queue.cfg, this.deps());
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
    const got: Committed = { labels: [], t: new Float64Array(64), v: new Float64Array(64), st: null, h: null, ex: null };
    const slot = (labels: Labels, t: number, st: number | undefined): number => {
      const i = got.labels.length;
      if (i === got.t.length) grow(got);
      got.labels.push(labels);
      got.t[i] = t;
      if (st && !got.st) got.st = new Float64Array(got.t.length);
      if (got.st) got.st[i] = st ?? 0;
      return i;
    };
    return {
      append: (ref, labels, t, v, st) => {
        const r = a.append(ref, labels, t, v, st);
        got.v[slot(labels, t, st)] = v;
        return r;
      },
      appendHistogram: (ref, labels, t, h, st) => {
        const r = a.appendHistogram(ref, labels, t, h, st);
        const i = slot(labels, t, st);
        got.h ??= [];
        while (got.h.length < i) got.h.push(null);
        got.h[i] = h;
        return r;
      },
      ...(a.appendExemplar
        ? {
            appendExemplar: (ref: number, labels: Labels, e: Exemplar) => {
              const r = a.appendExemplar!(ref, labels, e);
              (got.ex ??= []).push({ after: got.labels.length - 1, labels, e });
              return r;
            },
          }
        : {}),
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
    const n = got.labels.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) if (got.t[i] > this.highestTimestamp) this.highestTimestamp = got.t[i];
    for (const e of this.entries.values()) {
      const b = new SegmentBuilder();
      const histograms = e.queue.cfg.sendNativeHistograms;
      const exemplars = e.queue.cfg.sendExemplars ? got.ex : null;
      let x = 0;
      let dropped = 0;
      let skipped = 0;
      for (let i = 0; i < n; i++) {
        const h = got.h?.[i];
        if (h && !histograms) {
          skipped++;
          continue;
        }
        const ls = this.sendLabels(e, got.labels[i]);
        const st = got.st ? got.st[i] : 0;
        if (ls === null) dropped++;
        else if (h) b.addHistogram(ls, got.t[i], h, st);
        else b.add(ls, got.t[i], got.v[i], st);
        if (!exemplars || ls === null) continue;
        while (x < exemplars.length && exemplars[x].after < i) x++;
        for (; x < exemplars.length && exemplars[x].after === i; x++) {
          if (labelsEqual(exemplars[x].labels, got.labels[i])) b.addExemplar(ls, exemplars[x].e);
        }
      }
      if (dropped > 0) e.queue.dropped('dropped_series', dropped);
      if (skipped > 0) e.queue.skippedHistograms(skipped);
      e.queue.enqueue(b);
    }
  }
}

/** grow doubles a Committed's columns, keeping the value words exact. */
function grow(got: Committed): void {
  const n = got.t.length * 2;
  const t = new Float64Array(n);
  t.set(got.t);
  const v = new Float64Array(n);
  new Uint32Array(v.buffer).set(new Uint32Array(got.v.buffer));
  got.t = t;
  got.v = v;
  if (got.st) {
    const st = new Float64Array(n);
    st.set(got.st);
    got.st = st;
  }
}
