import { describe, expect, it } from 'vitest';
import { estimateRetention, MIN_MEASURED_SPAN_MS, roughDuration } from '../../../src/api/retention_estimate';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MiB = 1024 * 1024;

describe('estimateRetention', () => {
  it('measures the rate over the stored span and keeps the retention time when the quota holds more', () => {
    // 10 MiB over 2 hours is 120 MiB a day; 10 GiB of room holds about 85 days, more than 7 days of retention.
    const e = estimateRetention({ storedBytes: 10 * MiB, oldestMs: 0, newestMs: 2 * HOUR, retentionMs: 7 * DAY, roomBytes: 10 * 1024 * MiB });
    expect(e.bytesPerDay).toBeCloseTo(120 * MiB);
    expect(e.quotaHoldsMs! / DAY).toBeCloseTo(1024 / 12);
    expect(e).toMatchObject({ keptMs: 7 * DAY, limitedBy: 'time' });
  });

  it('says the quota ends the data first when it holds less than the retention time', () => {
    // 120 MiB a day into 240 MiB: two days.
    const e = estimateRetention({ storedBytes: 10 * MiB, oldestMs: 0, newestMs: 2 * HOUR, retentionMs: 7 * DAY, roomBytes: 240 * MiB });
    expect(e.limitedBy).toBe('quota');
    expect(e.keptMs / DAY).toBeCloseTo(2);
    expect(e.quotaHoldsMs).toBe(e.keptMs);
  });

  it.each([
    ['nothing stored', 0, 2 * HOUR],
    ['a span too short to measure', MiB, MIN_MEASURED_SPAN_MS - 1],
    ['an empty store (no span)', MiB, -Infinity],
  ])('cannot measure with %s', (_name, storedBytes, newestMs) => {
    expect(estimateRetention({ storedBytes, oldestMs: 0, newestMs, retentionMs: 7 * DAY, roomBytes: MiB })).toEqual({
      bytesPerDay: null,
      quotaHoldsMs: null,
      keptMs: 7 * DAY,
      limitedBy: 'unknown',
    });
  });

  it('knows no quota limit when the browser reports no room', () => {
    const e = estimateRetention({ storedBytes: MiB, oldestMs: 0, newestMs: HOUR, retentionMs: DAY, roomBytes: 0 });
    expect(e).toMatchObject({ quotaHoldsMs: Infinity, keptMs: DAY, limitedBy: 'time' });
  });
});

describe('roughDuration', () => {
  it.each([
    [30_000, 'less than a minute'],
    [60_000, '1 minute'],
    [90 * 60_000, '1.5 hours'],
    [7 * DAY, '7 days'],
    [85.3 * DAY, '85 days'],
    [3 * 365 * DAY, '3 years'],
    [Infinity, 'without limit'],
  ])('%d ms reads %s', (ms, want) => {
    expect(roughDuration(ms)).toBe(want);
  });
});
