import { describe, expect, it } from 'vitest';
import { LabelCache, RemoteQueryable, packSeries, serveSelect, type PackedSelect, type SelectApi } from '../../../src/api/remote_querier';
import { labelsFromObject } from '../../../src/model/labels';
import type { Matcher } from '../../../src/model/matcher';
import type { Queryable, Series } from '../../../src/model/storage';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { Head } from '../../../src/tsdb';
import { Engine } from '../../../src/promql/engine/engine';

const eq = (name: string): Matcher[] => [{ type: '=', name: '__name__', value: name }];

async function headWith(n: number, name = 'm'): Promise<Head> {
  const head = new Head();
  const app = head.appender();
  for (let i = 0; i < n; i++) {
    const ls = labelsFromObject({ __name__: name, i: String(i) });
    for (let t = 1; t <= 5; t++) app.append(0, ls, t * 1000, t === 5 && i === 0 ? STALE_NAN : i * 10 + t);
  }
  await app.commit();
  return head;
}

/** wire serves q as the storage worker does, cloning every call's arguments and answer as a MessagePort would. */
function wire(q: () => Queryable) {
  const answers: PackedSelect[] = [];
  const api = (): SelectApi => serveSelect(q(), (v) => v);
  const remote: SelectApi = {
    select: async (...args) => {
      const a = structuredClone(await api().select(...structuredClone(args)));
      answers.push(a);
      return a;
    },
    selectLabelNames: (...a) => api().selectLabelNames(...a),
    selectLabelValues: (...a) => api().selectLabelValues(...a),
    selectSeries: (...a) => api().selectSeries(...a),
  };
  return { remote, answers, sentLabels: () => answers.map((a) => a.labels.filter((l) => l !== null).length) };
}

function plain(ss: Series[]) {
  return ss.map((s) => ({ labels: [...s.labels], t: [...s.timestamps], v: [...s.values] }));
}

describe('the packed select between the storage and query workers', () => {
  it('answers what the head answers, stale-marker bits included, and sends each label set once per head', async () => {
    const head = await headWith(50);
    const w = wire(() => head);
    const rq = new RemoteQueryable(w.remote);
    const direct = await head.querier().select(eq('m'), 0, 10_000);
    const first = await rq.querier().select(eq('m'), 0, 10_000);
    expect(plain(first)).toEqual(plain(direct));
    expect(isStaleNaN(first[0].values[4])).toBe(true);
    const second = await rq.querier().select(eq('m'), 2000, 4000);
    expect(plain(second)).toEqual(plain(await head.querier().select(eq('m'), 2000, 4000)));
    expect(w.sentLabels()).toEqual([50, 0]);
    expect(second[3].labels).toBe(first[3].labels);
  });

  it('a new head (a new ref epoch) sends label sets again and never mixes up refs', async () => {
    let head = await headWith(20, 'a');
    const w = wire(() => head);
    const rq = new RemoteQueryable(w.remote);
    await rq.querier().select(eq('a'), 0, 10_000);
    head = await headWith(20, 'b');
    const got = await rq.querier().select(eq('b'), 0, 10_000);
    expect(plain(got)).toEqual(plain(await head.querier().select(eq('b'), 0, 10_000)));
    expect(w.sentLabels()).toEqual([20, 20]);
  });

  it('an answer naming a ref the cache no longer holds is asked again without the bitmap', async () => {
    const head = await headWith(5);
    const epochAnswer = packSeries(await head.querier().select(eq('m'), 0, 10_000), head.epoch);
    const cache = new LabelCache();
    expect(cache.unpack(structuredClone(epochAnswer))).not.toBeNull();
    const fresh = new LabelCache();
    const known = cache.known()!;
    const withoutLabels = packSeries(await head.querier().select(eq('m'), 0, 10_000), head.epoch, known);
    expect(withoutLabels.labels.every((l) => l === null)).toBe(true);
    expect(fresh.unpack(withoutLabels)).toBeNull();

    let calls = 0;
    const flaky: SelectApi = {
      ...serveSelect(head, (v) => v),
      // The first answer claims every label set is held, as when the cache was emptied while the select was on its way.
      select: async (m, mint, maxt, hints, k) => (calls++ === 0 ? packSeries(await head.querier().select(m, mint, maxt), head.epoch, known) : serveSelect(head, (v) => v).select(m, mint, maxt, hints, k)),
    };
    const got = await new RemoteQueryable(flaky).querier().select(eq('m'), 0, 10_000);
    expect(calls).toBe(2);
    expect(plain(got)).toEqual(plain(await head.querier().select(eq('m'), 0, 10_000)));
  });

  it('series without refs (a querier with no epoch) always carry their labels; start times and histograms ride along', async () => {
    const series: Series[] = [
      { labels: labelsFromObject({ __name__: 'x' }), timestamps: Float64Array.of(1, 2), values: Float64Array.of(3, 4), startTimestamps: Float64Array.of(0, 1), ref: 7 },
      { labels: labelsFromObject({ __name__: 'y' }), timestamps: Float64Array.of(5), values: Float64Array.of(6) },
    ];
    const q: Queryable = { querier: () => ({ select: async () => series, labelNames: async () => [], labelValues: async () => [], series: async () => [] }) };
    const w = wire(() => q);
    const rq = new RemoteQueryable(w.remote);
    for (let i = 0; i < 2; i++) {
      const got = await rq.querier().select(eq('x'), 0, 10);
      expect(plain(got)).toEqual(plain(series));
      expect([...got[0].startTimestamps!]).toEqual([0, 1]);
      expect(got[1].startTimestamps).toBeUndefined();
    }
    expect(w.sentLabels()).toEqual([2, 2]);
  });
});

