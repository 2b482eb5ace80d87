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
export const NATIVE_HISTOGRAM_KNOWN_FAILURES: readonly KnownFailure[] = [];
