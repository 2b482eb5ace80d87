/**
 * OpenMetrics 2.0 text (experimental): composite values with native and classic histograms, gauge histograms and
 * summaries, `st@` start timestamps and several exemplars; the same histograms as the protobuf path; positioned
 * errors for malformed and hostile lines.
 */
import { describe, expect, it } from 'vitest';
import { Registry } from '../../../src/client/index';
import { ExpositionError, formatOM2Histogram, newParser, parseAll, ProtoParser, type OpenMetrics2Options } from '../../../src/exposition/index';
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram, type FloatHistogram } from '../../../src/model/histogram';
import { labelsToObject } from '../../../src/model/labels';
import { errorOf } from './helpers';

interface Row {
  key: string;
  labels: Record<string, string>;
  value?: number;
  h?: FloatHistogram;
  t?: number;
  st?: number;
}

function rows(body: string, opts?: OpenMetrics2Options): Row[] {
  const p = newParser(body, 'openmetrics2', { histograms: opts });
  const out: Row[] = [];
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e !== 'series') continue;
    const r: Row = { key: p.seriesKey(), labels: { ...labelsToObject(p.labels()) } };
    const h = p.histogram?.();
    if (h) r.h = h;
    else r.value = p.value();
    const t = p.timestamp();
    if (t !== undefined) r.t = t;
    const st = p.startTimestamp?.();
    if (st !== undefined) r.st = st;
    out.push(r);
  }
  return out;
}

/** SPEC_NATIVE is the specification's native histogram example with all fields. */
const SPEC_NATIVE =
  '# TYPE acme_http_request_seconds histogram\n' +
  'acme_http_request_seconds{path="/api/v1",method="GET"} {count:59,sum:1.2e2,schema:7,zero_threshold:1e-4,zero_count:0,negative_spans:[1:2],negative_buckets:[5,7],positive_spans:[-1:2,3:4],positive_buckets:[5,7,10,9,8,8]} st@1520430000.123\n' +
  '# EOF\n';

describe('native histograms', () => {
  it('reads the specification example into a FloatHistogram with its start timestamp', () => {
    const [r] = rows(SPEC_NATIVE);
    expect(r.labels).toEqual({ __name__: 'acme_http_request_seconds', path: '/api/v1', method: 'GET' });
    expect(r.st).toBe(1520430000123);
    expect(r.h).toEqual(
      newFloatHistogram({
        schema: 7,
        zeroThreshold: 1e-4,
        count: 59,
        sum: 120,
        positive: { index: [-1, 0, 4, 5, 6, 7], count: [5, 7, 10, 9, 8, 8] },
        negative: { index: [1, 2], count: [5, 7] },
      }),
    );
  });

  it('gives the same histograms as the protobuf exposition of the same client histogram', () => {
    const registry = new Registry();
    const h = registry.histogram({ name: 'lat_seconds', help: 'Latency.', nativeBucketFactor: 1.1, labelNames: ['route'] });
    const values = [0, 1e-9, 0.1, 0.2, 0.2, 0.7, 3, 1000, -0.5, -2, -2, 2 ** -130];
    for (const [i, v] of values.entries()) h.labels(`/r${i % 3}`).observe(v);
    const proto: FloatHistogram[] = [];
    const p = new ProtoParser(registry.protobuf(), { nativeHistograms: true, classicHistograms: false });
    for (let e = p.next(); e !== null; e = p.next()) if (e === 'series' && p.histogram()) proto.push(p.histogram()!);
    expect(proto).toHaveLength(3);
    let body = '# TYPE lat_seconds histogram\n';
    for (const route of ['/r0', '/r1', '/r2']) body += `lat_seconds{route="${route}"} ${formatOM2Histogram(h.labels(route).nativeHistogram()!)}\n`;
    body += '# EOF\n';
    expect(rows(body).map((r) => r.h)).toEqual(proto);
  });

  it('reads float counts, empty buckets left out, and a gauge histogram with gcount/gsum', () => {
    const body =
      '# TYPE payload histogram\npayload {count:5.5,sum:12.1,schema:0,zero_threshold:0.001,zero_count:2.5,positive_spans:[0:3],positive_buckets:[2.0,0,1.0]}\n' +
      '# TYPE queue gaugehistogram\nqueue {gcount:6,gsum:100.0,schema:-4,zero_threshold:0,zero_count:1,positive_spans:[0:2],positive_buckets:[3,2]} 1700000000.5\n# EOF\n';
    const [a, b] = rows(body);
    expect(a.h).toEqual(newFloatHistogram({ schema: 0, zeroThreshold: 0.001, zeroCount: 2.5, count: 5.5, sum: 12.1, positive: { index: [0, 2], count: [2, 1] } }));
    expect(b).toMatchObject({ t: 1700000000500, h: { schema: -4, count: 6, sum: 100, zeroCount: 1, counterResetHint: 'gauge' } });
  });

  it('writes what it reads (formatOM2Histogram round trip) and refuses custom buckets', () => {
    const h = newFloatHistogram({ schema: 3, zeroThreshold: 2 ** -128, zeroCount: 1, count: 7, sum: -1.5, positive: { index: [-3, -2, 5], count: [1, 2, 1] }, negative: { index: [0], count: [2] } });
    const text = formatOM2Histogram(h);
    expect(text).toBe('{count:7,sum:-1.5,schema:3,zero_threshold:2.938735877055719e-39,zero_count:1,negative_spans:[0:1],negative_buckets:[2],positive_spans:[-3:2,6:1],positive_buckets:[1,2,1]}');
    expect(rows(`# TYPE x histogram\nx ${text}\n# EOF\n`)[0].h).toEqual(h);
    expect(() => formatOM2Histogram(newFloatHistogram({ schema: CUSTOM_BUCKETS_SCHEMA }))).toThrow(/no OpenMetrics 2.0 syntax/);
  });

  it('accepts fields in any order, empty lists and items, a histogram with no bucket at all', () => {
    const body = '# TYPE x histogram\nx {zero_count:0,schema:3,sum:0,count:0,zero_threshold:1e-4,positive_spans:[],positive_buckets:[],}\n# EOF\n';
    expect(rows(body)[0].h).toEqual(newFloatHistogram({ schema: 3, zeroThreshold: 1e-4 }));
  });
});

