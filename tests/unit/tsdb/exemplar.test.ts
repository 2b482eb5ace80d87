import { describe, expect, it } from 'vitest';
import { CircularExemplarStorage } from '../../../src/tsdb/exemplar';
import { labelsFromObject, type Labels } from '../../../src/model/labels';
import type { Exemplar } from '../../../src/model/exemplar';
import type { Matcher } from '../../../src/model/matcher';

const A = labelsFromObject({ __name__: 'http_requests_total', job: 'a' });
const B = labelsFromObject({ __name__: 'http_requests_total', job: 'b' });
const C = labelsFromObject({ __name__: 'latency_bucket', job: 'a', le: '0.5' });

function ex(trace: string, value: number, ts: number, hasTs = true): Exemplar {
  return { labels: labelsFromObject({ trace_id: trace }), value, ts, hasTs };
}

const all: Matcher[][] = [[{ type: '=~', name: '__name__', value: '.+' }]];

function traces(store: CircularExemplarStorage, series: Labels): string[] {
  const r = store.select(-Infinity, Infinity, all).find((x) => x.seriesLabels.join() === series.join());
  return r ? r.exemplars.map((e) => e.labels[1]) : [];
}

describe('CircularExemplarStorage', () => {
  it('keeps each series in order and answers select oldest first, series sorted by labels', () => {
    const s = new CircularExemplarStorage(10);
    expect(s.add(B, ex('b1', 1, 1000))).toBeNull();
    expect(s.add(A, ex('a1', 1, 1000))).toBeNull();
    expect(s.add(A, ex('a2', 2, 2000))).toBeNull();
    const r = s.select(0, 5000, all);
    expect(r.map((x) => x.seriesLabels)).toEqual([A, B]);
    expect(r[0].exemplars.map((e) => e.ts)).toEqual([1000, 2000]);
    expect(s.stats()).toMatchObject({ exemplarsInStorage: 3, seriesWithExemplars: 2, maxExemplars: 10 });
  });

  it.each([
    ['an exact repeat is a duplicate (no-op)', ex('a1', 1, 1000), 'duplicate'],
    ['a repeat without its own timestamp is a duplicate even at a later scrape', ex('a1', 1, 9000, false), 'duplicate'],
    ['an older timestamp is out of order', ex('a0', 5, 500), 'out_of_order'],
    ['the same time with a smaller value is out of order', ex('a9', 0.5, 1000), 'out_of_order'],
    ['the same time with a greater value is taken', ex('a9', 2, 1000), null],
    ['a later timestamp is taken', ex('a1', 1, 1001), null],
  ])('%s', (_name, e, want) => {
    const s = new CircularExemplarStorage(10);
    s.add(A, { ...ex('a1', 1, 1000), hasTs: e.hasTs });
    expect(s.add(A, e)).toBe(want);
    expect(s.stats().exemplarsInStorage).toBe(want === null ? 2 : 1);
  });

  it('counts out-of-order refusals', () => {
    const s = new CircularExemplarStorage(10);
    s.add(A, ex('a1', 1, 1000));
    s.add(A, ex('a0', 1, 10));
    expect(s.stats().outOfOrder).toBe(1);
  });

  it('orders equal time and value by label hash, so one of two such exemplars is refused whichever comes first', () => {
    const x = ex('x', 1, 1000);
    const y = ex('y', 1, 1000);
    const s1 = new CircularExemplarStorage(10);
    s1.add(A, x);
    const s2 = new CircularExemplarStorage(10);
    s2.add(A, y);
    const results = [s1.add(A, y), s2.add(A, x)];
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.filter((r) => r === 'out_of_order')).toHaveLength(1);
  });

  it('refuses labels longer than 128 code points together, counting astral characters once', () => {
    const s = new CircularExemplarStorage(10);
    const ok = { labels: labelsFromObject({ trace_id: 'x'.repeat(120) }), value: 1, ts: 1, hasTs: true };
    const long = { labels: labelsFromObject({ trace_id: 'x'.repeat(121) }), value: 1, ts: 2, hasTs: true };
    const astral = { labels: labelsFromObject({ t: '😀'.repeat(127) }), value: 1, ts: 3, hasTs: true };
    expect(s.add(A, ok)).toBeNull();
    expect(s.add(A, long)).toBe('label_length');
    expect(s.add(A, astral)).toBeNull();
  });

  it('overwrites the oldest exemplar of the whole store when full, dropping a series left without any', () => {
    const s = new CircularExemplarStorage(3);
    s.add(A, ex('a1', 1, 1000));
    s.add(B, ex('b1', 1, 1000));
    s.add(A, ex('a2', 1, 2000));
    s.add(A, ex('a3', 1, 3000));
    expect(traces(s, A)).toEqual(['a2', 'a3']);
    expect(traces(s, B)).toEqual(['b1']);
    s.add(C, ex('c1', 1, 4000));
    expect(traces(s, B)).toEqual([]);
    expect(s.stats()).toMatchObject({ exemplarsInStorage: 3, seriesWithExemplars: 2 });
    // Series B starts afresh after losing all its exemplars: an older exemplar is no longer out of order.
    expect(s.add(B, ex('b0', 1, 10))).toBeNull();
    expect(traces(s, A)).toEqual(['a3']);
  });

  it('evicts a series own oldest exemplar when it alone fills the ring', () => {
    const s = new CircularExemplarStorage(2);
    for (let i = 1; i <= 5; i++) s.add(A, ex(`a${i}`, 1, i * 1000));
    expect(traces(s, A)).toEqual(['a4', 'a5']);
    expect(s.entries().map((x) => x.e.ts)).toEqual([4000, 5000]);
  });

  it('selects by time range and by any of several matcher sets', () => {
    const s = new CircularExemplarStorage(10);
    s.add(A, ex('a1', 1, 1000));
    s.add(A, ex('a2', 1, 2000));
    s.add(A, ex('a3', 1, 3000));
    s.add(B, ex('b1', 1, 2000));
    s.add(C, ex('c1', 1, 2000));
    expect(s.select(2000, 2500, all).map((r) => [r.seriesLabels, r.exemplars.length])).toEqual([
      [A, 1],
      [B, 1],
      [C, 1],
    ]);
    const sets: Matcher[][] = [
      [{ type: '=', name: '__name__', value: 'latency_bucket' }],
      [
        { type: '=', name: '__name__', value: 'http_requests_total' },
        { type: '!=', name: 'job', value: 'a' },
      ],
    ];
    expect(s.select(0, 10_000, sets).map((r) => r.seriesLabels)).toEqual([B, C]);
    expect(s.select(0, 10_000, [])).toEqual([]);
    expect(s.select(4000, 5000, all)).toEqual([]);
  });

  it('with size 0 keeps nothing', () => {
    const s = new CircularExemplarStorage(0);
    expect(s.add(A, ex('a1', 1, 1000))).toBe('disabled');
    expect(s.select(0, 5000, all)).toEqual([]);
  });

  it('resizes keeping the newest exemplars in the order they came', () => {
    const s = new CircularExemplarStorage(5);
    for (let i = 1; i <= 7; i++) s.add(i % 2 ? A : B, ex(`x${i}`, 1, i * 1000));
    expect(s.resize(3)).toBe(3);
    expect(s.entries().map((x) => x.e.ts)).toEqual([5000, 6000, 7000]);
    expect(s.resize(10)).toBe(3);
    s.add(A, ex('x8', 1, 8000));
    expect(traces(s, A)).toEqual(['x5', 'x7', 'x8']);
    expect(s.resize(0)).toBe(0);
    expect(s.stats().exemplarsInStorage).toBe(0);
  });
});
