import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOM_BUCKETS_SCHEMA, type CounterResetHint, type FloatHistogram } from '../../../src/model/histogram';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { chunkNumSamples, decodeChunk, joinExt, recodeChunk, type ExtSink } from '../../../src/tsdb/chunkenc/chunk';
import { ExtWriter, decodeExt } from '../../../src/tsdb/chunkenc/ext';
import { newXORState, xorAppend, xorBytes } from '../../../src/tsdb/chunkenc/xor';
import { Head } from '../../../src/tsdb/head';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** key renders a number exactly: its bits (any NaN alike, as NaN payloads inside histograms are not kept). */
function key(v: number): string {
  if (v !== v) return 'NaN';
  f64[0] = v;
  return `${u32[1].toString(16)}:${u32[0].toString(16)}`;
}

/** exact renders a histogram with every number by its bits, so -0, ±Inf and NaN compare exactly. */
function exact(h: FloatHistogram | undefined): unknown {
  if (!h) return h;
  return {
    schema: h.schema,
    zeroThreshold: key(h.zeroThreshold),
    zeroCount: key(h.zeroCount),
    count: key(h.count),
    sum: key(h.sum),
    positive: { index: [...h.positive.index], count: h.positive.count.map(key) },
    negative: { index: [...h.negative.index], count: h.negative.count.map(key) },
    hint: h.counterResetHint,
    customValues: h.schema === CUSTOM_BUCKETS_SCHEMA ? (h.customValues ?? []).map(key) : undefined,
  };
}

const anyCount = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 2 ** 53 }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5),
);

const indices = fc.uniqueArray(fc.integer({ min: -300, max: 300 }), { maxLength: 24 }).map((a) => a.sort((x, y) => x - y));

const buckets = indices.chain((index) => fc.array(anyCount, { minLength: index.length, maxLength: index.length }).map((count) => ({ index, count })));

const hint = fc.constantFrom<CounterResetHint>('unknown', 'reset', 'not_reset', 'gauge');

const histogram: fc.Arbitrary<FloatHistogram> = fc.record({
  schema: fc.oneof(fc.integer({ min: -4, max: 8 }), fc.constant(CUSTOM_BUCKETS_SCHEMA)),
  zeroThreshold: fc.oneof(fc.constant(0), fc.constant(2.938735877055719e-39), fc.double({ min: 0, max: 1, noNaN: true })),
  zeroCount: anyCount,
  count: anyCount,
  sum: fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity)),
  positive: buckets,
  negative: buckets,
  counterResetHint: hint,
  customValues: fc.array(fc.double({ noNaN: true }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y)),
}).map((h) => (h.schema === CUSTOM_BUCKETS_SCHEMA ? h : { ...h, customValues: undefined }));

/** evolve makes a series of histograms that keep a layout and grow slowly, as a scraped counter does. */
function evolve(h: FloatHistogram, steps: number, reset: number): FloatHistogram[] {
  const out: FloatHistogram[] = [];
  let cur = h;
  for (let i = 0; i < steps; i++) {
    const grow = (c: number, k: number) => (i === reset ? k % 3 : Number.isFinite(c) ? c + ((k + i) % 4) : c);
    cur = {
      ...cur,
      count: grow(cur.count, 0),
      zeroCount: grow(cur.zeroCount, 1),
      sum: cur.sum + 0.5,
      positive: { index: cur.positive.index, count: cur.positive.count.map(grow) },
      counterResetHint: i === reset ? 'reset' : 'not_reset',
    };
    out.push(cur);
  }
  return out;
}

const entries = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 })),
      st: fc.oneof(fc.constant(0), fc.integer({ min: -1e12, max: 2e12 }), fc.double({ noNaN: true }).filter((x) => x !== 0)),
      h: fc.option(histogram, { nil: undefined }),
      evolveSteps: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 30 },
  )
  .map((rs) => {
    const out: { idx: number; st: number; h: FloatHistogram | undefined }[] = [];
    let idx = -1;
    for (const r of rs) {
      idx += r.gap + 1;
      out.push({ idx, st: r.st, h: r.h });
      if (r.h) for (const next of evolve(r.h, r.evolveSteps, 2)) out.push({ idx: ++idx, st: r.st, h: next });
    }
    return out;
  });

