import { afterEach, describe, expect, it, vi } from 'vitest';
import { Parser } from '../../../src/exposition/parser';
import { labelsFromObject } from '../../../src/model/labels';
import { scrapeConfig, type ScrapeConfigInput } from '../../../src/scrape/config';
import { loopTarget, MAX_KEPT_BODY, ScrapeLoop, scrapeOffset } from '../../../src/scrape/loop';
import { relabelConfig } from '../../../src/scrape/relabel';
import { acceptHeader } from '../../../src/scrape/http';
import { targetsFromGroup } from '../../../src/scrape/targets';
import { FakeClock, fakeFetch, RecordingStorage, type Reply } from './helpers';

let loops: ScrapeLoop[] = [];
afterEach(async () => {
  for (const l of loops) await l.stop(false);
  loops = [];
});

function setup(reply: () => Reply, job: Partial<ScrapeConfigInput> = {}, address = 'host:9100') {
  const clock = new FakeClock();
  const storage = new RecordingStorage();
  const fetch = fakeFetch(reply, clock);
  const cfg = scrapeConfig({ jobName: 'job1', scrapeInterval: 15_000, scrapeTimeout: 10_000, ...job });
  const spec = targetsFromGroup({ targets: [address], labels: {} }, cfg, []).active[0];
  const scrapes: number[] = [];
  const loop = new ScrapeLoop(loopTarget(spec, cfg), {
    appendable: storage,
    fetch,
    clock,
    pageOrigin: '',
    offsetSeed: 7,
    onScrape: () => scrapes.push(clock.now()),
  });
  loops.push(loop);
  return { clock, storage, fetch, loop, scrapes };
}

const text = (body: string): Reply => ({ body });

describe('scrape schedule', () => {
  it('offset is stable per target, within the interval, and spreads targets', () => {
    const now = 1_700_000_000_123;
    const offsets = Array.from({ length: 50 }, (_, i) =>
      scrapeOffset(labelsFromObject({ instance: `h${i}:80`, job: 'j' }), `http://h${i}:80/metrics`, 15_000, 42, now),
    );
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThanOrEqual(15_000);
    }
    expect(new Set(offsets).size).toBeGreaterThan(40);
    const ls = labelsFromObject({ instance: 'a' });
    // pinned to absolute time: the slot (now + offset) mod interval does not depend on when we ask
    const slot = (n: number) => (n + scrapeOffset(ls, 'u', 15_000, 1, n)) % 15_000;
    expect(slot(now)).toBe(slot(now + 4_321));
    expect(scrapeOffset(ls, 'u', 15_000, 1, now)).not.toBe(scrapeOffset(ls, 'u', 15_000, 2, now));
  });

  it('scrapes at the offset, then every interval', async () => {
    const { clock, loop, scrapes } = setup(() => text('a 1\n'));
    const t0 = clock.now();
    loop.start();
    const first = clock.pending()[0];
    expect(first - t0).toBe(scrapeOffset(loop.target.labels, loop.target.url, 15_000, 7, t0));
    await clock.advance(15_000 * 3 + 1);
    expect(scrapes.length).toBe(3);
    expect(scrapes[1] - scrapes[0]).toBe(15_000);
    expect(scrapes[2] - scrapes[1]).toBe(15_000);
  });

  it('pause writes stale markers and skips scrapes; resume scrapes again', async () => {
    const { clock, storage, loop, scrapes } = setup(() => text('a 1\n'));
    loop.start();
    await clock.advance(15_001);
    expect(scrapes.length).toBe(1);
    await loop.pause();
    expect(storage.of('a').at(-1)!.stale).toBe(true);
    await clock.advance(30_000);
    expect(scrapes.length).toBe(1);
    loop.resume();
    await clock.advance(15_000);
    expect(scrapes.length).toBe(2);
  });
});

