/**
 * RemoteWriteQueue sends one endpoint's samples in order, one request at a time, as Prometheus's QueueManager does
 * with a single shard: a batch leaves when it holds max_samples_per_send samples or when its oldest sample has
 * waited batch_send_deadline. Samples are numbered in the order they arrive; the queue keeps (and persists) the
 * segments after its cursor, drops the oldest beyond capacity, and retries recoverable failures with backoff.
 */
import type { Labels } from '../model/labels';
import type { MetricMetadata } from '../model/metadata';
import type { Clock, FetchFn, TimerHandle } from '../scrape/clock';
import type { RemoteWriteConfig } from './config';
import type { QueueStore } from './queue_store';
import { encodeBatch, segmentEnd, type Batch, type Segment, type SegmentBuilder } from './segment';
import {
  describeFailure,
  headerModes,
  nextBackoff,
  outcomeOf,
  remoteRequestInit,
  retryAfterMs,
  writtenCounts,
  type HeaderMode,
  type WrittenCounts,
} from './send';

/** DropReason says why samples were dropped before sending: write relabeling or the queue's capacity. */
export type DropReason = 'dropped_series' | 'queue_full';

/** QueueStats are one queue's counters and state, read by the self-metrics and the status table. */
export interface QueueStats {
  name: string;
  url: string;
  /** sent counts samples the endpoint accepted. */
  sent: number;
  /** failed counts samples of batches refused for good (4xx other than a retried 429). */
  failed: number;
  /** retried counts samples of attempts that failed recoverably (each retry counts again). */
  retried: number;
  dropped: Record<DropReason, number>;
  pending: number;
  /** bytes counts compressed request bytes the endpoint accepted. */
  bytes: number;
  /** highestSent and highestEnqueued are timestamps in ms (0 before the first). */
  highestSent: number;
  highestEnqueued: number;
  lastError: string;
  lastErrorTime: number;
  lastSend: number;
  headerMode: HeaderMode;
  /** protobufMessage is the request message this queue sends. */
  protobufMessage: RemoteWriteConfig['protobufMessage'];
  /** histogramsSent counts the native histogram samples among `sent`. */
  histogramsSent: number;
  /** histogramsSkipped counts native histogram samples left out because send_native_histograms is off. */
  histogramsSkipped: number;
  /** written is what the receiver last said it wrote (remote write 2.0 response headers), null until it says. */
  written: WrittenCounts | null;
}

/** MetadataLookup finds a series' metric metadata (type, help, unit) for remote write 2.0. */
export type MetadataLookup = (labels: Labels) => MetricMetadata | undefined;

/** QueueDeps are the queue's outside world: persistence, network and time. */
export interface QueueDeps {
  store: QueueStore;
  fetch: FetchFn;
  clock: Clock;
  /** metadata returns a lookup over the current metadata (called once per remote write 2.0 batch). */
  metadata?: () => MetadataLookup;
}

interface Attempt {
  status: number | null;
  text: string;
  retryAfter: string | null;
  written?: WrittenCounts;
  error?: unknown;
}

/** RemoteWriteQueue is the sending side of one remote_write entry. */
export class RemoteWriteQueue {
  readonly stats: QueueStats;
  private segments: Segment[] = [];
  private times: number[] = [];
  private next = 0;
  private cursor = 0;
  private skipTo = 0;
  private inflight: { batch: Batch; backoff: number } | null = null;
  private timer: TimerHandle | null = null;
  private abort: AbortController | null = null;
  private running = false;
  private ready: Promise<void> | null = null;

  constructor(
    readonly name: string,
    readonly cfg: RemoteWriteConfig,
    private readonly deps: QueueDeps,
  ) {
    this.stats = {
      name,
      url: cfg.url,
      sent: 0,
      failed: 0,
      retried: 0,
      dropped: { dropped_series: 0, queue_full: 0 },
      pending: 0,
      bytes: 0,
      highestSent: 0,
      highestEnqueued: 0,
      lastError: '',
      lastErrorTime: 0,
      lastSend: 0,
      headerMode: 'full',
      protobufMessage: cfg.protobufMessage,
      histogramsSent: 0,
      histogramsSkipped: 0,
      written: null,
    };
  }

