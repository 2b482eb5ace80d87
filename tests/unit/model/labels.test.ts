import { describe, expect, it } from 'vitest';
import {
  compareLabels,
  labelsFromObject,
  labelsFromPairs,
  labelsGet,
  labelsKey,
  labelsString,
  labelsToObject,
  LabelsBuilder,
} from '../../../src/model/labels';
import { isStaleNaN, STALE_NAN, formatValue } from '../../../src/model/value';
import { compileMatcher } from '../../../src/model/matcher';
import { formatDuration, parseDuration } from '../../../src/model/time';

describe('labels', () => {
  it('sorts by name and keeps prototype names as ordinary labels', () => {
    const ls = labelsFromPairs([
      ['job', 'a'],
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(ls).toEqual(['__proto__', 'x', 'constructor', 'y', 'job', 'a']);
    const o = labelsToObject(ls);
    expect(Object.keys(o)).toEqual(['__proto__', 'constructor', 'job']);
    expect(labelsFromObject(o)).toEqual(ls);
    expect(labelsGet(ls, 'constructor')).toBe('y');
    expect(labelsGet(ls, 'missing')).toBe('');
  });
  it('orders and keys label sets', () => {
    const a = labelsFromPairs([['a', '1']]);
    const b = labelsFromPairs([['a', '2']]);
    expect(compareLabels(a, b)).toBeLessThan(0);
    expect(labelsKey(a)).not.toBe(labelsKey(b));
  });
  it('builder deletes on empty value', () => {
    const b = new LabelsBuilder(labelsFromPairs([['a', '1'], ['b', '2']]));
    b.set('a', '').set('c', '3');
    expect(b.labels()).toEqual(['b', '2', 'c', '3']);
  });
  it('prints like Prometheus', () => {
    expect(labelsString(labelsFromPairs([['__name__', 'up'], ['job', 'x']]))).toBe('up{job="x"}');
    expect(labelsString(labelsFromPairs([['__name__', 'a.b'], ['c d', 'x']]))).toBe('{"a.b", "c d"="x"}');
  });
});

describe('values', () => {
  it('recognises the stale marker', () => {
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(1)).toBe(false);
    expect(isStaleNaN([STALE_NAN][0])).toBe(true);
  });
  it('formats API values', () => {
    expect(formatValue(1.5)).toBe('1.5');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(1e21)).toBe('1000000000000000000000');
    expect(formatValue(1e-7)).toBe('0.0000001');
    expect(formatValue(-1.5e-7)).toBe('-0.00000015');
  });
});

describe('matchers', () => {
  it('anchors regular expressions and supports (?i)', () => {
    const m = compileMatcher({ type: '=~', name: 'a', value: '(?i)foo.*' });
    expect(m.matches('FOObar')).toBe(true);
    expect(m.matches('xfoo')).toBe(false);
    expect(compileMatcher({ type: '!~', name: 'a', value: 'a|b' }).matches('c')).toBe(true);
    expect(compileMatcher({ type: '=~', name: 'a', value: 'a|b' }).setMatches).toEqual(['a', 'b']);
  });
  it('runs hostile patterns in linear time', () => {
    const m = compileMatcher({ type: '=~', name: 'a', value: '(a+)+$' });
    expect(m.matches('a'.repeat(5000) + 'b')).toBe(false);
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('15s')).toBe(15_000);
    expect(() => parseDuration('1m1h')).toThrow();
    expect(formatDuration(5_400_000)).toBe('1h30m');
  });
});
