import { describe, expect, it } from 'vitest';
import { AppendError } from '../../../src/model/storage';
import { STALE_NAN, STALE_NAN_HI, STALE_NAN_LO } from '../../../src/model/value';
import { Head } from '../../../src/tsdb/head';
import { decodeChunkSeries } from '../../../src/tsdb/querier';
import { COMPACT_TAG } from '../../../src/tsdb/chunkenc/compact';

const A = ['__name__', 'a', 'job', 'x'];
const B = ['__name__', 'b', 'job', 'x'];
const all = [{ type: '=~' as const, name: '__name__', value: '.+' }];

function kindOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof AppendError ? e.kind : String(e);
  }
}

describe('Head appends', () => {
  it.each([
    { name: 'in order', t: 20, v: 1, want: 'ok' },
    { name: 'out of order', t: 5, v: 1, want: 'out_of_order' },
    { name: 'duplicate with another value', t: 10, v: 2, want: 'duplicate' },
    { name: 'exact repeat', t: 10, v: 1, want: 'ok' },
    { name: 'stale marker after a sample', t: 11, v: STALE_NAN, want: 'ok' },
  ])('$name', async ({ t, v, want }) => {
    const h = new Head();
    const app = h.appender();
    app.append(0, A, 10, 1);
    await app.commit();
    const next = h.appender();
    expect(kindOf(() => next.append(0, A, t, v))).toBe(want);
    await next.commit();
    const [s] = await h.querier().select(all, 0, 100);
    expect(s.timestamps.length).toBe(want === 'ok' && t !== 10 ? 2 : 1);
  });

  it('checks samples within one transaction and keeps the rest of the batch', async () => {
    const h = new Head();
    const app = h.appender();
    const ref = app.append(0, A, 10, 1);
    expect(kindOf(() => app.append(ref, A, 9, 1))).toBe('out_of_order');
    expect(kindOf(() => app.append(ref, A, 10, 3))).toBe('duplicate');
    app.append(ref, A, 10, 1);
    app.append(ref, A, 11, 2);
    await app.commit();
    const [s] = await h.querier().select(all, 0, 100);
    expect([...s.timestamps]).toEqual([10, 11]);
    expect([...s.values]).toEqual([1, 2]);
  });

  it('makes samples visible at commit only, and rollback discards them', async () => {
    const h = new Head();
    const app = h.appender();
    const ref = app.append(0, A, 10, 1);
    expect(await h.querier().select(all, 0, 100)).toEqual([]);
    app.rollback();
    expect(await h.querier().select(all, 0, 100)).toEqual([]);
    const again = h.appender();
    again.append(ref, A, 5, 7);
    await again.commit();
    const [s] = await h.querier().select(all, 0, 100);
    expect([...s.timestamps]).toEqual([5]);
  });

  it('returns series sorted by labels across many chunks, trimmed to the range', async () => {
    const h = new Head();
    let ra = 0;
    let rb = 0;
    for (let t = 0; t < 1000; t++) {
      const app = h.appender();
      rb = app.append(rb, B, t * 1000, t);
      ra = app.append(ra, A, t * 1000, -t);
      await app.commit();
    }
    const got = await h.querier().select(all, 100_000, 499_000);
    expect(got.map((s) => s.labels[1])).toEqual(['a', 'b']);
    expect(got[1].timestamps.length).toBe(400);
    expect(got[1].timestamps[0]).toBe(100_000);
    expect(got[1].values[399]).toBe(499);
    expect(got[0].values[0]).toBe(-100);
    expect(h.status().headStats.chunkCount).toBe(2 * Math.ceil(1000 / 120));
  });

  it('ships raw chunks that decode to the same samples, stale marker bits included', async () => {
    const h = new Head();
    const app = h.appender();
    for (let t = 0; t < 300; t++) app.append(0, A, t, t === 150 ? STALE_NAN : t);
    await app.commit();
    const [cs] = await h.selectChunks(all, 10, 200);
    expect(cs.chunks.length).toBe(2);
    const decoded = decodeChunkSeries(cs, 10, 200);
    const [s] = await h.querier().select(all, 10, 200);
    expect(decoded.timestamps).toEqual(s.timestamps);
    const words = new Uint32Array(decoded.values.buffer);
    expect([words[2 * 140], words[2 * 140 + 1]]).toEqual([STALE_NAN_LO, STALE_NAN_HI]);
    expect(decoded.timestamps.length).toBe(191);
  });

  it('ships chunk copies that can be transferred without detaching head memory', async () => {
    const h = new Head({ chunkSamples: 10 });
    const app = h.appender();
    for (let t = 0; t < 35; t++) app.append(0, A, t, t);
    await app.commit();
    const shipped = await h.selectChunks(all, 0, 100);
    structuredClone(shipped, { transfer: shipped[0].chunks.map((c) => c.bytes.buffer as ArrayBuffer) });
    expect(shipped[0].chunks[0].bytes.length).toBe(0);
    const [s] = await h.querier().select(all, 0, 100);
    expect(s.timestamps.length).toBe(35);
  });

  it.each([
    { name: 'decimal gauge', value: (t: number) => Math.round(Math.sin(t) * 100) / 4 },
    { name: 'non-decimal gauge, XOR values in a compact chunk', value: (t: number) => Math.sin(t) },
  ])('cuts a full chunk at once, re-encodes it compactly and shrinks the buffer ($name)', async ({ value }) => {
    const h = new Head({ chunkSamples: 120 });
    for (let t = 0; t < 120; t++) {
      const app = h.appender();
      app.append(0, A, 1_000_000 + t * 15_000 + (t % 3), value(t));
      await app.commit();
    }
    const s = h.seriesByRef(1)!;
    expect(s.numClosed()).toBe(1);
    expect(s.count).toBe(0);
    const c = s.closedChunk(0);
    expect(c.bytes[0]).toBe(COMPACT_TAG);
    expect(s.buf.length).toBeLessThanOrEqual(c.bytes.length + 32);
    const [got] = await h.querier().select(all, 0, Infinity);
    expect([...got.timestamps]).toEqual(Array.from({ length: 120 }, (_, t) => 1_000_000 + t * 15_000 + (t % 3)));
    expect([...got.values]).toEqual(Array.from({ length: 120 }, (_, t) => value(t)));
  });

  it('serves label names, values and series', async () => {
    const h = new Head();
    const app = h.appender();
    app.append(0, A, 10, 1);
    app.append(0, [...B, 'zone', 'eu'], 20, 1);
    await app.commit();
    const q = h.querier();
    expect(await q.labelNames([], 0, 100)).toEqual(['__name__', 'job', 'zone']);
    expect(await q.labelNames([{ type: '=', name: '__name__', value: 'a' }], 0, 100)).toEqual(['__name__', 'job']);
    expect(await q.labelValues('__name__', [], 0, 100)).toEqual(['a', 'b']);
    expect(await q.labelValues('__name__', [{ type: '=', name: 'zone', value: 'eu' }], 0, 100)).toEqual(['b']);
    expect(await q.series(all, 15, 100)).toEqual([[...B, 'zone', 'eu']]);
  });
});

