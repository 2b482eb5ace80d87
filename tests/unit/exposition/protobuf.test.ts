/** The protobuf exposition: hand-encoded bodies (field numbers checked independently), client round trips, faults. */
import { describe, expect, it } from 'vitest';
import { Registry } from '../../../src/client/index';
import { decodeMetricFamilies, ProtobufError } from '../../../src/exposition/protobuf';
import { formatOMFloat, ProtoParser } from '../../../src/exposition/proto_parser';
import { labelsToObject } from '../../../src/model/labels';
import type { FloatHistogram } from '../../../src/model/histogram';

/** A tiny independent encoder: bytes written by hand from the wire format, not by the library under test. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const tag = (no: number, wire: number) => varint(no * 8 + wire);
const zigzag = (n: number) => (n >= 0 ? 2 * n : -2 * n - 1);
const len = (no: number, body: number[]) => [...tag(no, 2), ...varint(body.length), ...body];
const str = (no: number, s: string) => len(no, [...new TextEncoder().encode(s)]);
const dbl = (no: number, v: number) => [...tag(no, 1), ...new Uint8Array(new Float64Array([v]).buffer)];
const uv = (no: number, v: number) => [...tag(no, 0), ...varint(v)];
const delimited = (...msgs: number[][]) => new Uint8Array(msgs.flatMap((m) => [...varint(m.length), ...m]));

interface Row {
  labels: Record<string, string>;
  value: number;
  histogram?: FloatHistogram;
  t?: number;
  st?: number;
}

function rows(body: Uint8Array, native = true, classic = false): Row[] {
  const p = new ProtoParser(body, { nativeHistograms: native, classicHistograms: classic });
  const out: Row[] = [];
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e !== 'series') continue;
    const r: Row = { labels: { ...labelsToObject(p.labels()) }, value: p.value() };
    const h = p.histogram();
    if (h) r.histogram = h;
    const t = p.timestamp();
    if (t !== undefined) r.t = t;
    const st = p.startTimestamp();
    if (st !== undefined) r.st = st;
    out.push(r);
  }
  return out;
}

// MetricFamily{name: "rpc_seconds", type: HISTOGRAM, metric: [{label: [{path, /a}], timestamp_ms: 1234,
// histogram: {sample_count 5, sample_sum 7.5, schema 3, zero_threshold 0.001, zero_count 1,
// positive_span [{offset -2, length 2}, {offset 3, length 1}], positive_delta [1, 1, -1],
// negative_span [{offset 0, length 1}], negative_delta [1], created_timestamp {seconds 100, nanos 5e8}}}]}
const NATIVE = [
  ...str(1, 'rpc_seconds'),
  ...str(2, 'RPC latency.'),
  ...uv(3, 4),
  ...len(4, [
    ...len(1, [...str(1, 'path'), ...str(2, '/a')]),
    ...uv(6, 1234),
    ...len(7, [
      ...uv(1, 5),
      ...dbl(2, 7.5),
      ...tag(5, 0), ...varint(zigzag(3)),
      ...dbl(6, 0.001),
      ...uv(7, 1),
      ...len(9, [...tag(1, 0), ...varint(zigzag(0)), ...uv(2, 1)]),
      ...len(10, [...varint(zigzag(1))]),
      ...len(12, [...tag(1, 0), ...varint(zigzag(-2)), ...uv(2, 2)]),
      ...len(12, [...tag(1, 0), ...varint(zigzag(3)), ...uv(2, 1)]),
      ...len(13, [...varint(zigzag(1)), ...varint(zigzag(1)), ...varint(zigzag(-1))]),
      ...len(15, [...uv(1, 100), ...uv(2, 500_000_000)]),
    ]),
  ]),
];

describe('protobuf exposition: decoding', () => {
  it('reads a hand-encoded native histogram: spans and deltas, zero bucket, timestamp, created timestamp', () => {
    expect(rows(delimited(NATIVE))).toEqual([
      {
        labels: { __name__: 'rpc_seconds', path: '/a' },
        value: NaN,
        t: 1234,
        st: 100_500,
        histogram: {
          schema: 3,
          zeroThreshold: 0.001,
          zeroCount: 1,
          count: 5,
          sum: 7.5,
          positive: { index: [-2, -1, 3], count: [1, 2, 1] },
          negative: { index: [0], count: [1] },
          counterResetHint: 'unknown',
        },
      },
    ]);
  });

  it('reads counters, gauges and summaries by family type, le/quantile written as Prometheus does', () => {
    const counter = [...str(1, 'req_total'), ...uv(3, 0), ...len(4, [...len(3, [...dbl(1, 42), ...len(3, [...uv(1, 50)])])])];
    const gauge = [...str(1, 'temp'), ...uv(3, 1), ...len(4, [...len(2, [...dbl(1, -3.5)])])];
    const summary = [
      ...str(1, 'lat'),
      ...uv(3, 2),
      ...len(4, [...len(4, [...uv(1, 10), ...dbl(2, 2.5), ...len(3, [...dbl(1, 0.5), ...dbl(2, 0.2)]), ...len(3, [...dbl(1, 1), ...dbl(2, 0.9)])])]),
    ];
    expect(rows(delimited(counter, gauge, summary))).toEqual([
      { labels: { __name__: 'req_total' }, value: 42, st: 50_000 },
      { labels: { __name__: 'temp' }, value: -3.5 },
      { labels: { __name__: 'lat_count' }, value: 10 },
      { labels: { __name__: 'lat_sum' }, value: 2.5 },
      { labels: { __name__: 'lat', quantile: '0.5' }, value: 0.2 },
      { labels: { __name__: 'lat', quantile: '1.0' }, value: 0.9 },
    ]);
  });

  it('expands a classic histogram and adds the +Inf bucket the body left out', () => {
    const classic = [
      ...str(1, 'size'),
      ...uv(3, 4),
      ...len(4, [...len(7, [...uv(1, 4), ...dbl(2, 10), ...len(3, [...uv(1, 1), ...dbl(2, 1)]), ...len(3, [...uv(1, 3), ...dbl(2, 2.5)])])]),
    ];
    expect(rows(delimited(classic))).toEqual([
      { labels: { __name__: 'size_count' }, value: 4 },
      { labels: { __name__: 'size_sum' }, value: 10 },
      { labels: { __name__: 'size_bucket', le: '1.0' }, value: 1 },
      { labels: { __name__: 'size_bucket', le: '2.5' }, value: 3 },
      { labels: { __name__: 'size_bucket', le: '+Inf' }, value: 4 },
    ]);
  });

  it('formats le and quantile values like Go (shortest, .0 appended, two-digit exponents)', () => {
    expect([1, 0, 0.25, 100000, 1e6, 1.5e-7, Infinity].map(formatOMFloat)).toEqual(['1.0', '0.0', '0.25', '100000.0', '1e+06', '1.5e-07', '+Inf']);
  });
});

describe('protobuf exposition: round trip with the client writer', () => {
  it('decodes what Registry.protobuf() writes: counters with created timestamps, native and classic histograms', () => {
    const r = new Registry();
    const before = Date.now();
    const c = r.counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['kind'] });
    c.labels('a').inc(3);
    const h = r.histogram({ name: 'lat_seconds', help: 'Latency.', nativeBucketFactor: 1.1, buckets: [0.1, 1] });
    for (const v of [0.05, 0.1, 0.5, 2, -1, 0]) h.observe(v);
    const body = r.protobuf();
    const out = rows(body, true, true);
    expect(out.map((o) => o.labels.__name__)).toEqual(['jobs_total', 'lat_seconds', 'lat_seconds_count', 'lat_seconds_sum', 'lat_seconds_bucket', 'lat_seconds_bucket', 'lat_seconds_bucket']);
    expect(out[0]).toMatchObject({ labels: { kind: 'a' }, value: 3 });
    expect(out[0].st).toBeGreaterThanOrEqual(before);
    expect(out[1].histogram).toEqual(h.labels().nativeHistogram());
    expect(out[1].histogram).toMatchObject({ schema: 3, count: 6, sum: 1.65, zeroCount: 1 });
    expect(out.slice(4).map((o) => [o.labels.le, o.value])).toEqual([['0.1', 4], ['1.0', 5], ['+Inf', 6]]);
    // Without native ingestion the same body reads as a classic histogram only.
    expect(rows(body, false).map((o) => o.labels.__name__)).toEqual(['jobs_total', 'lat_seconds_count', 'lat_seconds_sum', 'lat_seconds_bucket', 'lat_seconds_bucket', 'lat_seconds_bucket']);
  });

  it('round-trips generated histograms exactly', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = new Registry();
      const h = r.histogram({ name: 'x', help: 'x', nativeBucketFactor: 1 + seed / 10, nativeMaxBuckets: 5 + seed });
      let s = seed;
      for (let i = 0; i < 200; i++) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        h.observe(((s / 2 ** 31) - 0.3) * 10 ** ((s % 7) - 3));
      }
      const [row] = rows(r.protobuf());
      expect(row.histogram).toEqual(h.labels().nativeHistogram());
      expect(row.histogram!.positive.index.length + row.histogram!.negative.index.length).toBeLessThanOrEqual(5 + seed);
    }
  });
});

describe('protobuf exposition: malformed bodies fail with a byte offset', () => {
  const good = delimited(NATIVE);
  const cases: [string, Uint8Array, RegExp][] = [
    ['a truncated length varint', new Uint8Array([0x80]), /^byte 0: truncated varint/],
    ['a length beyond the body', new Uint8Array([10, 1, 2]), /^byte 0: length 10 of MetricFamily message runs past the end of its body/],
    ['a truncated message', good.subarray(0, good.length - 3), /^byte \d+: /],
    ['a nested length beyond its message', delimited([...tag(4, 2), 5, ...tag(1, 2), 1]), /^byte 2: length 5 of MetricFamily.metric runs past/],
    ['a wrong wire type', delimited([...tag(1, 0), 7]), /^byte 1: wrong wire type varint for MetricFamily.name \(field 1\), expected length-delimited/],
    ['a double read as a varint', delimited([...len(4, [...len(2, [...tag(1, 0), 1])])]), /^byte 5: wrong wire type varint for Gauge.value/],
    ['a group wire type', delimited([...tag(9, 3)]), /^byte 1: unsupported wire type start-group/],
    ['a truncated double', delimited([...len(4, [...len(2, [...tag(1, 1), 0, 0])])]), /^byte 6: truncated 64-bit value/],
  ];
  for (const [what, body, msg] of cases) {
    it(`rejects ${what}`, () => {
      let err: unknown;
      try {
        decodeMetricFamilies(body);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProtobufError);
      expect((err as Error).message).toMatch(msg);
    });
  }

  it('rejects spans that do not match the deltas', () => {
    const bad = [...str(1, 'h'), ...uv(3, 4), ...len(4, [...len(7, [...uv(1, 1), ...len(12, [...tag(1, 0), 0, ...uv(2, 2)]), ...len(13, [2])])])];
    expect(() => rows(delimited(bad))).toThrow(/spans give 2 buckets but 1 deltas/);
  });
});
