/**
 * IdbStore persists a head in IndexedDB: each flush is one relaxed-durability transaction that adds a chunk batch,
 * the new series, and either a fresh head checkpoint or the log of samples committed since the previous flush. Chunk batches are read lazily (and cached) when a select needs them.
 */
import type { IDBPDatabase } from 'idb';
import type { Labels } from '../model/labels';
import {
  batchChunk,
  batchMeta,
  decodeCheckpoint,
  decodeSeries,
  encodeCheckpoint,
  encodeChunkBatch,
  encodeSeries,
  recordBytes,
  type CheckpointRecord,
  type ChunkBatchMeta,
  type ChunkBatchRecord,
  type SeriesRecord,
} from './idb_records';
import { packRecord, readRecord } from './idb_blob';
import { SCHEMA_VERSION, STORES, openTsdb, type VersionHooks } from './idb_schema';
import { seek } from './index/postings';
import type { ChunkMeta } from './memseries';
import type { CheckpointEntry, FlushChunk, FlushData, HeadStore, RestoredHead, RestoredSeries, SampleLog } from './store';

/** CHECKPOINT_SHARD is the number of series per checkpoint record. */
export const CHECKPOINT_SHARD = 8192;

/** COMPACT_WINDOW_MS is the time span of a compacted batch. */
export const COMPACT_WINDOW_MS = 2 * 3_600_000;

/** COMPACT_SHARD_BITS sets the series of a compacted batch: refs sharing all but their low 6 bits (64 refs). */
export const COMPACT_SHARD_BITS = 6;

const COMPACT_BATCHES = 256;
const SERIES_REWRITE_MIN = 1024;

const CACHE_BATCHES = 16;

const RW = { durability: 'relaxed' } as const;

interface HeadMeta {
  nextRef: number;
  nextBatch: number;
  /** checkpointNextRef is nextRef when the checkpoint was written: later series are restored from the log. */
  checkpointNextRef?: number;
}

/** IdbStore implements HeadStore over IndexedDB. */
export class IdbStore implements HeadStore {
  private metas: ChunkBatchMeta[] = [];
  private nextBatch = 1;
  private storedCheckpointBytes = 0;
  private storedLogBytes = 0;
  private nextLog = 1;
  private checkpointNextRef = 1;
  private readonly cache = new Map<number, Promise<ChunkBatchRecord | undefined>>();

  private constructor(private readonly db: IDBPDatabase) {}

  /** open opens (creating or upgrading) the database. */
  static async open(name: string, hooks: VersionHooks = {}): Promise<IdbStore> {
    return new IdbStore(await openTsdb(name, SCHEMA_VERSION, hooks));
  }

  async load(intern?: (s: string) => string): Promise<RestoredHead> {
    const tx = this.db.transaction([STORES.meta, STORES.chunkMeta, STORES.checkpoint, STORES.series, STORES.tombstones, STORES.log]);
    const [meta, metas, storedShards, seriesRecs, tsKeys, tsVals, logKeys, storedLogs] = await Promise.all([
      tx.objectStore(STORES.meta).get('head') as Promise<HeadMeta | undefined>,
      tx.objectStore(STORES.chunkMeta).getAll() as Promise<ChunkBatchMeta[]>,
      tx.objectStore(STORES.checkpoint).getAll(),
      tx.objectStore(STORES.series).getAll() as Promise<SeriesRecord[]>,
      tx.objectStore(STORES.tombstones).getAllKeys() as Promise<number[]>,
      tx.objectStore(STORES.tombstones).getAll() as Promise<Float64Array[]>,
      tx.objectStore(STORES.log).getAllKeys() as Promise<number[]>,
      tx.objectStore(STORES.log).getAll(),
      tx.done,
    ]);
    const [shards, logs] = await Promise.all([
      Promise.all(storedShards.map((v) => readRecord<CheckpointRecord>(v))),
      Promise.all(storedLogs.map((v) => readRecord<SampleLog>(v))),
    ]);
    this.nextLog = (logKeys.at(-1) ?? 0) + 1;
    this.storedLogBytes = logs.reduce((a, l) => a + logBytesOf(l), 0);
    this.checkpointNextRef = meta?.checkpointNextRef ?? meta?.nextRef ?? 1;
    this.metas = metas.sort((a, b) => a.id - b.id);
    this.nextBatch = Math.max(meta?.nextBatch ?? 1, (this.metas.at(-1)?.id ?? 0) + 1);
    this.storedCheckpointBytes = shards.reduce((a, r) => a + recordBytes(r), 0);
    const entries = new Map<number, CheckpointEntry>();
    for (const rec of shards) for (const e of decodeCheckpoint(rec)) entries.set(e.ref, e);
    const series: RestoredSeries[] = [];
    let stored = 0;
    for (const rec of seriesRecs) {
      stored += rec.refs.length;
      decodeSeries(rec, (ref: number, labels: Labels) => {
        const e = (entries.get(ref) ?? (ref >= this.checkpointNextRef ? emptyEntry(ref) : undefined)) as RestoredSeries | undefined;
        if (!e) return;
        e.labels = labels;
        series.push(e);
      }, intern);
    }
    series.sort((a, b) => a.ref - b.ref);
    if (stored - series.length > Math.max(SERIES_REWRITE_MIN, series.length)) await this.rewriteSeries(series);
    const tombstones = new Map<number, Float64Array>();
    tsKeys.forEach((k, i) => tombstones.set(k, tsVals[i]));
    return { series, logs, nextRef: meta?.nextRef ?? 1, tombstones };
  }