describe('one scrape', () => {
  it('writes samples and report series at the scrape start with the target labels', async () => {
    const { clock, storage, loop, fetch } = setup(() => text('# TYPE a counter\n# HELP a Help.\na{x="1"} 5\nb 2\n'));
    const t = clock.now();
    await loop.scrapeNow();
    expect(storage.of('a')).toEqual([{ labels: { __name__: 'a', x: '1', instance: 'host:9100', job: 'job1' }, t, v: 5, stale: false }]);
    const report = Object.fromEntries(
      ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'].map(
        (n) => [n, storage.of(n).map((s) => [s.v, s.t, s.labels.job, s.labels.instance])],
      ),
    );
    expect(report.up).toEqual([[1, t, 'job1', 'host:9100']]);
    expect(report.scrape_samples_scraped).toEqual([[2, t, 'job1', 'host:9100']]);
    expect(report.scrape_samples_post_metric_relabeling).toEqual([[2, t, 'job1', 'host:9100']]);
    expect(report.scrape_series_added).toEqual([[2, t, 'job1', 'host:9100']]);
    expect(report.scrape_duration_seconds[0][0]).toBeGreaterThanOrEqual(0);
    expect(loop.health).toBe('up');
    expect(loop.metadata.get('a')).toEqual({ type: 'counter', help: 'Help.', unit: '' });
    const init = fetch.requests[0].init!;
    expect(fetch.requests[0].url).toBe('http://host:9100/metrics');
    expect(init.credentials).toBe('omit');
    expect(Object.keys(init.headers as Record<string, string>)).toEqual(['Accept']);
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('scrape_series_added').at(-1)!.v).toBe(0);
  });

  it('decodes labels only for series it has not seen before', async () => {
    const spy = vi.spyOn(Parser.prototype, 'labels');
    try {
      let body = 'a{x="1"} 1\nb 2\n';
      const { clock, loop } = setup(() => text(body));
      await loop.scrapeNow();
      expect(spy).toHaveBeenCalledTimes(2);
      body = 'a{x="1"} 2\nb 3\nc 1\n';
      await clock.advance(15_000);
      await loop.scrapeNow();
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('sends authentication and configured headers only when configured', async () => {
    const { loop, fetch } = setup(() => text('a 1\n'), {
      http: {
        followRedirects: true,
        fetchCredentials: 'include',
        basicAuth: { username: 'u', password: 'p' },
        httpHeaders: { 'X-A': { values: ['1'], secrets: ['2'] } },
      },
    });
    await loop.scrapeNow();
    const init = fetch.requests[0].init!;
    expect(init.headers).toMatchObject({ Authorization: `Basic ${btoa('u:p')}`, 'X-A': '1, 2' });
    expect(init.credentials).toBe('include');
  });

  it('weights the Accept header by configured scrape_protocols and stays CORS-safelisted', async () => {
    const { loop, fetch } = setup(() => text('a 1\n'), { scrapeProtocols: ['PrometheusText0.0.4', 'OpenMetricsText1.0.0'], http: { followRedirects: false, fetchCredentials: 'omit' } });
    await loop.scrapeNow();
    const init = fetch.requests[0].init!;
    const accept = (init.headers as Record<string, string>).Accept;
    expect(accept).toBe('text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.8,*/*;q=0.1');
    expect(accept.length).toBeLessThanOrEqual(128);
    expect(accept).not.toMatch(/["():<>?@[\\\]{}]/);
    expect(init.redirect).toBe('error');
  });

  it('leaves the least preferred protocols out of a long Accept header', () => {
    const accept = acceptHeader(['PrometheusText1.0.0', 'OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText0.0.4']);
    expect(accept.length).toBeLessThanOrEqual(128);
    expect(accept).toBe('text/plain;version=1.0.0,application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1,*/*;q=0.1');
  });

  it('marks series stale when they disappear', async () => {
    let body = 'a 1\nb 1\n';
    const { clock, storage, loop } = setup(() => text(body));
    await loop.scrapeNow();
    body = 'a 2\n';
    await clock.advance(15_000);
    const t2 = clock.now();
    await loop.scrapeNow();
    expect(storage.of('b').map((s) => [s.t, s.stale])).toEqual([[t2 - 15_000, false], [t2, true]]);
    expect(storage.of('a').every((s) => !s.stale)).toBe(true);
    body = 'a 3\nb 5\n';
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('b').at(-1)).toMatchObject({ v: 5, stale: false });
  });

  it('a failed scrape writes up 0 and stale markers for every series, with the error kept', async () => {
    let reply: Reply = text('a 1\nb 1\n');
    const { clock, storage, loop } = setup(() => reply);
    await loop.scrapeNow();
    reply = { status: 503, body: 'down' };
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('a').at(-1)!.stale).toBe(true);
    expect(storage.of('b').at(-1)!.stale).toBe(true);
    expect(storage.of('up').map((s) => s.v)).toEqual([1, 0]);
    expect(loop.health).toBe('down');
    expect(loop.lastFailure).toMatchObject({ kind: 'http_status', message: 'server returned HTTP status 503 Service Unavailable' });
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('a').filter((s) => s.stale).length).toBe(1);
  });

  it('removal writes stale markers for the series and the report series', async () => {
    const { clock, storage, loop } = setup(() => text('a 1\n'));
    await loop.scrapeNow();
    await clock.advance(1_000);
    await loop.stop(true);
    expect(storage.of('a').at(-1)!.stale).toBe(true);
    expect(storage.of('up').at(-1)!.stale).toBe(true);
    expect(storage.of('scrape_series_added').at(-1)!.stale).toBe(true);
    const n = storage.samples.length;
    await loop.stop(true);
    expect(storage.samples.length).toBe(n);
  });

  it('a loop that never scraped writes nothing when stopped', async () => {
    const { storage, loop } = setup(() => text('a 1\n'));
    await loop.stop(true);
    expect(storage.samples).toEqual([]);
  });

  it('a parse error rejects the whole scrape', async () => {
    let body = 'a 1\n';
    const { clock, storage, loop } = setup(() => text(body));
    await loop.scrapeNow();
    body = 'a 2\nb 1\nc{ 3\n';
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('b')).toEqual([]);
    expect(storage.of('a').map((s) => s.stale)).toEqual([false, true]);
    expect(loop.lastFailure?.kind).toBe('parse');
    expect(loop.lastFailure?.message).toMatch(/^line 3, column/);
  });

  it('times out with the injected clock', async () => {
    const { clock, loop, storage } = setup(() => ({ body: 'a 1\n', delayMs: 20_000 }));
    const done = loop.scrapeNow();
    await clock.advance(10_001);
    await done;
    expect(loop.lastFailure?.kind).toBe('timeout');
    expect(storage.of('up')[0].v).toBe(0);
  });

  it('needs a known Content-Type unless fallback_scrape_protocol is set', async () => {
    const a = setup(() => ({ body: 'a 1\n', contentType: null }));
    await a.loop.scrapeNow();
    expect(a.loop.lastFailure?.kind).toBe('content_type');
    const b = setup(() => ({ body: 'a 1\n', contentType: null }), { fallbackScrapeProtocol: 'PrometheusText0.0.4' });
    await b.loop.scrapeNow();
    expect(b.loop.health).toBe('up');
  });

  it('reports a storage failure at commit as the scrape error', async () => {
    const { storage, loop } = setup(() => text('a 1\n'));
    const real = storage.appender.bind(storage);
    storage.appender = () => ({ ...real(), commit: () => Promise.reject(new Error('QuotaExceededError')) });
    await loop.scrapeNow();
    expect(loop.health).toBe('down');
    expect(loop.lastFailure).toMatchObject({ kind: 'storage', message: 'storage: QuotaExceededError' });
  });

  it('keeps the last body only when watched, bounded', async () => {
    const big = `a 1\n# ${'x'.repeat(MAX_KEPT_BODY)}\n`;
    const { loop } = setup(() => text(big));
    await loop.scrapeNow();
    expect(loop.lastBody).toBeNull();
    loop.watched = true;
    await loop.scrapeNow();
    expect(loop.lastBody!.length).toBe(MAX_KEPT_BODY);
  });
});

