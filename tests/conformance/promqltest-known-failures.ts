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
  { file: 'extended_vectors.test', line: 475, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 478, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 484, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 487, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 493, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 497, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 501, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 504, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 510, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 515, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 520, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 526, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 530, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 534, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 545, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 555, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 561, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 576, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 579, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 588, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 592, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 598, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 607, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 610, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 622, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 631, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 642, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 653, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 664, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 676, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 686, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 695, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 698, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 715, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 742, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 748, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 751, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 754, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 763, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 769, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 772, reason: 'anchored/smoothed range selectors over histograms' },
  { file: 'extended_vectors.test', line: 775, reason: 'anchored/smoothed range selectors over histograms' },
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