  /** rewriteSeries replaces the series store with the live series only (dropped series accumulate otherwise). */
  private async rewriteSeries(live: RestoredSeries[]): Promise<void> {
    const tx = this.db.transaction(STORES.series, 'readwrite', RW);
    const store = tx.objectStore(STORES.series);
    const ops: Promise<unknown>[] = [store.clear()];
    for (let i = 0; i < live.length; i += CHECKPOINT_SHARD) {
      const part = live.slice(i, i + CHECKPOINT_SHARD);
      ops.push(store.put(encodeSeries(part), part[0].ref));
    }
    await Promise.all([...ops, tx.done]);
  }

  /** writeFlush writes one flush in one transaction (the head's QuotaGuard handles a quota refusal). */
  async writeFlush(f: FlushData): Promise<void> {
    const tx = this.db.transaction(
      [STORES.meta, STORES.series, STORES.chunks, STORES.chunkMeta, STORES.checkpoint, STORES.log],
      'readwrite',
      RW,
    );
    const ops: Promise<unknown>[] = [];
    let meta: ChunkBatchMeta | null = null;
    const id = this.nextBatch;
    let shardBytes = 0;
    try {
      if (f.chunks.length > 0) {
        const rec = encodeChunkBatch(f.chunks);
        meta = batchMeta(id, rec, false);
        ops.push(tx.objectStore(STORES.chunks).put(packRecord(rec), id), tx.objectStore(STORES.chunkMeta).put(meta, id));
      }
      if (f.newSeries.length > 0) ops.push(tx.objectStore(STORES.series).put(encodeSeries(f.newSeries), f.newSeries[0].ref));
      if (f.checkpoint) {
        const cp = tx.objectStore(STORES.checkpoint);
        ops.push(cp.clear(), tx.objectStore(STORES.log).clear());
        for (let i = 0, shard = 0; i < f.checkpoint.length; i += CHECKPOINT_SHARD, shard++) {
          const rec = encodeCheckpoint(f.checkpoint.slice(i, i + CHECKPOINT_SHARD));
          shardBytes += recordBytes(rec);
          ops.push(cp.put(packRecord(rec), shard));
        }
      } else if (f.log && f.log.refs.length > 0) {
        ops.push(tx.objectStore(STORES.log).put(packRecord(f.log), this.nextLog));
      }
      const checkpointNextRef = f.checkpoint ? f.nextRef : this.checkpointNextRef;
      const next: HeadMeta = { nextRef: f.nextRef, nextBatch: meta ? id + 1 : id, checkpointNextRef };
      ops.push(tx.objectStore(STORES.meta).put(next, 'head'));
    } catch (e) {
      abortQuietly(tx);
      await Promise.allSettled([...ops, tx.done]);
      throw e;
    }
    await Promise.all([...ops, tx.done]).catch((e: unknown) => {
      throw described(e);
    });
    if (meta) {
      this.metas.push(meta);
      this.nextBatch = id + 1;
    }
    if (f.checkpoint) {
      this.storedCheckpointBytes = shardBytes;
      this.checkpointNextRef = f.nextRef;
      this.storedLogBytes = 0;
    } else if (f.log && f.log.refs.length > 0) {
      this.nextLog++;
      this.storedLogBytes += logBytesOf(f.log);
    }
  }

