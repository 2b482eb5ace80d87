/**
 * Head is the TSDB: in-memory series with an inverted index and XOR chunks, optionally persisted to IndexedDB in
 * batched flushes (see idb_store.ts). It implements the storage seam (Appendable and Queryable).
 */
import { labelsEqual, labelsHash, type Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import type { Appendable, Appender, Queryable, Querier, SeriesRef } from '../model/storage';
import { MAX_XOR_SAMPLES } from './chunkenc/chunk';
import { COUNT, F64_STRIDE, I32_STRIDE, T, VHI, VLO, xorAppendAt } from './chunkenc/xor';
import type { CounterResetHint, FloatHistogram } from '../model/histogram';
import { detectReset } from '../model/histogram_ops';
import { HIST_HI, HIST_LO, decodeExt, isHistWords, type ExtEntry } from './chunkenc/ext';
import { isStaleWords } from '../model/value';
import { HeadAppender, type ExtBatch } from './head_append';
import { MemPostings } from './index/mempostings';
import { MemSeries, SeriesColumns } from './memseries';
import { RecodeQueue } from './recode_queue';
import { HeadQuerier, matchingSeries, selectChunks, type ChunkSeries, type HeadReader, type PersistedChunkReader } from './querier';
import { headStatus, type TsdbStatusData } from './status';
import { SampleLogBuffer } from './sample_log';
import type { CheckpointEntry, FlushChunk, FlushData, HeadStore, RestoredHead } from './store';
import { IdbStore } from './idb_store';
import { QuotaGuard } from './quota';

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** DAY_MS is one day in milliseconds. */
export const DAY_MS = 86_400_000;

/** KEPT_NOTICE_MS is the least time between two notices about history deleted to keep to the quota's limit. */
const KEPT_NOTICE_MS = 60_000;

/** StorageNotice is something the owner should tell the user (storage full, retention applied after a quota error). */
export interface StorageNotice {
  /** replaced: a newer Promtab upgraded the database from another tab, and this head stopped saving. */
  kind: 'quota_exceeded' | 'flush_failed' | 'replaced';
  message: string;
}

/** HeadOptions configures a head. */
export interface HeadOptions {
  /** retentionMs is the time retention (default 7 days), measured back from the newest sample. */
  retentionMs?: number;
  /** retentionBytes is the persisted-chunk budget (0: none). */
  retentionBytes?: number;
  /** chunkSamples is the number of samples at which a chunk is cut (default 120, at most MAX_XOR_SAMPLES). */
  chunkSamples?: number;
  /** memoryWindowMs keeps persisted chunks this recent in memory too (default 2 h). */
  memoryWindowMs?: number;
  /** checkpointEvery writes the full head checkpoint every this many flushes, the sample log otherwise (default 12). */
  checkpointEvery?: number;
  /** onNotice receives storage notices. */
  onNotice?: (n: StorageNotice) => void;
}

/** HeadStats counts what commits dropped. */
export interface HeadStats {
  /** droppedOnCommit counts samples that became out of order between append and commit (concurrent appenders). */
  droppedOnCommit: number;
}

/** Head holds series, postings and chunks. */
export class Head implements Appendable, Queryable, HeadReader {
  readonly postings = new MemPostings();
  readonly stats: HeadStats = { droppedOnCommit: 0 };
  /** epoch names this head instance for readers that keep label sets by ref (refs are never reused within it). */
  readonly epoch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private store: HeadStore | null = null;
  private readonly opts: Required<HeadOptions>;
  /** cols holds the series' hot state (open chunks, last samples, pending transactions) indexed by ref. */
  readonly cols = new SeriesColumns();
  private readonly all: (MemSeries | undefined)[] = [];
  private nextRef = 1;
  private minTime = Infinity;
  private maxTime = -Infinity;
  private unflushed: CutChunk[] = [];
  private newSeries: number[] = [];
  private deleted = new Map<number, Float64Array>();
  private readonly byHash = new Map<number, MemSeries | MemSeries[]>();
  private readonly interned = new Map<string, string>();
  private flushing: Promise<void> = Promise.resolve();
  private log: SampleLogBuffer | null = null;
  private flushesSinceCheckpoint = Infinity;
  /** savedMaxTime is the newest sample time (ms) the last successful flush covered (-Infinity before one). */
  savedMaxTime = -Infinity;
  private readonly recodeQueue = new RecodeQueue();
  private checkpointDeferrals = 0;
  private readonly quota = new QuotaGuard();
  /** kept sums the history deleted to keep to the quota's limit since the last notice saying so. */
  private kept = { freed: 0, droppedBefore: -Infinity, toldAt: 0 };

  constructor(opts: HeadOptions = {}) {
    this.opts = {
      retentionMs: opts.retentionMs ?? 7 * DAY_MS,
      retentionBytes: opts.retentionBytes ?? 0,
      chunkSamples: Math.min(opts.chunkSamples ?? 120, MAX_XOR_SAMPLES),
      memoryWindowMs: opts.memoryWindowMs ?? 2 * 3_600_000,
      checkpointEvery: opts.checkpointEvery ?? 12,
      onNotice: opts.onNotice ?? (() => {}),
    };
  }

  /** persisted reads chunks that live only in IndexedDB (null in memory mode). */
  get persisted(): PersistedChunkReader | null {
    return this.store;
  }

  /** appender starts a transaction. */
  appender(): Appender {
    return new HeadAppender(this);
  }

  /** querier reads the head (and persisted chunks). */
  querier(): Querier {
    return new HeadQuerier(this);
  }

  /**
   * selectChunks returns matching series as raw chunk bytes (copies, safe to transfer) for a thread that decodes
   * them with decodeChunkSeries.
   */
  selectChunks(matchers: readonly Matcher[], mint: number, maxt: number): Promise<ChunkSeries[]> {
    return selectChunks(this, matchers, mint, maxt, true);
  }

  /** seriesByRef returns a live series. */
  seriesByRef(ref: SeriesRef): MemSeries | undefined {
    return this.all[ref];
  }

  /** tombstones returns a series' deleted intervals. */
  tombstones(ref: number): Float64Array | undefined {
    return this.deleted.get(ref);
  }

  /** numSeries returns the number of live series. */
  numSeries(): number {
    return this.postings.allPostings().length;
  }

  /** bounds returns the head's [minTime, maxTime] (Infinity/-Infinity when empty). */
  bounds(): { minTime: number; maxTime: number } {
    return { minTime: this.minTime, maxTime: this.maxTime };
  }

  /** getOrCreate returns the series with these labels, creating it (visible to the index at once, empty). */
  getOrCreate(labels: Labels): MemSeries {
    const h = labelsHash(labels);
    const found = this.byHash.get(h);
    if (found) {
      if (!Array.isArray(found)) {
        if (labelsEqual(found.labels, labels)) return found;
      } else {
        for (const s of found) if (labelsEqual(s.labels, labels)) return s;
      }
    }
    if (labels.length === 0) throw new Error('head: empty label set');
    const ref = this.nextRef++;
    const s = new MemSeries(ref, labels.map((x) => this.intern(x)), this.cols, this.cols.take(ref));
    this.addSeries(s, h);
    if (this.store) this.newSeries.push(s.ref);
    return s;
  }

  private addSeries(s: MemSeries, h = labelsHash(s.labels)): void {
    const found = this.byHash.get(h);
    if (!found) this.byHash.set(h, s);
    else if (Array.isArray(found)) found.push(s);
    else this.byHash.set(h, [found, s]);
    this.all[s.ref] = s;
    this.postings.add(s.ref, s.labels);
  }

  private intern(x: string): string {
    const got = this.interned.get(x);
    if (got !== undefined) return got;
    this.interned.set(x, x);
    return x;
  }

  /**
   * commitSamples applies a transaction's samples (called by HeadAppender.commit); ext lists the samples that carry a
   * histogram (their value words are the placeholder) or a start timestamp, by index, ascending.
   */
  commitSamples(refs: Uint32Array, ts: Float64Array, words: Uint32Array, n: number, ext: ExtBatch | null = null): void {
    const max = this.opts.chunkSamples;
    const all = this.all;
    const cols = this.cols;
    const xor = cols.xor;
    const f64 = xor.f64;
    const i32 = xor.i32;
    const minTs = cols.minT;
    const slotOf = cols.slotOf;
    let minTime = this.minTime;
    let maxTime = this.maxTime;
    let nextExt = ext !== null && ext.at.length > 0 ? ext.at[0] : -1;
    let xi = 0;
    for (let i = 0; i < n; i++) {
      let x = -1;
      if (i === nextExt) {
        x = xi++;
        nextExt = xi < ext!.at.length ? ext!.at[xi] : -1;
      }
      const ref = refs[i];
      if (all[ref] === undefined) continue;
      const t = ts[i];
      const lo = words[2 * i];
      const hi = words[2 * i + 1];
      const slot = slotOf[ref];
      const maxT = f64[slot * F64_STRIDE + T];
      if (t <= maxT) {
        if (t < maxT || (lo | 0) !== i32[slot * I32_STRIDE + VLO] || (hi | 0) !== i32[slot * I32_STRIDE + VHI]) this.stats.droppedOnCommit++;
        continue;
      }
      // A type change (float ↔ histogram) cuts the chunk, as in Prometheus; stale markers belong to either type.
      const wi = slot * I32_STRIDE;
      if (i32[wi + COUNT] > 0 && !isStaleWords(lo, hi)) {
        const curHist = lo === HIST_LO && hi === HIST_HI;
        const plo = i32[wi + VLO] >>> 0;
        const phi = i32[wi + VHI] >>> 0;
        const prevStale = isStaleWords(plo, phi);
        if (prevStale ? all[ref]!.openHoldsHistograms() !== curHist : curHist !== (plo === HIST_LO && phi === HIST_HI)) this.cutChunk(all[ref]!);
      }
      let h: FloatHistogram | undefined;
      if (x >= 0) {
        h = ext!.h[x];
        const s = all[ref]!;
        let header: CounterResetHint = 'unknown';
        if (h) {
          // Where Prometheus's histogram chunks cut (a reset, a schema change, ...), cut; the header of a chunk
          // that h starts says what is known of a reset before it.
          const lastHist = isHistWords(i32[wi + VLO], i32[wi + VHI]);
          const cut = i32[wi + COUNT] > 0 ? s.histCutFor(h, isStaleWords(i32[wi + VLO] >>> 0, i32[wi + VHI] >>> 0)) : null;
          if (cut !== null) {
            this.cutChunk(s);
            header = cut;
          } else if (!s.openHoldsHistograms()) header = firstHeader(h, lastHist ? s.lastHistogram : undefined);
          s.lastHistogram = h;
        }
        s.pushExt(ext!.st[x], h, header);
      }
      xorAppendAt(xor, slot, t, lo, hi);
      if (this.log) {
        this.log.push(ref, t, lo, hi);
        if (x >= 0) this.log.pushExt(ext!.st[x], h);
      }
      if (t < minTs[slot]) minTs[slot] = t;
      if (i32[slot * I32_STRIDE + COUNT] >= max) this.cutChunk(all[ref]!);
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
    }
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.recode(RECODE_PER_COMMIT + Math.floor(n / RECODE_SAMPLES_PER_CHUNK));
  }

  /** cutChunk closes the full open chunk of s and queues it for re-encoding. */
  private cutChunk(s: MemSeries): void {
    const c = s.cut();
    const seq = this.recodeQueue.push(s.ref, c.minT);
    if (this.store) this.unflushed.push({ ref: s.ref, minT: c.minT, maxT: c.maxT, seq });
  }

  /** recode re-encodes at most limit queued chunks, oldest first. */
  private recode(limit: number): void {
    if (this.recodeQueue.size > 0) this.recodeQueue.drain(limit, (ref, minT) => this.all[ref]?.recode(minT));
  }

  /** holdsUnrecoded reports whether a chunk waiting to be persisted is still waiting to be re-encoded. */
  private holdsUnrecoded(): boolean {
    const done = this.recodeQueue.done;
    return this.unflushed.some((c) => c.seq >= done);
  }

  /** pendingRecodes returns the number of cut chunks still waiting to be re-encoded. */
  pendingRecodes(): number {
    return this.recodeQueue.size;
  }

  /** recodePending re-encodes up to limit waiting chunks, oldest first (for an owner with idle time, or a measure). */
  recodePending(limit = Infinity): void {
    this.recode(limit);
  }

  /** deleteSeries deletes the samples of matching series in [mint, maxt] (as the admin API's delete_series). */
  async deleteSeries(matchers: readonly Matcher[], mint: number, maxt: number): Promise<void> {
    for (const s of matchingSeries(this, matchers, mint, maxt)) {
      const old = this.deleted.get(s.ref);
      const next = new Float64Array((old?.length ?? 0) + 2);
      if (old) next.set(old);
      next[next.length - 2] = mint;
      next[next.length - 1] = maxt;
      this.deleted.set(s.ref, next);
    }
    if (this.store) await this.store.putTombstones(this.deleted);
  }

  /** restore installs a persisted head state (used by Head.open). */
  private restore(r: RestoredHead): void {
    this.nextRef = r.nextRef;
    this.deleted = r.tombstones;
    for (const e of r.series) {
      // The store interned the strings as it decoded them (see open).
      const s = new MemSeries(e.ref, e.labels, this.cols, this.cols.take(e.ref));
      s.minT = e.minT;
      s.maxT = e.maxT;
      s.vLo = e.lastLo | 0;
      s.vHi = e.lastHi | 0;
      if (e.open) s.resume(e.open);
      if (e.minT < this.minTime) this.minTime = e.minT;
      if (e.maxT > this.maxTime) this.maxTime = e.maxT;
      this.addSeries(s);
    }
    for (const l of r.logs) this.commitSamples(l.refs, l.ts, l.words, l.refs.length, l.ext ? extBatchOf(decodeExt(l.ext)) : null);
    if (this.maxTime !== -Infinity) this.retainInMemory(this.maxTime - this.opts.retentionMs);
  }

  /** removeSeries drops dead series from every index. */
  private removeSeries(dead: Map<number, Labels>): void {
    for (const ref of dead.keys()) {
      const s = this.all[ref];
      if (!s) continue;
      this.all[ref] = undefined;
      this.cols.release(ref);
      this.deleted.delete(ref);
      const h = labelsHash(s.labels);
      const found = this.byHash.get(h);
      if (found === s) this.byHash.delete(h);
      else if (Array.isArray(found)) {
        const rest = found.filter((x) => x !== s);
        if (rest.length === 1) this.byHash.set(h, rest[0]);
        else this.byHash.set(h, rest);
      }
    }
    this.postings.delete(dead);
  }

  /** flush persists closed chunks, new series and the head checkpoint in one transaction (no-op in memory). */
  flush(): Promise<void> {
    if (!this.store) return Promise.resolve();
    this.flushing = this.flushing.then(() => (this.store ? this.flushOnce(this.store) : undefined));
    return this.flushing;
  }

  private async flushOnce(store: HeadStore): Promise<void> {
    this.recode(RECODE_PER_FLUSH);
    // Under a quota, a log that has grown past the checkpoint it follows is worth replacing by a new checkpoint.
    const logHeavy = this.quota.limit > 0 && store.logBytes() > this.quota.limit / 4;
    const forced = this.flushesSinceCheckpoint === Infinity || logHeavy;
    let full = forced || this.flushesSinceCheckpoint >= this.opts.checkpointEvery - 1;
    if (full && !forced && this.holdsUnrecoded() && this.checkpointDeferrals < MAX_CHECKPOINT_DEFERRALS) {
      full = false;
      this.checkpointDeferrals++;
    }
    if (full) this.recode(Infinity);
    const done = this.recodeQueue.done;
    const ready = this.unflushed.filter((c) => c.seq < done);
    // A chunk's bytes are read when it is saved (re-encoded by then); a series removed since took its chunks with it.
    const chunks: FlushChunk[] = [];
    for (const c of ready) {
      const bytes = this.all[c.ref]?.closedBytes(c.minT);
      if (bytes) chunks.push({ ref: c.ref, minT: c.minT, maxT: c.maxT, bytes });
    }
    const refs = this.newSeries;
    this.unflushed = ready.length === this.unflushed.length ? [] : this.unflushed.filter((c) => c.seq >= done);
    this.newSeries = [];
    const newSeries: FlushData['newSeries'] = [];
    for (const ref of refs) {
      const s = this.all[ref];
      if (s) newSeries.push({ ref, labels: s.labels });
    }
    const log = this.log!.take();
    const upTo = this.maxTime;
    const data: FlushData = { chunks, newSeries, checkpoint: full ? this.checkpoint() : null, log: full ? null : log, nextRef: this.nextRef };
    try {
      await this.writeWithQuota(store, data);
    } catch (e) {
      this.unflushed = ready.concat(this.unflushed);
      this.newSeries = refs.concat(this.newSeries);
      this.flushesSinceCheckpoint = Infinity;
      this.opts.onNotice({ kind: 'flush_failed', message: `could not save data: ${(e as Error).message}` });
      return;
    }
    this.flushesSinceCheckpoint = full ? 0 : this.flushesSinceCheckpoint + 1;
    this.savedMaxTime = upTo;
    if (full) this.checkpointDeferrals = 0;
    this.dropPersistedFromMemory(this.maxTime - this.opts.memoryWindowMs);
  }

  /** writeWithQuota saves a flush through the quota guard and tells the owner what a quota recovery dropped. */
  private async writeWithQuota(store: HeadStore, data: FlushData): Promise<void> {
    const ev = await this.quota.write(store, data);
    if (!ev) return;
    if (!ev.refused) {
      // Keeping to the limit deletes a little history at most flushes: said once a minute, with the sum.
      this.kept.freed += ev.freed;
      this.kept.droppedBefore = Math.max(this.kept.droppedBefore, ev.droppedBefore);
      if (Date.now() - this.kept.toldAt < KEPT_NOTICE_MS) return;
      const upTo = new Date(this.kept.droppedBefore).toISOString();
      this.opts.onNotice({
        kind: 'quota_exceeded',
        message: `browser storage is full: deleted ${formatBytes(this.kept.freed)} of the oldest stored data (samples up to ${upTo}) to stay under ${formatBytes(ev.limit)}; saving goes on`,
      });
      this.kept = { freed: 0, droppedBefore: -Infinity, toldAt: Date.now() };
      return;
    }
    const dropped =
      ev.freed > 0
        ? `deleted ${formatBytes(ev.freed)} of the oldest stored data (samples up to ${new Date(ev.droppedBefore).toISOString()})`
        : 'no stored history was left to delete';
    const outcome = ev.saved
      ? `saved again; storage is kept under ${formatBytes(ev.limit)} from now on`
      : 'this save failed: the data stays in memory and saving is retried with the next flush';
    this.opts.onNotice({ kind: 'quota_exceeded', message: `browser storage is full: ${dropped}; ${outcome}` });
    if (!ev.saved) throw new DOMException("the browser's storage quota for this site is used up", 'QuotaExceededError');
  }

  /** storageLimitBytes is the storage level kept since the browser refused a write for quota (0: none refused). */
  storageLimitBytes(): number {
    return this.quota.limit;
  }

  private checkpoint(): CheckpointEntry[] {
    const out: CheckpointEntry[] = [];
    this.forEachSeries((s) => {
      out.push({ ref: s.ref, minT: s.minT, maxT: s.maxT, lastLo: s.vLo >>> 0, lastHi: s.vHi >>> 0, open: s.openState() });
    });
    return out;
  }

  private dropPersistedFromMemory(before: number): void {
    const pending = new Map<number, number>();
    for (const c of this.unflushed) pending.set(c.ref, Math.min(pending.get(c.ref) ?? Infinity, c.minT));
    this.forEachSeries((s) => {
      const limit = Math.min(before, pending.get(s.ref) ?? Infinity);
      s.dropClosed(s.countClosedBefore(limit));
    });
  }

  /**
   * applyRetention deletes data older than the time retention (measured back from the newest sample) and the
   * oldest persisted batches beyond the size budget, forgets series left without samples, and compacts persisted
   * batches older than the memory window. Call it on a timer (every minute or so).
   */
  async applyRetention(): Promise<void> {
    if (this.maxTime === -Infinity) return;
    const cutoff = this.maxTime - this.opts.retentionMs;
    let changed = this.retainInMemory(cutoff);
    if (this.store) {
      changed = (await this.store.deleteBefore(cutoff)) > 0 || changed;
      if (this.opts.retentionBytes > 0) changed = (await this.store.shrinkTo(this.opts.retentionBytes)) > 0 || changed;
      await this.store.compact(this.maxTime - this.opts.memoryWindowMs);
    }
    if (changed) this.flushesSinceCheckpoint = Infinity;
  }

  /** retainInMemory drops in-memory data older than cutoff and series left empty; reports whether anything went. */
  private retainInMemory(cutoff: number): boolean {
    const dead = new Map<number, Labels>();
    let dropped = 0;
    this.forEachSeries((s) => {
      const k = s.countClosedBefore(cutoff);
      dropped += k;
      s.dropClosed(k);
      const awaitingCommit = s.maxT === -Infinity && s.pendTx !== 0;
      if (s.maxT < cutoff && !awaitingCommit) dead.set(s.ref, s.labels);
      else if (s.minT < cutoff) s.minT = cutoff;
    });
    this.removeSeries(dead);
    if (dead.size > 0) this.interned.clear();
    this.unflushed = this.unflushed.filter((c) => c.maxT >= cutoff && !dead.has(c.ref));
    if (this.minTime < cutoff) this.minTime = cutoff;
    return dropped > 0 || dead.size > 0;
  }

  /** storageBytes returns the bytes persisted in IndexedDB (0 in memory mode); cheaper than status(). */
  storageBytes(): number {
    return this.store ? this.store.storageBytes() : 0;
  }

  /** status returns the shape of Prometheus's /api/v1/status/tsdb, plus the bytes persisted. */
  status(): TsdbStatusData {
    let chunkCount = 0;
    this.forEachSeries((s) => {
      chunkCount += s.numClosed() + (s.count > 0 ? 1 : 0);
    });
    const empty = this.maxTime === -Infinity;
    return headStatus(this.postings, {
      numSeries: this.numSeries(),
      chunkCount,
      minTime: empty ? 0 : this.minTime,
      maxTime: empty ? 0 : this.maxTime,
      storageBytes: this.storageBytes(),
    });
  }

  /** open opens (creating or upgrading) a persisted head in IndexedDB and restores its series and open chunks. */
  static async open(dbName: string, opts: HeadOptions = {}): Promise<Head> {
    let head: Head | null = null;
    const store = await IdbStore.open(dbName, {
      // The newer schema's tab takes over; this head keeps its memory for reads but never writes again.
      replaced: () => {
        if (head) head.store = null;
        opts.onNotice?.({ kind: 'replaced', message: 'a newer version of Promtab opened its storage in another tab; this tab stopped saving data: reload it' });
      },
      blocked: () => opts.onNotice?.({ kind: 'flush_failed', message: 'an older Promtab tab keeps the storage open: close it to finish the upgrade' }),
    });
    head = new Head(opts);
    const h = head;
    head.restore(await store.load((x) => h.intern(x)));
    head.store = store;
    head.log = new SampleLogBuffer();
    return head;
  }

  /** close flushes and closes the database. */
  async close(): Promise<void> {
    await this.flush();
    this.store?.close();
    this.store = null;
  }

  /** forEachSeries visits every live series. */
  forEachSeries(fn: (s: MemSeries) => void): void {
    const refs = this.postings.allPostings();
    for (let i = 0; i < refs.length; i++) {
      const s = this.all[refs[i]];
      if (s) fn(s);
    }
  }
}

/** RECODE_PER_COMMIT and RECODE_SAMPLES_PER_CHUNK bound the chunks a commit of n samples re-encodes: 16 + n / 64. */
const RECODE_PER_COMMIT = 16;
const RECODE_SAMPLES_PER_CHUNK = 64;

/**
 * RECODE_PER_FLUSH bounds the chunks a flush re-encodes. A flush persists only re-encoded chunks: the others stay in
 * memory, still covered by the last checkpoint and the sample log. A checkpoint flush must persist every cut chunk,
 * so a periodic one is replaced by a log flush while some still wait, at most MAX_CHECKPOINT_DEFERRALS times in a row
 * (a forced one, after open, a failed flush or retention, is not: it re-encodes them all).
 */
const RECODE_PER_FLUSH = 512;
const MAX_CHECKPOINT_DEFERRALS = 64;

/** extBatchOf turns a sample log's extension entries into the batch commitSamples takes. */
function extBatchOf(entries: readonly ExtEntry[]): ExtBatch {
  return { at: entries.map((e) => e.idx), st: entries.map((e) => e.st), h: entries.map((e) => e.h) };
}

/** CutChunk is a closed chunk awaiting persistence (its bytes are read at the flush), with its place in the re-encoding order. */
interface CutChunk {
  ref: number;
  minT: number;
  maxT: number;
  seq: number;
}

/**
 * firstHeader is the counter reset header of a chunk whose first histogram is h, cut for its size or after floats
 * (prev: the series' previous sample when it is a histogram): gauge, an explicit reset, else the reset detection
 * against prev (as Prometheus compares with the previous chunk's appender), unknown without one.
 */
function firstHeader(h: FloatHistogram, prev: FloatHistogram | undefined): CounterResetHint {
  if (h.counterResetHint === 'gauge' || h.counterResetHint === 'reset') return h.counterResetHint;
  if (prev === undefined || prev.counterResetHint === 'gauge') return 'unknown';
  if (detectReset(h, prev)) return 'reset';
  return h.schema === prev.schema && h.zeroThreshold === prev.zeroThreshold ? 'not_reset' : 'unknown';
}
