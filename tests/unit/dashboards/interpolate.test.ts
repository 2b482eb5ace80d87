import { describe, expect, it } from 'vitest';
import {
  builtins,
  calculateInterval,
  interpolate,
  queryStep,
  rateInterval,
  roundInterval,
  variableRefs,
  type ScopedVar,
} from '../../../src/dashboards/interpolate';

const vars = new Map<string, ScopedVar>([
  ['single', { value: 'a.b', text: 'A' }],
  ['quote', { value: 'x"y\\z' }],
  ['multi', { value: ['a.b', 'c|d'], text: ['A', 'C'], multi: true }],
  ['one', { value: ['only'], multi: true }],
  ['all', { value: '$__all', includeAll: true, multi: true, options: ['x', 'y'] }],
  ['allv', { value: ['$__all'], includeAll: true, allValue: '.*', options: ['x', 'y'] }],
  ['allref', { value: '$__all', includeAll: true, allValue: '$single-.+', options: ['x'] }],
  ['selfref', { value: '$__all', includeAll: true, allValue: '$selfref|x', options: ['x'] }],
]);

describe('interpolate', () => {
  it.each([
    ['syntaxes', 'm{a="$single",b="${single}",c="[[single]]"}', 'promql', 'm{a="a.b",b="a.b",c="a.b"}'],
    ['single value escapes quote and backslash', '{l="$quote"}', 'promql', '{l="x\\"y\\\\z"}'],
    ['multi as escaped alternation', '{l=~"$multi"}', 'promql', '{l=~"(a\\\\.b|c\\\\|d)"}'],
    ['multi with one value', '{l=~"$one"}', 'promql', '{l=~"only"}'],
    ['All without allValue is every option', '{l=~"$all"}', 'promql', '{l=~"(x|y)"}'],
    ['All with allValue is raw', '{l=~"$allv"}', 'promql', '{l=~".*"}'],
    ['allValue is itself interpolated, raw', '$allref', 'promql', 'a.b-.+'],
    ['self-reference in allValue stays', '$selfref', 'promql', '$selfref|x'],
    ['csv', '${multi:csv}', 'promql', 'a.b,c|d'],
    ['pipe', '${multi:pipe}', 'promql', 'a.b|c|d'],
    ['regex', '${multi:regex}', 'promql', '(a\\.b|c\\|d)'],
    ['regex single', '${single:regex}', 'promql', 'a\\.b'],
    ['raw', '${single:raw}', 'promql', 'a.b'],
    ['json', '${multi:json}', 'promql', '["a.b","c|d"]'],
    ['glob', '${multi:glob}', 'promql', '{a.b,c|d}'],
    ['text', '${multi:text}', 'promql', 'A + C'],
    ['text of All', '${all:text}', 'promql', 'All'],
    ['singlequote', '${multi:singlequote}', 'promql', "'a.b','c|d'"],
    ['doublequote', '${multi:doublequote}', 'promql', '"a.b","c|d"'],
    ['percentencode', '${single:percentencode}', 'promql', 'a.b'],
    ['bracket format', '[[multi:csv]]', 'promql', 'a.b,c|d'],
    ['title default is glob', '$multi on $single', 'glob', '{a.b,c|d} on a.b'],
    ['unknown stays', '$nope ${nope} [[nope]]', 'promql', '$nope ${nope} [[nope]]'],
  ])('%s', (_name, text, format, out) => {
    expect(interpolate(text, vars, new Map(), format)).toBe(out);
  });

  it('resolves built-ins', () => {
    const b = builtins({ from: 1_000_000, to: 1_000_000 + 3_600_000 }, 30_000, 15_000);
    const out = interpolate(
      'rate(x[$__rate_interval]) $__interval $__interval_ms $__range $__range_s $__range_ms $__from ${__to} ${__from:date:seconds} ${__to:date:iso}',
      new Map(),
      b,
    );
    expect(out).toBe('rate(x[1m]) 30s 30000 3600s 3600 3600000 1000000 4600000 1000 1970-01-01T01:16:40.000Z');
  });

  it('lists references', () => {
    expect(variableRefs('a{x="$a",y="${b:csv}"} [[c]] $a $__interval')).toEqual(['a', 'b', 'c', '__interval']);
  });
});

describe('intervals', () => {
  it.each([
    [1, 10],
    [14, 10],
    [16, 20],
    [1_400, 1_000],
    [12_000, 10_000],
    [16_000, 15_000],
    [44_000, 30_000],
    [89_000, 60_000],
    [100_000, 120_000],
    [3_000_000, 3_600_000],
    [86_400_000, 86_400_000],
    [5e10, 31_536_000_000],
  ])('roundInterval(%d) = %d', (raw, nice) => expect(roundInterval(raw)).toBe(nice));

  it.each([
    [3_600_000, 1000, '', 5_000],
    [3_600_000, 1000, '30s', 30_000],
    [3_600_000, 1000, '>1m', 60_000],
    [86_400_000, 1000, '', 60_000],
    [86_400_000, 100, '', 900_000],
    [300_000, 1500, '', 200],
  ])('calculateInterval(%d, %d, %s) = %d', (range, points, min, out) => expect(calculateInterval(range, points, min)).toBe(out));

  it.each([
    [15_000, 15_000, 60_000],
    [60_000, 15_000, 75_000],
    [10_000, 1_000, 11_000],
    [10_000, 0, 60_000],
  ])('rateInterval(%d, %d) = %d', (i, s, out) => expect(rateInterval(i, s)).toBe(out));

  it('queryStep keeps to the scrape interval, the 11,000-point limit and $__rate_interval', () => {
    expect(queryStep(3_600_000, 1000, '', '', 15_000)).toBe(15_000);
    expect(queryStep(3_600_000, 10, '', '', 15_000)).toBe(300_000);
    expect(queryStep(30 * 86_400_000, 1e6, '', '', 1_000)).toBe(300_000);
    expect(queryStep(3_600_000, 1000, '$__rate_interval', '', 15_000)).toBe(60_000);
    expect(queryStep(3_600_000, 1000, '', '2m', 15_000)).toBe(120_000);
  });
});