describe('the client library writer', () => {
  function instrumented(): Registry {
    const r = new Registry();
    r.counter({ name: 'jobs_total', help: 'Jobs "done".\nTwo lines.', labelNames: ['queue'] }).labels('a\\b"c').inc(3);
    r.gauge({ name: 'temp_celsius', help: 'Temperature.' }).set(-4.5);
    const s = r.summary({ name: 'rpc_seconds', help: 'RPCs.', quantiles: [0.5, 0.99] });
    for (const v of [0.1, 0.2, 0.3]) s.observe(v);
    const h = r.histogram({ name: 'lat_seconds', help: 'Latency.', nativeBucketFactor: 1.1, buckets: [0.25, 1], labelNames: ['route'] });
    for (const v of [0, 0.1, 0.2, 0.7, 3, -1]) h.labels('/').observe(v);
    h.labels('/empty');
    r.histogram({ name: 'size_bytes', help: 'Sizes.', buckets: [10, 100] }).observe(42);
    return r;
  }

  function series(p: ReturnType<typeof newParser> | ProtoParser) {
    const out: unknown[] = [];
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e === 'series') out.push({ labels: labelsToObject(p.labels()), value: p.value(), h: p.histogram?.(), t: p.timestamp(), st: p.startTimestamp?.() });
      else if (e === 'type') out.push({ type: p.family(), is: p.type() });
    }
    return out;
  }

  it('writes OpenMetrics 2.0 that reads back as the same series as its protobuf exposition, for every setting', () => {
    const r = instrumented();
    const om2 = r.openMetrics2();
    expect(om2).toContain('lat_seconds{route="/"} {count:6,sum:3,schema:3,zero_threshold:2.938735877055719e-39,zero_count:1,negative_spans:[0:1]');
    expect(om2).toMatch(/,bucket:\[0\.25:4,1:5,\+Inf:6\]\} st@\d+(\.\d+)?\n/);
    expect(om2).toMatch(/^jobs_total\{queue="a\\\\b\\"c"\} 3 st@/m);
    const body = r.protobuf();
    for (const [nativeHistograms, classicHistograms] of [[true, false], [true, true], [false, false]]) {
      const opts = { nativeHistograms, classicHistograms, nhcb: false };
      expect(series(newParser(om2, 'openmetrics2', { histograms: opts }))).toEqual(series(new ProtoParser(body, opts)));
    }
  });
});

