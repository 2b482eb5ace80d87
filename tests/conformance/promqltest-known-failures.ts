/**
 * Upstream promqltest evals (float-only) that are known to fail, with the reason. The conformance test fails on any
 * other failing float-only eval, and on an entry here that passes (so the list only shrinks).
 */

/** KnownFailure names one eval command by file and line. */
export interface KnownFailure {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** KNOWN_FAILURES lists the upstream evals we do not pass yet. */
export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/**
 * NATIVE_HISTOGRAM_KNOWN_FAILURES lists the upstream evals that need native histograms and do not pass yet. The
 * conformance test fails on any other failing native-histogram eval, and on an entry here that passes.
 */
export const NATIVE_HISTOGRAM_KNOWN_FAILURES: readonly KnownFailure[] = [
  { file: 'aggregators.test', line: 481, reason: 'count_values label name validation' },
  { file: 'info.test', line: 202, reason: 'info() with a histogram data-label selector' },
  { file: 'native_histograms.test', line: 1631, reason: 'NaN-observation info on an all-NaN histogram' },
  { file: 'native_histograms.test', line: 1639, reason: 'NaN-observation info on an all-NaN histogram' },
  { file: 'start_timestamps.test', line: 207, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 210, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 213, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 217, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 234, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 240, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 246, reason: 'start timestamps of histogram samples' },
  { file: 'start_timestamps.test', line: 259, reason: 'start timestamps of histogram samples' },
];
