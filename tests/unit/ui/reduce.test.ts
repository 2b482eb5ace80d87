import { describe, expect, it } from 'vitest';
import { calcName, reduce, reduceAll, sortLegend } from '../../../src/ui/lib/reduce';

const vs = [3, NaN, 1, 4, 1, 5];

describe('reducers', () => {
  it.each([
    ['min', 1],
    ['max', 5],
    ['mean', 14 / 5],
    ['sum', 14],
    ['count', 6],
    ['last', 5],
    ['lastNotNull', 5],
    ['first', 3],
    ['firstNotNull', 3],
    ['range', 4],
    ['diff', 2],
    ['delta', 7],
    ['logmin', 1],
    ['changeCount', 4],
    ['distinctCount', 4],
    ['variance', 2.56],
    ['unknownFallsBackToLastNotNull', 5],
  ])('%s', (id, want) => expect(reduce(id, vs)).toBeCloseTo(want, 10));

  it.each([
    ['last', [1, NaN], NaN],
    ['lastNotNull', [1, NaN], 1],
    ['first', [NaN, 2], NaN],
    ['firstNotNull', [NaN, 2], 2],
    ['mean', [], null],
    ['max', [NaN], null],
    ['logmin', [0, -1, 0.5, 2], 0.5],
    ['diffperc', [50, 75], 50],
    ['stdDev', [2, 4, 4, 4, 5, 5, 7, 9], 2],
  ])('%s of %j', (id, values, want) => {
    const got = reduce(id, values);
    if (want === null) expect(got).toBeNull();
    else if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 10);
  });

  it('reduceAll gives the same values as reduce one by one', () => {
    const ids = ['min', 'mean', 'max', 'lastNotNull', 'count'];
    const f = new Float64Array(vs);
    expect(reduceAll(ids, f)).toEqual(ids.map((id) => reduce(id, f)));
  });

  it.each([
    ['lastNotNull', 'Last *'],
    ['sum', 'Total'],
    ['mean', 'Mean'],
    ['nope', 'nope'],
  ])('%s is shown as %s', (id, name) => expect(calcName(id)).toBe(name));
});

describe('sortLegend', () => {
  const names = ['b', 'a', 'c', 'd'];
  const values = [[2, 10], [1, null], [3, 30], [null, 20]];
  const calcs = ['min', 'max'];
  it.each([
    [undefined, false, [0, 1, 2, 3]],
    ['Name', false, [1, 0, 2, 3]],
    ['Name', true, [3, 2, 0, 1]],
    ['Min', false, [1, 0, 2, 3]],
    ['Min', true, [2, 0, 1, 3]],
    ['Max', true, [2, 3, 0, 1]],
    ['Mean', true, [0, 1, 2, 3]],
  ])('by %s desc %s', (by, desc, want) => expect(sortLegend(names, values, calcs, by, desc)).toEqual(want));
});
