/**
 * How long stored data lasts: retention removes data older than the retention time, and a full quota removes the
 * oldest data sooner. At the rate the store has grown so far (its bytes over the time span it covers), the quota
 * holds `quota / rate` of data; whichever is shorter is how long data is kept.
 */

const DAY_MS = 86_400_000;
/** MIN_MEASURED_SPAN_MS is the least stored time span the rate is measured over (shorter spans say too little). */
export const MIN_MEASURED_SPAN_MS = 5 * 60_000;

/** RetentionInputs are the store's facts the estimate is made from. */
export interface RetentionInputs {
  /** storedBytes is what the TSDB keeps in IndexedDB. */
  storedBytes: number;
  /** oldestMs and newestMs bound the stored samples' timestamps. */
  oldestMs: number;
  newestMs: number;
  /** retentionMs is the time retention. */
  retentionMs: number;
  /** roomBytes is the storage the TSDB may fill: the quota in force, less what other stores of the origin use. */
  roomBytes: number;
}

/** RetentionEstimate says how long data is kept and why. */
export interface RetentionEstimate {
  /** bytesPerDay is the ingestion rate in stored bytes a day (null: too little stored to measure). */
  bytesPerDay: number | null;
  /** quotaHoldsMs is how much time the room holds at that rate (null: unknown, Infinity: no limit known). */
  quotaHoldsMs: number | null;
  /** keptMs is how long data is kept: the retention time, or less when the quota fills first. */
  keptMs: number;
  /** limitedBy names what ends the data's life first ('unknown' until the rate can be measured). */
  limitedBy: 'time' | 'quota' | 'unknown';
}

/** estimateRetention works out how long data lasts at the rate the store has grown. */
export function estimateRetention(i: RetentionInputs): RetentionEstimate {
  const span = i.newestMs - i.oldestMs;
  if (!(i.storedBytes > 0) || !(span >= MIN_MEASURED_SPAN_MS)) {
    return { bytesPerDay: null, quotaHoldsMs: null, keptMs: i.retentionMs, limitedBy: 'unknown' };
  }
  const perMs = i.storedBytes / span;
  const holds = i.roomBytes > 0 ? i.roomBytes / perMs : Infinity;
  const quota = holds < i.retentionMs;
  return { bytesPerDay: perMs * DAY_MS, quotaHoldsMs: holds, keptMs: quota ? holds : i.retentionMs, limitedBy: quota ? 'quota' : 'time' };
}

/** roughDuration writes a long duration the way a person says it: `3 years`, `12 days`, `5 hours`, `40 minutes`. */
export function roughDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'without limit';
  const units: [number, string][] = [
    [365 * DAY_MS, 'year'],
    [DAY_MS, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    if (ms >= size) {
      const n = Math.round((ms / size) * 10) / 10;
      const shown = n >= 10 ? Math.round(n) : n;
      return `${shown} ${name}${shown === 1 ? '' : 's'}`;
    }
  }
  return 'less than a minute';
}