  /** start loads what a previous run left unsent and begins sending. */
  start(): Promise<void> {
    this.running = true;
    this.ready ??= this.deps.store.load(this.name).then((s) => {
      this.segments = s.segments;
      this.times = s.segments.map(() => 0);
      this.cursor = s.cursor;
      const last = s.segments.at(-1);
      this.next = last ? Math.max(segmentEnd(last), s.cursor) : s.cursor;
      this.stats.pending = this.next - this.cursor;
      this.kick();
    });
    return this.ready;
  }

  /** stop ends sending (an in-flight request is aborted); what is unsent stays persisted for the next start. */
  stop(): void {
    this.running = false;
    this.clearTimer();
    this.abort?.abort();
  }

  /** enqueue adds one commit's samples (after relabeling); they are persisted before the next commit's. */
  enqueue(b: SegmentBuilder): void {
    if (b.length === 0 || !this.ready) return;
    void this.ready.then(() => this.push(b));
  }

  /** dropped counts samples dropped before they reached the queue. */
  dropped(reason: DropReason, n: number): void {
    this.stats.dropped[reason] += n;
  }

  /** busy reports whether a request is in flight or a deadline or retry is waiting. */
  get busy(): boolean {
    return this.inflight !== null || this.timer !== null;
  }

  private push(b: SegmentBuilder): void {
    if (!this.running) return;
    const seg = b.finish(this.next);
    this.next = segmentEnd(seg);
    this.segments.push(seg);
    this.times.push(this.deps.clock.now());
    for (const t of seg.t) if (t > this.stats.highestEnqueued) this.stats.highestEnqueued = t;
    this.persist(this.deps.store.append(this.name, seg));
    this.enforceCapacity();
    this.stats.pending = this.next - this.cursor;
    this.kick();
  }

  private sendFrom(): number {
    return this.inflight ? Math.max(this.inflight.batch.to, this.skipTo) : this.cursor;
  }

  private enforceCapacity(): void {
    const from = this.sendFrom();
    const over = this.next - from - this.cfg.queueConfig.capacity;
    if (over <= 0) return;
    this.stats.dropped.queue_full += over;
    if (this.inflight) this.skipTo = from + over;
    else this.advance(from + over);
  }

  private advance(cursor: number): void {
    this.cursor = cursor;
    while (this.segments.length > 0 && segmentEnd(this.segments[0]) <= cursor) {
      this.segments.shift();
      this.times.shift();
    }
    this.stats.pending = this.next - this.cursor;
    this.persist(this.deps.store.ack(this.name, cursor, this.segments[0]?.first ?? cursor));
  }

