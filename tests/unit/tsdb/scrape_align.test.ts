import { describe, expect, it } from 'vitest';
import { alignScrapeTime, SCRAPE_TIMESTAMP_TOLERANCE_MS } from '../../../src/scrape/loop';

/** stamps runs alignScrapeTime over scrape start times, as the scrape loop does, and returns the timestamps. */
function stamps(starts: number[], interval: number, tolerance?: number): number[] {
  let aligned = NaN;
  return starts.map((now) => {
    const [t, next] = alignScrapeTime(now, aligned, interval, tolerance);
    aligned = next;
    return t;
  });
}

describe('scrape timestamp alignment (so that chunks store evenly spaced timestamps for free)', () => {
  it.each([
    { name: 'on time', starts: [1000, 16_000, 31_000], want: [1000, 16_000, 31_000] },
    { name: 'late within the tolerance', starts: [1000, 16_001, 31_002], want: [1000, 16_000, 31_000] },
    { name: 'late beyond the tolerance', starts: [1000, 16_003, 31_001], want: [1000, 16_003, 31_000] },
    { name: 'early (not snapped back)', starts: [1000, 15_999, 31_000], want: [1000, 15_999, 31_000] },
    { name: 'after skipped ticks', starts: [1000, 61_002, 76_000], want: [1000, 61_000, 76_000] },
    { name: 'first scrape late: the schedule follows it', starts: [1005, 16_006, 31_005], want: [1005, 16_005, 31_005] },
  ])('$name', ({ starts, want }) => {
    expect(stamps(starts, 15_000)).toEqual(want);
  });

  it('caps the tolerance at 1% of the interval', () => {
    expect(SCRAPE_TIMESTAMP_TOLERANCE_MS).toBe(2);
    expect(stamps([0, 100, 201, 302], 100)).toEqual([0, 100, 200, 302]);
    expect(stamps([0, 1000, 2010, 3011], 1000, 10)).toEqual([0, 1000, 2000, 3011]);
  });
});