describe('classic histograms, summaries and histogram settings', () => {
  const BOTH =
    '# TYPE foo histogram\nfoo{a="b"} {count:17,sum:324789.3,schema:0,zero_threshold:1e-4,zero_count:0,positive_spans:[0:2],positive_buckets:[5,12],bucket:[0.01:0,0.1:8,1:11,10.0:17,+Inf:17]} st@1520430000.123 # {} 0.054 1520879607.7 # {trace_id="KOO5S4vxi0o"} 1.67 1520879602.890\n# EOF\n';

  it('reads the native part only by default, both with classic histograms on, the classic part with native off', () => {
    expect(rows(BOTH).map((r) => r.labels.__name__)).toEqual(['foo']);
    const both = rows(BOTH, { nativeHistograms: true, classicHistograms: true, nhcb: false });
    expect(both.map((r) => [r.labels.__name__, r.labels.le ?? '', r.value ?? 'h', r.st])).toEqual([
      ['foo', '', 'h', 1520430000123],
      ['foo_count', '', 17, 1520430000123],
      ['foo_sum', '', 324789.3, 1520430000123],
      ['foo_bucket', '0.01', 0, 1520430000123],
      ['foo_bucket', '0.1', 8, 1520430000123],
      ['foo_bucket', '1.0', 11, 1520430000123],
      ['foo_bucket', '10.0', 17, 1520430000123],
      ['foo_bucket', '+Inf', 17, 1520430000123],
    ]);
    expect(new Set(both.map((r) => r.key)).size).toBe(both.length);
    const p = newParser(BOTH, 'openmetrics2', { histograms: { nativeHistograms: true, classicHistograms: true, nhcb: false } });
    const exemplars: number[] = [];
    for (let e = p.next(); e !== null; e = p.next()) if (e === 'series') exemplars.push(p.exemplars!().length);
    expect(exemplars).toEqual([2, 0, 0, 0, 0, 0, 0, 0]);
    const classic = rows(BOTH, { nativeHistograms: false, classicHistograms: false, nhcb: false });
    expect(classic.map((r) => r.labels.__name__)).toEqual(['foo_count', 'foo_sum', ...Array(5).fill('foo_bucket')]);
    const nativeOnly = '# TYPE n histogram\nn {count:1,sum:1,schema:0,zero_threshold:0,zero_count:1}\n# TYPE g gauge\ng 1\n# EOF\n';
    expect(rows(nativeOnly, { nativeHistograms: false, classicHistograms: false, nhcb: false }).map((r) => r.labels.__name__)).toEqual(['g']);
  });

  it('turns a classic-only histogram into an NHCB with convert_classic_histograms_to_nhcb', () => {
    const body = '# TYPE c histogram\nc {count:4,sum:3,bucket:[0.5:1,1:3,+Inf:4]}\n# EOF\n';
    const [r] = rows(body, { nativeHistograms: true, classicHistograms: false, nhcb: true });
    expect(r.h).toMatchObject({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [0.5, 1], count: 4, sum: 3 });
    expect(rows(body, { nativeHistograms: true, classicHistograms: true, nhcb: true })).toHaveLength(6);
  });

  it('expands a summary and a classic gauge histogram, and reads counters with st@ and several exemplars', () => {
    const body =
      '# TYPE rpc summary\nrpc {count:807283,sum:9036.32,quantile:[0.95:2,0.99:20]} st@1605281325.0\n' +
      '# TYPE q gaugehistogram\nq {gcount:42,gsum:3289.3,bucket:[0.01:20,+Inf:42]}\n' +
      '# TYPE foo_total counter\nfoo_total 17.0 1520879607.789 st@1520430000.123 # {trace_id="a"} 0.67 1520879606.1 # {trace_id="b"} 1 1520879606.2\n# EOF\n';
    const r = parseAll(body, 'openmetrics2').samples;
    expect(r.map((s) => [s.name, labelsToObject(s.labels).quantile ?? labelsToObject(s.labels).le ?? '', s.value])).toEqual([
      ['rpc_count', '', 807283],
      ['rpc_sum', '', 9036.32],
      ['rpc', '0.95', 2],
      ['rpc', '0.99', 20],
      ['q_gcount', '', 42],
      ['q_gsum', '', 3289.3],
      ['q_bucket', '0.01', 20],
      ['q_bucket', '+Inf', 42],
      ['foo_total', '', 17],
    ]);
    expect(r[0].startTimestamp).toBe(1605281325000);
    expect(r[8]).toMatchObject({ timestamp: 1520879607789, startTimestamp: 1520430000123, exemplar: { labels: ['trace_id', 'a'], value: 0.67, ts: 1520879606100 } });
  });

  it('types only samples named as their family, as Prometheus does', () => {
    const body = '# TYPE foo counter\nfoo_total NaN\n{"foo.bar","x"="y"} 1\n# EOF\n';
    expect(rows(body).map((r) => r.labels.__name__)).toEqual(['foo_total', 'foo.bar']);
    expect(errorOf('# TYPE foo counter\nfoo NaN\n# EOF\n', 'openmetrics2')).toBe('line 2, column 5: a counter value must not be NaN');
  });
});

