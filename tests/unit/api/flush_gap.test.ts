import { describe, expect, it } from 'vitest';
import { commitFlushGap } from '../../../src/api/compose';

describe('commitFlushGap', () => {
  it.each([
    [[], 1_000],
    [[15_000, 60_000], 1_000],
    [[1_000, 15_000], 250],
    [[200], 100],
  ])('scrape intervals %j give a commit flush gap of %i ms', (intervals, want) => {
    expect(commitFlushGap(intervals)).toBe(want);
  });
});