  async putTombstones(t: ReadonlyMap<number, Float64Array>): Promise<void> {
    const tx = this.db.transaction(STORES.tombstones, 'readwrite', RW);
    const store = tx.objectStore(STORES.tombstones);
    const ops: Promise<unknown>[] = [store.clear()];
    for (const [ref, iv] of t) ops.push(store.put(iv, ref));
    await Promise.all([...ops, tx.done]);
  }

  async chunksFor(refs: readonly number[], mint: number, maxt: number): Promise<Map<number, ChunkMeta[]>> {
    const out = new Map<number, ChunkMeta[]>();
    const ids = this.metas.filter((m) => m.maxT >= mint && m.minT <= maxt && holdsAny(m, refs)).map((m) => m.id);
    const recs = await Promise.all(ids.map((id) => this.readBatch(id)));
    for (const rec of recs) {
      if (!rec) continue;
      let j = 0;
      for (const ref of refs) {
        j = seek(rec.refs, ref, j);
        for (let k = j; k < rec.refs.length && rec.refs[k] === ref; k++) {
          if (rec.maxTs[k] < mint || rec.minTs[k] > maxt) continue;
          let list = out.get(ref);
          if (!list) out.set(ref, (list = []));
          list.push(batchChunk(rec, k));
        }
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.minT - b.minT);
    return out;
  }

  private readBatch(id: number): Promise<ChunkBatchRecord | undefined> {
    let p = this.cache.get(id);
    if (p) {
      this.cache.delete(id);
      this.cache.set(id, p);
      return p;
    }
    p = this.db.get(STORES.chunks, id).then((v) => (v === undefined ? undefined : readRecord<ChunkBatchRecord>(v)));
    this.cache.set(id, p);
    if (this.cache.size > CACHE_BATCHES) this.cache.delete(this.cache.keys().next().value as number);
    return p;
  }

  async deleteBefore(cutoff: number): Promise<number> {
    return this.deleteBatches(this.metas.filter((m) => m.maxT < cutoff));
  }

  async freeOldest(bytes: number): Promise<{ freed: number; upTo: number }> {
    const drop: ChunkBatchMeta[] = [];
    let freed = 0;
    let upTo = -Infinity;
    for (const m of [...this.metas].sort((a, b) => a.maxT - b.maxT)) {
      if (freed >= bytes) break;
      drop.push(m);
      freed += m.bytes;
      upTo = Math.max(upTo, m.maxT);
    }
    return { freed: await this.deleteBatches(drop), upTo };
  }

  async dropLog(): Promise<number> {
    const freed = this.storedLogBytes;
    const tx = this.db.transaction(STORES.log, 'readwrite', RW);
    await Promise.all([tx.objectStore(STORES.log).clear(), tx.done]);
    this.storedLogBytes = 0;
    return freed;
  }

  async dropCheckpoint(): Promise<number> {
    const freed = this.storedCheckpointBytes + this.storedLogBytes;
    const tx = this.db.transaction([STORES.meta, STORES.checkpoint, STORES.log], 'readwrite', RW);
    const meta = tx.objectStore(STORES.meta);
    const head = (await meta.get('head')) as HeadMeta | undefined;
    const ops: Promise<unknown>[] = [tx.objectStore(STORES.checkpoint).clear(), tx.objectStore(STORES.log).clear()];
    // With no checkpoint, a restore must still create every stored series (without its open chunk).
    if (head) ops.push(meta.put({ ...head, checkpointNextRef: 1 }, 'head'));
    await Promise.all([...ops, tx.done]);
    this.storedCheckpointBytes = 0;
    this.storedLogBytes = 0;
    this.checkpointNextRef = 1;
    return freed;
  }

  logBytes(): number {
    return this.storedLogBytes;
  }

  checkpointBytes(): number {
    return this.storedCheckpointBytes;
  }

  async shrinkTo(budget: number): Promise<number> {
    let total = this.storageBytes();
    const drop: ChunkBatchMeta[] = [];
    for (const m of [...this.metas].sort((a, b) => a.maxT - b.maxT)) {
      if (total <= budget) break;
      drop.push(m);
      total -= m.bytes;
    }
    return this.deleteBatches(drop);
  }

  /**
   * compact rewrites flush batches whose samples all precede `before` into batches of one time window and one
   * shard of series refs each, so that a select of a few series over a long range reads little. It handles at most
   * COMPACT_BATCHES batches per call and returns how many it rewrote.
   */
  async compact(before: number): Promise<number> {
    const src = this.metas.filter((m) => !m.compacted && m.maxT < before).slice(0, COMPACT_BATCHES);
    if (src.length === 0) return 0;
    const recs = await Promise.all(src.map((m) => this.db.get(STORES.chunks, m.id).then((v) => (v === undefined ? undefined : readRecord<ChunkBatchRecord>(v)))));
    const groups = new Map<string, FlushChunk[]>();
    for (const rec of recs) {
      if (!rec) continue;
      for (let i = 0; i < rec.refs.length; i++) {
        const c = batchChunk(rec, i);
        const key = `${Math.floor(c.minT / COMPACT_WINDOW_MS)}:${rec.refs[i] >>> COMPACT_SHARD_BITS}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = []));
        g.push({ ref: rec.refs[i], minT: c.minT, maxT: c.maxT, bytes: c.bytes });
      }
    }
    const tx = this.db.transaction([STORES.chunks, STORES.chunkMeta], 'readwrite', RW);
    const ops: Promise<unknown>[] = [];
    const added: ChunkBatchMeta[] = [];
    for (const chunks of groups.values()) {
      const rec = encodeChunkBatch(chunks);
      const meta = batchMeta(this.nextBatch++, rec, true);
      added.push(meta);
      ops.push(tx.objectStore(STORES.chunks).put(packRecord(rec), meta.id), tx.objectStore(STORES.chunkMeta).put(meta, meta.id));
    }
    for (const m of src) ops.push(tx.objectStore(STORES.chunks).delete(m.id), tx.objectStore(STORES.chunkMeta).delete(m.id));
    await Promise.all([...ops, tx.done]);
    const gone = new Set(src.map((m) => m.id));
    this.metas = this.metas.filter((m) => !gone.has(m.id)).concat(added);
    for (const id of gone) this.cache.delete(id);
    return src.length;
  }

  private async deleteBatches(drop: ChunkBatchMeta[]): Promise<number> {
    if (drop.length === 0) return 0;
    const tx = this.db.transaction([STORES.chunks, STORES.chunkMeta], 'readwrite', RW);
    const ops: Promise<unknown>[] = [];
    for (const m of drop) {
      ops.push(tx.objectStore(STORES.chunks).delete(m.id), tx.objectStore(STORES.chunkMeta).delete(m.id));
    }
    await Promise.all([...ops, tx.done]);
    const gone = new Set(drop.map((m) => m.id));
    this.metas = this.metas.filter((m) => !gone.has(m.id));
    for (const id of gone) this.cache.delete(id);
    return drop.reduce((a, m) => a + m.bytes, 0);
  }

  storageBytes(): number {
    return this.metas.reduce((a, m) => a + m.bytes, 0) + this.storedCheckpointBytes + this.storedLogBytes;
  }

  close(): void {
    this.db.close();
  }
}

function emptyEntry(ref: number): CheckpointEntry {
  return { ref, minT: Infinity, maxT: -Infinity, lastLo: 0, lastHi: 0, open: null };
}

/** holdsAny reports whether a batch's ref range may hold one of the sorted refs. */
function holdsAny(m: ChunkBatchMeta, refs: readonly number[]): boolean {
  if (m.minRef === undefined || m.maxRef === undefined) return true;
  const i = seek(refs, m.minRef, 0);
  return i < refs.length && refs[i] <= m.maxRef;
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    /* the transaction has already finished */
  }
}

/** described gives an IndexedDB failure that carries no message (Chromium's quota abort) one, keeping its name. */
function described(e: unknown): unknown {
  const err = e as Error | null;
  if (!err || err.message || typeof DOMException === 'undefined') return e;
  const text = err.name === 'QuotaExceededError' ? "the browser's storage quota for this site is used up" : `IndexedDB refused the write (${err.name})`;
  return new DOMException(text, err.name);
}

/** logBytesOf returns the stored size of a sample log record. */
function logBytesOf(l: SampleLog): number {
  return l.refs.byteLength + l.ts.byteLength + l.words.byteLength + (l.ext ? l.ext.byteLength : 0);
}
