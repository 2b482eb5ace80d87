import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { Head, type StorageNotice } from '../../../src/tsdb/head';
import { SCHEMA_VERSION, STORES, openTsdb } from '../../../src/tsdb/idb_schema';
import { readRecord } from '../../../src/tsdb/idb_blob';
import { decodeSeries, encodeCheckpoint, encodeChunkBatch, encodeSeries } from '../../../src/tsdb/idb_records';
import { newXORState, xorAppend, xorBytes } from '../../../src/tsdb/chunkenc/xor';

/** legacySeries is a series record as builds before schema version 5 wrote it (strings flattened). */
function legacySeries(ref: number, labels: string[]): { refs: Uint32Array; counts: Uint16Array; strings: string[] } {
  return { refs: new Uint32Array([ref]), counts: new Uint16Array([labels.length]), strings: [...labels] };
}
import { COMPACT_TAG } from '../../../src/tsdb/chunkenc/compact';

const all = [{ type: '=~' as const, name: '__name__', value: '.+' }];
let dbCount = 0;
const freshName = () => `tsdb-test-${dbCount++}-${Math.random()}`;

async function fill(h: Head, from: number, to: number, names = ['a', 'b']): Promise<void> {
  for (let t = from; t < to; t++) {
    const app = h.appender();
    for (const n of names) app.append(0, ['__name__', n, 'job', 'x'], t * 1000, t === 250 ? STALE_NAN : t);
    await app.commit();
  }
}

