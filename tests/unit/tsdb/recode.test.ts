import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/model/labels';
import { Head } from '../../../src/tsdb/head';
import { COMPACT_TAG } from '../../../src/tsdb/chunkenc/compact';
import { RecodeQueue } from '../../../src/tsdb/recode_queue';

/** HEAVY_MS bounds these property tests: about 2 s idle, far more on a loaded 2-core machine (never a timing check). */
const HEAVY_MS = 120_000;

const all = [{ type: '=~' as const, name: '__name__', value: '.+' }];
const labelsOf = (i: number): Labels => ['__name__', `m${i}`, 'job', 'x'];
const valueOf = (i: number, t: number) => Math.round(i * 1000 + t * (i % 7)) / 4;

/** scrape commits one sample per series at step t, as a target's scrape does. */
async function scrape(h: Head, series: number, t: number): Promise<void> {
  const app = h.appender();
  for (let i = 0; i < series; i++) app.append(t === 0 ? 0 : i + 1, labelsOf(i), t * 15_000 + (t % 3), valueOf(i, t));
  await app.commit();
}

/** compactShare counts the closed in-memory chunks and how many of them are compact. */
function compactShare(h: Head): { closed: number; compact: number } {
  let closed = 0;
  let compact = 0;
  h.forEachSeries((s) => {
    for (let i = 0; i < s.numClosed(); i++) {
      closed++;
      if (s.closedChunk(i).bytes[0] === COMPACT_TAG) compact++;
    }
  });
  return { closed, compact };
}

async function expectSamples(h: Head, series: number, steps: number): Promise<void> {
  const got = await h.querier().select(all, 0, Infinity);
  expect(got.length).toBe(series);
  for (const s of got) {
    const i = Number(s.labels[1].slice(1));
    expect([...s.timestamps]).toEqual(Array.from({ length: steps }, (_, t) => t * 15_000 + (t % 3)));
    expect([...s.values]).toEqual(Array.from({ length: steps }, (_, t) => valueOf(i, t)));
  }
}

describe('RecodeQueue', () => {
  it('hands out chunks oldest first, at most the limit, and numbers them in push order', () => {
    const q = new RecodeQueue();
    expect([q.push(5, 100), q.push(6, 200), q.push(7, 300)]).toEqual([0, 1, 2]);
    const seen: number[][] = [];
    q.drain(2, (ref, minT) => seen.push([ref, minT]));
    expect(seen).toEqual([
      [5, 100],
      [6, 200],
    ]);
    expect([q.size, q.done]).toEqual([1, 2]);
    expect(q.push(8, 400)).toBe(3);
    q.drain(Infinity, (ref) => seen.push([ref]));
    expect(seen.slice(2)).toEqual([[7], [8]]);
    expect([q.size, q.done]).toEqual([0, 4]);
  });

  it('keeps its order across many partial drains', () => {
    const q = new RecodeQueue();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      q.push(i, i);
      if (i % 3 === 0) q.drain(2, (ref) => out.push(ref));
    }
    q.drain(Infinity, (ref) => out.push(ref));
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});

describe('spread re-encoding', { timeout: HEAVY_MS }, () => {
  it.each([
    { series: 1000, chunkSamples: 40 },
    { series: 300, chunkSamples: 20 },
  ])('re-encodes at most 16 + n/64 chunks per commit of n samples, queries reading both forms ($series series)', async ({ series, chunkSamples }) => {
    const h = new Head({ chunkSamples });
    for (let t = 0; t < chunkSamples; t++) await scrape(h, series, t);
    const budget = 16 + Math.floor(series / 64);
    expect(compactShare(h)).toEqual({ closed: series, compact: budget });
    expect(h.pendingRecodes()).toBe(series - budget);
    await expectSamples(h, series, chunkSamples);
    let steps = chunkSamples;
    for (; h.pendingRecodes() > 0 && steps < chunkSamples * 2 - 1; steps++) {
      await scrape(h, series, steps);
      if (steps % 8 === 0) await expectSamples(h, series, steps + 1);
    }
    expect(h.pendingRecodes()).toBe(0);
    expect(compactShare(h)).toEqual({ closed: series, compact: series });
    await expectSamples(h, series, steps);
  });

  it('persists only re-encoded chunks, defers the checkpoint while chunks wait, and restores everything', async () => {
    const name = `recode-${Math.random()}`;
    const series = 1500;
    const h = await Head.open(name, { chunkSamples: 10, checkpointEvery: 1, memoryWindowMs: 0 });
    await scrape(h, series, 0);
    await h.flush();
    for (let t = 1; t < 11; t++) await scrape(h, series, t);
    expect(h.pendingRecodes()).toBe(series - 2 * (16 + Math.floor(series / 64)));
    await h.flush();
    const waiting = series - 2 * (16 + Math.floor(series / 64)) - 512;
    expect(h.pendingRecodes()).toBe(waiting);
    expect(compactShare(h)).toEqual({ closed: waiting, compact: 0 });
    for (let t = 11; t < 13; t++) {
      await scrape(h, series, t);
      await h.flush();
    }
    expect(h.pendingRecodes()).toBe(0);
    await expectSamples(h, series, 13);
    await h.close();
    const r = await Head.open(name, { chunkSamples: 10, memoryWindowMs: 0 });
    await expectSamples(r, series, 13);
    await r.close();
  });

  it('re-encodes every waiting chunk before the checkpoint forced by an open', async () => {
    const name = `recode-open-${Math.random()}`;
    const h = await Head.open(name, { chunkSamples: 10 });
    for (let t = 0; t < 10; t++) await scrape(h, 1000, t);
    expect(h.pendingRecodes()).toBeGreaterThan(512);
    await h.flush();
    expect(h.pendingRecodes()).toBe(0);
    await h.close();
  });

  it('restores a head killed while chunks wait for re-encoding (sample log replayed)', async () => {
    const name = `recode-kill-${Math.random()}`;
    const series = 1200;
    const h = await Head.open(name, { chunkSamples: 10, checkpointEvery: 2 });
    for (let t = 0; t < 10; t++) {
      await scrape(h, series, t);
      await h.flush();
    }
    await scrape(h, series, 10);
    await h.flush();
    expect(h.pendingRecodes()).toBeGreaterThan(0);
    const r = await Head.open(name, { chunkSamples: 10 });
    await expectSamples(r, series, 11);
    await r.close();
  });
});
