import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newFloatHistogram, type CounterResetHint, type FloatHistogram } from '../../../src/model/histogram';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { decodeChunk, extParts, type ExtSink } from '../../../src/tsdb/chunkenc/chunk';
import { BitReader } from '../../../src/tsdb/chunkenc/bitstream';
import { ExtWriter, decodeExt } from '../../../src/tsdb/chunkenc/ext';
import { HistChunkWriter, decodeHistColumn } from '../../../src/tsdb/chunkenc/histchunk';
import { Head } from '../../../src/tsdb/head';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** bits renders a double by its bits (NaN payloads and -0 included). */
function bits(v: number): string {
  f64[0] = v;
  return `${u32[1].toString(16)}:${u32[0].toString(16)}`;
}

/** dense maps a histogram's buckets to index → count-bits, dropping +0 buckets (a chunk's layout may add them). */
function dense(h: FloatHistogram): unknown {
  const side = (b: FloatHistogram['positive']) => Object.fromEntries(b.index.map((x, i) => [x, b.count[i]]).filter(([, c]) => !Object.is(c, 0)).map(([x, c]) => [x, bits(c)]));
  return { schema: h.schema, zt: bits(h.zeroThreshold), zc: bits(h.zeroCount), count: bits(h.count), sum: bits(h.sum), pos: side(h.positive), neg: side(h.negative), cv: h.customValues?.map(bits) };
}

const ZT = 2.938735877055719e-39;

function h(count: number[], opts: Partial<FloatHistogram> & { index?: number[] } = {}): FloatHistogram {
  const index = opts.index ?? count.map((_, i) => i);
  const zeroCount = opts.zeroCount ?? 0;
  return newFloatHistogram({ schema: 3, zeroThreshold: ZT, zeroCount, count: count.reduce((a, c) => a + c, zeroCount), sum: 1, positive: { index, count }, ...opts });
}

/** column writes histograms into a chunk column (the first with header) and returns it decoded. */
function column(hs: FloatHistogram[], header: CounterResetHint = 'unknown'): { bytes: Uint8Array; back: FloatHistogram[]; w: HistChunkWriter } {
  const w = HistChunkWriter.start(hs[0], header);
  hs.forEach((x, i) => {
    if (i > 0) expect(w.cutFor(x, false)).toBeNull();
    w.push(i, x);
  });
  const bytes = w.bytes();
  return { bytes, back: decodeHistColumn(new BitReader(bytes, 0), hs.length).map((e) => e.h), w };
}

/** counterSeries makes a growing counter histogram: new buckets now and then, sums of any bits. */
const counterSeries = fc
  .record({
    start: fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: 0, maxLength: 12 }),
    steps: fc.array(
      fc.record({
        grow: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 30 })), { minLength: 60, maxLength: 60 }),
        add: fc.option(fc.integer({ min: -60, max: 60 }), { freq: 5 }),
        sum: fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, STALE_NAN)),
        zc: fc.integer({ min: 0, max: 5 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    float: fc.boolean(),
  })
  .map(({ start, steps, float }) => {
    const counts = new Map<number, number>(start.map((x) => [x, 0]));
    let zc = float ? 0.5 : 0;
    return steps.map((s, i) => {
      if (s.add !== null) counts.set(s.add, counts.get(s.add) ?? 0);
      const index = [...counts.keys()].sort((a, b) => a - b);
      index.forEach((x, k) => counts.set(x, counts.get(x)! + s.grow[k] + (float ? 0.25 : 0)));
      zc += s.zc;
      const count = index.reduce((a, x) => a + counts.get(x)!, zc) + i;
      return newFloatHistogram({ schema: 3, zeroThreshold: ZT, zeroCount: zc, count, sum: s.sum, positive: { index, count: index.map((x) => counts.get(x)!) } });
    });
  });