describe('honor_labels and honor_timestamps', () => {
  it('honor_labels false renames conflicting scraped labels exported_*', async () => {
    const { storage, loop } = setup(() => text('a{job="x",instance="i"} 1\nb{job="x",exported_job="y"} 1\n'));
    await loop.scrapeNow();
    expect(storage.of('a')[0].labels).toEqual({ __name__: 'a', job: 'job1', instance: 'host:9100', exported_job: 'x', exported_instance: 'i' });
    expect(storage.of('b')[0].labels).toEqual({
      __name__: 'b', job: 'job1', instance: 'host:9100', exported_job: 'y', exported_exported_job: 'x',
    });
  });

  it('honor_labels true keeps scraped labels and fills in missing ones', async () => {
    const { storage, loop } = setup(() => text('a{job="x"} 1\n'), { honorLabels: true });
    await loop.scrapeNow();
    expect(storage.of('a')[0].labels).toEqual({ __name__: 'a', job: 'x', instance: 'host:9100' });
  });

  it.each([
    [true, 1_000_000],
    [false, 'scrape'],
  ])('honor_timestamps %s', async (honor, want) => {
    const { clock, storage, loop } = setup(() => text('a 1 1000000\n'), { honorTimestamps: honor });
    await loop.scrapeNow();
    expect(storage.of('a')[0].t).toBe(want === 'scrape' ? clock.now() : want);
  });

  it('series with explicit timestamps get no stale markers', async () => {
    let body = 'a 1 1000000\n';
    const { clock, storage, loop } = setup(() => text(body));
    await loop.scrapeNow();
    body = '';
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('a').length).toBe(1);
  });

  it('out-of-order and duplicate samples are dropped one by one and counted', async () => {
    let body = 'a 1 2000000\n';
    const { clock, storage, loop } = setup(() => text(body));
    await loop.scrapeNow();
    body = 'a 2 1000000\nb 1\nc 1\nc 2\n';
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(loop.health).toBe('up');
    expect(storage.of('b').length).toBe(1);
    expect(storage.of('c').map((s) => s.v)).toEqual([1]);
    expect(loop.lastStats.rejected).toEqual({ out_of_order: 1, duplicate: 1 });
    expect(storage.of('scrape_samples_post_metric_relabeling').at(-1)!.v).toBe(2);
  });
});

