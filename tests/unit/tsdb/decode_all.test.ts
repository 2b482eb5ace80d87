import { describe, expect, it } from 'vitest';
import { newFloatHistogram } from '../../../src/model/histogram';
import { labelsFromObject } from '../../../src/model/labels';
import type { Matcher } from '../../../src/model/matcher';
import { STALE_NAN } from '../../../src/model/value';
import { packSeries } from '../../../src/api/remote_querier';
import { Head } from '../../../src/tsdb/head';
import { decodeChunkSeries, selectChunks } from '../../../src/tsdb/querier';

const all: Matcher[] = [{ type: '=~', name: '__name__', value: '.+' }];

/** mixedHead holds float series of different lengths, one with native histograms and start times, and a tombstone. */
async function mixedHead(): Promise<Head> {
  const head = new Head({ chunkSamples: 40 });
  for (let step = 0; step < 300; step++) {
    const app = head.appender();
    const t = 1_000_000 + step * 15_000;
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 3 && step > 150) continue;
      app.append(0, labelsFromObject({ __name__: 'f', i: String(i) }), t, step === 77 && i === 2 ? STALE_NAN : step * (i + 1) + 0.1);
    }
    if (step % 2 === 0) app.appendHistogram(0, labelsFromObject({ __name__: 'h' }), t, newFloatHistogram({ schema: 0, count: step, sum: step, zeroCount: step }), 900_000);
    await app.commit();
  }
  head.recodePending();
  await head.deleteSeries([{ type: '=', name: 'i', value: '5' }], 1_000_000 + 100 * 15_000, 1_000_000 + 120 * 15_000);
  return head;
}

function bits(a: Float64Array): number[] {
  return [...new Uint32Array(a.buffer, a.byteOffset, a.length * 2)];
}

describe('the head decodes a select into one pair of buffers', () => {
  it.each([
    ['the whole range', 0, 10_000_000],
    ['a middle window', 1_000_000 + 50 * 15_000, 1_000_000 + 200 * 15_000],
    ['a short lookback at the end', 1_000_000 + 290 * 15_000, 1_000_000 + 299 * 15_000],
  ])('it equals decoding each series on its own over %s, bit for bit', async (_name, mint, maxt) => {
    const head = await mixedHead();
    const want = (await selectChunks(head, all, mint, maxt)).map((cs) => decodeChunkSeries(cs, mint, maxt)).filter((s) => s.timestamps.length > 0);
    const got = await head.querier().select(all, mint, maxt);
    expect(got.map((s) => s.labels)).toEqual(want.map((s) => s.labels));
    got.forEach((s, i) => {
      expect([...s.timestamps]).toEqual([...want[i].timestamps]);
      expect(bits(s.values)).toEqual(bits(want[i].values));
      expect(s.histograms).toEqual(want[i].histograms);
      expect(s.startTimestamps).toEqual(want[i].startTimestamps);
      expect(s.timestamps.buffer).toBe(got[0].timestamps.buffer);
    });
    expect(got.some((s) => s.histograms)).toBe(true);
  });

  it('the packed answer reuses those buffers instead of copying, and copies arrays it does not own', async () => {
    const head = await mixedHead();
    const got = await head.querier().select(all, 0, 10_000_000);
    const reused = packSeries(got, head.epoch, undefined, true);
    expect(reused.timestamps.buffer).toBe(got[0].timestamps.buffer);
    const copied = packSeries(got, head.epoch);
    expect(copied.timestamps.buffer).not.toBe(got[0].timestamps.buffer);
    expect(bits(copied.values)).toEqual(bits(reused.values));
    const apart = got.map((s) => ({ ...s, timestamps: s.timestamps.slice(), values: s.values.slice() }));
    expect(packSeries(apart, head.epoch, undefined, true).timestamps.buffer).not.toBe(apart[0].timestamps.buffer);
  });
});

describe('the head reads a select one series at a time', () => {
  it('each series of the cursor equals the select, bit for bit, and all() is the select', async () => {
    const head = await mixedHead();
    const [mint, maxt] = [1_000_000 + 50 * 15_000, 1_000_000 + 299 * 15_000];
    const want = await head.querier().select(all, mint, maxt);
    const cursor = await head.querier().selectCursor!(all, mint, maxt);
    const got = [];
    for (let i = 0; i < cursor.length; i++) {
      const s = cursor.at(i);
      if (s.timestamps.length === 0) continue;
      got.push({ ...s, timestamps: s.timestamps.slice(), values: s.values.slice() });
    }
    expect(got.map((s) => s.labels)).toEqual(want.map((s) => s.labels));
    got.forEach((s, i) => {
      expect([...s.timestamps]).toEqual([...want[i].timestamps]);
      expect(bits(s.values)).toEqual(bits(want[i].values));
      expect(s.histograms).toEqual(want[i].histograms);
      expect(s.startTimestamps).toEqual(want[i].startTimestamps);
    });
    const loaded = cursor.loaded();
    expect(loaded).toEqual({ series: want.length, samples: want.reduce((n, s) => n + s.timestamps.length, 0) });
    const again = cursor.all();
    expect(again.map((s) => [...s.timestamps])).toEqual(want.map((s) => [...s.timestamps]));
  });

  it('reads what was selected even when the head recodes and appends before the reads', async () => {
    const head = new Head({ chunkSamples: 30 });
    const labels = (i: number) => labelsFromObject({ __name__: 'c', i: String(i) });
    const t0 = 1_000_000;
    let step = 0;
    const commit = async (n: number) => {
      for (let k = 0; k < n; k++, step++) {
        const app = head.appender();
        for (let i = 0; i < 20; i++) app.append(0, labels(i), t0 + step * 15_000, step * (i + 1) + 0.5);
        await app.commit();
      }
    };
    // Cut a chunk per series without recoding it: the retired chunks stay in the head's XOR columns.
    await commit(31);
    const maxt = t0 + (step - 1) * 15_000;
    const want = await head.querier().select(all, 0, maxt);
    const cursor = await head.querier().selectCursor!(all, 0, maxt);
    head.recodePending();
    await commit(45);
    head.recodePending();
    for (let i = 0; i < cursor.length; i++) {
      const s = cursor.at(i);
      expect(s.labels).toEqual(want[i].labels);
      expect([...s.timestamps]).toEqual([...want[i].timestamps]);
      expect(bits(s.values)).toEqual(bits(want[i].values));
    }
  });
});
