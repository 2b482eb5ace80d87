/** OpenMetrics 1.0 text: one table row per construct; the suite in tests/conformance covers accept/reject. */
import { describe, expect, it } from 'vitest';
import { newParser, parseAll } from '../../../src/exposition/index';
import { rows, type Row } from './helpers';

const om = (lines: string) => `${lines}# EOF\n`;

const CASES: readonly [string, string, Row[]][] = [
  ['timestamps in seconds become ms', om('a 1 1.5\n'), [{ name: 'a', labels: {}, value: 1, ts: 1500 }]],
  ['decimal seconds convert exactly', om('a 1 1.001\n'), [{ name: 'a', labels: {}, value: 1, ts: 1001 }]],
  ['sub-ms digits truncate', om('a 1 0.0019\n'), [{ name: 'a', labels: {}, value: 1, ts: 1 }]],
  ['exponent seconds', om('a 1 1.5e3\n'), [{ name: 'a', labels: {}, value: 1, ts: 1500000 }]],
  ['negative seconds', om('a 1 -1.25\n'), [{ name: 'a', labels: {}, value: 1, ts: -1250 }]],
  ['counter with _total and _created', om('# TYPE c counter\nc_total 3\nc_created 1700000000.5\n'), [
    { name: 'c_total', labels: {}, value: 3 },
    { name: 'c_created', labels: {}, value: 1700000000.5 },
  ]],
  ['gaugehistogram', om('# TYPE g gaugehistogram\ng_bucket{le="1"} 1\ng_bucket{le="+Inf"} 2\ng_gcount 2\ng_gsum 3\n'), [
    { name: 'g_bucket', labels: { le: '1' }, value: 1 },
    { name: 'g_bucket', labels: { le: '+Inf' }, value: 2 },
    { name: 'g_gcount', labels: {}, value: 2 },
    { name: 'g_gsum', labels: {}, value: 3 },
  ]],
  ['info', om('# TYPE b info\nb_info{version="1.2"} 1\n'), [{ name: 'b_info', labels: { version: '1.2' }, value: 1 }]],
  ['label values that differ only beyond ASCII are different groups', om('# TYPE a gauge\na{x="é"} 1 2\na{x="ü"} 1 1\n'), [
    { name: 'a', labels: { x: 'é' }, value: 1, ts: 2000 },
    { name: 'a', labels: { x: 'ü' }, value: 1, ts: 1000 },
  ]],
  ['stateset', om('# TYPE s stateset\ns{s="on"} 1\ns{s="off"} 0\n'), [
    { name: 's', labels: { s: 'on' }, value: 1 },
    { name: 's', labels: { s: 'off' }, value: 0 },
  ]],
  ['summary', om('# TYPE q summary\nq{quantile="0.5"} 2\nq_sum 9\nq_count 4\n'), [
    { name: 'q', labels: { quantile: '0.5' }, value: 2 },
    { name: 'q_sum', labels: {}, value: 9 },
    { name: 'q_count', labels: {}, value: 4 },
  ]],
  ['quoted UTF-8 name', om('{"my.metric","label.x"="v"} 1\n'), [{ name: 'my.metric', labels: { 'label.x': 'v' }, value: 1 }]],
  ['escapes in label values', om('a{x="q\\"n\\nb\\\\"} 1\n'), [{ name: 'a', labels: { x: 'q"n\nb\\' }, value: 1 }]],
  ['no newline after # EOF', 'a 1\n# EOF', [{ name: 'a', labels: {}, value: 1 }]],
];

describe('OpenMetrics samples', () => {
  it.each(CASES)('%s', (_name, body, want) => {
    expect(rows(body, 'openmetrics')).toEqual(want);
  });
});

describe('OpenMetrics metadata and exemplars', () => {
  it('keeps type, help (with \\" unescaped) and unit per family', () => {
    const body = om('# TYPE a_seconds counter\n# UNIT a_seconds seconds\n# HELP a_seconds say \\"x\\"\\n\na_seconds_total 1\n');
    expect(Object.fromEntries(parseAll(body, 'openmetrics').metadata)).toEqual({
      a_seconds: { type: 'counter', help: 'say "x"\n', unit: 'seconds' },
    });
  });

  it('reads exemplars with labels, value and timestamp in ms', () => {
    const body = om('# TYPE a counter\na_total 1 # {trace_id="abc",span="1"} 0.5 1700000000.123\n');
    const [s] = parseAll(body, 'openmetrics').samples;
    expect(s.exemplar).toEqual({ labels: ['span', '1', 'trace_id', 'abc'], value: 0.5, ts: 1700000000123 });
  });

  it('reads an exemplar without timestamp after a sample timestamp', () => {
    const p = newParser(om('# TYPE h histogram\nh_bucket{le="+Inf"} 1 5 # {} 2\nh_count 1 5\nh_sum 2 5\n'), 'openmetrics');
    p.next();
    expect(p.next()).toBe('series');
    expect(p.timestamp()).toBe(5000);
    expect(p.exemplar()).toEqual({ labels: [], value: 2 });
  });

  it('returns null after # EOF and keeps returning it', () => {
    const p = newParser(om('a 1\n'), 'openmetrics');
    expect(p.next()).toBe('series');
    expect(p.next()).toBeNull();
    expect(p.next()).toBeNull();
  });

  it('lenient mode skips the family rules but keeps the line grammar', () => {
    const body = om('# TYPE a counter\na_total -1\n');
    expect(parseAll(body, 'openmetrics', { strict: false }).samples).toHaveLength(1);
    expect(() => parseAll(body, 'openmetrics')).toThrow(/_total value must not be negative/);
    expect(() => parseAll('a  1\n# EOF\n', 'openmetrics', { strict: false })).toThrow(/line 1, column 3/);
  });
});
