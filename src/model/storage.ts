/**
 * The storage seam. Writers see only Appendable → Appender; readers only Queryable → Querier. The scrape manager
 * holds an Appendable, the PromQL engine a Queryable; neither imports the TSDB.
 */
import type { Labels } from './labels';
import type { FloatHistogram } from './histogram';
import type { Exemplar } from './exemplar';
import type { Matcher } from './matcher';

/** SeriesRef identifies a series inside one TSDB for fast repeated appends; 0 means unknown. */
export type SeriesRef = number;

/** AppendErrorKind names why one sample was rejected. */
export type AppendErrorKind = 'out_of_order' | 'duplicate' | 'out_of_bounds' | 'too_old' | 'invalid_histogram';

/** AppendError is thrown by Appender.append for a sample that is rejected on its own (the rest of the batch stays). */
export class AppendError extends Error {
  constructor(
    readonly kind: AppendErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** ExemplarErrorKind names why one exemplar was refused. */
export type ExemplarErrorKind = 'disabled' | 'label_length' | 'out_of_order';

/** ExemplarError is thrown by Appender.appendExemplar for a refused exemplar (never a reason to fail a scrape). */
export class ExemplarError extends Error {
  constructor(
    readonly kind: ExemplarErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Appender collects samples of one transaction (one scrape, one rule evaluation). */
export interface Appender {
  /**
   * append adds a float sample; ref is a hint from an earlier append of the same series (0 when unknown). st is the
   * sample's start (created) timestamp in ms: when the counter behind it began counting (0 or absent: unknown).
   */
  append(ref: SeriesRef, labels: Labels, t: number, v: number, st?: number): SeriesRef;
  /**
   * appendHistogram adds a native histogram sample (integer or float counts alike: storage records whether its
   * counts are integral). A histogram whose sum is a stale marker is a stale marker for the series, and so is a
   * float stale marker appended to a histogram series. st is as for append.
   */
  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: FloatHistogram, st?: number): SeriesRef;
  /**
   * appendExemplar adds an exemplar to the series labels names (appended in this transaction or before). It throws
   * ExemplarError for an exemplar the store refuses (the transaction's samples stay); a repeat of the series' newest
   * exemplar is accepted silently. Absent on appenders that keep no exemplars.
   */
  appendExemplar?(ref: SeriesRef, labels: Labels, e: Exemplar): SeriesRef;
  /** commit makes the transaction's samples visible and durable-soon. */
  commit(): Promise<void>;
  /** rollback discards the transaction. */
  rollback(): void;
}

/** Appendable hands out appenders. */
export interface Appendable {
  appender(): Appender;
}

/** Series is one selected series with its samples as parallel typed arrays (ms timestamps, float values). */
export interface Series {
  readonly labels: Labels;
  /** ref, when set, names the series inside the querier's refEpoch: equal refs there mean equal labels. */
  readonly ref?: SeriesRef;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /**
   * startTimestamps, when present, holds each sample's start time (ms, parallel to timestamps; 0 means unknown):
   * when the counter behind the sample began counting. Absent when no sample of the series has one.
   */
  readonly startTimestamps?: Float64Array;
  /**
   * histograms, when present, is parallel to timestamps: where an entry is set the sample is that native histogram
   * (its float value is then meaningless). Absent when the series has no histogram sample.
   */
  readonly histograms?: readonly (FloatHistogram | undefined)[];
}

/** SelectHints narrows what a select must return (used for optimisations only; results must not depend on it). */
export interface SelectHints {
  /** start and end are the first and last evaluation times the selector is read at (ms, offset applied). */
  readonly start?: number;
  readonly end?: number;
  /** step is the time between evaluations (ms); 0 or absent when they are not on one grid. */
  readonly step?: number;
  readonly func?: string;
  /**
   * range is the selector's range (ms): 0 for an instant selector, which at each evaluation reads only the newest
   * sample at or before it, so a storage on another thread may send only those samples.
   */
  readonly range?: number;
}

/**
 * SeriesCursor is a selection read one series at a time, for a reader that is done with each series before it
 * asks for the next: samples are decoded into buffers the cursor reuses, so no selection-sized arrays are made.
 */
export interface SeriesCursor {
  /** length is how many series were selected (some may have no sample in range). */
  readonly length: number;
  /** at returns series i; its sample arrays are valid only until the next call of at() on this cursor. */
  at(i: number): Series;
  /** all returns the series with samples in range in arrays of their own, as select does. */
  all(): Series[];
  /** loaded counts the series with samples in range and their samples (what all() would return). */
  loaded(): { series: number; samples: number };
}

/** Querier reads series that match matchers in [mint, maxt] (inclusive, ms). */
export interface Querier {
  /**
   * refEpoch, when set, is the space the refs of selected series live in: within one epoch a ref always names the
   * same label set, so a reader on another thread may keep label sets by ref (see api/remote_querier.ts).
   */
  readonly refEpoch?: string;
  /**
   * freshArrays, when true, says that each select's sample arrays are made for that select and belong to the
   * caller alone (they may be views of shared buffers made for it), so they may be handed on or transferred whole.
   */
  readonly freshArrays?: boolean;
  select(matchers: readonly Matcher[], mint: number, maxt: number, hints?: SelectHints): Promise<Series[]>;
  /** selectCursor, when offered, is select read one series at a time (see SeriesCursor). */
  selectCursor?(matchers: readonly Matcher[], mint: number, maxt: number): Promise<SeriesCursor>;
  labelNames(matchers: readonly Matcher[], mint: number, maxt: number): Promise<string[]>;
  labelValues(name: string, matchers: readonly Matcher[], mint: number, maxt: number): Promise<string[]>;
  /** series returns the label sets of matching series without samples. */
  series(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Labels[]>;
}

/** Queryable is what the engine and API read from. */
export interface Queryable {
  querier(): Querier;
}
