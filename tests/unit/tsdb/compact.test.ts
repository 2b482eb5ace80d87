import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newXORState, xorAppend, xorBytes } from '../../../src/tsdb/chunkenc/xor';
import { COMPACT_TAG } from '../../../src/tsdb/chunkenc/compact';
import { chunkNumSamples, compactXOR, decodeChunk } from '../../../src/tsdb/chunkenc/chunk';
import { WORDS, floatWords } from '../../../src/tsdb/chunkenc/words';
import { STALE_NAN_HI, STALE_NAN_LO } from '../../../src/model/value';

function words(v: number): [number, number] {
  floatWords(v);
  return [WORDS[0], WORDS[1]];
}

function xorChunk(ts: number[], vs: number[]): Uint8Array {
  const s = newXORState();
  for (let i = 0; i < ts.length; i++) {
    const [lo, hi] = words(vs[i]);
    xorAppend(s, ts[i], lo, hi);
  }
  return xorBytes(s);
}

/** compactOf re-encodes an XOR chunk and returns a copy of the result (compact or the XOR chunk itself). */
function compactOf(ts: number[], vs: number[]): { xor: Uint8Array; best: Uint8Array } {
  const xor = xorChunk(ts, vs);
  return { xor, best: compactXOR(xor).slice() };
}

function decode(bytes: Uint8Array, mint = -Infinity, maxt = Infinity): { ts: number[]; words: [number, number][] } {
  const n = chunkNumSamples(bytes);
  const ts = new Float64Array(n + 3);
  const w = new Uint32Array(2 * (n + 3));
  const end = decodeChunk(bytes, mint, maxt, ts, w, 3);
  // The querier's path stores plain doubles through a Float64Array over the same buffer: it must give the same bits.
  const floats = new Float64Array(n + 3);
  const fts = new Float64Array(n + 3);
  const fw = new Uint32Array(floats.buffer);
  expect(decodeChunk(bytes, mint, maxt, fts, fw, 3, undefined, floats)).toBe(end);
  expect([...fts.subarray(3, end)]).toEqual([...ts.subarray(3, end)]);
  expect([...fw.subarray(6, 2 * end)]).toEqual([...w.subarray(6, 2 * end)]);
  return { ts: [...ts.subarray(3, end)], words: Array.from({ length: end - 3 }, (_, i) => [w[2 * (i + 3)], w[2 * (i + 3) + 1]] as [number, number]) };
}

function isCompact(bytes: Uint8Array): boolean {
  return bytes[0] === COMPACT_TAG;
}

const T0 = 1_700_000_000_000;
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
/** jitter puts sample i on a 15 s grid, off by a pseudo-random -2..2 ms. */
const jitter = (i: number) => T0 + i * 15_000 + (((i * 2_654_435_761) >>> 7) % 5) - 2;
const stale = new Float64Array(new Uint32Array([STALE_NAN_LO, STALE_NAN_HI]).buffer)[0];

const cases: { name: string; ts: number[]; vs: number[]; compact: boolean }[] = [
  { name: 'single sample', ts: [T0], vs: [1], compact: false },
  { name: 'constant, aligned', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, () => 42), compact: true },
  { name: 'constant, jittered', ts: range(120, jitter), vs: range(120, () => 42), compact: true },
  { name: 'counter', ts: range(120, jitter), vs: range(120, (i) => 1000 + i * 37), compact: true },
  { name: 'counter with uneven steps', ts: range(120, jitter), vs: range(120, (i) => 1000 + ((i * i) % 17) * i), compact: true },
  { name: 'decimal gauge', ts: range(120, jitter), vs: range(120, (i) => Math.round(Math.sin(i / 9) * 1000) / 100), compact: true },
  { name: 'quarter steps', ts: range(120, jitter), vs: range(120, (i) => (i % 7) * 0.25), compact: true },
  { name: 'page-sized gauge', ts: range(120, jitter), vs: range(120, (i) => 2 ** 30 + ((i * 13) % 9) * 4096), compact: true },
  { name: 'non-decimal gauge', ts: range(120, jitter), vs: range(120, (i) => Math.sin(i)), compact: true },
  { name: 'stale markers among integers', ts: range(120, jitter), vs: range(120, (i) => (i % 30 === 29 ? stale : i)), compact: true },
  { name: 'negative and zero', ts: range(120, jitter), vs: range(120, (i) => (i % 3) - 1), compact: true },
  { name: 'negative zero', ts: range(60, jitter), vs: range(60, (i) => (i === 5 ? -0 : i)), compact: true },
  { name: 'missed scrapes', ts: range(120, (i) => jitter(i < 50 ? i : i + 3)), vs: range(120, (i) => i), compact: true },
  { name: 'random-walk timestamps', ts: range(120, (i) => T0 + i * 15_000 + i * ((i * 31) % 7)), vs: range(120, () => 1), compact: true },
  { name: 'special floats', ts: range(8, (i) => T0 + i), vs: [NaN, Infinity, -Infinity, 0, -0, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300], compact: false },
  { name: 'huge integers', ts: range(40, (i) => T0 + i * 1000), vs: range(40, (i) => 2 ** 52 + i * 2), compact: true },
  { name: 'big gaps', ts: [0, 1, 2 ** 40, 2 ** 40 + 5, 2 ** 52, 2 ** 52 + 2 ** 35], vs: [1, 2, 3, 4, 5, 6], compact: false },
  { name: 'negative timestamps', ts: [-5_000_000_000_000, -1000, 0, 1000], vs: [1, 2, 3, 4], compact: false },
];