describe('histogram chunks (one layout and counter reset header per chunk)', () => {
  it('round-trip growing counter histograms bit-exactly, integer and float counts, with new buckets recoding the chunk', () => {
    fc.assert(
      fc.property(counterSeries, (hs) => {
        const { bytes, back } = column(hs);
        expect(back.map(dense)).toEqual(hs.map(dense));
        // Every histogram of a chunk has the chunk's layout: the union of the buckets seen.
        const all = [...new Set(hs.flatMap((x) => [...x.positive.index]))].sort((a, b) => a - b);
        for (const x of back) expect([...x.positive.index]).toEqual(all);
        expect(back.map((x) => x.counterResetHint)).toEqual(hs.map((_, i) => (i === 0 ? 'unknown' : 'not_reset')));
        const again = HistChunkWriter.fromColumn(new BitReader(bytes, 0), hs.length);
        expect(again.bytes()).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trip extreme counts exactly: integer gauges jumping by 2^47, and totals past 2^48 as float counts', () => {
    const g = (c: number) => ({ ...h([c], { zeroCount: 0 }), counterResetHint: 'gauge' as const });
    const jumps = [0, 2 ** 47, 0, 2 ** 47, 1, 2 ** 47 - 1, 3].map(g);
    const a = column(jumps, 'gauge');
    expect(a.w.integer).toBe(true);
    expect(a.back.map(dense)).toEqual(jumps.map(dense));
    const big = [2 ** 52, 2 ** 53, 2 ** 53 + 2, 2 ** 60].map((c) => h([c, 1]));
    const b = column(big);
    expect(b.w.integer).toBe(false);
    expect(b.back.map(dense)).toEqual(big.map(dense));
  });

  it('keep the header: gauge chunks read gauge, others unknown first and not_reset after (as Prometheus reads them)', () => {
    for (const header of ['unknown', 'reset', 'not_reset', 'gauge'] as const) {
      const hs = [h([1, 2]), h([2, 2]), h([3, 4])].map((x) => (header === 'gauge' ? { ...x, counterResetHint: 'gauge' as const } : x));
      const { bytes, back } = column(hs, header);
      expect(HistChunkWriter.fromColumn(new BitReader(bytes, 0), 3).header).toBe(header);
      expect(back.map((x) => x.counterResetHint)).toEqual(header === 'gauge' ? ['gauge', 'gauge', 'gauge'] : ['unknown', 'not_reset', 'not_reset']);
    }
  });

  it('say where a chunk must be cut, and with which header, as Prometheus appendable checks do', () => {
    const { w } = column([h([5, 5, 0], { zeroCount: 2 })]);
    const cases: [string, FloatHistogram, boolean, CounterResetHint | null][] = [
      ['same layout, grown', h([6, 5, 0], { zeroCount: 2 }), false, null],
      ['new bucket (recoded)', h([6, 5, 0, 1], { zeroCount: 2 }), false, null],
      ['empty bucket missing', h([6, 5], { zeroCount: 2 }), false, null],
      ['bucket missing that held counts', h([6, 0, 0], { zeroCount: 2, index: [0, 2, 3] }), false, 'reset'],
      ['bucket decreased', h([4, 7, 0], { zeroCount: 2 }), false, 'reset'],
      ['count decreased', { ...h([5, 5, 0], { zeroCount: 2 }), count: 3 }, false, 'reset'],
      ['zero count decreased', h([6, 5, 0], { zeroCount: 1 }), false, 'reset'],
      ['explicit reset', { ...h([6, 5, 0], { zeroCount: 2 }), counterResetHint: 'reset' }, false, 'reset'],
      ['after a stale marker', h([6, 5, 0], { zeroCount: 2 }), true, 'unknown'],
      ['schema change', h([6, 5, 0], { zeroCount: 2, schema: 2 }), false, 'unknown'],
      ['zero threshold change', h([6, 5, 0], { zeroCount: 2, zeroThreshold: 1e-3 }), false, 'unknown'],
      ['float counts in an integer chunk', h([6.5, 5, 0], { zeroCount: 2 }), false, 'unknown'],
      ['a gauge', { ...h([6, 5, 0], { zeroCount: 2 }), counterResetHint: 'gauge' }, false, 'gauge'],
    ];
    for (const [name, x, stale, want] of cases) expect([name, w.cutFor(x, stale)]).toEqual([name, want]);

    const { w: f } = column([h([0.5, 1])]);
    expect(f.integer).toBe(false);
    expect(f.cutFor(h([1, 2]), false)).toBeNull();

    const nhcb = (cv: number[], c: number[]) => newFloatHistogram({ schema: -53, customValues: cv, count: c.reduce((a, b) => a + b, 0), positive: { index: c.map((_, i) => i), count: c } });
    const { w: cb } = column([nhcb([0.1, 1], [1, 1, 1])]);
    expect(cb.cutFor(nhcb([0.1, 1], [1, 2, 1]), false)).toBeNull();
    expect(cb.cutFor(nhcb([0.2, 1], [1, 2, 1]), false)).toBe('reset');

    // A wide chunk whose recoding would rewrite more than 32,768 values is cut instead.
    const wide = (n: number, c: number) => h(new Array<number>(n).fill(c));
    const { w: ww } = column(Array.from({ length: 40 }, (_, i) => wide(1000, i)));
    expect(ww.cutFor(wide(1000, 50), false)).toBeNull();
    expect(ww.cutFor(wide(1001, 50), false)).toBe('not_reset');
    const { w: narrow } = column(Array.from({ length: 30 }, (_, i) => wide(1000, i)));
    expect(narrow.cutFor(wide(1001, 50), false)).toBeNull();

    const g = (c: number[], o: Partial<FloatHistogram> = {}) => ({ ...h(c, o), counterResetHint: 'gauge' as const });
    const { w: gw } = column([g([5, 5])], 'gauge');
    expect(gw.cutFor(g([1, 0]), false)).toBeNull();
    expect(gw.cutFor(g([1, 0], { schema: 1 }), false)).toBe('gauge');
    expect(gw.cutFor(g([1, 0]), true)).toBe('gauge');
    expect(gw.cutFor(h([9, 9]), false)).toBe('not_reset');
  });

  it('cost a few bits per histogram for an idle histogram (no bucket moves)', () => {
    const idle = Array.from({ length: 120 }, () => h(Array.from({ length: 40 }, (_, k) => 100 + k), { sum: 12.5 }));
    const { bytes, back } = column(idle);
    expect(back.map(dense)).toEqual(idle.map(dense));
    expect(bytes.length / 120).toBeLessThan(3);
    const bare = Array.from({ length: 120 }, () => newFloatHistogram({ count: 7, zeroCount: 7, sum: 1 }));
    const b = column(bare);
    expect(b.back.map(dense)).toEqual(bare.map(dense));
    expect(b.bytes.length / 120).toBeLessThan(1);
    // A wide layout writes every bucket: a bit at least each.
    const wide = Array.from({ length: 10 }, () => h(Array.from({ length: 600 }, () => 1)));
    const c = column(wide);
    expect(c.back.map(dense)).toEqual(wide.map(dense));
    expect(c.bytes.length * 8).toBeGreaterThan(600 * 10);
  });

  it('cost fewer bytes than per-sample layouts for a realistic counter histogram', () => {
    const index = Array.from({ length: 40 }, (_, k) => k - 20);
    let count = index.map((_, k) => 100 + k);
    const hs: FloatHistogram[] = [];
    for (let i = 0; i < 120; i++) {
      count = count.map((c, k) => c + ((k * 7 + i) % 5 === 0 ? 1 : 0));
      hs.push(h(count, { index, sum: 0.1 * i + 1 / 3 }));
    }
    const v2 = new ExtWriter(true);
    const v1 = new ExtWriter(false);
    hs.forEach((x, i) => {
      v2.push(i, 0, x);
      v1.push(i, 0, x);
    });
    expect(v2.bytes().length).toBeLessThan(v1.bytes().length);
    expect(v2.bytes().length / 120).toBeLessThan(16);
  });
});

describe('corrupt histogram chunk bytes', () => {
  const good = (() => {
    const w = new ExtWriter(true);
    const hs = [h([1, 2, 3]), h([2, 2, 4]), h([3, 5, 4, 1]), h([3, 6, 4, 1])];
    hs.forEach((x, i) => w.push(i, 1000 + (i > 1 ? 1 : 0), x));
    return w.bytes();
  })();

  it('give a clear RangeError or decode, never hang, for any truncation or bit flips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (cut, flips) => {
        const b = good.slice(0, cut);
        for (const [at, x] of flips) if (b.length > 0) b[at % b.length] ^= x;
        try {
          decodeExt(b);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          expect(String(e)).toMatch(/^RangeError: chunk: /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse an unknown section format and a layout longer than its bytes', () => {
    const other = good.slice();
    other[2] = 9;
    expect(() => decodeExt(other)).toThrow(/unknown extension section format 9/);
    // A column claiming a million buckets for its histograms: refused before allocating them.
    const w = HistChunkWriter.start(newFloatHistogram({ positive: { index: Array.from({ length: 100_000 }, (_, i) => i), count: new Array(100_000).fill(0) } }), 'unknown');
    expect(() => decodeHistColumn(new BitReader(w.bytes(), 0), 1000)).toThrow(RangeError);
  });
});

describe('chunks stored by older versions', () => {
  it('still read: a histogram chunk column of format 2 (no edge skipping), and a chunk resumed with one goes on in format 3', () => {
    const hex = '000002010305000174038040c4ab774119f192f3a04040408040002c16cc22bff9204d8204a0c6cc033ffe';
    const bytes = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
    const back = decodeExt(bytes);
    expect(back.map((e) => [e.idx, e.st])).toEqual([[0, 500], [1, 500], [2, 0]]);
    const hs = back.map((e) => e.h!);
    expect(hs.map((x) => [x.count, x.zeroCount, [...x.positive.index], [...x.positive.count], x.counterResetHint])).toEqual([
      [6, 1, [1, 2, 5, 6], [1, 2, 2, 0], 'unknown'],
      [9, 1, [1, 2, 5, 6], [1, 3, 2, 2], 'not_reset'],
      [12, 2, [1, 2, 5, 6], [2, 3, 0, 5], 'not_reset'],
    ]);
    expect(hs[1].sum).toBeNaN();
    expect(Object.is(hs[2].sum, -0)).toBe(true);
    const w = ExtWriter.fromSection(bytes);
    w.push(3, 0, h([3, 3, 0, 6], { index: [1, 2, 5, 6], zeroCount: 2 }));
    const now = w.bytes();
    expect([...now.subarray(0, 3)]).toEqual([0, 0, 3]);
    expect(decodeExt(now).map((e) => e.h?.count)).toEqual([6, 9, 12, 14]);
  });


  it('still read: an extended chunk of format 1 (a layout and hint per histogram)', () => {
    // Written by the previous encoding (per-sample layouts): schema 3, a new bucket, schema 2 floats, a gauge.
    const hex =
      '820f0004d00f7ff84e4848495354e807000204090002740380002400c0006255bba08cf8c979d020202040100b81b71c708affe80c4ab774119f192f3a040404080401652e78e38204010956ee8233e325e74000404052849c227ff826400700cfffb02000000000000000000002099ffd57fe';
    const bytes = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
    const ts = new Float64Array(4);
    const words = new Uint32Array(8);
    const sink: ExtSink = { cap: 4, hist: null, st: null };
    expect(decodeChunk(bytes, 0, Infinity, ts, words, 0, sink)).toBe(4);
    expect([...ts]).toEqual([1000, 2000, 3000, 4000]);
    expect([...sink.st!]).toEqual([500, 500, 500, 700]);
    const got = sink.hist!;
    expect(got[0]).toEqual(newFloatHistogram({ schema: 3, zeroThreshold: 1e-128, zeroCount: 1, count: 6, sum: 1.5, positive: { index: [1, 2, 5], count: [1, 2, 2] } }));
    expect({ ...got[1]!, sum: 0 }).toEqual(newFloatHistogram({ schema: 3, zeroThreshold: 1e-128, zeroCount: 1, count: 9, sum: 0, positive: { index: [1, 2, 5, 6], count: [1, 3, 2, 2] }, counterResetHint: 'not_reset' }));
    expect(got[1]!.sum).toBeNaN();
    expect(Object.is(got[2]!.sum, -0)).toBe(true);
    expect(got[2]!.negative).toEqual({ index: [-1], count: [2.5] });
    expect(got[3]!.counterResetHint).toBe('gauge');
    // A chunk resumed with such a section (an open chunk in an older checkpoint) is cut at its next histogram.
    const old = ExtWriter.fromSection(extParts(bytes).ext);
    expect(old.chunked).toBe(false);
    expect(old.cutFor(h([1]), false)).toBe('unknown');
  });
});

const A = ['__name__', 'lat'];
const SEL = [{ type: '=' as const, name: '__name__', value: 'lat' }];

async function chunkRanges(head: Head): Promise<number[][]> {
  const [cs] = await head.selectChunks(SEL, 0, Infinity);
  return cs.chunks.map((c) => [c.minT / 1000, c.maxT / 1000]);
}

describe('the head cuts histogram chunks where Prometheus does', () => {
  it('at a counter reset, a schema or zero threshold change, a histogram after a stale marker, a gauge switch, float counts; not at new buckets', async () => {
    const head = new Head({ chunkSamples: 120 });
    const seq: (FloatHistogram | 'stale')[] = [
      h([1, 1]), // 0
      h([2, 1]),
      h([2, 1, 1]), // 2: a new bucket, recoded
      h([1, 1, 1]), // 3: reset
      h([2, 1, 1]),
      h([2, 1, 1], { schema: 2 }), // 5: schema change
      h([2, 1, 1], { schema: 2, zeroThreshold: 1e-9 }), // 6: zero threshold change
      'stale', // 7
      h([3, 1, 1], { schema: 2, zeroThreshold: 1e-9 }), // 8: after a stale marker
      { ...h([3, 1, 1], { schema: 2, zeroThreshold: 1e-9 }), counterResetHint: 'gauge' }, // 9: gauge
      { ...h([1, 1, 1], { schema: 2, zeroThreshold: 1e-9 }), counterResetHint: 'gauge' }, // 10: a gauge may fall
      h([3, 1, 1.5], { schema: 2, zeroThreshold: 1e-9 }), // 11: counter after gauge (float counts)
      h([4, 1, 2], { schema: 2, zeroThreshold: 1e-9 }), // 12: integer counts into a float chunk
      h([4, 1, 2], { schema: 2, zeroThreshold: 1e-9, counterResetHint: 'reset' }), // 13: explicit reset
    ];
    const app = head.appender();
    seq.forEach((x, i) => (x === 'stale' ? app.append(0, A, i * 1000, STALE_NAN) : app.appendHistogram(0, A, i * 1000, x)));
    await app.commit();
    expect(await chunkRanges(head)).toEqual([[0, 2], [3, 4], [5, 5], [6, 7], [8, 8], [9, 10], [11, 12], [13, 13]]);
    head.recodePending();
    const [s] = await head.querier().select(SEL, 0, Infinity);
    expect(s.histograms!.map((x) => x?.counterResetHint ?? 'stale')).toEqual([
      'unknown', 'not_reset', 'not_reset', 'unknown', 'not_reset', 'unknown', 'unknown', 'stale', 'unknown', 'gauge', 'gauge', 'unknown', 'not_reset', 'unknown',
    ]);
    expect(isStaleNaN(s.values[7])).toBe(true);
    expect(s.histograms![0]!.positive).toEqual({ index: [0, 1, 2], count: [1, 1, 0] });
  });

  it('cut the same way after a reopen replays the sample log and resumes the checkpointed chunk', async () => {
    const name = `hchunk-${Math.random()}`;
    const seq = Array.from({ length: 30 }, (_, i) => (i === 17 ? h([1, 1]) : h([i + 2, i + 1, ...(i > 9 ? [i] : [])])));
    // Killed after the last flush (never closed): the reopen restores a checkpoint and replays sample logs.
    const head = await Head.open(name, { chunkSamples: 12, checkpointEvery: 2 });
    for (let i = 0; i < seq.length; i++) {
      const app = head.appender();
      app.appendHistogram(0, A, i * 1000, seq[i]);
      await app.commit();
      if (i % 4 === 3) await head.flush();
    }
    await head.flush();
    const live = await chunkRanges(head);
    expect(live).toEqual([[0, 11], [12, 16], [17, 28], [29, 29]]);
    const [want] = await head.querier().select(SEL, 0, Infinity);
    const back = await Head.open(name, { chunkSamples: 12 });
    const [got] = await back.querier().select(SEL, 0, Infinity);
    expect(got.histograms!.map((x) => dense(x!))).toEqual(want.histograms!.map((x) => dense(x!)));
    expect(got.histograms!.map((x) => x!.counterResetHint)).toEqual(want.histograms!.map((x) => x!.counterResetHint));
    const app = back.appender();
    app.appendHistogram(0, A, 30_000, h([40, 40, 40]));
    await app.commit();
    expect((await chunkRanges(back)).slice(-1)).toEqual([[29, 30]]);
    await back.close();
  });
});