describe('Head delete, retention and status', () => {
  it('deletes samples of matching series in a range', async () => {
    const h = new Head();
    const app = h.appender();
    for (let t = 0; t < 10; t++) {
      app.append(0, A, t, t);
      app.append(0, B, t, t);
    }
    await app.commit();
    await h.deleteSeries([{ type: '=', name: '__name__', value: 'a' }], 3, 6);
    const [a, b] = await h.querier().select(all, 0, 100);
    expect([...a.timestamps]).toEqual([0, 1, 2, 7, 8, 9]);
    expect(b.timestamps.length).toBe(10);
    const [cs] = await h.selectChunks([{ type: '=', name: '__name__', value: 'a' }], 0, 100);
    expect([...decodeChunkSeries(cs, 0, 100).timestamps]).toEqual([0, 1, 2, 7, 8, 9]);
    await h.deleteSeries([{ type: '=', name: '__name__', value: 'a' }], 0, 100);
    expect((await h.querier().select(all, 0, 100)).length).toBe(1);
  });

  it('drops data older than the retention and forgets empty series', async () => {
    const h = new Head({ retentionMs: 1000, chunkSamples: 10 });
    let app = h.appender();
    for (let t = 0; t < 100; t++) app.append(0, A, t * 10, t);
    app.append(0, B, 5, 1);
    await app.commit();
    app = h.appender();
    app.append(0, A, 3000, 1);
    await app.commit();
    await h.applyRetention();
    expect(h.numSeries()).toBe(1);
    const [s] = await h.querier().select(all, 0, 10_000);
    expect([...s.timestamps]).toEqual([3000]);
    expect(h.status().headStats.chunkCount).toBe(1);
    const again = h.appender();
    again.append(0, B, 3001, 1);
    await again.commit();
    expect(h.numSeries()).toBe(2);
  });

  it('keeps a new series whose first samples await commit', async () => {
    const h = new Head({ retentionMs: 1000 });
    const app = h.appender();
    app.append(0, A, 5000, 1);
    const pending = h.appender();
    pending.append(0, B, 5000, 1);
    await app.commit();
    await h.applyRetention();
    await pending.commit();
    expect((await h.querier().select(all, 0, 10_000)).length).toBe(2);
  });

  it('keeps the ten largest rows of each status table, ties by name', async () => {
    const h = new Head();
    const app = h.appender();
    for (let m = 1; m <= 15; m++) for (let k = 0; k < m; k++) app.append(0, ['__name__', `m${m}`, 'k', String(k)], 1, 1);
    app.append(0, ['__name__', 'm0a', 'k', '0'], 1, 1);
    app.append(0, ['__name__', 'm0b', 'k', '0'], 1, 1);
    await app.commit();
    const st = h.status();
    expect(st.seriesCountByMetricName.map((r) => r.name)).toEqual(['m15', 'm14', 'm13', 'm12', 'm11', 'm10', 'm9', 'm8', 'm7', 'm6']);
    expect(st.seriesCountByLabelValuePair[0]).toEqual({ name: 'k=0', value: 17 });
    expect(st.seriesCountByLabelValuePair.length).toBe(10);
    expect(st.headStats.numLabelPairs).toBe(17 + 15);
  });

  it('reports status in the shape of /api/v1/status/tsdb', async () => {
    const h = new Head();
    const app = h.appender();
    app.append(0, A, 10, 1);
    app.append(0, B, 20, 1);
    app.append(0, [...B, 'zone', 'eu'], 30, 1);
    await app.commit();
    const st = h.status();
    expect(st.headStats).toEqual({ numSeries: 3, numLabelPairs: 4, chunkCount: 3, minTime: 10, maxTime: 30 });
    expect(st.seriesCountByMetricName).toEqual([
      { name: 'b', value: 2 },
      { name: 'a', value: 1 },
    ]);
    expect(st.labelValueCountByLabelName[0]).toEqual({ name: '__name__', value: 2 });
    expect(st.seriesCountByLabelValuePair[0]).toEqual({ name: 'job=x', value: 3 });
    expect(st.memoryInBytesByLabelName.find((r) => r.name === 'zone')).toEqual({ name: 'zone', value: 2 });
    expect(st.storageBytes).toBe(0);
  });
});
