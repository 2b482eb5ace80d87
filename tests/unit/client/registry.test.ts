/** The client library: metric semantics, validation, and the registry's exposition parsed back by our parsers. */
import { describe, expect, it } from 'vitest';
import { Counter, DEFAULT_BUCKETS, exponentialBuckets, Gauge, Histogram, linearBuckets, Registry, Summary } from '../../../src/client/index';
import { parseAll } from '../../../src/exposition/index';
import { labelsToObject } from '../../../src/model/labels';

function values(text: string, format: 'text' | 'openmetrics' = 'text'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of parseAll(text, format).samples) {
    const { __name__, ...rest } = labelsToObject(s.labels);
    const labels = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(',');
    out[labels ? `${__name__}{${labels}}` : __name__] = s.value;
  }
  return out;
}

describe('Counter', () => {
  it('writes <name>_total with HELP and TYPE naming the series, as client libraries do', () => {
    const r = new Registry();
    const c = r.counter({ name: 'jobs_done_total', help: 'Jobs done.' });
    c.inc();
    c.inc(2.5);
    expect(r.metrics()).toBe('# HELP jobs_done_total Jobs done.\n# TYPE jobs_done_total counter\njobs_done_total 3.5\n');
    expect(r.openMetrics()).toBe('# TYPE jobs_done counter\n# HELP jobs_done Jobs done.\njobs_done_total 3.5\n# EOF\n');
  });

  it('refuses to go down', () => {
    const c = new Counter({ name: 'c', help: 'h' });
    expect(() => c.inc(-1)).toThrow(/counters only go up/);
    expect(() => c.inc(NaN)).toThrow(/counters only go up/);
    expect(c.get()).toBe(0);
  });

  it('keeps one child per label values', () => {
    const r = new Registry();
    const c = r.counter({ name: 'http_requests', help: 'Requests.', labelNames: ['method', 'code'] });
    c.labels('get', '200').inc();
    c.labels('get', '200').inc();
    c.labels('post', '500').inc(3);
    expect(values(r.metrics())).toEqual({
      'http_requests_total{code=200,method=get}': 2,
      'http_requests_total{code=500,method=post}': 3,
    });
    expect(() => c.inc()).toThrow(/has labels \(method, code\): use labels/);
    expect(() => c.labels('get')).toThrow(/takes 2 label values/);
    expect(c.remove('get', '200')).toBe(true);
    c.reset();
    expect(values(r.metrics())).toEqual({});
  });
});

describe('Gauge', () => {
  it('goes up and down and can be read on collect', () => {
    const r = new Registry();
    const g = r.gauge({ name: 'queue_length', help: 'Queue.' });
    g.set(10);
    g.inc();
    g.dec(4);
    expect(g.get()).toBe(7);
    let reads = 0;
    r.gauge({ name: 'heap_bytes', help: 'Heap.', onCollect: (m) => m.set(++reads * 100) });
    expect(values(r.metrics())).toEqual({ heap_bytes: 100, queue_length: 7 });
    expect(values(r.metrics()).heap_bytes).toBe(200);
  });

  it('sets the current time in seconds', () => {
    const g = new Gauge({ name: 'last_run_seconds', help: 'h' });
    const before = Date.now() / 1000;
    g.setToCurrentTime();
    expect(g.get()).toBeGreaterThanOrEqual(before);
    expect(g.get()).toBeLessThan(before + 60);
  });
});

describe('Histogram', () => {
  it('counts cumulative buckets up to +Inf, with sum and count', () => {
    const r = new Registry();
    const h = r.histogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1] });
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe(v);
    expect(values(r.metrics())).toEqual({
      'latency_seconds_bucket{le=0.1}': 2,
      'latency_seconds_bucket{le=1}': 3,
      'latency_seconds_bucket{le=+Inf}': 4,
      latency_seconds_sum: 3.65,
      latency_seconds_count: 4,
    });
  });

  it('uses the default buckets and validates bounds and labels', () => {
    expect(new Histogram({ name: 'h', help: 'h' }).buckets).toEqual(DEFAULT_BUCKETS);
    expect(new Histogram({ name: 'h', help: 'h', buckets: [1, 2, Infinity] }).buckets).toEqual([1, 2]);
    expect(() => new Histogram({ name: 'h', help: 'h', buckets: [2, 1] })).toThrow(/must increase/);
    expect(() => new Histogram({ name: 'h', help: 'h', buckets: [1, NaN] })).toThrow(/not finite/);
    expect(() => new Histogram({ name: 'h', help: 'h', labelNames: ['le'] })).toThrow(/reserved for this metric type/);
  });

  it('times durations in seconds', () => {
    const h = new Histogram({ name: 'h', help: 'h' });
    const seconds = h.startTimer()();
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(h.labels().count).toBe(1);
  });

  it('builds bucket series', () => {
    expect(exponentialBuckets(1, 2, 4)).toEqual([1, 2, 4, 8]);
    expect(linearBuckets(0, 5, 3)).toEqual([0, 5, 10]);
    expect(() => exponentialBuckets(0, 2, 3)).toThrow();
  });
});