  /** persist reports a failed IndexedDB write (quota, a closed database) as the last error; sending goes on. */
  private persist(write: Promise<void>): void {
    write.catch((e: unknown) => {
      this.stats.lastError = `could not keep the queue in IndexedDB (a reload may lose pending samples): ${(e as Error)?.message ?? e}`;
      this.stats.lastErrorTime = this.deps.clock.now();
    });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private kick(): void {
    if (!this.running || this.inflight) return;
    const queued = this.next - this.cursor;
    if (queued <= 0) {
      this.clearTimer();
      return;
    }
    const q = this.cfg.queueConfig;
    const now = this.deps.clock.now();
    const dueAt = (this.times[0] ?? 0) + q.batchSendDeadline;
    if (queued >= q.maxSamplesPerSend || now >= dueAt) {
      this.clearTimer();
      const message = this.cfg.protobufMessage;
      const metadata = message === 'io.prometheus.write.v2.Request' ? this.deps.metadata?.() : undefined;
      const batch = encodeBatch(this.segments, this.cursor, Math.min(this.next, this.cursor + q.maxSamplesPerSend), { message, metadata });
      this.inflight = { batch, backoff: q.minBackoff };
      void this.attempt();
    } else if (this.timer === null) {
      this.timer = this.deps.clock.setTimeout(() => {
        this.timer = null;
        this.kick();
      }, dueAt - now);
    }
  }

  private async post(body: Uint8Array, mode: HeaderMode, signal: AbortSignal): Promise<Attempt> {
    try {
      const res = await this.deps.fetch(this.cfg.url, remoteRequestInit(this.cfg, body, mode, signal));
      if (res.type === 'opaque') return { status: 0, text: '', retryAfter: null };
      const text = res.status >= 300 ? await res.text().catch(() => '') : '';
      if (res.status < 300) await res.body?.cancel().catch(() => undefined);
      return { status: res.status, text, retryAfter: res.headers.get('Retry-After'), written: writtenCounts(res.headers) };
    } catch (error) {
      return { status: null, text: '', retryAfter: null, error };
    }
  }

  private async attempt(): Promise<void> {
    const flight = this.inflight;
    if (!flight || !this.running) return;
    const ac = new AbortController();
    this.abort = ac;
    const timeout = this.deps.clock.setTimeout(() => ac.abort(new Error(`request timed out after ${this.cfg.remoteTimeout} ms`)), this.cfg.remoteTimeout);
    let r = await this.post(flight.batch.body, this.stats.headerMode, ac.signal);
    // A request refused by CORS fails like a network error: try the plainer kinds of request before calling it one.
    const modes = headerModes(this.cfg);
    for (let m = modes.indexOf(this.stats.headerMode) + 1; r.status === null && m > 0 && m < modes.length && !ac.signal.aborted; m++) {
      const plainer = await this.post(flight.batch.body, modes[m], ac.signal);
      if (plainer.status !== null) {
        this.stats.headerMode = modes[m];
        r = plainer;
      }
    }
    this.deps.clock.clearTimeout(timeout);
    if (!this.running || this.inflight !== flight) return;
    const n = flight.batch.to - flight.batch.from;
    const now = this.deps.clock.now();
    const outcome = r.status === null ? 'retry' : outcomeOf(r.status, this.cfg.queueConfig.retryOnRateLimit);
    if (outcome === 'sent') {
      const short = this.shortfall(flight.batch, r.written);
      this.stats.sent += n - short;
      this.stats.histogramsSent += flight.batch.histograms;
      this.stats.bytes += flight.batch.body.length;
      this.stats.lastSend = now;
      if (flight.batch.highest > this.stats.highestSent) this.stats.highestSent = flight.batch.highest;
      this.finish();
      return;
    }
    this.stats.lastError = describeFailure(r.status, r.text, ac.signal.aborted ? ac.signal.reason : r.error);
    this.stats.lastErrorTime = now;
    if (outcome === 'drop') {
      this.stats.failed += n;
      this.finish();
      return;
    }
    this.stats.retried += n;
    const delay = retryAfterMs(r.retryAfter, now) ?? flight.backoff;
    flight.backoff = nextBackoff(flight.backoff, this.cfg.queueConfig.maxBackoff);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, delay);
  }

  /**
   * shortfall compares what a 2.0 receiver says it wrote with what the batch held; the difference counts as failed
   * (as Prometheus treats a partial write) and is the last error. A receiver that says nothing wrote everything.
   */
  private shortfall(batch: Batch, written: WrittenCounts | undefined): number {
    if (!written || (written.samples === null && written.histograms === null && written.exemplars === null)) return 0;
    this.stats.written = written;
    if (this.cfg.protobufMessage !== 'io.prometheus.write.v2.Request') return 0;
    const got = (written.samples ?? batch.samples) + (written.histograms ?? batch.histograms);
    const short = Math.max(0, batch.samples + batch.histograms - got);
    if (short > 0) {
      this.stats.failed += short;
      this.stats.lastError = `the receiver wrote ${written.samples ?? '?'} of ${batch.samples} samples and ${written.histograms ?? '?'} of ${batch.histograms} histograms (a partial write)`;
      this.stats.lastErrorTime = this.deps.clock.now();
    }
    return short;
  }

  /** skippedHistograms counts native histogram samples not queued because send_native_histograms is off. */
  skippedHistograms(n: number): void {
    this.stats.histogramsSkipped += n;
  }

  private finish(): void {
    const flight = this.inflight!;
    this.inflight = null;
    this.abort = null;
    this.advance(Math.max(flight.batch.to, this.skipTo));
    this.kick();
  }
}
