/** Exemplars from scrapes into the exemplar store, and query_exemplars over it. */
import { describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { sizeDelimitedEncode } from '@bufbuild/protobuf/wire';
import { Head } from '../../../src/tsdb';
import { ExemplarStore } from '../../../src/tsdb/exemplar_store';
import { appendScrape, ScrapeCache, type TargetContext } from '../../../src/scrape/append';
import { labelsFromObject } from '../../../src/model/labels';
import { queryExemplars } from '../../../src/api/exemplars';
import { toExemplarData } from '../../../src/remote/datasource';
import { parseConfig } from '../../../src/scrape/config_parse';
import { configToYaml } from '../../../src/scrape/config_export';
import { MetricFamilySchema, MetricType } from '../../../src/proto/io/prometheus/client/metrics_pb';

const target = (native = false): TargetContext => ({
  labels: labelsFromObject({ instance: 'h:1', job: 'app' }),
  honorLabels: false,
  honorTimestamps: true,
  metricRelabel: [],
  limits: { sampleLimit: 0, labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0, bodySizeLimit: 0, keepDroppedTargets: 0 },
  histograms: { native, classic: false, nhcb: false, bucketLimit: 0, minBucketFactor: 0 },
});

const om = (trace: string, ts = '') => `# TYPE req counter
req_total 5 # {trace_id="${trace}"} 1${ts}
# TYPE lat histogram
lat_bucket{le="0.5"} 1 # {trace_id="${trace}b"} 0.25
lat_bucket{le="+Inf"} 2
lat_count 2
lat_sum 1.1
# EOF
`;

function setup(size = 100) {
  const head = new Head({});
  const store = new ExemplarStore({ size });
  return { head, store, appendable: store.appendable(head), cache: new ScrapeCache() };
}

const select = (store: ExemplarStore) => (s: number, e: number, sets: Parameters<ExemplarStore['select']>[2]) => store.select(s, e, sets);

describe('scraped exemplars', () => {
  it('stores OpenMetrics exemplars at their timestamp or the scrape time, once each, and answers query_exemplars by series', async () => {
    const { store, appendable, cache } = setup();
    for (const [t, body] of [
      [10_000, om('t1', ' 9.5')],
      [25_000, om('t1', ' 9.5')],
      [40_000, om('t2', ' 39.5')],
    ] as const) {
      const app = appendable.appender();
      appendScrape(app, cache, body, 'openmetrics', t, target());
      await app.commit();
    }
    const data = queryExemplars(select(store), 'rate(req_total[5m]) + on() group_left sum(rate(lat_bucket[5m]))', 0, 100);
    expect(data).toEqual([
      {
        seriesLabels: { __name__: 'lat_bucket', instance: 'h:1', job: 'app', le: '0.5' },
        exemplars: [
          { labels: { trace_id: 't1b' }, value: '0.25', timestamp: 10 },
          { labels: { trace_id: 't2b' }, value: '0.25', timestamp: 40 },
        ],
      },
      {
        seriesLabels: { __name__: 'req_total', instance: 'h:1', job: 'app' },
        exemplars: [
          { labels: { trace_id: 't1' }, value: '1', timestamp: 9.5 },
          { labels: { trace_id: 't2' }, value: '1', timestamp: 39.5 },
        ],
      },
    ]);
    expect(queryExemplars(select(store), 'req_total{job="app"}', 20, 100)![0].exemplars).toHaveLength(1);
    expect(queryExemplars(select(store), 'req_total{job="other"}')).toEqual([]);
    expect(queryExemplars(select(store), '1 + 1')).toBeNull();
    expect(() => queryExemplars(select(store), 'req_total', 10, 5)).toThrow('end timestamp must not be before start timestamp');
    expect(() => queryExemplars(select(store), 'sum(')).toThrow();
  });

  it('stores nothing from a rejected scrape', async () => {
    const { store, appendable, cache } = setup();
    const app = appendable.appender();
    expect(() => appendScrape(app, cache, `${om('t1', ' 9.5').replace('# EOF\n', '')}bad line here\n# EOF\n`, 'openmetrics', 10_000, target())).toThrow();
    app.rollback();
    expect(store.stats().exemplarsInStorage).toBe(0);
  });

  it('counts out-of-order exemplars and keeps the scrape', async () => {
    const { store, appendable, cache } = setup();
    let app = appendable.appender();
    appendScrape(app, cache, om('new', ' 50'), 'openmetrics', 60_000, target());
    await app.commit();
    app = appendable.appender();
    const stats = appendScrape(app, cache, om('old', ' 20'), 'openmetrics', 75_000, target());
    await app.commit();
    expect(stats.exemplarsOutOfOrder).toBe(1);
    expect(stats.added).toBe(5);
    expect(store.select(0, Infinity, [[{ type: '=', name: '__name__', value: 'req_total' }]])[0].exemplars.map((e) => e.labels[1])).toEqual(['new']);
  });

  it('keeps every timestamped exemplar of a protobuf native histogram, in time order, and drops those without one', async () => {
    const { store, appendable, cache } = setup();
    const ts = (s: number) => ({ seconds: BigInt(s), nanos: 0 });
    const fam = create(MetricFamilySchema, {
      name: 'rpc_seconds',
      type: MetricType.HISTOGRAM,
      metric: [
        {
          histogram: {
            sampleCount: 3n,
            sampleSum: 1.5,
            schema: 0,
            zeroThreshold: 1e-128,
            zeroCount: 0n,
            positiveSpan: [{ offset: 0, length: 2 }],
            positiveDelta: [1n, 1n],
            exemplars: [
              { label: [{ name: 'trace_id', value: 'late' }], value: 1.2, timestamp: ts(30) },
              { label: [{ name: 'trace_id', value: 'none' }], value: 0.7 },
              { label: [{ name: 'trace_id', value: 'early' }], value: 0.3, timestamp: ts(20) },
            ],
          },
        },
      ],
    });
    const body = sizeDelimitedEncode(MetricFamilySchema, fam);
    const app = appendable.appender();
    appendScrape(app, cache, body, 'protobuf', 40_000, target(true));
    await app.commit();
    const r = store.select(0, Infinity, [[{ type: '=', name: '__name__', value: 'rpc_seconds' }]]);
    expect(r).toHaveLength(1);
    expect(r[0].exemplars.map((e) => [e.labels[1], e.ts])).toEqual([
      ['early', 20_000],
      ['late', 30_000],
    ]);
  });
});

describe('scraped OpenMetrics 2.0 exemplars', () => {
  it('keeps every exemplar of a native histogram line and of a counter line, in time order', async () => {
    const { store, appendable, cache } = setup();
    const body =
      '# TYPE rpc_seconds histogram\nrpc_seconds {count:2,sum:1.5,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:2],positive_buckets:[1,1]} # {trace_id="late"} 1.2 30 # {trace_id="early"} 0.3 20\n' +
      '# TYPE req_total counter\nreq_total 5 st@1 # {trace_id="c"} 1 25\n# EOF\n';
    const app = appendable.appender();
    appendScrape(app, cache, body, 'openmetrics2', 40_000, target(true));
    await app.commit();
    const r = store.select(0, Infinity, [[{ type: '=~', name: '__name__', value: 'rpc_seconds|req_total' }]]);
    expect(r.map((x) => x.exemplars.map((e) => [e.labels[1], e.ts]))).toEqual([
      [['c', 25_000]],
      [
        ['early', 20_000],
        ['late', 30_000],
      ],
    ]);
  });
});

describe('remote query_exemplars answers', () => {
  it('are checked as untrusted input', () => {
    expect(toExemplarData(null)).toBeNull();
    const ok = [{ seriesLabels: { __name__: 'x' }, exemplars: [{ labels: { trace_id: 'a' }, value: '1', timestamp: 1.5 }] }];
    expect(toExemplarData(ok)).toEqual(ok);
    expect(() => toExemplarData({})).toThrow(/list/);
    expect(() => toExemplarData([{ seriesLabels: {}, exemplars: [{ labels: {}, value: 1, timestamp: 1 }] }])).toThrow(/string/);
    expect(() => toExemplarData([{ seriesLabels: {}, exemplars: [{ labels: {}, value: '1' }] }])).toThrow(/timestamp/);
  });
});

describe('storage.exemplars.max_exemplars in prometheus.yml', () => {
  const yaml = 'scrape_configs: []\nstorage:\n  exemplars:\n    max_exemplars: 500\n';
  it('is read and written back', () => {
    const cfg = parseConfig(yaml);
    expect(cfg.storage).toEqual({ exemplars: { maxExemplars: 500 } });
    expect(parseConfig(configToYaml(cfg)).storage).toEqual({ exemplars: { maxExemplars: 500 } });
    expect(parseConfig('scrape_configs: []\n').storage).toBeUndefined();
  });
  it('refuses what Promtab does not take, naming the line', () => {
    expect(() => parseConfig('storage:\n  exemplars:\n    max_exemplars: -1\n')).toThrow(/non-negative integer/);
    expect(() => parseConfig('storage:\n  tsdb:\n    out_of_order_time_window: 1h\n')).toThrow(/"tsdb" is not supported/);
  });
});

describe('exemplars of classic histograms converted to NHCB', () => {
  it('go with the NHCB series (those with a timestamp), as Prometheus NHCBParser hands them out', async () => {
    const { store, appendable, cache } = setup();
    const t: TargetContext = { ...target(), histograms: { native: false, classic: false, nhcb: true, bucketLimit: 0, minBucketFactor: 0 } };
    const app = appendable.appender();
    appendScrape(app, cache, om('t1', ' 9.5').replace('0.25\n', '0.25 9.7\n'), 'openmetrics', 10_000, t);
    await app.commit();
    const r = store.select(0, Infinity, [[{ type: '=', name: '__name__', value: 'lat' }]]);
    expect(r.map((x) => [x.seriesLabels, x.exemplars.map((e) => [e.labels[1], e.ts])])).toEqual([
      [labelsFromObject({ __name__: 'lat', instance: 'h:1', job: 'app' }), [['t1b', 9700]]],
    ]);
  });
});
