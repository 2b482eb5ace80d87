import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../src/model/labels';
import { Head, type StorageNotice } from '../../../src/tsdb/head';
import { STORES } from '../../../src/tsdb/idb_schema';
import { QUOTA_KEEP } from '../../../src/tsdb/idb_store';

let dbs = 0;
const labels = labelsFromObject({ __name__: 'quota_test', job: 'j' });

async function fill(h: Head, from: number, to: number): Promise<void> {
  const a = h.appender();
  for (let t = from; t < to; t++) a.append(0, labels, t * 1000, Math.sin(t) * 1e6 + t);
  await a.commit();
}

/** refuseNextChunkWrite makes the next chunk batch write fail as Chromium's quota does. */
function refuseNextChunkWrite(): () => void {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  let failures = 1;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === STORES.chunks && failures-- > 0) throw new DOMException('', 'QuotaExceededError');
    return put.apply(this, args);
  };
  return () => (proto.put = put);
}

describe('storage quota', () => {
  it('keeps to a budget after the first refusal instead of hitting the quota at every flush', async () => {
    const notices: StorageNotice[] = [];
    const h = await Head.open(`quota-${dbs++}`, { chunkSamples: 10, checkpointEvery: 1, onNotice: (n) => notices.push(n) });
    for (let i = 0; i < 10; i++) {
      await fill(h, i * 20, i * 20 + 20);
      await h.flush();
    }
    const atRefusal = h.storageBytes();
    const restore = refuseNextChunkWrite();
    try {
      await fill(h, 200, 220);
      await h.flush();
    } finally {
      restore();
    }
    expect(notices.map((n) => n.kind)).toEqual(['quota_exceeded']);
    // Twenty more flushes would double the size; the budget keeps it where the refusal left it.
    for (let i = 11; i < 31; i++) {
      await fill(h, i * 20, i * 20 + 20);
      await h.flush();
      expect(h.storageBytes()).toBeLessThanOrEqual(atRefusal * QUOTA_KEEP + 400);
    }
    expect(notices.length).toBe(1);
    // The newest data is all there.
    const [s] = await h.querier().select([{ type: '=', name: '__name__', value: 'quota_test' }], 600_000, 619_000);
    expect(s.timestamps.length).toBe(20);
    await h.close();
  });
});
