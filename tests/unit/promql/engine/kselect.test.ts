import { describe, expect, it } from 'vitest';
import { KHeap, K_BEFORE } from '../../../../src/promql/engine/kselect';
import { Engine } from '../../../../src/promql/engine/engine';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';
import { labelsFromPairs } from '../../../../src/model/labels';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** sortPick is the reference: a stable sort by value (NaN last), then the first k. */
function sortPick(op: 'topk' | 'bottomk', vals: number[], k: number): number[] {
  const dir = op === 'topk' ? -1 : 1;
  const ids = vals.map((_v, i) => i);
  ids.sort((a, b) => {
    const x = vals[a];
    const y = vals[b];
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return x === y ? 0 : x < y ? -dir : dir;
  });
  return ids.slice(0, k);
}

const POOL = [NaN, 0, -0, 1, 1, 2, -1, Infinity, -Infinity, 3.5];

describe('KHeap (bounded heap for topk/bottomk)', () => {
  it.each(['topk', 'bottomk'] as const)('%s picks what a stable sort picks, in the same order, on random inputs with ties and NaN', (op) => {
    const r = rng(op === 'topk' ? 7 : 11);
    const heap = new KHeap(K_BEFORE[op]);
    const out = new Int32Array(64);
    for (let round = 0; round < 2000; round++) {
      const n = Math.floor(r() * 40);
      const vals = Array.from({ length: n }, () => (r() < 0.6 ? POOL[Math.floor(r() * POOL.length)] : Math.round(r() * 8)));
      const k = 1 + Math.floor(r() * 45);
      heap.reset(k);
      vals.forEach((v, i) => heap.offer(i, v));
      const kept = new Int32Array(64);
      const nk = heap.keptIds(kept);
      const want = sortPick(op, vals, k);
      expect([...kept.subarray(0, nk)].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
      const got = heap.drain(out);
      expect([...out.subarray(0, got)]).toEqual(want);
    }
  });

  it('grows past its first capacity', () => {
    const heap = new KHeap(K_BEFORE.topk);
    heap.reset(1000);
    for (let i = 0; i < 500; i++) heap.offer(i, i % 17);
    const out = new Int32Array(500);
    expect(heap.drain(out)).toBe(500);
    expect([...out]).toEqual(sortPick('topk', Array.from({ length: 500 }, (_x, i) => i % 17), 1000));
  });
});

describe('topk/bottomk over a range equal the sort-based selection at every step', () => {
  // 1,100 steps cross the heaps' step blocks (512) twice.
  it.each([
    ['topk', 30],
    ['bottomk', 30],
    ['topk', 1100],
    ['bottomk', 1100],
  ] as const)('%s over %i steps with ties, NaN and gaps, grouped and not', async (op, n) => {
    const r = rng(3);
    const storage = new MemoryStorage();
    const vals: number[][] = [];
    for (let i = 0; i < 25; i++) {
      const row = Array.from({ length: n }, () => (r() < 0.15 ? NaN : r() < 0.5 ? POOL[Math.floor(r() * POOL.length)] : Math.round(r() * 5)));
      vals.push(row);
      const ls = labelsFromPairs([['__name__', 'm'], ['i', String(i).padStart(2, '0')], ['g', String(i % 3)]]);
      row.forEach((v, s) => {
        if (!(s % 7 === 3 && i % 4 === 0)) storage.append(ls, s * 10_000, v);
      });
    }
    // Ties go to the series first in the input, which is label order: by g, then by i.
    const byLabels = vals.map((_row, i) => i).sort((a, b) => a % 3 - b % 3 || a - b);
    const engine = new Engine({ lookbackDelta: 5_000 });
    for (const [q, grouped] of [[`${op}(3, m)`, false], [`${op} by (g) (2, m)`, true], [`${op}(1e9, m)`, false]] as const) {
      const res = await engine.rangeQuery(storage, q, 0, (n - 1) * 10_000, 10_000);
      if (res.resultType !== 'matrix') throw new Error('want a matrix');
      const got = new Set<string>();
      for (const s of res.result) s.timestamps.forEach((t) => got.add(`${s.labels[s.labels.indexOf('i') + 1]}@${t}`));
      const want = new Set<string>();
      for (let s = 0; s < n; s++) {
        const groups = grouped ? [0, 1, 2] : [-1];
        for (const gi of groups) {
          const ids = byLabels.filter((i) => (gi < 0 || i % 3 === gi) && !(s % 7 === 3 && i % 4 === 0));
          for (const j of sortPick(op, ids.map((i) => vals[i][s]), grouped ? 2 : q.startsWith(`${op}(1e9`) ? 1e9 : 3)) want.add(`${String(ids[j]).padStart(2, '0')}@${s * 10_000}`);
        }
      }
      expect(got).toEqual(want);
    }
  });
});