describe('extension sections (histograms and start timestamps)', () => {
  it('round-trip any sequence of entries exactly (those with neither a start timestamp nor a histogram are implied): schema changes, custom buckets, resets, NaN and ±Inf, empty spans', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const w = new ExtWriter(false);
        for (const e of es) w.push(e.idx, e.st, e.h);
        const back = decodeExt(w.bytes());
        const kept = es.filter((e) => e.st !== 0 || e.h);
        expect(back.map((e) => ({ idx: e.idx, st: key(e.st), h: exact(e.h) }))).toEqual(kept.map((e) => ({ idx: e.idx, st: key(e.st), h: exact(e.h) })));
        const again = ExtWriter.fromSection(w.bytes());
        expect(again.bytes()).toEqual(w.bytes());
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip through extended chunks, before and after re-encoding, for any time range', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (es, a, b) => {
        const n = es.length === 0 ? 1 : es[es.length - 1].idx + 1;
        const x = newXORState();
        const hist = new Set(es.filter((e) => e.h).map((e) => e.idx));
        for (let i = 0; i < n; i++) xorAppend(x, i * 15_000 + (i % 3), hist.has(i) ? 0x48495354 : i, hist.has(i) ? 0x7ff84e48 : 0);
        const w = new ExtWriter(false);
        for (const e of es) w.push(e.idx, e.st, e.h);
        const chunk = joinExt(xorBytes(x), w.bytes());
        const [mint, maxt] = [Math.min(a, b) * 15_000, Math.max(a, b) * 15_000];
        for (const bytes of [chunk, recodeChunk(chunk).slice()]) {
          expect(chunkNumSamples(bytes)).toBe(n);
          const ts = new Float64Array(n);
          const words = new Uint32Array(2 * n);
          const sink: ExtSink = { cap: n, hist: null, st: null };
          const got = decodeChunk(bytes, mint, maxt, ts, words, 0, sink);
          const tOf = (i: number) => i * 15_000 + (i % 3);
          const times = Array.from({ length: n }, (_, i) => tOf(i)).filter((t) => t >= mint && t <= maxt);
          expect(got).toBe(times.length);
          expect([...ts.subarray(0, got)]).toEqual(times);
          for (const e of es) {
            const at = times.indexOf(tOf(e.idx));
            if (at < 0) continue;
            expect(exact(sink.hist?.[at])).toEqual(exact(e.h));
            expect(sink.st?.[at] ?? 0).toBe(e.st);
            if (e.h) expect([words[2 * at], words[2 * at + 1]]).toEqual([0, 0]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('cost a few bytes per sample for a slowly growing integer histogram', () => {
    const w = new ExtWriter(false);
    const index = Array.from({ length: 40 }, (_, k) => k - 20);
    let count = index.map((_, k) => 100 + k);
    for (let i = 0; i < 120; i++) {
      count = count.map((c, k) => c + ((k * 7 + i) % 5 === 0 ? 1 : 0));
      const total = count.reduce((a, c) => a + c, 0);
      w.push(i, 1_700_000_000_000, { schema: 3, zeroThreshold: 2.938735877055719e-39, zeroCount: 0, count: total, sum: total * 0.1, positive: { index, count }, negative: { index: [], count: [] }, counterResetHint: 'not_reset' });
    }
    expect(w.bytes().length / 120).toBeLessThan(18);
  });
});

type Sample = { t: number; kind: 'float' | 'hist' | 'stale'; v: number; h: FloatHistogram; st: number };

const samples = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 1, max: 30_000 }),
      kind: fc.constantFrom<Sample['kind']>('float', 'hist', 'hist', 'stale'),
      v: fc.double(),
      h: histogram,
      st: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e12 })),
      steps: fc.integer({ min: 1, max: 30 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rs) => {
    const out: Sample[] = [];
    let t = 0;
    for (const r of rs) {
      const seq = r.kind === 'hist' ? evolve(r.h, r.steps, -1) : [r.h];
      for (const h of seq) {
        t += r.dt;
        out.push({ t, kind: r.kind, v: r.v, h, st: r.st });
      }
    }
    return out;
  });

const SEL = [{ type: '=' as const, name: '__name__', value: 'm' }];

