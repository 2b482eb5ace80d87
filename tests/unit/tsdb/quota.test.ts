import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../src/model/labels';
import { Head, type StorageNotice } from '../../../src/tsdb/head';

/**
 * A quota as Chromium enforces it: a transaction fails with QuotaExceededError when what is stored when it starts
 * plus what it writes exceeds the quota (deletions in the same transaction do not count), and what it wrote counts
 * only once it commits.
 */
class FakeQuota {
  private readonly stored = new Map<string, number>();
  private readonly txs = new WeakMap<IDBTransaction, { start: number; written: number; changes: [string, number | null][] }>();
  private readonly restore: (() => void)[] = [];
  private seq = 0;
  refusals = 0;
  peak = 0;

  constructor(public quota: number) {
    const proto = IDBObjectStore.prototype;
    const { put, delete: del, clear } = proto;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const tx = self.tx(this.transaction);
      const size = sizeOf(value);
      if (tx.start + tx.written + size > self.quota) {
        self.refusals++;
        throw new DOMException('', 'QuotaExceededError');
      }
      tx.written += size;
      tx.changes.push([`${this.name}/${key === undefined ? `auto${self.seq++}` : String(key)}`, size]);
      return put.call(this, value, key);
    };
    proto.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
      self.tx(this.transaction).changes.push([`${this.name}/${String(key)}`, null]);
      return del.call(this, key);
    };
    proto.clear = function (this: IDBObjectStore) {
      self.tx(this.transaction).changes.push([`${this.name}/*`, null]);
      return clear.call(this);
    };
    this.restore.push(() => Object.assign(proto, { put, delete: del, clear }));
  }

  /** used is what is stored now. */
  used(): number {
    let n = 0;
    for (const v of this.stored.values()) n += v;
    return n;
  }

  private tx(t: IDBTransaction) {
    let s = this.txs.get(t);
    if (!s) {
      s = { start: this.used(), written: 0, changes: [] };
      this.txs.set(t, s);
      const state = s;
      t.addEventListener('complete', () => {
        for (const [key, size] of state.changes) {
          if (key.endsWith('/*')) {
            for (const k of [...this.stored.keys()]) if (k.startsWith(key.slice(0, -1))) this.stored.delete(k);
          } else if (size === null) this.stored.delete(key);
          else this.stored.set(key, size);
        }
        this.peak = Math.max(this.peak, this.used());
      });
    }
    return s;
  }

  uninstall(): void {
    for (const r of this.restore) r();
  }
}

function sizeOf(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return v.length + 4;
  if (typeof v !== 'object') return 8;
  if (ArrayBuffer.isView(v)) return v.byteLength + 8;
  if (v instanceof ArrayBuffer) return v.byteLength + 8;
  if (v instanceof Blob) return v.size + 8;
  let n = 8;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += sizeOf(x);
  return n;
}

let quota: FakeQuota | null = null;
afterEach(() => {
  quota?.uninstall();
  quota = null;
});

let dbs = 0;
const SERIES = 200;
const names = Array.from({ length: SERIES }, (_, i) => labelsFromObject({ __name__: 'quota_test', i: String(i) }));

/** scrape appends one sample to every series at second t. */
async function scrape(h: Head, t: number): Promise<void> {
  const a = h.appender();
  for (let i = 0; i < SERIES; i++) a.append(0, names[i], t * 1000, Math.sin(t + i) * 1e6 + t);
  await a.commit();
}

async function samplesAt(h: Head, t: number): Promise<number> {
  const s = await h.querier().select([{ type: '=', name: '__name__', value: 'quota_test' }], t * 1000, t * 1000);
  return s.reduce((a, x) => a + x.timestamps.length, 0);
}