describe('instant selectors cross threads thinned to the samples their steps read', () => {
  async function gappy(): Promise<Head> {
    const head = new Head();
    for (let k = 0; k < 400; k++) {
      const app = head.appender();
      for (let i = 0; i < 6; i++) {
        if (i === 2 && k > 100 && k < 160) continue;
        const v = k === 200 && i === 1 ? STALE_NAN : k * (i + 1) + (k % 7) / 4;
        app.append(0, labelsFromObject({ __name__: 'g', i: String(i) }), 1_000_000 + k * 15_000 + (i === 3 ? 7_000 : 0), v);
      }
      await app.commit();
    }
    return head;
  }

  const queries = [
    'g',
    'g offset 2m',
    'timestamp(g)',
    'sum by (i) (g) + g',
    'rate(g[2m])',
    'max_over_time(g[5m:1m])',
    'g @ 2000',
    'g @ start() - g',
    'last_over_time(g[1m]) - g',
  ];

  it.each(queries)('%s gives the same answer as over the head itself', async (q) => {
    const head = await gappy();
    const w = wire(() => head);
    const engine = new Engine();
    for (const [start, end, step] of [[1_000_000, 7_000_000, 60_000], [1_100_000, 6_900_000, 45_000], [1_000_000, 7_000_000, 15_000]]) {
      const want = await engine.rangeQuery(head, q, start, end, step);
      const got = await engine.rangeQuery(new RemoteQueryable(w.remote), q, start, end, step);
      const strip = (r: typeof want) => (r.resultType === 'matrix' ? r.result.map((s) => ({ l: [...s.labels], t: [...s.timestamps], v: bitsOf(s.values) })) : r);
      expect(strip(got)).toEqual(strip(want));
      expect(got.warnings).toEqual(want.warnings);
    }
  });

  it('a plain selector at a 1 m step over 15 s samples moves about a quarter of them', async () => {
    const head = await gappy();
    const w = wire(() => head);
    await new Engine().rangeQuery(new RemoteQueryable(w.remote), 'g', 1_000_000, 7_000_000, 60_000);
    const moved = w.answers[0].timestamps.length;
    const all = (await head.querier().select(eq('g'), 1_000_000 - 300_000, 7_000_000)).reduce((n, s) => n + s.timestamps.length, 0);
    expect(moved).toBeLessThan(all / 3);
    expect(moved).toBeGreaterThan(all / 5);
  });
});

function bitsOf(a: Float64Array): number[] {
  return [...new Uint32Array(a.buffer, a.byteOffset, a.length * 2)];
}
