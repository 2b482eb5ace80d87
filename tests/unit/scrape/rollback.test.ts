import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../src/model/labels';
import { appendScrape, ScrapeCache, type TargetContext } from '../../../src/scrape/append';
import { scrapeConfig } from '../../../src/scrape/config';
import { loopTarget, ScrapeLoop } from '../../../src/scrape/loop';
import { targetsFromGroup } from '../../../src/scrape/targets';
import { Head } from '../../../src/tsdb/head';
import { FakeClock, fakeFetch, RecordingStorage } from './helpers';

const target = (sampleLimit = 0): TargetContext => ({
  labels: labelsFromObject({ job: 'j', instance: 'i' }),
  honorLabels: false,
  honorTimestamps: true,
  metricRelabel: [],
  limits: { sampleLimit, labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0, bodySizeLimit: 0, keepDroppedTargets: 0 },
});

const good = (i: number) => `a ${i}\nb ${i}\nc ${i}\n`;
/** A body that fails part-way: two known series, then a parse error. */
const badParse = (i: number) => `a ${i}\nb ${i}\nc{ ${i}\n`;

async function stored(head: Head, name: string): Promise<number[]> {
  const series = await head.querier().select([{ type: '=', name: '__name__', value: name }], 0, Number.MAX_SAFE_INTEGER);
  return series.flatMap((s) => Array.from(s.values));
}

describe('a rejected scrape leaves no trace', () => {
  it('every good scrape between parse errors is stored in full (head)', async () => {
    const head = new Head();
    const cache = new ScrapeCache();
    const goods: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const app = head.appender();
      const t = i * 1000;
      if (i % 2 === 1) {
        appendScrape(app, cache, good(i), 'text', t, target());
        await app.commit();
        goods.push(i);
      } else {
        expect(() => appendScrape(app, cache, badParse(i), 'text', t, target())).toThrow();
        app.rollback();
      }
    }
    for (const name of ['a', 'b', 'c']) {
      expect(await stored(head, name), name).toEqual(goods);
    }
  });

  it('a sample_limit hit does not make the next scrape drop series as duplicates', async () => {
    const head = new Head();
    const cache = new ScrapeCache();
    const big = (i: number) => good(i) + `d ${i}\ne ${i}\n`;
    const goods: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const app = head.appender();
      if (i % 2 === 1) {
        const stats = appendScrape(app, cache, good(i), 'text', i * 1000, target(4));
        expect(stats.rejected).toEqual({});
        await app.commit();
        goods.push(i);
      } else {
        expect(() => appendScrape(app, cache, big(i), 'text', i * 1000, target(4))).toThrow(/sample limit/);
        app.rollback();
      }
    }
    for (const name of ['a', 'b', 'c']) expect(await stored(head, name), name).toEqual(goods);
  });

  it('a series repeated with explicit timestamps in a rejected scrape is still taken by the next one', async () => {
    const head = new Head();
    const cache = new ScrapeCache();
    let app = head.appender();
    appendScrape(app, cache, 'a 1\n', 'text', 1000, target());
    await app.commit();
    app = head.appender();
    expect(() => appendScrape(app, cache, 'a 2 1500\na 3 1600\nc{ 1\n', 'text', 2000, target())).toThrow();
    app.rollback();
    app = head.appender();
    const stats = appendScrape(app, cache, 'a 4\n', 'text', 3000, target());
    await app.commit();
    expect(stats.rejected).toEqual({});
    expect(await stored(head, 'a')).toEqual([1, 4]);
  });

  it('the scrape loop alternating good and malformed bodies stores every good sample with up 1', async () => {
    const clock = new FakeClock();
    const storage = new RecordingStorage();
    let n = 0;
    const fetch = fakeFetch(() => {
      n++;
      return { body: n % 2 === 1 ? good(n) : badParse(n) };
    }, clock);
    const cfg = scrapeConfig({ jobName: 'job1', scrapeInterval: 1_000, scrapeTimeout: 1_000 });
    const spec = targetsFromGroup({ targets: ['host:9100'], labels: {} }, cfg, []).active[0];
    const loop = new ScrapeLoop(loopTarget(spec, cfg), { appendable: storage, fetch, clock, pageOrigin: '', offsetSeed: 1, onScrape: () => undefined });
    try {
      for (let i = 0; i < 20; i++) {
        await loop.scrapeNow();
        await clock.advance(1_000);
      }
    } finally {
      await loop.stop(false);
    }
    const fresh = (name: string) => storage.of(name).filter((s) => !s.stale).map((s) => s.v);
    const goods = Array.from({ length: 10 }, (_, k) => 2 * k + 1);
    expect(fresh('a')).toEqual(goods);
    expect(fresh('c')).toEqual(goods);
    expect(storage.of('up').map((s) => s.v)).toEqual(Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 1 : 0)));
    expect(loop.lastStats?.rejected ?? {}).toEqual({});
  });
});
