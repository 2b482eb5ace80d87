/**
 * Native histograms in scrapes: protobuf negotiation and ingestion, NHCB conversion of classic histograms, the bucket
 * limit and minimum bucket factor, the histogram settings in prometheus.yml, and the Accept header's CORS rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Registry, PROTOBUF_EXPOSITION_CONTENT_TYPE } from '../../../src/client/index';
import { formatOM2Histogram } from '../../../src/exposition/index';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../../../src/model/histogram';
import { configToYaml } from '../../../src/scrape/config_export';
import { parseConfig } from '../../../src/scrape/config_parse';
import { DEFAULT_NATIVE_SCRAPE_PROTOCOLS, DEFAULT_SCRAPE_PROTOCOLS, scrapeConfig, type ScrapeConfigInput, type ScrapeProtocol } from '../../../src/scrape/config';
import { limitHistogram, schemaForMinFactor } from '../../../src/scrape/histograms';
import { acceptHeader, isSafelistedAccept } from '../../../src/scrape/http';
import { loopTarget, ScrapeLoop } from '../../../src/scrape/loop';
import { targetsFromGroup } from '../../../src/scrape/targets';
import { FakeClock, fakeFetch, RecordingStorage, type Reply } from './helpers';

const loops: ScrapeLoop[] = [];
afterEach(async () => {
  for (const l of loops.splice(0)) await l.stop(false);
});

function setup(reply: () => Reply, job: Partial<ScrapeConfigInput> = {}) {
  const clock = new FakeClock();
  const storage = new RecordingStorage();
  const fetch = fakeFetch(reply, clock);
  const cfg = scrapeConfig({ jobName: 'job1', scrapeInterval: 15_000, scrapeTimeout: 10_000, ...job });
  const spec = targetsFromGroup({ targets: ['host:9100'], labels: {} }, cfg, []).active[0];
  const loop = new ScrapeLoop(loopTarget(spec, cfg), { appendable: storage, fetch, clock, pageOrigin: '', offsetSeed: 7, onScrape: () => undefined });
  loops.push(loop);
  return { clock, storage, fetch, loop };
}

function instrumented() {
  const registry = new Registry();
  const created = Date.now();
  registry.counter({ name: 'requests_total', help: 'Requests.' }).inc(7);
  const h = registry.histogram({ name: 'latency_seconds', help: 'Latency.', nativeBucketFactor: 1.1, buckets: [0.5, 1] });
  for (const v of [0.1, 0.2, 0.7, 3]) h.observe(v);
  return { registry, created, h };
}

const proto = (body: Uint8Array): Reply => ({ body, contentType: PROTOBUF_EXPOSITION_CONTENT_TYPE });

describe('scraping the protobuf format', () => {
  it('asks for protobuf first with scrape_native_histograms and stores native histograms and start timestamps', async () => {
    const { registry, created, h: hist } = instrumented();
    const { storage, fetch, loop } = setup(() => proto(registry.protobuf()), { scrapeNativeHistograms: true });
    await loop.scrapeNow();
    const accept = (fetch.requests[0].init!.headers as Record<string, string>).Accept;
    expect(accept).toMatch(/^application\/vnd\.google\.protobuf;proto=io\.prometheus\.client\.MetricFamily;encoding=delimited,/);
    expect(loop.health).toBe('up');
    const [h] = storage.of('latency_seconds');
    expect(h.h).toMatchObject({ schema: 3, count: 4, sum: 4 });
    expect(h.h).toEqual(hist.labels().nativeHistogram());
    expect(h.st).toBeGreaterThanOrEqual(created);
    const [c] = storage.of('requests_total');
    expect(c).toMatchObject({ v: 7 });
    expect(c.st).toBeGreaterThanOrEqual(created);
    // Classic parts only with always_scrape_classic_histograms.
    expect(storage.of('latency_seconds_bucket')).toEqual([]);
  });

  it('keeps the classic parts too with always_scrape_classic_histograms, and only them without native histograms', async () => {
    const { registry } = instrumented();
    const both = setup(() => proto(registry.protobuf()), { scrapeNativeHistograms: true, alwaysScrapeClassicHistograms: true });
    await both.loop.scrapeNow();
    expect(both.storage.of('latency_seconds')).toHaveLength(1);
    expect(both.storage.of('latency_seconds_bucket').map((s) => [s.labels.le, s.v])).toEqual([['0.5', 2], ['1.0', 3], ['+Inf', 4]]);
    const classic = setup(() => proto(registry.protobuf()), { scrapeProtocols: ['PrometheusProto'] });
    await classic.loop.scrapeNow();
    expect(classic.storage.of('latency_seconds')).toEqual([]);
    expect(classic.storage.of('latency_seconds_count').map((s) => s.v)).toEqual([4]);
  });

  it('shows a watched protobuf target\'s last body as one JSON object per family', async () => {
    const { registry } = instrumented();
    const body = registry.protobuf();
    const { loop } = setup(() => proto(body), { scrapeNativeHistograms: true });
    loop.watched = true;
    await loop.scrapeNow();
    const lines = loop.lastBody!.trimEnd().split('\n');
    expect(lines[0]).toBe(`# protobuf body, ${body.length} bytes, shown as one JSON object per MetricFamily`);
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { name: string }).name)).toEqual(['latency_seconds', 'requests_total']);
  });

  it('rejects a malformed body as a whole: up 0, no sample of it stored, the byte offset in the error', async () => {
    const { registry } = instrumented();
    const good = registry.protobuf();
    const { storage, loop } = setup(() => proto(good.subarray(0, good.length - 5)), { scrapeNativeHistograms: true });
    await loop.scrapeNow();
    expect(loop.health).toBe('down');
    expect(loop.lastFailure).toMatchObject({ kind: 'parse' });
    expect(loop.lastFailure!.message).toMatch(/^protobuf: byte \d+: /);
    expect(storage.of('up').map((s) => s.v)).toEqual([0]);
    expect(storage.of('requests_total')).toEqual([]);
  });

  it('fails the scrape when a histogram cannot be brought under the bucket limit', async () => {
    const r = new Registry();
    const h = r.histogram({ name: 'wide', help: 'w', nativeBucketFactor: 1.01 });
    for (let e = -60; e <= 60; e += 3) h.observe(2 ** e);
    const ok = setup(() => proto(r.protobuf()), { scrapeNativeHistograms: true, nativeHistogramBucketLimit: 20 });
    await ok.loop.scrapeNow();
    expect(ok.loop.health).toBe('up');
    expect(ok.storage.of('wide')[0].h!.schema).toBeLessThan(0);
    const bad = setup(() => proto(r.protobuf()), { scrapeNativeHistograms: true, nativeHistogramBucketLimit: 5 });
    await bad.loop.scrapeNow();
    expect(bad.loop.lastFailure).toMatchObject({ kind: 'limit', message: 'histogram bucket limit exceeded' });
  });
});

describe('convert_classic_histograms_to_nhcb', () => {
  const body = '# TYPE rt histogram\nrt_bucket{path="/",le="1"} 2\nrt_bucket{path="/",le="5"} 3\nrt_bucket{path="/",le="+Inf"} 4\nrt_sum{path="/"} 10\nrt_count{path="/"} 4\n# TYPE g gauge\ng 1\n';
  const nhcb: FloatHistogram = {
    schema: CUSTOM_BUCKETS_SCHEMA,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 4,
    sum: 10,
    positive: { index: [0, 1, 2], count: [2, 1, 1] },
    negative: { index: [], count: [] },
    counterResetHint: 'unknown',
    customValues: [1, 5],
  };

  it('turns a classic text histogram into one with custom buckets, dropping the classic series', async () => {
    const { storage, loop } = setup(() => ({ body }), { convertClassicHistogramsToNhcb: true });
    await loop.scrapeNow();
    expect(loop.health).toBe('up');
    const [s] = storage.of('rt');
    expect(s.labels).toMatchObject({ path: '/', job: 'job1' });
    expect(s.h).toEqual(nhcb);
    expect(storage.of('rt_bucket')).toEqual([]);
    expect(storage.of('g').map((x) => x.v)).toEqual([1]);
  });

  it('keeps the classic series too with always_scrape_classic_histograms', async () => {
    const { storage, loop } = setup(() => ({ body }), { convertClassicHistogramsToNhcb: true, alwaysScrapeClassicHistograms: true });
    await loop.scrapeNow();
    expect(storage.of('rt')[0].h).toEqual(nhcb);
    expect(storage.of('rt_bucket')).toHaveLength(3);
    expect(storage.of('rt_count')).toHaveLength(1);
  });

  it('converts classic protobuf histograms too, and rejects decreasing bucket counts', async () => {
    const r = new Registry();
    r.histogram({ name: 'rt', help: 'h', buckets: [1, 5] }).observe(2);
    const conv = setup(() => proto(r.protobuf()), { scrapeProtocols: ['PrometheusProto'], convertClassicHistogramsToNhcb: true });
    await conv.loop.scrapeNow();
    expect(conv.storage.of('rt')[0].h).toMatchObject({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, 5], positive: { index: [1], count: [1] } });
    const broken = setup(() => ({ body: '# TYPE b histogram\nb_bucket{le="1"} 3\nb_bucket{le="+Inf"} 2\nb_count 2\nb_sum 1\n' }), { convertClassicHistogramsToNhcb: true });
    await broken.loop.scrapeNow();
    expect(broken.loop.lastFailure).toMatchObject({ kind: 'parse', message: 'histogram b: classic histogram bucket counts decrease at le=Infinity' });
  });
});

describe('native histogram limits (Prometheus: lower the schema until it fits)', () => {
  // Schema 3 buckets 1..8: at schema 2 they merge pairwise, bucket i going to floor((i-1)/2)+1 (1,2→1; 3,4→2; ...).
  const h: FloatHistogram = {
    schema: 3,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 36,
    sum: 50,
    positive: { index: [1, 2, 3, 4, 5, 6, 7, 8], count: [1, 2, 3, 4, 5, 6, 7, 8] },
    negative: { index: [], count: [] },
    counterResetHint: 'unknown',
  };

  it('reduces the schema one step at a time until the buckets fit the limit', () => {
    expect(limitHistogram(h, { bucketLimit: 8, minBucketFactor: 0 })).toBe(h);
    expect(limitHistogram(h, { bucketLimit: 4, minBucketFactor: 0 }).positive).toEqual({ index: [1, 2, 3, 4], count: [3, 7, 11, 15] });
    const two = limitHistogram(h, { bucketLimit: 3, minBucketFactor: 0 });
    expect([two.schema, two.positive]).toEqual([1, { index: [1, 2], count: [10, 26] }]);
  });

  it('takes the finest schema whose growth reaches the minimum bucket factor', () => {
    expect([1.0027, 1.01, 1.1, 1.2, 2, 4, 256, 1e6].map(schemaForMinFactor)).toEqual([8, 6, 2, 1, 0, -1, -3, -4]);
    expect(limitHistogram(h, { bucketLimit: 0, minBucketFactor: 1.1 }).schema).toBe(2);
  });

  it('brings schemas finer than 8 down to 8, and fails when even schema -4 or custom buckets do not fit', () => {
    expect(limitHistogram({ ...h, schema: 10 }, { bucketLimit: 0, minBucketFactor: 0 }).positive).toEqual({ index: [1, 2], count: [10, 26] });
    expect(() => limitHistogram({ ...h, schema: -4 }, { bucketLimit: 2, minBucketFactor: 0 })).toThrow('histogram bucket limit exceeded');
    expect(() => limitHistogram({ ...h, schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, 2, 3, 4, 5, 6, 7, 8] }, { bucketLimit: 4, minBucketFactor: 0 })).toThrow(
      'histogram bucket limit exceeded',
    );
  });
});

describe('histogram settings in prometheus.yml', () => {
  it('defaults scrape_protocols to protobuf first when scrape_native_histograms is true, globally or per job', () => {
    const g = parseConfig('global:\n  scrape_native_histograms: true\nscrape_configs:\n  - job_name: a\n  - job_name: b\n    scrape_native_histograms: false\n');
    expect(g.scrapeConfigs[0].scrapeProtocols).toEqual(DEFAULT_NATIVE_SCRAPE_PROTOCOLS);
    expect(g.scrapeConfigs[1].scrapeProtocols).toEqual(DEFAULT_SCRAPE_PROTOCOLS);
    const j = parseConfig('scrape_configs:\n  - job_name: a\n    scrape_native_histograms: true\n  - job_name: b\n');
    expect(j.scrapeConfigs.map((s) => [s.scrapeNativeHistograms, s.scrapeProtocols[0]])).toEqual([[true, 'PrometheusProto'], [false, 'OpenMetricsText1.0.0']]);
    const set = parseConfig('global:\n  scrape_protocols: [PrometheusText0.0.4]\nscrape_configs:\n  - job_name: a\n    scrape_native_histograms: true\n');
    expect(set.scrapeConfigs[0].scrapeProtocols).toEqual(['PrometheusText0.0.4']);
  });

  it('reads and writes back every histogram setting', () => {
    const yaml =
      'global:\n  always_scrape_classic_histograms: true\nscrape_configs:\n  - job_name: a\n    scrape_native_histograms: true\n    convert_classic_histograms_to_nhcb: true\n' +
      '    native_histogram_bucket_limit: 160\n    native_histogram_min_bucket_factor: 1.1\n';
    const cfg = parseConfig(yaml);
    expect(cfg.scrapeConfigs[0]).toMatchObject({
      scrapeNativeHistograms: true,
      alwaysScrapeClassicHistograms: true,
      convertClassicHistogramsToNhcb: true,
      nativeHistogramBucketLimit: 160,
      nativeHistogramMinBucketFactor: 1.1,
    });
    const out = configToYaml(cfg);
    expect(out).not.toMatch(/scrape_protocols/);
    expect(parseConfig(out)).toEqual({ ...cfg, scrapeConfigs: cfg.scrapeConfigs.map((s) => ({ ...s, line: expect.any(Number) })) });
  });
});

describe('scraping OpenMetrics 2.0 text (experimental)', () => {
  const OM2 = 'application/openmetrics-text; version=2.0.0; charset=utf-8';
  const om2Body = (h: FloatHistogram, created: number) =>
    `# TYPE latency_seconds histogram\nlatency_seconds ${formatOM2Histogram(h)} st@${created / 1000}\n# TYPE requests_total counter\nrequests_total 7 st@${created / 1000}\n# EOF\n`;

  it('parses it when scrape_protocols lists OpenMetricsText2.0.0: the same histogram as protobuf, with its start timestamp', async () => {
    const { created, h: hist } = instrumented();
    const native = hist.labels().nativeHistogram()!;
    const { storage, fetch, loop } = setup(() => ({ body: om2Body(native, 1700000000123), contentType: OM2 }), {
      scrapeProtocols: ['OpenMetricsText2.0.0', ...DEFAULT_SCRAPE_PROTOCOLS],
      scrapeNativeHistograms: true,
    });
    await loop.scrapeNow();
    expect((fetch.requests[0].init!.headers as Record<string, string>).Accept).toMatch(/^application\/openmetrics-text;version=2\.0\.0;q=0\.9,/);
    expect(loop.health).toBe('up');
    const [h] = storage.of('latency_seconds');
    expect(h.h).toEqual(native);
    expect(h.st).toBe(1700000000123);
    expect(storage.of('requests_total')).toMatchObject([{ v: 7, st: 1700000000123 }]);
    expect(created).toBeGreaterThan(0);
  });

  it('refuses an OpenMetrics 2.0 answer the job did not ask for, unless a fallback protocol says how to read it', async () => {
    const body = '# TYPE g gauge\ng 1\n# EOF\n';
    const plain = setup(() => ({ body, contentType: OM2 }));
    await plain.loop.scrapeNow();
    expect(plain.loop.health).toBe('down');
    expect(plain.loop.lastFailure?.message).toMatch(/received OpenMetrics 2\.0 Content-Type .* OpenMetricsText2\.0\.0 is not in scrape_protocols/);
    const fallback = setup(() => ({ body, contentType: OM2 }), { fallbackScrapeProtocol: 'OpenMetricsText1.0.0' });
    await fallback.loop.scrapeNow();
    expect(fallback.loop.health).toBe('up');
    expect(fallback.storage.of('g')).toMatchObject([{ v: 1 }]);
  });

  it('reads OpenMetricsText2.0.0 in prometheus.yml and writes it back', () => {
    const cfg = parseConfig('scrape_configs:\n  - job_name: a\n    scrape_protocols: [OpenMetricsText2.0.0, OpenMetricsText1.0.0]\n    static_configs: [{targets: [h:1]}]\n');
    expect(cfg.scrapeConfigs[0].scrapeProtocols).toEqual(['OpenMetricsText2.0.0', 'OpenMetricsText1.0.0']);
    expect(configToYaml(cfg)).toMatch(/OpenMetricsText2\.0\.0/);
  });
});

describe('the Accept header', () => {
  const ALL: ScrapeProtocol[] = ['PrometheusProto', 'OpenMetricsText2.0.0', 'OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];
  const MEDIA: Record<ScrapeProtocol, string> = {
    PrometheusProto: 'application/vnd.google.protobuf',
    'OpenMetricsText2.0.0': 'application/openmetrics-text',
    'OpenMetricsText1.0.0': 'application/openmetrics-text',
    'OpenMetricsText0.0.1': 'application/openmetrics-text',
    'PrometheusText1.0.0': 'text/plain',
    'PrometheusText0.0.4': 'text/plain',
  };

  function* orderedSubsets(rest: ScrapeProtocol[], prefix: ScrapeProtocol[] = []): Generator<ScrapeProtocol[]> {
    if (prefix.length > 0) yield prefix;
    for (let i = 0; i < rest.length; i++) yield* orderedSubsets([...rest.slice(0, i), ...rest.slice(i + 1)], [...prefix, rest[i]]);
  }

  it('stays CORS-safelisted for every ordered choice of protocols, leads with the first, lists only chosen types', () => {
    let n = 0;
    for (const protocols of orderedSubsets(ALL)) {
      n++;
      const accept = acceptHeader(protocols);
      expect(isSafelistedAccept(accept), accept).toBe(true);
      expect(accept.length).toBeLessThanOrEqual(128);
      expect(accept).not.toMatch(/[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/);
      const types = accept.split(',').map((part) => part.split(';')[0]);
      expect(types[0]).toBe(MEDIA[protocols[0]]);
      const chosen = new Set(protocols.map((p) => MEDIA[p]));
      for (const t of types) expect(t === '*/*' || chosen.has(t), `${t} in ${accept}`).toBe(true);
      if (protocols[0] === 'PrometheusProto') expect(accept).toContain('proto=io.prometheus.client.MetricFamily;encoding=delimited');
      if (protocols[0] === 'OpenMetricsText2.0.0') expect(accept).toMatch(/^application\/openmetrics-text;version=2\.0\.0[;,]/);
    }
    expect(n).toBe(1956);
  });

  it('says what it asks for with native histograms', () => {
    expect(acceptHeader(DEFAULT_NATIVE_SCRAPE_PROTOCOLS)).toBe(
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text,*/*',
    );
    expect(acceptHeader(['PrometheusProto'])).toBe('application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.9,*/*;q=0.1');
  });

  it('says what it asks for with OpenMetrics 2.0 first', () => {
    expect(acceptHeader(['OpenMetricsText2.0.0', ...DEFAULT_SCRAPE_PROTOCOLS])).toBe(
      'application/openmetrics-text;version=2.0.0;q=0.9,application/openmetrics-text;version=1.0.0;q=0.8,*/*;q=0.1',
    );
    expect(acceptHeader(['OpenMetricsText2.0.0', 'PrometheusProto', ...DEFAULT_SCRAPE_PROTOCOLS])).toBe('application/openmetrics-text;version=2.0.0,*/*;q=0.1');
  });
});