describe('metric_relabel_configs', () => {
  it('drops series and reports the count after relabeling', async () => {
    const { clock, storage, loop } = setup(() => text('go_a 1\ngo_b 1\nkeep 1\n'), {
      metricRelabelConfigs: [relabelConfig({ sourceLabels: ['__name__'], regex: 'go_.*', action: 'drop' })],
    });
    await loop.scrapeNow();
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(storage.of('go_a')).toEqual([]);
    expect(storage.of('keep').length).toBe(2);
    expect(storage.of('scrape_samples_scraped').map((s) => s.v)).toEqual([3, 3]);
    expect(storage.of('scrape_samples_post_metric_relabeling').map((s) => s.v)).toEqual([1, 1]);
  });
});

describe('formats', () => {
  it('scrapes OpenMetrics by Content-Type, with units and metadata', async () => {
    const body = '# TYPE req_seconds counter\n# UNIT req_seconds seconds\n# HELP req_seconds Requests.\nreq_seconds_total{code="200"} 3 # {trace_id="a"} 1\nreq_seconds_created{code="200"} 1700000000\n# EOF\n';
    const { storage, loop } = setup(() => ({ body, contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8' }));
    await loop.scrapeNow();
    expect(loop.lastFailure).toBeNull();
    expect(storage.of('req_seconds_total').map((s) => [s.labels.code, s.v])).toEqual([['200', 3]]);
    expect(loop.metadata.get('req_seconds')).toEqual({ type: 'counter', help: 'Requests.', unit: 'seconds' });
  });

  it('a limit of 0 means no limit', async () => {
    const body = Array.from({ length: 500 }, (_, i) => `m${i}{a="${'v'.repeat(200)}"} 1\n`).join('');
    const { loop } = setup(() => text(body), { sampleLimit: 0, labelLimit: 0, labelValueLengthLimit: 0, bodySizeLimit: 0 });
    await loop.scrapeNow();
    expect(loop.lastFailure).toBeNull();
    expect(loop.lastStats.samples).toBe(500);
  });
});

describe('metric relabeling that removes __name__', () => {
  it('rejects the scrape as Prometheus does', async () => {
    const { loop } = setup(() => text('a 1\n'), { metricRelabelConfigs: [relabelConfig({ regex: '__name__', action: 'labeldrop' })] });
    await loop.scrapeNow();
    expect(loop.lastFailure?.message).toBe('missing metric name (__name__ label)');
  });
});

describe('limits at their boundaries', () => {
  const series = (n: number) => Array.from({ length: n }, (_, i) => `m${i} 1\n`).join('');
  it.each([
    ['sample_limit', { sampleLimit: 3 }, series(3), series(4), 'sample limit exceeded'],
    ['label_limit', { labelLimit: 4 }, 'a{x="1"} 1\n', 'a{x="1",y="2"} 1\n', 'label_limit exceeded (metric: a, number of labels: 5, limit: 4)'],
    ['label_name_length_limit', { labelNameLengthLimit: 8 }, 'a{abcdefgh="1"} 1\n', 'a{abcdefghi="1"} 1\n', 'label_name_length_limit exceeded'],
    ['label_value_length_limit', { labelValueLengthLimit: 9 }, 'a{x="é2345678"} 1\n', 'a{x="é23456789"} 1\n', 'label_value_length_limit exceeded'],
    ['body_size_limit', { bodySizeLimit: 8 }, 'a 12345\n', 'a 123456\n', 'body size limit exceeded'],
  ])('%s', async (_name, limits, okBody, badBody, msg) => {
    let body = 'z 1\n';
    const { clock, storage, loop } = setup(() => text(body), limits);
    await loop.scrapeNow();
    body = okBody;
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(loop.lastFailure).toBeNull();
    expect(storage.of('up').at(-1)!.v).toBe(1);
    body = badBody;
    await clock.advance(15_000);
    await loop.scrapeNow();
    expect(loop.lastFailure?.message).toContain(msg);
    expect(loop.lastFailure?.kind).toBe(_name === 'body_size_limit' ? 'body_size' : 'limit');
    if (_name === 'sample_limit') {
      expect(storage.of('scrape_samples_scraped').at(-1)!.v).toBe(4);
      expect(storage.of('scrape_samples_post_metric_relabeling').at(-1)!.v).toBe(4);
    }
    expect(storage.of('up').at(-1)!.v).toBe(0);
    const t = clock.now();
    const written = storage.samples.filter((s) => s.t === t && !s.labels.__name__.startsWith('scrape_') && s.labels.__name__ !== 'up');
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((s) => s.stale)).toBe(true);
  });
});

describe('first scrape of a new target', () => {
  it('runs at once, then at the offset at least half an interval later, then every interval', async () => {
    const { clock, loop, scrapes, storage } = setup(() => text('a 1\n'));
    const t0 = clock.now();
    loop.start(true);
    await clock.advance(0);
    expect(scrapes).toEqual([t0]);
    await clock.advance(15_000 * 3);
    expect(scrapes.length).toBe(4);
    expect(scrapes[1] - t0).toBeGreaterThanOrEqual(7_500);
    const slot = (t0 + scrapeOffset(loop.target.labels, loop.target.url, 15_000, 7, t0)) % 15_000;
    expect(scrapes[1] % 15_000).toBe(slot);
    expect(scrapes[2] - scrapes[1]).toBe(15_000);
    // scheduled scrapes after the extra one are stamped on the schedule's phase
    const stamps = storage.of('a').map((s) => s.t);
    expect(stamps[0]).toBe(t0);
    expect(stamps[2] - stamps[1]).toBe(15_000);
  });

  it('a replaced loop (configuration change) keeps to its schedule', async () => {
    const { clock, loop, scrapes } = setup(() => text('a 1\n'));
    loop.start();
    await clock.advance(0);
    expect(scrapes).toEqual([]);
  });
});
