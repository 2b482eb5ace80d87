import { describe, expect, it } from 'vitest';
import {
  BITS,
  CAP,
  I32_STRIDE,
  LEADING,
  TRAILING,
  T_DELTA,
  XORStates,
  dropRetiredAt,
  newXORState,
  openXORAt,
  xorAppend,
  xorAppendAt,
  xorBytes,
  xorBytesAt,
  retireXORAt,
  retiredXORAt,
} from '../../../src/tsdb/chunkenc/xor';
import { decodeXOR } from '../../../src/tsdb/chunkenc/xor_decode';

/** HEAVY_MS bounds these property tests: about 2 s idle, far more on a loaded 2-core machine (never a timing check). */
const HEAVY_MS = 120_000;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Sample is one appended sample: timestamp and value words. */
type Sample = [t: number, lo: number, hi: number];

/** oneChunk encodes samples with a single-chunk writer (the reference). */
function oneChunk(samples: Sample[]): Uint8Array {
  const w = newXORState();
  for (const [t, lo, hi] of samples) xorAppend(w, t, lo, hi);
  return xorBytes(w);
}

function decode(bytes: Uint8Array, n: number): Sample[] {
  const ts = new Float64Array(n);
  const words = new Uint32Array(2 * n);
  expect(decodeXOR(bytes, -Infinity, Infinity, ts, words, 0)).toBe(n);
  return Array.from({ length: n }, (_, i) => [ts[i], words[2 * i], words[2 * i + 1]] as Sample);
}

/** nextSample returns a sample after prev: jittered timestamps, values from constants to random 64-bit patterns. */
function nextSample(prev: Sample | undefined, kind: number, r: () => number): Sample {
  const t = prev ? prev[0] + 15_000 + Math.floor(r() * 7) - 3 : 1_700_000_000_000 + Math.floor(r() * 1000);
  if (kind === 0) return [t, 0, 0x40590000];
  if (kind === 1) return [t, (r() * 2 ** 32) >>> 0, (r() * 2 ** 32) >>> 0];
  const v = new Float64Array([Math.floor(r() * 1e6) / 100]);
  const w = new Uint32Array(v.buffer);
  return [t, w[0], w[1]];
}

describe('XORStates', { timeout: HEAVY_MS }, () => {
  it('keeps every slot equal to a chunk written alone while regions move and pages are compacted', () => {
    const r = rng(3);
    const slots = 300;
    // Small pages: regions move often, big chunks get pages of their own, and compaction runs many times.
    const st = new XORStates(slots, 512);
    const want: Sample[][] = Array.from({ length: slots }, () => []);
    for (let step = 0; step < 150; step++) {
      for (let i = 0; i < slots; i++) {
        if (r() < 0.2) continue;
        const s = nextSample(want[i][want[i].length - 1], i % 3, r);
        xorAppendAt(st, i, s[0], s[1], s[2]);
        want[i].push(s);
      }
    }
    for (let i = 0; i < slots; i++) {
      const got = xorBytesAt(st, i);
      expect(got).toEqual(oneChunk(want[i]));
      expect(decode(got, want[i].length)).toEqual(want[i]);
    }
    let live = 0;
    for (let i = 0; i < slots; i++) live += st.i32[i * I32_STRIDE + CAP];
    expect(st.pageBytes()).toBeLessThanOrEqual(live * 1.5 + 3 * 512 + 8 * 1024);
  });

  it('retires a full chunk in place and starts the next one empty, from the same last sample', () => {
    const r = rng(5);
    const st = new XORStates(4, 1024);
    const first: Sample[] = [];
    for (let k = 0; k < 120; k++) first.push(nextSample(first[k - 1], 2, r));
    for (const [t, lo, hi] of first) xorAppendAt(st, 2, t, lo, hi);
    const len = retireXORAt(st, 2);
    const retired = retiredXORAt(st, 2)!;
    expect(retired.length).toBe(len);
    expect(retired).toEqual(oneChunk(first));
    expect(st.i32[2 * I32_STRIDE + CAP]).toBe(0);
    expect(() => retireXORAt(st, 2)).toThrow(/already/);
    const second: Sample[] = [nextSample(first[119], 2, r)];
    second.push([second[0][0] + 15_000, second[0][1] ^ 1, second[0][2]]);
    for (const [t, lo, hi] of second) xorAppendAt(st, 2, t, lo, hi);
    expect(xorBytesAt(st, 2)).toEqual(oneChunk(second));
    // Retired chunks survive compaction (and the view handed out before keeps its bytes).
    st.compact();
    expect(retiredXORAt(st, 2)).toEqual(oneChunk(first));
    expect(retired).toEqual(oneChunk(first));
    dropRetiredAt(st, 2);
    expect(retiredXORAt(st, 2)).toBeNull();
    expect(xorBytesAt(st, 2)).toEqual(oneChunk(second));
  });

  it('continues a checkpointed chunk in another XORStates as if never interrupted', () => {
    const r = rng(9);
    const samples: Sample[] = [];
    for (let k = 0; k < 90; k++) samples.push(nextSample(samples[k - 1], k < 45 ? 2 : 1, r));
    const a = new XORStates(1);
    for (const [t, lo, hi] of samples.slice(0, 50)) xorAppendAt(a, 0, t, lo, hi);
    const w = a.i32;
    const state = {
      minT: samples[0][0],
      maxT: samples[49][0],
      bits: w[BITS],
      tDelta: a.f64[T_DELTA],
      leading: w[LEADING],
      trailing: w[TRAILING],
    };
    const b = new XORStates(8, 256);
    b.i32[7 * I32_STRIDE] = samples[49][1];
    b.i32[7 * I32_STRIDE + 1] = samples[49][2];
    openXORAt(b, 7, xorBytesAt(a, 0), state);
    for (const [t, lo, hi] of samples.slice(50)) xorAppendAt(b, 7, t, lo, hi);
    expect(xorBytesAt(b, 7)).toEqual(oneChunk(samples));
  });

  it('frees nothing a reader holds: copies stay intact after the slot moves on and pages are compacted', () => {
    const st = new XORStates(64, 256);
    const r = rng(11);
    const prev: (Sample | undefined)[] = [];
    for (let i = 0; i < 64; i++) {
      prev[i] = nextSample(undefined, 1, r);
      xorAppendAt(st, i, prev[i]![0], prev[i]![1], prev[i]![2]);
    }
    const copy = xorBytesAt(st, 3);
    const before = copy.slice();
    for (let step = 0; step < 60; step++) {
      for (let i = 0; i < 64; i++) {
        const s = nextSample(prev[i], 1, r);
        xorAppendAt(st, i, s[0], s[1], s[2]);
        prev[i] = s;
      }
    }
    st.compact();
    expect(copy).toEqual(before);
  });
});

