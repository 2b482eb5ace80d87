import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XORIterator, newXORState, xorAppend, xorBytes, xorNumSamples } from '../../../src/tsdb/chunkenc/xor';
import { decodeXOR } from '../../../src/tsdb/chunkenc/xor_decode';
import { WORDS, floatWords } from '../../../src/tsdb/chunkenc/words';
import { STALE_NAN_HI, STALE_NAN_LO } from '../../../src/model/value';

function words(v: number): [number, number] {
  floatWords(v);
  return [WORDS[0], WORDS[1]];
}

function roundTrip(ts: number[], vs: number[]): { ts: number[]; words: [number, number][] } {
  const s = newXORState();
  for (let i = 0; i < ts.length; i++) {
    const [lo, hi] = words(vs[i]);
    xorAppend(s, ts[i], lo, hi);
  }
  const bytes = xorBytes(s);
  expect(xorNumSamples(bytes)).toBe(ts.length);
  const it = new XORIterator(bytes);
  const out = { ts: [] as number[], words: [] as [number, number][] };
  while (it.next()) {
    out.ts.push(it.t);
    out.words.push([it.vLo, it.vHi]);
  }
  const ts2 = new Float64Array(ts.length);
  const w2 = new Uint32Array(2 * ts.length);
  expect(decodeXOR(bytes, -Infinity, Infinity, ts2, w2, 0)).toBe(ts.length);
  expect([...ts2]).toEqual(out.ts);
  expect(Array.from({ length: ts.length }, (_, i) => [w2[2 * i], w2[2 * i + 1]])).toEqual(out.words);
  return out;
}

const T0 = 1_700_000_000_000;
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const jitter = (i: number) => T0 + i * 15_000 + ((i * 7919) % 23) - 11;

const cases: { name: string; ts: number[]; vs: number[] }[] = [
  { name: 'single sample', ts: [T0], vs: [1] },
  { name: 'two samples', ts: [T0, T0 + 1], vs: [1, 2] },
  { name: 'constant', ts: range(120, (i) => T0 + i * 15_000), vs: range(120, () => 42) },
  { name: 'counter', ts: range(120, jitter), vs: range(120, (i) => 1000 + i * 37) },
  { name: 'gauge', ts: range(120, jitter), vs: range(120, (i) => Math.round(Math.sin(i / 9) * 1000) / 100) },
  { name: 'special floats', ts: range(8, (i) => T0 + i), vs: [NaN, Infinity, -Infinity, 0, -0, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300] },
  { name: 'big gaps', ts: [0, 1, 2 ** 40, 2 ** 40 + 5, 2 ** 52, 2 ** 52 + 2 ** 35], vs: [1, 2, 3, 4, 5, 6] },
  { name: 'negative timestamps', ts: [-5_000_000_000_000, -1000, 0, 1000], vs: [1, 2, 3, 4] },
  { name: 'small dod bucket edges', ts: [0, 100, 216, 317, 435, 537], vs: [1, 1, 1, 1, 1, 1] },
  { name: 'dod bucket edges', ts: [0, 10, 8202, 8203, 73_739, 73_740, 598_028, 598_029, 99_000_000], vs: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
];

describe('XOR chunk', () => {
  it.each(cases)('round-trips $name', ({ ts, vs }) => {
    const out = roundTrip(ts, vs);
    expect(out.ts).toEqual(ts);
    expect(out.words).toEqual(vs.map(words));
  });

  it('keeps the stale marker bit-exact and writes the canonical bits for a quieted one', () => {
    const quiet = new Float64Array(new Uint32Array([STALE_NAN_LO, 0x7ff80000]).buffer)[0];
    const stale = new Float64Array(new Uint32Array([STALE_NAN_LO, STALE_NAN_HI]).buffer)[0];
    const out = roundTrip([1, 2, 3, 4], [5, stale, 6, quiet]);
    expect(out.words[1]).toEqual([STALE_NAN_LO, STALE_NAN_HI]);
    expect(out.words[3]).toEqual([STALE_NAN_LO, STALE_NAN_HI]);
    expect(out.words[2]).toEqual(words(6));
  });

  it('round-trips random data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 2 ** 40 }), fc.double()), { minLength: 1, maxLength: 150 }),
        fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
        (steps, start) => {
          let t = start;
          const ts = steps.map(([d]) => (t += d));
          const vs = steps.map(([, v]) => v);
          const out = roundTrip(ts, vs);
          expect(out.ts).toEqual(ts);
          expect(out.words).toEqual(vs.map(words));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compresses node_exporter-like data to under 1.3 bytes per sample', () => {
    const s = newXORState();
    let v = 123456;
    for (let i = 0; i < 120; i++) {
      v += Math.floor((i * 7) % 13) * 4096;
      const [lo, hi] = words(v);
      xorAppend(s, jitter(i), lo, hi);
    }
    expect(xorBytes(s).length / 120).toBeLessThan(4);
    const c = newXORState();
    for (let i = 0; i < 120; i++) {
      const [lo, hi] = words(i % 10 === 0 ? 1 : 0);
      xorAppend(c, T0 + i * 15_000, lo, hi);
    }
    expect(xorBytes(c).length / 120).toBeLessThan(1.3);
  });
});