describe('IndexedDB persistence', () => {
  it('restores flushed data after a kill and loses only what came after the last flush', async () => {
    const name = freshName();
    const h = await Head.open(name, { chunkSamples: 50 });
    await fill(h, 0, 300);
    await h.flush();
    await fill(h, 300, 320);
    const before = await h.querier().select(all, 0, 400_000);
    expect(before[0].timestamps.length).toBe(320);

    const r = await Head.open(name, { chunkSamples: 50 });
    const after = await r.querier().select(all, 0, 400_000);
    expect(after.map((s) => s.labels[1])).toEqual(['a', 'b']);
    expect([...after[0].timestamps]).toEqual([...before[0].timestamps.slice(0, 300)]);
    expect(isStaleNaN(after[0].values[250])).toBe(true);
    expect(new Uint32Array(after[0].values.buffer, 250 * 8, 2)).toEqual(new Uint32Array([2, 0x7ff00000]));

    const app = r.appender();
    expect(() => app.append(0, ['__name__', 'a', 'job', 'x'], 298_000, 1)).toThrow(/out of order/);
    app.append(0, ['__name__', 'a', 'job', 'x'], 299_000, 299);
    app.append(0, ['__name__', 'a', 'job', 'x'], 400_000, 7);
    await app.commit();
    await r.close();

    const again = await Head.open(name, { chunkSamples: 50 });
    const [a] = await again.querier().select([{ type: '=', name: '__name__', value: 'a' }], 0, 500_000);
    expect(a.timestamps.length).toBe(301);
    expect(a.values[300]).toBe(7);
    expect(again.status().storageBytes).toBeGreaterThan(0);
    await again.close();
  });

  it('reads old chunks lazily from storage once memory keeps only the recent window', async () => {
    const name = freshName();
    const h = await Head.open(name, { chunkSamples: 20, memoryWindowMs: 10_000 });
    await fill(h, 0, 200);
    await h.flush();
    const [cs] = await h.selectChunks(all, 0, 10_000);
    expect(cs.chunks.length).toBeGreaterThan(0);
    const got = await h.querier().select(all, 0, 1_000_000);
    expect([...got[1].timestamps]).toEqual(Array.from({ length: 200 }, (_, i) => i * 1000));
    await h.close();
  });

  it('deletes series data durably', async () => {
    const name = freshName();
    const h = await Head.open(name);
    await fill(h, 0, 10);
    await h.deleteSeries([{ type: '=', name: '__name__', value: 'a' }], 0, 4000);
    const pending = h.flush();
    await h.close();
    await pending;
    await h.flush();
    const r = await Head.open(name);
    const [a, b] = await r.querier().select(all, 0, 100_000);
    expect([...a.timestamps]).toEqual([5000, 6000, 7000, 8000, 9000]);
    expect(b.timestamps.length).toBe(10);
    await r.close();
  });

  it('applies time retention to persisted batches durably', async () => {
    const name = freshName();
    const h = await Head.open(name, { chunkSamples: 10, retentionMs: 50_000, memoryWindowMs: 0 });
    for (let i = 0; i < 5; i++) {
      await fill(h, i * 20, i * 20 + 20);
      await h.flush();
    }
    await h.applyRetention();
    const [a] = await h.querier().select(all, 0, 1_000_000);
    // retention deletes whole batches (as Prometheus deletes whole blocks): the batch holding 40-59 s stays
    expect(a.timestamps[0]).toBe(40_000);
    await h.close();
    const r = await Head.open(name, { memoryWindowMs: 0 });
    const [b] = await r.querier().select(all, 0, 1_000_000);
    expect(b.timestamps[0]).toBe(a.timestamps[0]);
    expect(b.timestamps.length).toBe(a.timestamps.length);
    await r.close();
  });

  it('compacts old flush batches into series shards without changing query results', async () => {
    const name = freshName();
    const names = Array.from({ length: 150 }, (_, i) => `m${i}`);
    const h = await Head.open(name, { chunkSamples: 10, memoryWindowMs: 0 });
    for (let i = 0; i < 6; i++) {
      await fill(h, i * 20, i * 20 + 20, names);
      await h.flush();
    }
    await fill(h, 120, 121, names);
    const before = await h.querier().select(all, 0, 1_000_000);
    const one = [{ type: '=' as const, name: '__name__', value: 'm7' }];
    const oneBefore = await h.querier().select(one, 0, 1_000_000);
    await h.applyRetention();
    const db = await openTsdb(name);
    const metas = (await db.getAll(STORES.chunkMeta)) as { compacted?: boolean; minRef: number; maxRef: number }[];
    db.close();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.every((m) => m.compacted && m.maxRef - m.minRef < 64)).toBe(true);
    expect(await h.querier().select(all, 0, 1_000_000)).toEqual(before);
    expect(await h.querier().select(one, 0, 1_000_000)).toEqual(oneBefore);
    await h.close();
    const r = await Head.open(name, { memoryWindowMs: 0 });
    expect(await r.querier().select(all, 0, 1_000_000)).toEqual(before);
    await r.close();
  });

  it('forgets the labels of series dropped by retention when it reopens', async () => {
    const name = freshName();
    const h = await Head.open(name, { retentionMs: 1000 });
    const many = Array.from({ length: 1500 }, (_, i) => `old${i}`);
    await fill(h, 0, 1, many);
    await h.flush();
    await fill(h, 100, 101, ['new']);
    await h.applyRetention();
    await h.close();
    const r = await Head.open(name, { retentionMs: 1000 });
    expect(r.numSeries()).toBe(1);
    await r.close();
    const db = await openTsdb(name);
    const recs = (await db.getAll(STORES.series)) as { refs: Uint32Array }[];
    db.close();
    expect(recs.reduce((a, rec) => a + rec.refs.length, 0)).toBe(1);
    const again = await Head.open(name);
    expect(await again.querier().labelValues('__name__', [], 0, Infinity)).toEqual(['new']);
    await again.close();
  });

  it('applies size retention by deleting the oldest batches', async () => {
    const name = freshName();
    const h = await Head.open(name, { chunkSamples: 10, retentionBytes: 600, checkpointEvery: 1 });
    for (let i = 0; i < 10; i++) {
      await fill(h, i * 20, i * 20 + 20);
      await h.flush();
    }
    const big = h.status().storageBytes;
    await h.applyRetention();
    expect(h.status().storageBytes).toBeLessThan(big);
    await h.close();
    const r = await Head.open(name, { chunkSamples: 10, memoryWindowMs: 0 });
    const [a] = await r.querier().select(all, 0, 1_000_000);
    expect(a.timestamps[0]).toBeGreaterThan(0);
    expect(a.timestamps[a.timestamps.length - 1]).toBe(199_000);
    await r.close();
  });

  it('handles QuotaExceededError by deleting old data, retrying once and telling the owner', async () => {
    const name = freshName();
    const notices: StorageNotice[] = [];
    const h = await Head.open(name, { chunkSamples: 10, onNotice: (n) => notices.push(n) });
    for (let i = 0; i < 5; i++) {
      await fill(h, i * 20, i * 20 + 20);
      await h.flush();
    }
    const before = h.status().storageBytes;
    const proto = IDBObjectStore.prototype;
    const put = proto.put;
    let failures = 1;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === STORES.chunks && failures-- > 0) throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await fill(h, 100, 120);
      await h.flush();
    } finally {
      proto.put = put;
    }
    expect(notices.map((n) => n.kind)).toEqual(['quota_exceeded']);
    expect(h.status().storageBytes).toBeLessThan(before + 1000);
    await h.close();
    const r = await Head.open(name);
    const [a] = await r.querier().select(all, 100_000, 119_000);
    expect(a.timestamps.length).toBe(20);
    await r.close();
  });

  it('gives way to a newer schema opened elsewhere: closes at once, says so, keeps serving reads and stops writing', async () => {
    const name = freshName();
    const notices: StorageNotice[] = [];
    const h = await Head.open(name, { onNotice: (n) => notices.push(n) });
    await fill(h, 0, 10);
    await h.flush();
    await fill(h, 10, 12);
    // A newer build's tab opens the next version; it must not wait for this connection.
    const newer = await openDB(name, SCHEMA_VERSION + 1);
    expect(newer.version).toBe(SCHEMA_VERSION + 1);
    expect(notices.map((n) => n.kind)).toEqual(['replaced']);
    await expect(h.flush()).resolves.toBeUndefined();
    const [a] = await h.querier().select(all, 0, 20_000);
    expect(a.timestamps.length).toBe(12);
    expect(notices.map((n) => n.kind)).toEqual(['replaced']);
    newer.close();
  });

  it('upgrades a version 1 database to the current schema and keeps its data', async () => {
    const name = freshName();
    const v1 = await openTsdb(name, 1);
    expect([...v1.objectStoreNames]).not.toContain(STORES.tombstones);
    const c = newXORState();
    for (let t = 0; t < 5; t++) xorAppend(c, t * 1000, t, 0);
    const labels = ['__name__', 'old', 'job', 'x'];
    const chunk = { ref: 1, minT: 0, maxT: 4000, bytes: xorBytes(c) };
    await v1.put(STORES.series, legacySeries(1, labels), 1);
    await v1.put(STORES.chunks, encodeChunkBatch([chunk]), 1);
    await v1.put(STORES.chunkMeta, { id: 1, minT: 0, maxT: 4000, bytes: 10 }, 1);
    const entry = { ref: 1, minT: 0, maxT: 4000, lastLo: 4, lastHi: 0, open: null };
    await v1.put(STORES.checkpoint, encodeCheckpoint([entry]), 0);
    await v1.put(STORES.meta, { nextRef: 2, nextBatch: 2 }, 'head');
    v1.close();

    const h = await Head.open(name);
    const [s] = await h.querier().select(all, 0, 10_000);
    expect(s.labels).toEqual(labels);
    expect(s.timestamps.length).toBe(5);
    await h.deleteSeries(all, 0, 0);
    await h.close();
    const db = await openTsdb(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames]).toContain(STORES.log);
    expect(await db.count(STORES.tombstones)).toBe(1);
    db.close();
  });

  it('reads the XOR chunks and open chunk of a version 3 database and appends compact chunks after them', async () => {
    const name = freshName();
    const v3 = await openTsdb(name, 3);
    const labels = ['__name__', 'old', 'job', 'x'];
    const value = (t: number) => new Uint32Array(new Float64Array([t / 4]).buffer);
    const closed = newXORState();
    for (let t = 0; t < 10; t++) xorAppend(closed, t * 1000, value(t)[0], value(t)[1]);
    const open = newXORState();
    for (let t = 10; t < 15; t++) xorAppend(open, t * 1000, value(t)[0], value(t)[1]);
    const openBytes = xorBytes(open);
    await v3.put(STORES.series, legacySeries(1, labels), 1);
    await v3.put(STORES.chunks, encodeChunkBatch([{ ref: 1, minT: 0, maxT: 9000, bytes: xorBytes(closed) }]), 1);
    await v3.put(STORES.chunkMeta, { id: 1, minT: 0, maxT: 9000, bytes: 40, minRef: 1, maxRef: 1, compacted: false }, 1);
    const openChunk = { minT: 10_000, maxT: 14_000, bytes: openBytes, bits: open.bits, tDelta: open.tDelta, leading: open.leading, trailing: open.trailing };
    const entry = { ref: 1, minT: 0, maxT: 14_000, lastLo: open.vLo >>> 0, lastHi: open.vHi >>> 0, open: openChunk };
    await v3.put(STORES.checkpoint, encodeCheckpoint([entry]), 0);
    await v3.put(STORES.meta, { nextRef: 2, nextBatch: 2, checkpointNextRef: 2 }, 'head');
    v3.close();

    const expected = (to: number) => Array.from({ length: to }, (_, t) => t / 4);
    const h = await Head.open(name, { chunkSamples: 10, memoryWindowMs: 0 });
    const [s] = await h.querier().select(all, 0, 100_000);
    expect([...s.timestamps]).toEqual(Array.from({ length: 15 }, (_, t) => t * 1000));
    expect([...s.values]).toEqual(expected(15));
    const app = h.appender();
    for (let t = 15; t < 30; t++) app.append(0, labels, t * 1000, t / 4);
    await app.commit();
    await h.close();

    const db = await openTsdb(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    // The new batches are packed Blobs, the version 3 one a plain record: both read back.
    const stored = await db.getAll(STORES.chunks);
    expect(stored.some((v) => v instanceof Blob)).toBe(true);
    const batches = await Promise.all(stored.map((v) => readRecord<{ data: Uint8Array; offsets: Uint32Array }>(v)));
    db.close();
    const firstBytes = batches.flatMap((b) => Array.from(b.offsets.subarray(0, -1), (o) => b.data[o]));
    expect(firstBytes).toContain(COMPACT_TAG);
    expect(firstBytes.some((b) => b < COMPACT_TAG)).toBe(true);
    const r = await Head.open(name, { memoryWindowMs: 0 });
    const [again] = await r.querier().select(all, 0, 100_000);
    expect([...again.timestamps]).toEqual(Array.from({ length: 30 }, (_, t) => t * 1000));
    expect([...again.values]).toEqual(expected(30));
    await r.close();
  });

  it('upgrades a version 5 database to version 6: its floats stay readable and histograms are stored after them', async () => {
    const name = freshName();
    const v5 = await openTsdb(name, 5);
    const labels = ['__name__', 'mixed', 'job', 'x'];
    const open = newXORState();
    const words = (v: number) => new Uint32Array(new Float64Array([v]).buffer);
    for (let t = 10; t < 13; t++) xorAppend(open, t * 1000, words(t)[0], words(t)[1]);
    const closedWords = newXORState();
    for (let t = 0; t < 10; t++) xorAppend(closedWords, t * 1000, words(t)[0], words(t)[1]);
    await v5.put(STORES.series, encodeSeries([{ ref: 1, labels }]), 1);
    await v5.put(STORES.chunks, encodeChunkBatch([{ ref: 1, minT: 0, maxT: 9000, bytes: xorBytes(closedWords) }]), 1);
    await v5.put(STORES.chunkMeta, { id: 1, minT: 0, maxT: 9000, bytes: 40, minRef: 1, maxRef: 1, compacted: false }, 1);
    const openChunk = { minT: 10_000, maxT: 12_000, bytes: xorBytes(open), bits: open.bits, tDelta: open.tDelta, leading: open.leading, trailing: open.trailing };
    await v5.put(STORES.checkpoint, encodeCheckpoint([{ ref: 1, minT: 0, maxT: 12_000, lastLo: open.vLo >>> 0, lastHi: open.vHi >>> 0, open: openChunk }]), 0);
    await v5.put(STORES.meta, { nextRef: 2, nextBatch: 2, checkpointNextRef: 2 }, 'head');
    v5.close();

    const h = await Head.open(name, { chunkSamples: 10, memoryWindowMs: 0 });
    const hist = (i: number) => ({ schema: 0, zeroThreshold: 0, zeroCount: 0, count: i, sum: i / 2, positive: { index: [1], count: [i] }, negative: { index: [], count: [] }, counterResetHint: 'unknown' as const });
    const app = h.appender();
    for (let t = 13; t < 25; t++) app.appendHistogram(0, labels, t * 1000, hist(t), 500);
    await app.commit();
    await h.close();
    const db = await openTsdb(name);
    expect(db.version).toBe(SCHEMA_VERSION);
    db.close();
    const r = await Head.open(name, { memoryWindowMs: 0 });
    const [s] = await r.querier().select(all, 0, 100_000);
    expect([...s.timestamps]).toEqual(Array.from({ length: 25 }, (_, t) => t * 1000));
    expect([...s.values.subarray(0, 13)]).toEqual(Array.from({ length: 13 }, (_, t) => t));
    expect(s.histograms!.slice(0, 13).every((x) => x === undefined)).toBe(true);
    expect(s.histograms!.slice(13).map((x) => x!.count)).toEqual(Array.from({ length: 12 }, (_, i) => 13 + i));
    expect([...s.startTimestamps!]).toEqual([...Array(13).fill(0), ...Array(12).fill(500)]);
    await r.close();
  });
});