describe('Head over XORStates', { timeout: HEAVY_MS }, () => {
  it.each([120, 5])('returns exactly what thousands of series appended across cuts, region moves and compactions (chunks of %i)', async (chunkSamples) => {
    const { Head } = await import('../../../src/tsdb/head');
    const head = new Head({ chunkSamples });
    const r = rng(21);
    const n = 3000;
    const steps = 260;
    const want: number[][] = Array.from({ length: n }, () => []);
    const wantT: number[][] = Array.from({ length: n }, () => []);
    const vs = Array.from({ length: n }, (_, i) => i * 10);
    const refs = new Array<number>(n).fill(0);
    for (let s = 0; s < steps; s++) {
      const app = head.appender();
      const t = 1_700_000_000_000 + s * 15_000 + Math.floor(r() * 5);
      for (let i = 0; i < n; i++) {
        if (i % 7 === 0 && r() < 0.3) continue;
        const kind = i % 4;
        vs[i] = kind === 0 ? vs[i] : kind === 1 ? vs[i] + Math.floor(r() * 100_000) : kind === 2 ? r() * 1e9 : Math.round(vs[i] + r() * 1500) / 100;
        refs[i] = app.append(refs[i], ['__name__', 'm', 'i', String(i)], t, vs[i]);
        want[i].push(vs[i]);
        wantT[i].push(t);
      }
      await app.commit();
      if (s % 50 === 0) head.recodePending(200);
    }
    const got = await head.querier().select([{ type: '=', name: '__name__', value: 'm' }], 0, Infinity);
    expect(got.length).toBe(n);
    for (const s of got) {
      const i = Number(s.labels[3]);
      expect([...s.timestamps]).toEqual(wantT[i]);
      expect([...s.values]).toEqual(want[i]);
    }
    const x = head.cols.xor;
    expect(x.pageBytes()).toBeGreaterThan(0);
  });
});

describe('SeriesColumns', { timeout: HEAVY_MS }, () => {
  it('reuse the slots of removed series, so churn does not grow the columns', async () => {
    const { Head } = await import('../../../src/tsdb/head');
    const head = new Head({ retentionMs: 60_000 });
    const waves = 20;
    const perWave = 1000;
    for (let w = 0; w < waves; w++) {
      for (let s = 0; s < 3; s++) {
        const app = head.appender();
        for (let i = 0; i < perWave; i++) app.append(0, ['__name__', 'churn', 'pod', `p-${w}-${i}`], w * 120_000 + s * 15_000, w * 1000 + i + s);
        await app.commit();
      }
      await head.applyRetention();
    }
    expect(head.numSeries()).toBe(perWave);
    expect(head.cols.xor.capacity).toBeLessThanOrEqual(4 * perWave);
    expect(head.cols.slotOf.length).toBeGreaterThan(waves * perWave);
    const got = await head.querier().select([{ type: '=', name: '__name__', value: 'churn' }], 0, Infinity);
    expect(got.length).toBe(perWave);
    for (const s of got) {
      const i = Number(s.labels[3].split('-')[2]);
      const w = waves - 1;
      expect([...s.timestamps]).toEqual([0, 1, 2].map((k) => w * 120_000 + k * 15_000));
      expect([...s.values]).toEqual([0, 1, 2].map((k) => w * 1000 + i + k));
    }
  });
});