describe('Summary', () => {
  it('reports count and sum only by default', () => {
    const r = new Registry();
    const s = r.summary({ name: 'size_bytes', help: 'Size.' });
    s.observe(3);
    s.observe(5);
    expect(values(r.metrics())).toEqual({ size_bytes_sum: 8, size_bytes_count: 2 });
  });

  it('reports quantiles over a sliding window', () => {
    let now = 0;
    const r = new Registry();
    const s = r.summary({ name: 'rpc_seconds', help: 'h', quantiles: [0.5, 0.9, 1], maxAgeSeconds: 60, ageBuckets: 3, now: () => now });
    for (let i = 1; i <= 10; i++) s.observe(i);
    expect(values(r.metrics())).toMatchObject({ 'rpc_seconds{quantile=0.5}': 5, 'rpc_seconds{quantile=0.9}': 9, 'rpc_seconds{quantile=1}': 10 });
    now = 25_000;
    s.observe(100);
    expect(values(r.metrics())['rpc_seconds{quantile=1}']).toBe(100);
    now = 61_000;
    expect(values(r.metrics())['rpc_seconds{quantile=0.5}']).toBe(100);
    now = 200_000;
    expect(values(r.metrics())['rpc_seconds{quantile=0.5}']).toBeNaN();
    expect(values(r.metrics()).rpc_seconds_count).toBe(11);
  });

  it('validates quantiles and the quantile label', () => {
    expect(() => new Summary({ name: 's', help: 'h', quantiles: [1.5] })).toThrow(/not in \[0, 1\]/);
    expect(() => new Summary({ name: 's', help: 'h', labelNames: ['quantile'] })).toThrow(/reserved/);
  });
});

const BAD_NAMES: readonly [string, () => unknown, RegExp][] = [
  ['metric name with a dash', () => new Counter({ name: 'a-b', help: 'h' }), /invalid metric name "a-b"/],
  ['metric name starting with a digit', () => new Gauge({ name: '1a', help: 'h' }), /invalid metric name/],
  ['empty metric name', () => new Gauge({ name: '', help: 'h' }), /invalid metric name/],
  ['label name with a dot', () => new Gauge({ name: 'a', help: 'h', labelNames: ['a.b'] }), /invalid label name "a.b"/],
  ['reserved label name', () => new Gauge({ name: 'a', help: 'h', labelNames: ['__x'] }), /reserved/],
  ['repeated label name', () => new Gauge({ name: 'a', help: 'h', labelNames: ['x', 'x'] }), /given twice/],
];

describe('validation', () => {
  it.each(BAD_NAMES)('rejects a %s', (_name, make, want) => {
    expect(make).toThrow(want);
  });

  it('rejects a second metric with the same name', () => {
    const r = new Registry();
    r.gauge({ name: 'a', help: 'h' });
    expect(() => r.counter({ name: 'a', help: 'h' })).toThrow(/already registered/);
    expect(r.unregister('a')).toBe(true);
    expect(() => r.counter({ name: 'a', help: 'h' })).not.toThrow();
  });
});

describe('registry exposition', () => {
  const registry = () => {
    const r = new Registry();
    r.counter({ name: 'requests', help: 'Requests "served"\nby path \\.', labelNames: ['path'] }).labels('/a"b\\c').inc(2);
    r.gauge({ name: 'temperature_celsius', help: 'T.', labelNames: ['room'] }).labels('kitchen').set(-3.5);
    const h = r.histogram({ name: 'latency_seconds', help: 'L.', labelNames: ['route'], buckets: [0.5] });
    h.labels('x').observe(0.2);
    h.labels('y').observe(2);
    const s = r.summary({ name: 'size_bytes', help: 'S.', quantiles: [0.5] });
    s.observe(7);
    return r;
  };

  it('writes families sorted by name, which both parsers read back with their metadata', () => {
    const r = registry();
    const text = parseAll(r.metrics(), 'text');
    const om = parseAll(r.openMetrics(), 'openmetrics');
    expect(om.samples.map((s) => [s.labels, s.value])).toEqual(text.samples.map((s) => [s.labels, s.value]));
    expect(text.samples.map((s) => s.name)).toEqual([
      'latency_seconds_bucket', 'latency_seconds_bucket', 'latency_seconds_sum', 'latency_seconds_count',
      'latency_seconds_bucket', 'latency_seconds_bucket', 'latency_seconds_sum', 'latency_seconds_count',
      'requests_total', 'size_bytes', 'size_bytes_sum', 'size_bytes_count', 'temperature_celsius',
    ]);
    expect(text.metadata.get('requests_total')).toEqual({ type: 'counter', help: 'Requests "served"\nby path \\.', unit: '' });
    expect(om.metadata.get('requests')).toEqual({ type: 'counter', help: 'Requests "served"\nby path \\.', unit: '' });
    expect(om.metadata.get('latency_seconds')?.type).toBe('histogram');
    expect(labelsToObject(text.samples[8].labels).path).toBe('/a"b\\c');
  });

  it('is stable: collecting twice writes the same text', () => {
    const r = registry();
    expect(r.metrics()).toBe(r.metrics());
  });
});
