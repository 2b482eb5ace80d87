import { describe, expect, it } from 'vitest';
import { nextMultiValue } from '../../../src/ui/lib/variable_pick';
import { describeRange } from '../../../src/ui/lib/timerange';

const ALL = '$__all';

describe('nextMultiValue (Grafana multi-value picking)', () => {
  it.each([
    ['picking a value while All is on replaces All', [ALL], [ALL, 'a'], true, ['a']],
    ['picking All leaves only All', ['a', 'b'], ['a', 'b', ALL], true, [ALL]],
    ['adding a value keeps the others', ['a'], ['a', 'c'], true, ['a', 'c']],
    ['taking away the last value falls back to All', ['a'], [], true, [ALL]],
    ['taking away All alone falls back to All', [ALL], [], true, [ALL]],
    ['without All, the last value stays', ['a'], [], false, ['a']],
    ['without All, values come and go', ['a', 'b'], ['b'], false, ['b']],
  ] as const)('%s', (_name, prev, next, includeAll, want) => {
    expect(nextMultiValue(prev, next, includeAll)).toEqual(want);
  });
});

describe('describeRange', () => {
  it('names a quick range ending now, and writes any other range out', () => {
    expect(describeRange('now-6h', 'now')).toBe('Last 6 hours');
    expect(describeRange('now-6h', 'now-1h')).toBe('now-6h to now-1h');
    expect(describeRange('now-13m', 'now')).toBe('now-13m to now');
  });
});