describe('the README example', () => {
  it('parses as the README says', () => {
    const body =
      '# TYPE http_request_seconds histogram\n' +
      'http_request_seconds{path="/"} {count:59,sum:120,schema:7,zero_threshold:1e-4,zero_count:0,negative_spans:[1:2],negative_buckets:[5,7],positive_spans:[-1:2,3:4],positive_buckets:[5,7,10,9,8,8],bucket:[0.5:20,1:40,+Inf:59]} 1700000000.5 st@1699990000 # {trace_id="a"} 0.3 1699999999.9\n' +
      '# TYPE rpc_seconds summary\nrpc_seconds {count:12,sum:5.5,quantile:[0.5:0.2,0.99:1.5]} st@1699990000\n' +
      '# TYPE requests_total counter\nrequests_total 1027 st@1699990000\n# EOF\n';
    const r = parseAll(body, 'openmetrics2').samples;
    expect(r.map((s) => s.name)).toEqual(['http_request_seconds', 'rpc_seconds_count', 'rpc_seconds_sum', 'rpc_seconds', 'rpc_seconds', 'requests_total']);
    expect(r[0]).toMatchObject({ timestamp: 1700000000500, startTimestamp: 1699990000000, histogram: { count: 59, schema: 7 }, exemplar: { value: 0.3 } });
    expect(r[5]).toMatchObject({ value: 1027, startTimestamp: 1699990000000 });
  });
});