describe('compact chunk', () => {
  it.each(cases)('round-trips $name', ({ ts, vs, compact }) => {
    const { xor, best } = compactOf(ts, vs);
    expect(best.length).toBeLessThanOrEqual(xor.length);
    if (compact) expect(isCompact(best)).toBe(true);
    expect(chunkNumSamples(best)).toBe(ts.length);
    const out = decode(best);
    expect(out.ts).toEqual(ts);
    expect(out.words).toEqual(vs.map(words));
  });

  it('decodes only the asked time range', () => {
    const ts = range(120, jitter);
    const vs = range(120, (i) => i * 3);
    const { best } = compactOf(ts, vs);
    expect(isCompact(best)).toBe(true);
    const out = decode(best, ts[10], ts[20]);
    expect(out.ts).toEqual(ts.slice(10, 21));
    expect(out.words).toEqual(vs.slice(10, 21).map(words));
    expect(decode(best, ts[119] + 1, Infinity).ts).toEqual([]);
  });

  it('keeps stale-marker bits exact', () => {
    const { best } = compactOf([1, 2, 3, 4], [0.5, stale, 1.5, stale]);
    const out = decode(best);
    expect(out.words[1]).toEqual([STALE_NAN_LO, STALE_NAN_HI]);
    expect(out.words[3]).toEqual([STALE_NAN_LO, STALE_NAN_HI]);
  });

  it('still reads XOR chunks (data written before compact chunks)', () => {
    const ts = range(120, jitter);
    const vs = range(120, (i) => i / 3);
    const xor = xorChunk(ts, vs);
    expect(xor[0]).toBeLessThan(COMPACT_TAG);
    const out = decode(xor);
    expect(out.ts).toEqual(ts);
    expect(out.words).toEqual(vs.map(words));
  });

  it.each([
    { name: 'constant, aligned', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, () => 7), max: 0.2 },
    { name: 'constant, ±2 ms jitter', ts: range(120, jitter), vs: range(120, () => 7), max: 0.6 },
    { name: 'steady counter, aligned', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, (i) => 5e9 + i * 15), max: 0.2 },
    { name: 'centisecond counter, aligned', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, (i) => Math.round(i * 1503.37) / 100), max: 1.6 },
    { name: 'page-sized gauge, aligned', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, (i) => 2 ** 30 + ((i * 13) % 9) * 4096), max: 0.8 },
  ])('compresses $name to at most $max bytes per sample', ({ ts, vs, max }) => {
    const { best } = compactOf(ts, vs);
    expect(best.length / ts.length).toBeLessThanOrEqual(max);
  });

  it('uses a decimal value mode for decimal values and XOR otherwise', () => {
    const dec = compactOf(range(120, jitter), range(120, (i) => i / 4)).best;
    const xorish = compactOf(range(120, jitter), range(120, (i) => Math.sin(i))).best;
    expect(dec.length).toBeLessThan(xorish.length / 4);
  });

  it('round-trips steady counters (delta-of-delta values)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 2, maxLength: 130 }),
        fc.integer({ min: 0, max: 3 }),
        (start, step, noise, k) => {
          const ts = noise.map((_, i) => jitter(i));
          const vs = noise.map((e, i) => (start + i * step + e) / 10 ** k);
          const { best } = compactOf(ts, vs);
          const out = decode(best);
          expect(out.ts).toEqual(ts);
          expect(out.words).toEqual(vs.map(words));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips random data', () => {
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((m) => m / 100),
      fc.constant(stale),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 14_990, max: 15_010 }), fc.integer({ min: 1, max: 2 ** 36 })), value), { minLength: 1, maxLength: 150 }),
        fc.integer({ min: -(2 ** 45), max: 2 ** 45 }),
        (steps, start) => {
          let t = start;
          const ts = steps.map(([d]) => (t += d));
          const vs = steps.map(([, v]) => v);
          const { best } = compactOf(ts, vs);
          const out = decode(best);
          expect(out.ts).toEqual(ts);
          expect(out.words).toEqual(vs.map(words));
        },
      ),
      { numRuns: 500 },
    );
  });
});