/** sparse drops the buckets of h that hold exactly +0 (a chunk's layout adds such buckets to a histogram lacking them). */
function sparse(h: FloatHistogram): FloatHistogram {
  const keep = (b: FloatHistogram['positive']) => {
    const at = b.count.map((c, i) => (Object.is(c, 0) ? -1 : i)).filter((i) => i >= 0);
    return { index: at.map((i) => b.index[i]), count: at.map((i) => b.count[i]) };
  };
  return { ...h, positive: keep(h.positive), negative: keep(h.negative) };
}

/**
 * expectHint checks the hint a select gave histogram h (prev: the sample before when a histogram): gauge for a
 * gauge; else unknown or not_reset, and unknown where a chunk must start (after a float or a stale marker, at an
 * explicit or visible reset, a schema or zero threshold change, a counter after a gauge), so a reset never reads
 * not_reset.
 */
function expectHint(got: CounterResetHint | undefined, h: FloatHistogram, prev: FloatHistogram | undefined): void {
  if (h.counterResetHint === 'gauge') return void expect(got).toBe('gauge');
  expect(['unknown', 'not_reset']).toContain(got);
  const starts =
    !prev ||
    prev.counterResetHint === 'gauge' ||
    h.counterResetHint === 'reset' ||
    h.count < prev.count ||
    h.zeroCount < prev.zeroCount ||
    h.schema !== prev.schema ||
    !Object.is(h.zeroThreshold, prev.zeroThreshold);
  if (starts) expect(got).toBe('unknown');
}

function check(got: { timestamps: Float64Array; values: Float64Array; histograms?: readonly (FloatHistogram | undefined)[]; startTimestamps?: Float64Array }, want: Sample[]): void {
  expect([...got.timestamps]).toEqual(want.map((s) => s.t));
  want.forEach((s, i) => {
    const g = got.histograms?.[i];
    if (s.kind === 'hist') {
      expect(exact(sparse(g!))).toEqual(exact(sparse({ ...s.h, counterResetHint: g!.counterResetHint })));
      expectHint(g!.counterResetHint, s.h, i > 0 && want[i - 1].kind === 'hist' ? want[i - 1].h : undefined);
    } else expect(g).toBeUndefined();
    if (s.kind === 'stale') expect(isStaleNaN(got.values[i])).toBe(true);
    if (s.kind === 'float') expect(key(got.values[i])).toBe(key(s.v));
    expect(got.startTimestamps?.[i] ?? 0).toBe(s.st);
  });
}

function appendAll(h: Head, ss: Sample[]): Promise<void> {
  const app = h.appender();
  for (const s of ss) {
    const labels = ['__name__', 'm'];
    if (s.kind === 'hist') app.appendHistogram(0, labels, s.t, s.h, s.st);
    else if (s.kind === 'stale') app.appendHistogram(0, labels, s.t, { ...s.h, sum: STALE_NAN }, s.st);
    else app.append(0, labels, s.t, s.v, s.st);
  }
  return app.commit();
}

describe('mixed float and histogram series in the head', () => {
  it('return every sample as appended, across cuts and re-encoding', async () => {
    await fc.assert(
      fc.asyncProperty(samples, fc.integer({ min: 2, max: 40 }), async (ss, chunkSamples) => {
        const h = new Head({ chunkSamples });
        await appendAll(h, ss.slice(0, ss.length >> 1));
        h.recodePending(1);
        await appendAll(h, ss.slice(ss.length >> 1));
        const [before] = await h.querier().select(SEL, -Infinity, Infinity);
        check(before, ss);
        h.recodePending();
        const [after] = await h.querier().select(SEL, -Infinity, Infinity);
        check(after, ss);
      }),
      { numRuns: 60 },
    );
  });

  it('restore every sample after a reopen of the IndexedDB store (chunks, checkpoint, log)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(samples, fc.integer({ min: 2, max: 40 }), async (ss, chunkSamples) => {
        const name = `ext-prop-${n++}-${Math.random()}`;
        const h = await Head.open(name, { chunkSamples, checkpointEvery: 12 });
        const third = Math.ceil(ss.length / 3);
        await appendAll(h, ss.slice(0, third));
        await h.flush();
        await appendAll(h, ss.slice(third, 2 * third));
        await h.flush();
        await appendAll(h, ss.slice(2 * third));
        await h.flush();
        const r = await Head.open(name, { chunkSamples, memoryWindowMs: 1 });
        const [got] = await r.querier().select(SEL, -Infinity, Infinity);
        check(got, ss);
        await r.close();
      }),
      { numRuns: 15 },
    );
  });
});
