import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newFloatHistogram, type FloatHistogram } from '../../../src/model/histogram';
import { AppendError } from '../../../src/model/storage';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { isExtChunk } from '../../../src/tsdb/chunkenc/chunk';
import { Head } from '../../../src/tsdb/head';

const A = ['__name__', 'rpc_seconds', 'job', 'x'];
const sel = [{ type: '=' as const, name: '__name__', value: 'rpc_seconds' }];
let dbCount = 0;
const freshName = () => `tsdb-hist-${dbCount++}-${Math.random()}`;

/** hist returns a growing schema-3 histogram with `buckets` populated buckets at step i (no bucket ever decreases). */
function hist(i: number, buckets = 8, schema = 3): FloatHistogram {
  const index = Array.from({ length: buckets }, (_, k) => k - 2 + (k > buckets / 2 ? 3 : 0));
  const count = index.map((_, k) => 10 * i + k * i);
  const total = count.reduce((a, b) => a + b, 0) + i;
  return newFloatHistogram({ schema, zeroThreshold: 1e-128, zeroCount: i, count: total, sum: 0.25 * i, positive: { index, count } });
}

/** hinted returns the histograms with the hints a select gives them (undefined: a float or stale sample). */
function hinted(seq: readonly (FloatHistogram | undefined)[], hints: readonly string[]): (FloatHistogram | undefined)[] {
  return seq.map((h, i) => h && { ...h, counterResetHint: hints[i] as FloatHistogram['counterResetHint'] });
}

/**
 * mixedHints returns the hints of appendMixed's samples 0..to with chunks of chunkSamples, as Prometheus's chunk
 * iterator gives them: the first histogram of a chunk unknown (a chunk starts at a type change or when full), the
 * others not_reset.
 */
function mixedHints(to: number, chunkSamples: number): string[] {
  const out: string[] = [];
  let count = 0;
  let type = '';
  for (let i = 0; i < to; i++) {
    const t = i % 50 === 49 ? 'f' : 'h';
    if (count > 0 && t !== type) count = 0;
    out.push(count === 0 ? 'unknown' : 'not_reset');
    type = t;
    count = count + 1 >= chunkSamples ? 0 : count + 1;
  }
  return out;
}

async function appendMixed(h: Head, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const app = h.appender();
    const t = i * 15_000;
    if (i % 50 === 49) app.append(0, A, t, i);
    else app.appendHistogram(0, A, t, hist(i), i < 100 ? 1000 : 2_000_000);
    await app.commit();
  }
}

function expectSamples(s: { timestamps: Float64Array; values: Float64Array; histograms?: readonly (FloatHistogram | undefined)[]; startTimestamps?: Float64Array }, from: number, to: number): void {
  expect(s.timestamps.length).toBe(to - from);
  const want = hinted(Array.from({ length: to }, (_, i) => (i % 50 === 49 ? undefined : hist(i))), mixedHints(to, 40));
  for (let i = from; i < to; i++) {
    const k = i - from;
    expect(s.timestamps[k]).toBe(i * 15_000);
    if (i % 50 === 49) {
      expect(s.histograms?.[k]).toBeUndefined();
      expect(s.values[k]).toBe(i);
      expect(s.startTimestamps?.[k] ?? 0).toBe(0);
    } else {
      expect(s.histograms?.[k]).toEqual(want[i]);
      expect(s.startTimestamps?.[k]).toBe(i < 100 ? 1000 : 2_000_000);
    }
  }
}