describe('a full storage quota', () => {
  it.each([5, 20])('frees enough of the oldest data to get under the quota in force, resumes saving and keeps the head (checkpoint every %i flushes)', { timeout: 60_000 }, async (checkpointEvery) => {
    const notices: StorageNotice[] = [];
    const name = `quota-${dbs++}`;
    const h = await Head.open(name, { chunkSamples: 10, checkpointEvery, onNotice: (n) => notices.push(n) });
    quota = new FakeQuota(400_000);
    let firstRefusal = -1;
    for (let t = 0; t < 300; t++) {
      await scrape(h, t);
      await h.flush();
      if (firstRefusal < 0 && quota.refusals > 0) firstRefusal = t;
      expect(quota.used()).toBeLessThanOrEqual(quota.quota);
    }
    expect(firstRefusal).toBeGreaterThan(0);
    // The quota was hit, recovered from, and then kept to: not a refusal at every flush.
    expect(notices.every((n) => n.kind === 'quota_exceeded')).toBe(true);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThan(10);
    expect(notices[0].message).toMatch(/^browser storage is full: deleted \d+ KiB of the oldest stored data \(samples up to 1970-01-01T00:\d\d:\d\d\.\d{3}Z\); saved again; storage is kept under \d+ KiB from now on$/);
    expect(h.storageLimitBytes()).toBeGreaterThan(0);
    expect(h.storageLimitBytes()).toBeLessThanOrEqual(quota.quota);
    // The head kept everything in memory.
    for (const t of [0, firstRefusal - 1, firstRefusal, 299]) expect(await samplesAt(h, t)).toBe(SERIES);
    await h.close();
    // Saving resumed: a restart (or a kill after the last flush) finds the newest scrape.
    const r = await Head.open(name, { chunkSamples: 10 });
    expect(await samplesAt(r, 299)).toBe(SERIES);
    expect(await samplesAt(r, 0)).toBe(0);
    await r.close();
  });

  it('says so when nothing old is left to delete, keeps the data in memory and saves once there is room', { timeout: 60_000 }, async () => {
    const notices: StorageNotice[] = [];
    const name = `quota-${dbs++}`;
    const h = await Head.open(name, { chunkSamples: 10, checkpointEvery: 5, onNotice: (n) => notices.push(n) });
    quota = new FakeQuota(4_000);
    for (let t = 0; t < 20; t++) {
      await scrape(h, t);
      await expect(h.flush()).resolves.toBeUndefined();
    }
    expect(notices.some((n) => /no stored history was left to delete; this save failed: the data stays in memory/.test(n.message))).toBe(true);
    for (const t of [0, 19]) expect(await samplesAt(h, t)).toBe(SERIES);
    // What was saved is told apart from what is held: the newest saved sample stays behind while saves fail.
    expect(h.savedMaxTime).toBeLessThan(19_000);
    quota.quota = 10_000_000;
    await scrape(h, 20);
    await h.flush();
    expect(h.savedMaxTime).toBe(20_000);
    await h.close();
    const r = await Head.open(name, { chunkSamples: 10 });
    expect(await samplesAt(r, 20)).toBe(SERIES);
    expect(await samplesAt(r, 0)).toBe(SERIES);
    await r.close();
  });

  it('saves a checkpoint that fits the quota alone but not beside the one it replaces, and a restart finds the series', { timeout: 60_000 }, async () => {
    const notices: StorageNotice[] = [];
    const name = `quota-${dbs++}`;
    // No chunk is ever closed (120 samples), so nothing old can go: only the checkpoint it replaces.
    const h = await Head.open(name, { checkpointEvery: 1, onNotice: (n) => notices.push(n) });
    for (let t = 0; t < 30; t++) {
      await scrape(h, t);
      await h.flush();
    }
    // The checkpoint grows with the open chunks: up to 1.5 times its size at t = 30 by t = 45, so one always fits.
    quota = new FakeQuota(Math.round(h.storageBytes() * 1.6));
    for (let t = 30; t < 45; t++) {
      await scrape(h, t);
      await h.flush();
      expect(h.savedMaxTime).toBe(t * 1000);
      expect(quota.used()).toBeLessThanOrEqual(quota.quota);
    }
    expect(quota.refusals).toBeGreaterThan(0);
    expect(notices.some((n) => /saved again/.test(n.message))).toBe(true);
    await h.close();
    const r = await Head.open(name);
    expect(await samplesAt(r, 44)).toBe(SERIES);
    expect(r.numSeries()).toBe(SERIES);
    await r.close();
  });
});