describe('errors', () => {
  const H = '# TYPE h histogram\n';
  const cases: [string, string][] = [
    [`${H}h 1\n# EOF\n`, 'line 2, column 3: a histogram sample needs a composite value ({count:...,sum:...,...})'],
    ['# TYPE g gauge\ng {count:1,sum:1,bucket:[+Inf:1]}\n# EOF\n', 'line 2, column 3: composite values are for histogram, gaugehistogram and summary families, not gauge ("g")'],
    [`${H}h {count:1,sum:1,schema:9,zero_threshold:0,zero_count:1}\n# EOF\n`, 'line 2, column 25: schema must be between -4 and 8, got 9'],
    [`${H}h {count:1,sum:1,schema:-53,zero_threshold:0,zero_count:1}\n# EOF\n`, 'line 2, column 25: schema must be between -4 and 8, got -53 (custom buckets have no OpenMetrics 2.0 syntax yet)'],
    [`${H}h {count:2,sum:1,schema:0,zero_threshold:0,zero_count:1,positive_spans:[0:2],positive_buckets:[1]}\n# EOF\n`, 'line 2, column 72: positive_spans give 2 buckets but positive_buckets has 1'],
    [`${H}h {count:4,sum:1,schema:0,zero_threshold:0,zero_count:1,positive_spans:[0:2],positive_buckets:[1,1]}\n# EOF\n`, 'line 2, column 10: 3 observations in the buckets but the count is 4'],
    [`${H}h {count:1,sum:1,schema:0,zero_threshold:0}\n# EOF\n`, 'line 2, column 3: composite value without "zero_count"'],
    [`${H}h {count:1,sum:1}\n# EOF\n`, 'line 2, column 3: histogram composite value needs "bucket" (classic buckets) or "schema" (native buckets)'],
    [`${H}h {count:1,sum:1,zero_count:1,bucket:[+Inf:1]}\n# EOF\n`, 'line 2, column 18: "zero_count" without "schema" (a native histogram needs its schema)'],
    [`${H}h {count:1,sum:1,bucket:[1:1]}\n# EOF\n`, 'line 2, column 25: classic buckets need a "+Inf" bucket'],
    [`${H}h {count:1,sum:1,bucket:[2:1,1:1,+Inf:1]}\n# EOF\n`, 'line 2, column 30: classic buckets must be in increasing order of their bound'],
    [`${H}h {count:1,sum:1,count:2,bucket:[+Inf:1]}\n# EOF\n`, 'line 2, column 18: field "count" given twice'],
    [`${H}h {count:1,sum:1,bukket:[+Inf:1]}\n# EOF\n`, 'line 2, column 18: unknown field "bukket" in a histogram composite value (expected one of count, sum, schema, zero_threshold, zero_count, positive_spans, positive_buckets, negative_spans, negative_buckets, bucket)'],
    [`${H}h {count:1,sum:1,bucket:[+Inf:1]\n# EOF\n`, 'line 2, column 32: composite value must end with "}"'],
    [`${H}h {count:1,sum:1,bucket:[+Inf:1}\n# EOF\n`, 'line 2, column 25: unterminated list "bucket" (no "]")'],
    [`${H}h {count:x,sum:1,bucket:[+Inf:1]}\n# EOF\n`, 'line 2, column 10: invalid count "x"'],
    [`${H}h {count:1,sum:1,bucket:[+Inf:1]} st@1 2\n# EOF\n`, 'line 2, column 40: the timestamp must come before the st@ start timestamp'],
    [`${H}h {count:1,sum:1,bucket:[+Inf:1]} st@x\n# EOF\n`, 'line 2, column 38: invalid start timestamp "x"'],
    [`${H}h {count:1,sum:1,bucket:[+Inf:1]} # {a="b"} 1\n# EOF\n`, 'line 2, column 35: exemplar without a timestamp (OpenMetrics 2.0 requires one)'],
    [`${H}h{le="1"} {count:1,sum:1,bucket:[+Inf:1]}\n# EOF\n`, 'line 2, column 1: a histogram with "le" series must not have a "le" label of its own'],
    ['# TYPE s stateset\ns{s="a"} 2\n# EOF\n', 'line 2, column 10: a stateset value must be 0 or 1, got 2'],
    ['# TYPE s stateset\ns{t="a"} 1\n# EOF\n', 'line 2, column 1: a stateset sample needs a label named "s"'],
  ];
  it.each(cases)('%j', (body, want) => {
    expect(errorOf(body, 'openmetrics2')).toBe(want);
  });

  it('places errors on later lines at their line and column', () => {
    const body = `${H}h {count:1,sum:1,bucket:[+Inf:1]}\nh {count:1,sum:1,bucket:[+Inf:-1]}\n# EOF\n`;
    expect(errorOf(body, 'openmetrics2')).toBe('line 3, column 31: a bucket count must be a non-negative finite number, got -1');
  });
});