describe('native histograms in the head', () => {
  it('stores histogram and float samples of one series with start timestamps, across cut and re-encoded chunks', async () => {
    const h = new Head({ chunkSamples: 40 });
    await appendMixed(h, 0, 130);
    h.recodePending();
    const [s] = await h.querier().select(sel, 0, Infinity);
    expectSamples(s, 0, 130);
    const [part] = await h.querier().select(sel, 35 * 15_000, 90 * 15_000);
    expectSamples(part, 35, 91);
  });

  it('keeps schema changes, custom buckets, NaN and infinite sums, empty spans and counter reset hints', async () => {
    const h = new Head({ chunkSamples: 8 });
    const samples: FloatHistogram[] = [
      hist(1),
      { ...hist(2), counterResetHint: 'not_reset' },
      { ...hist(3, 8, 1), counterResetHint: 'reset' },
      newFloatHistogram({ schema: -53, customValues: [0.1, 0.5, 1], positive: { index: [0, 1, 3], count: [1, 2, 3] }, count: 6, sum: NaN }),
      newFloatHistogram({ schema: -53, customValues: [0.1, 0.5, 1], positive: { index: [0, 1, 3], count: [2, 2, 3] }, count: 7, sum: Infinity }),
      newFloatHistogram({ schema: 0, count: 0, sum: -Infinity, counterResetHint: 'gauge' }),
      newFloatHistogram({ schema: 2, count: 2.5, zeroCount: 0.5, sum: 1.5, negative: { index: [-3, 7], count: [1, 1] } }),
      newFloatHistogram({ schema: 2, count: 3, zeroCount: 1, sum: 1.5, negative: { index: [-3, 7], count: [1, 1] }, positive: { index: [0], count: [0] } }),
    ];
    const app = h.appender();
    samples.forEach((x, i) => app.appendHistogram(0, A, i * 1000, x));
    await app.commit();
    const [s] = await h.querier().select(sel, 0, Infinity);
    // Cuts: an explicit reset, a schema change, a gauge, a counter after a gauge; each chunk's first reads unknown.
    // The new bucket of the last sample recodes its chunk: the sample before gets that bucket, empty.
    const hints = ['unknown', 'not_reset', 'unknown', 'unknown', 'not_reset', 'gauge', 'unknown', 'not_reset'];
    const want = hinted(samples, hints);
    want[6] = { ...want[6]!, positive: { index: [0], count: [0] } };
    expect(s.histograms).toEqual(want);
    expect(s.startTimestamps).toBeUndefined();
  });

  it('takes stale markers for histogram series, refuses out-of-order samples and different duplicates', async () => {
    const h = new Head();
    const app = h.appender();
    app.appendHistogram(0, A, 1000, hist(1));
    app.appendHistogram(0, A, 2000, hist(2));
    app.appendHistogram(0, A, 2000, hist(2));
    expect(() => app.appendHistogram(0, A, 2000, hist(3))).toThrow(AppendError);
    expect(() => app.appendHistogram(0, A, 1500, hist(3))).toThrow(/out of order/);
    app.appendHistogram(0, A, 3000, { ...hist(3), sum: STALE_NAN });
    app.appendHistogram(0, A, 4000, hist(4));
    app.append(0, A, 5000, STALE_NAN);
    await app.commit();
    const again = h.appender();
    expect(() => again.appendHistogram(0, A, 5000, hist(4))).toThrow(/duplicate/);
    again.appendHistogram(0, A, 6000, hist(4));
    expect(() => again.appendHistogram(0, A, 4000, hist(9))).toThrow(/out of order/);
    await again.commit();
    const [s] = await h.querier().select(sel, 0, Infinity);
    expect([...s.timestamps]).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    // A histogram after a stale marker starts a chunk (unknown), as in Prometheus.
    expect(s.histograms).toEqual(hinted([hist(1), hist(2), undefined, hist(4), undefined, hist(4)], ['unknown', 'not_reset', '', 'unknown', '', 'unknown']));
    expect(isStaleNaN(s.values[2])).toBe(true);
    expect(isStaleNaN(s.values[4])).toBe(true);
    const third = h.appender();
    third.appendHistogram(0, A, 6000, hist(4));
    expect(() => third.appendHistogram(0, A, 6000, hist(5))).toThrow(/duplicate/);
    third.rollback();
  });

  it('cuts the chunk where the series changes type (stale markers belong to either type) and at a histogram after a stale marker', async () => {
    const h = new Head();
    const app = h.appender();
    const kinds = ['f', 'f', 'h', 'h', 's', 'f', 's', 'f', 'h', 's', 'h'];
    kinds.forEach((k, i) => {
      if (k === 'f') app.append(0, A, i * 1000, i);
      else if (k === 'h') app.appendHistogram(0, A, i * 1000, hist(i));
      else app.append(0, A, i * 1000, STALE_NAN);
    });
    await app.commit();
    h.recodePending();
    const [cs] = await h.selectChunks(sel, 0, Infinity);
    expect(cs.chunks.map((c) => [c.minT / 1000, c.maxT / 1000, isExtChunk(c.bytes)])).toEqual([
      [0, 1, false],
      [2, 4, true],
      [5, 7, false],
      [8, 9, true],
      [10, 10, true],
    ]);
    const [s] = await h.querier().select(sel, 0, Infinity);
    expect(s.histograms!.map((x) => x !== undefined)).toEqual(kinds.map((k) => k === 'h'));
  });

  it('refuses a histogram whose bucket indices do not ascend', () => {
    const h = new Head();
    const app = h.appender();
    const bad = newFloatHistogram({ positive: { index: [2, 1], count: [1, 1] }, count: 2 });
    expect(() => app.appendHistogram(0, A, 1000, bad)).toThrow(/invalid native histogram/);
  });

  it('stores start timestamps of float samples (a start timestamp that is not finite is unknown)', async () => {
    const h = new Head({ chunkSamples: 4 });
    const app = h.appender();
    for (let i = 0; i < 10; i++) app.append(0, A, i * 1000, i, i < 2 ? 0 : i === 2 ? NaN : i < 7 ? 500 : 7_000.5);
    await app.commit();
    h.recodePending();
    const [s] = await h.querier().select(sel, 0, Infinity);
    expect([...s.values]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...s.startTimestamps!]).toEqual([0, 0, 0, 500, 500, 500, 500, 7000.5, 7000.5, 7000.5]);
    expect(s.histograms).toBeUndefined();
  });
});

describe('native histograms persisted in IndexedDB', () => {
  it('restores histograms from chunks, the checkpoint and the sample log after a kill', async () => {
    const name = freshName();
    const h = await Head.open(name, { chunkSamples: 40, checkpointEvery: 3 });
    await appendMixed(h, 0, 50);
    await h.flush();
    await appendMixed(h, 50, 90);
    await h.flush();
    await appendMixed(h, 90, 130);
    await h.flush();
    await appendMixed(h, 130, 135);
    // Killed: no close. The last 5 samples were never flushed.
    const r = await Head.open(name, { chunkSamples: 40, checkpointEvery: 3 });
    const [s] = await r.querier().select(sel, 0, Infinity);
    expectSamples(s, 0, 130);
    await appendMixed(r, 130, 140);
    await r.close();
    const again = await Head.open(name, { chunkSamples: 40, memoryWindowMs: 60_000 });
    const [all] = await again.querier().select(sel, 0, Infinity);
    expectSamples(all, 0, 140);
    await again.close();
  });
});
