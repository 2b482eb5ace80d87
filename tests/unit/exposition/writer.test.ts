/** The writers: exact output, stale markers, and writer → parser round trips (fixed cases and fast-check). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  familiesFromSamples,
  formatSeconds,
  parseAll,
  writeOpenMetrics,
  writePrometheusText,
  type MetricFamily,
} from '../../../src/exposition/index';
import { labelsFromObject } from '../../../src/model/labels';
import { isStaleNaN, STALE_NAN } from '../../../src/model/value';

const L = (o: Record<string, string>) => labelsFromObject(o);

const FAMILIES: MetricFamily[] = [
  {
    name: 'http_requests',
    type: 'counter',
    help: 'Requests with "quotes", a \\ and a\nnewline.',
    samples: [
      { labels: L({ __name__: 'http_requests_total', code: '200', path: '/a"b\\c\nd' }), value: 1027, timestamp: 1395066363001 },
      { labels: L({ __name__: 'http_requests_total', code: '500', path: '/' }), value: 3, exemplar: { labels: ['trace_id', 'x'], value: 1, ts: 1500 } },
    ],
  },
  {
    name: 'my.metric',
    type: 'gauge',
    help: '',
    samples: [
      { labels: L({ __name__: 'my.metric', 'label.x': 'v' }), value: NaN },
      { labels: L({ __name__: 'my.metric', 'label.x': 'w' }), value: -Infinity },
      { labels: L({ __name__: 'my.metric', 'label.x': 'z' }), value: STALE_NAN },
    ],
  },
  { name: 'size_bytes', type: 'gauge', help: 'Size.', unit: 'bytes', samples: [{ labels: L({ __name__: 'size_bytes' }), value: 1e21 }] },
];

describe('writers', () => {
  it('writes the Prometheus text format', () => {
    expect(writePrometheusText(FAMILIES)).toBe(
      [
        '# HELP http_requests_total Requests with "quotes", a \\\\ and a\\nnewline.',
        '# TYPE http_requests_total counter',
        'http_requests_total{code="200",path="/a\\"b\\\\c\\nd"} 1027 1395066363001',
        'http_requests_total{code="500",path="/"} 3',
        '# TYPE "my.metric" gauge',
        '{"my.metric","label.x"="v"} NaN',
        '{"my.metric","label.x"="w"} -Inf',
        '# HELP size_bytes Size.',
        '# TYPE size_bytes gauge',
        'size_bytes 1e+21',
        '',
      ].join('\n'),
    );
  });

  it('writes OpenMetrics with seconds, units, exemplars and # EOF', () => {
    expect(writeOpenMetrics(FAMILIES)).toBe(
      [
        '# TYPE http_requests counter',
        '# HELP http_requests Requests with \\"quotes\\", a \\\\ and a\\nnewline.',
        'http_requests_total{code="200",path="/a\\"b\\\\c\\nd"} 1027 1395066363.001',
        'http_requests_total{code="500",path="/"} 3 # {trace_id="x"} 1 1.5',
        '# TYPE "my.metric" gauge',
        '{"my.metric","label.x"="v"} NaN',
        '{"my.metric","label.x"="w"} -Inf',
        '# TYPE size_bytes gauge',
        '# UNIT size_bytes bytes',
        '# HELP size_bytes Size.',
        'size_bytes 1e+21',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('leaves stale markers out, or throws when asked', () => {
    expect(writeOpenMetrics(FAMILIES)).not.toContain('"z"');
    expect(() => writeOpenMetrics(FAMILIES, { stale: 'throw' })).toThrow(/stale marker of \{"my.metric","label.x"="z"\}/);
    expect(() => writePrometheusText(FAMILIES, { stale: 'throw' })).toThrow(/stale marker/);
  });

  it.each([
    [0, '0'],
    [1500, '1.5'],
    [1001, '1.001'],
    [-1250, '-1.25'],
    [1700000000010, '1700000000.01'],
  ])('formatSeconds(%d) is %s', (ms, want) => {
    expect(formatSeconds(ms)).toBe(want);
  });

  it('round-trips the fixed families through both formats (stale sample left out)', () => {
    const want = FAMILIES.flatMap((f) => f.samples)
      .filter((s) => !isStaleNaN(s.value))
      .map((s) => [s.labels, s.value, s.timestamp]);
    for (const [write, format] of [[writePrometheusText, 'text'], [writeOpenMetrics, 'openmetrics']] as const) {
      const { samples, metadata } = parseAll(write(FAMILIES), format);
      expect(samples.map((s) => [s.labels, s.value, s.timestamp])).toEqual(want);
      const family = format === 'text' ? 'http_requests_total' : 'http_requests';
      expect(metadata.get(family)?.help).toBe('Requests with "quotes", a \\ and a\nnewline.');
    }
  });
});

const nameArb = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,12}$/),
  fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
);
const labelNameArb = fc.oneof(
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/),
  fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }).filter((s) => !s.startsWith('__')),
);
const valueArb = fc.oneof(fc.double(), fc.integer().map(Number), fc.constantFrom(NaN, Infinity, -Infinity, 0.1, 1e-300));

const gaugeFamilyArb = fc.record({
  name: nameArb,
  help: fc.string({ maxLength: 20, unit: 'grapheme' }),
  series: fc.uniqueArray(fc.dictionary(labelNameArb, fc.string({ maxLength: 10, unit: 'grapheme' }), { maxKeys: 4 }), {
    minLength: 1,
    maxLength: 5,
    selector: (o) => JSON.stringify(Object.entries(o).sort()),
  }),
  values: fc.array(valueArb, { minLength: 5, maxLength: 5 }),
  ts: fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: undefined }),
});

describe('writer → parser round trip (fast-check)', () => {
  it('gives back every sample, value and timestamp in both formats', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.uniqueArray(gaugeFamilyArb, { maxLength: 4, selector: (f) => f.name }), (fams) => {
        const families: MetricFamily[] = fams.map((f) => ({
          name: f.name,
          type: 'gauge',
          help: f.help,
          samples: f.series.map((o, i) => ({ labels: L({ ...o, __name__: f.name }), value: f.values[i], timestamp: f.ts })),
        }));
        const want = families.flatMap((f) => f.samples.map((s) => [s.labels, s.value, s.timestamp]));
        for (const [write, format] of [[writePrometheusText, 'text'], [writeOpenMetrics, 'openmetrics']] as const) {
          const got = parseAll(write(families), format);
          expect(got.samples.map((s) => [s.labels, s.value, s.timestamp])).toEqual(want);
          for (const f of families) expect(got.metadata.get(f.name)).toEqual({ type: 'gauge', help: f.help, unit: '' });
        }
      }),
      { numRuns: 300 },
    );
  });
});

const textparse = path.resolve(__dirname, '../../../../shared/testdata/openmetrics/textparse/alltypes.237mfs.prom.txt');

describe.skipIf(!existsSync(textparse))('familiesFromSamples', () => {
  it('turns a text-format scrape into OpenMetrics that strict parsing accepts, with the same samples', () => {
    const parsed = parseAll(readFileSync(textparse, 'utf8'), 'text');
    const om = writeOpenMetrics(familiesFromSamples(parsed.samples, parsed.metadata));
    const back = parseAll(om, 'openmetrics');
    const key = (s: { labels: readonly string[]; value: number }) => JSON.stringify([s.labels, String(s.value)]);
    expect(back.samples.map(key).sort()).toEqual(parsed.samples.map(key).sort());
  });
});