describe('hostile input', () => {
  const H = '# TYPE h histogram\n';
  it('refuses huge span lengths before allocating anything, and indices beyond 32 bits', () => {
    expect(errorOf(`${H}h {count:0,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:4294967295]}\n# EOF\n`, 'openmetrics2')).toBe(
      'line 2, column 72: positive_spans give 4294967295 buckets but positive_buckets has 0',
    );
    expect(errorOf(`${H}h {count:0,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:99999999999]}\n# EOF\n`, 'openmetrics2')).toMatch(/invalid span length/);
    const far = `${H}h {count:2,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[2147483000:1,2147483000:1],positive_buckets:[1,1]}\n# EOF\n`;
    expect(errorOf(far, 'openmetrics2')).toMatch(/^line 2, column \d+: positive bucket index 4294966001 is out of range$/);
  });

  it('refuses NaN, infinite and negative counts, a negative offset after the first span', () => {
    const nh = (f: string) => `${H}h {${f}}\n# EOF\n`;
    expect(errorOf(nh('count:NaN,sum:0,schema:0,zero_threshold:0,zero_count:0'), 'openmetrics2')).toMatch(/count must be a non-negative finite number, got NaN/);
    expect(errorOf(nh('count:-1,sum:0,schema:0,zero_threshold:0,zero_count:0'), 'openmetrics2')).toMatch(/count must be a non-negative finite number, got -1/);
    expect(errorOf(nh('count:1,sum:0,schema:0,zero_threshold:0,zero_count:+Inf'), 'openmetrics2')).toMatch(/zero_count must be a non-negative finite number, got Infinity/);
    expect(errorOf(nh('count:1,sum:0,schema:0,zero_threshold:NaN,zero_count:1'), 'openmetrics2')).toMatch(/zero_threshold must be a non-negative finite number, got NaN/);
    expect(errorOf(nh('count:1.5,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:1],positive_buckets:[NaN]'), 'openmetrics2')).toMatch(/positive bucket count must be a non-negative finite number, got NaN/);
    expect(errorOf(nh('count:1,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:1],positive_buckets:[-1]'), 'openmetrics2')).toMatch(/got -1/);
    expect(errorOf(nh('count:2,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:1,-2:1],positive_buckets:[1,1]'), 'openmetrics2')).toMatch(/only the first span may have a negative offset/);
    // A classic gauge histogram's values are gauges (they may come from arithmetic); a native one's are still counts.
    expect(rows('# TYPE g gaugehistogram\ng {gcount:-2,gsum:1,bucket:[1:-3,+Inf:-2]}\n# EOF\n').map((r) => r.value)).toEqual([-2, 1, -3, -2]);
    expect(errorOf('# TYPE g gaugehistogram\ng {gcount:-2,gsum:1,schema:0,zero_threshold:0,zero_count:0}\n# EOF\n', 'openmetrics2')).toMatch(/gcount must be a non-negative/);
    expect(errorOf(nh('count:1,sum:0,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:1],positive_buckets:[99999999999999999999]'), 'openmetrics2')).toMatch(/invalid positive bucket count/);
    // A NaN sum allows more observations than the buckets hold (NaN observations count but fall in no bucket).
    expect(rows(nh('count:3,sum:NaN,schema:0,zero_threshold:0,zero_count:1'))[0].h).toMatchObject({ count: 3, zeroCount: 1 });
  });

  it('reads a line of 100,000 buckets, and caps labels and exemplar labels as OpenMetrics 1.0 does', () => {
    const n = 100_000;
    const line = `h {count:${n},sum:1,schema:0,zero_threshold:0,zero_count:0,positive_spans:[0:${n}],positive_buckets:[${Array(n).fill(1).join(',')}]}`;
    expect(rows(`${H}${line}\n# EOF\n`)[0].h!.positive.index).toHaveLength(n);
    const labels = Array.from({ length: 513 }, (_, i) => `l${i}="v"`).join(',');
    expect(errorOf(`${H}h{${labels}} {count:1,sum:1,bucket:[+Inf:1]}\n# EOF\n`, 'openmetrics2')).toMatch(/more than 512 labels/);
    expect(errorOf(`${H}h {count:1,sum:1,bucket:[+Inf:1]} # {a="${'x'.repeat(200)}"} 1 1\n# EOF\n`, 'openmetrics2')).toMatch(/exemplar labels longer than 128/);
  });

  it('throws only ExpositionError', () => {
    const bodies = [`${H}h {`, `${H}h {}`, `${H}h {:}\n# EOF\n`, `${H}h {count:1,sum:1,bucket:[]}\n# EOF\n`, `${H}h {,,,}\n# EOF\n`, `${H}h {schema:[}\n# EOF\n`];
    for (const b of bodies) expect(() => parseAll(b, 'openmetrics2')).toThrow(ExpositionError);
  });
});