describe('series records', () => {
  it('store each distinct string once and give every series its labels back, interned', () => {
    const series = [
      { ref: 3, labels: ['__name__', 'up', 'instance', 'a:9100', 'job', 'node'] },
      { ref: 4, labels: ['__name__', 'up', 'instance', 'b:9100', 'job', 'node'] },
      { ref: 9, labels: ['__name__', '__proto__', 'constructor', ''] },
    ];
    const rec = encodeSeries(series);
    expect(rec.symbols).toEqual(['__name__', 'up', 'instance', 'a:9100', 'job', 'node', 'b:9100', '__proto__', 'constructor', '']);
    const seen = new Set<string>();
    const got: { ref: number; labels: readonly string[] }[] = [];
    decodeSeries(
      structuredClone(rec),
      (ref, labels) => got.push({ ref, labels }),
      (x) => (seen.add(x), x),
    );
    expect(got).toEqual(series);
    expect(seen.size).toBe(10);
    expect(got[0].labels).not.toBe(got[1].labels);
  });

  it('read records written before schema version 5', () => {
    const got: [number, readonly string[]][] = [];
    decodeSeries(legacySeries(7, ['__name__', 'x', 'job', 'y']), (ref, labels) => got.push([ref, labels]));
    expect(got).toEqual([[7, ['__name__', 'x', 'job', 'y']]]);
  });

  it('refuse records that do not hold together', () => {
    const rec = encodeSeries([{ ref: 1, labels: ['__name__', 'x'] }]);
    expect(() => decodeSeries({ ...rec, indices: new Uint32Array([0, 5]) }, () => {})).toThrow(/out of range/);
    expect(() => decodeSeries({ ...rec, counts: new Uint16Array([3]) }, () => {})).toThrow(/do not match/);
    expect(() => decodeSeries({ ...legacySeries(1, ['a', 'b']), counts: new Uint16Array([4]) }, () => {})).toThrow(/do not match/);
  });
});
