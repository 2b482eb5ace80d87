/**
 * Start timestamps (a sample's "created" time, OpenTelemetry's StartTimeUnixNano): when the counter behind a sample
 * began counting. rate, increase, irate and resets read them to see resets that values alone hide, and to start an
 * increase at a known zero point instead of extrapolating. 0 means unknown, as in Prometheus's storage.
 */

/**
 * isStartTimestampReset tells whether the current sample starts a new count after the previous one. A start time
 * that is unknown, not before the sample (invalid, or OpenTelemetry's "unknown start" ST = T), or before the previous
 * sample is no reset; one after the previous sample is. A start time equal to the previous sample's time is a
 * reset only for deltas: when the previous sample's own start time is known, valid and not its timestamp.
 */
export function isStartTimestampReset(prevST: number, prevT: number, curST: number, curT: number): boolean {
  if (curST === 0 || curST >= curT || curST < prevT) return false;
  if (curST > prevT) return true;
  if (prevST > prevT) return false;
  return prevST !== 0 && prevST !== prevT;
}

/**
 * startTimeOverlaps tells whether a sample's start time falls before the previous sample while differing from the
 * previous start time: neither a delta (ST = previous T) nor the same cumulative count (ST = previous ST).
 */
export function startTimeOverlaps(prevST: number, prevT: number, curST: number): boolean {
  return curST !== 0 && curST < prevT && curST !== prevST;
}

/** startTimeOverlapWarning is upstream's warning for an overlapping start time, without the position. */
export function startTimeOverlapWarning(metricName: string): string {
  return `PromQL warning: sample has start time that overlaps with previous sample timestamp for metric ${JSON.stringify(metricName)}`;
}
