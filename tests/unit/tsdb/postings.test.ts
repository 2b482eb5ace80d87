import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contains, intersect, merge, seek, without } from '../../../src/tsdb/index/postings';

const sortedSet = fc.uniqueArray(fc.integer({ min: 0, max: 500 })).map((a) => a.sort((x, y) => x - y));

describe('postings algebra', () => {
  it.each([
    { name: 'intersect', got: intersect([[1, 2, 3, 5], [2, 3, 4], [0, 3, 5]]), want: [3] },
    { name: 'intersect none', got: intersect([]), want: [] },
    { name: 'intersect disjoint', got: intersect([[1, 3], [2, 4]]), want: [] },
    { name: 'merge', got: merge([[1, 4], [2, 4, 9], [], [0]]), want: [0, 1, 2, 4, 9] },
    { name: 'merge two', got: merge([[1, 5], [2, 5, 6]]), want: [1, 2, 5, 6] },
    { name: 'merge none', got: merge([]), want: [] },
    { name: 'without', got: without([1, 2, 3, 4, 5], [2, 4, 6]), want: [1, 3, 5] },
    { name: 'without nothing', got: without([1, 2], []), want: [1, 2] },
  ])('$name', ({ got, want }) => {
    expect([...Array.from(got)]).toEqual(want);
  });

  it('seek finds the first value >= x', () => {
    const p = [1, 3, 5, 7, 9, 11, 13];
    expect([seek(p, 0, 0), seek(p, 4, 0), seek(p, 13, 2), seek(p, 14, 0), seek(p, 9, 5)]).toEqual([0, 2, 6, 7, 5]);
    expect(contains(p, 7)).toBe(true);
    expect(contains(p, 8)).toBe(false);
  });

  it('agrees with set operations', () => {
    fc.assert(
      fc.property(sortedSet, sortedSet, sortedSet, (a, b, c) => {
        const sb = new Set(b);
        const sc = new Set(c);
        expect(Array.from(intersect([a, b, c]))).toEqual(a.filter((x) => sb.has(x) && sc.has(x)));
        expect(Array.from(merge([a, b, c]))).toEqual([...new Set([...a, ...b, ...c])].sort((x, y) => x - y));
        expect(Array.from(without(a, b))).toEqual(a.filter((x) => !sb.has(x)));
      }),
    );
  });
});
