/**
 * The engine's value vocabulary. Every expression is evaluated over a whole step grid at once: an instant vector
 * becomes per-series columns (one value and one presence flag per step), so range queries walk typed arrays
 * instead of building one object per sample.
 */
import type { FloatHistogram } from '../../model/histogram';
import type { Labels } from '../../model/labels';
import type { Annotation } from '../window';

/** Grid is the evaluation timestamps start, start+step, ..., end (ms); an instant evaluation has n = 1. */
export interface Grid {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly n: number;
}

/** gridOf builds a grid; step 0 (instant) yields one point. */
export function gridOf(start: number, end: number, step: number): Grid {
  if (step <= 0 || end <= start) return { start, end: start, step: step > 0 ? step : 1, n: end < start ? 0 : 1 };
  return { start, end, step, n: Math.floor((end - start) / step) + 1 };
}

/** StepSeries is one output series over a grid: v[i] is meaningful only where ok[i] is 1. */
export interface StepSeries {
  labels: Labels;
  /** dropName marks delayed `__name__` removal (Prometheus 3.x): the name is dropped when the query ends. */
  dropName: boolean;
  readonly v: Float64Array;
  readonly ok: Uint8Array;
  /**
   * h, when present, holds native histogram samples per step (length n). Where h[i] is set, ok[i] is 0, so code
   * that knows only floats sees no sample there.
   */
  h?: (FloatHistogram | undefined)[];
}

/** PointSeries is a series of raw points (a matrix element), stale markers already removed. */
export interface PointSeries {
  labels: Labels;
  dropName: boolean;
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** st are the points' start times (ms, 0 = unknown), only for raw series read from storage that have them. */
  readonly st?: Float64Array;
  /** ht and hv are the series' native histogram points (times and values), apart from the float points; absent when none. */
  readonly ht?: Float64Array;
  readonly hv?: readonly FloatHistogram[];
  /** hst are the histogram points' start times (ms, 0 = unknown), only when the raw series has start times. */
  readonly hst?: Float64Array;
}

/** Value is what evaluating an expression over a grid yields. */
export type Value =
  | { readonly type: 'vector'; readonly series: StepSeries[] }
  | { readonly type: 'scalar'; readonly v: Float64Array }
  | { readonly type: 'string'; readonly s: string }
  | { readonly type: 'matrix'; readonly series: PointSeries[] };

const SLAB_BYTES = 1 << 20;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * newStepSeries allocates an empty series over n steps. Its columns are views carved from a shared zeroed slab:
 * one typed-array allocation per series was a large part of evaluating wide vectors. The views never leave the
 * engine (results are copied into buffers of their own), so no slab is ever transferred or detached.
 */
export function newStepSeries(labels: Labels, n: number, dropName = false): StepSeries {
  const bytes = n * 9 + ((8 - ((n * 9) & 7)) & 7);
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(Math.max(SLAB_BYTES, bytes));
    slabUsed = 0;
  }
  const v = new Float64Array(slab, slabUsed, n);
  const ok = new Uint8Array(slab, slabUsed + n * 8, n);
  slabUsed += bytes;
  return { labels, dropName, v, ok };
}

/** VectorSample is one element of an instant-vector result. */
export interface VectorSample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
  /** h is set when the sample is a native histogram (v is then 0). */
  readonly h?: FloatHistogram;
}

/** MatrixSeries is one series of a matrix result: parallel typed arrays of ms timestamps and values. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** histograms are the series' native histogram points, apart from its float points; absent when none. */
  readonly histograms?: { readonly timestamps: Float64Array; readonly values: readonly FloatHistogram[] };
}

/** QueryData mirrors the `data` of Prometheus's /api/v1/query, with labels as flat arrays and times in ms. */
export type QueryData =
  | { readonly resultType: 'vector'; readonly result: VectorSample[] }
  | { readonly resultType: 'matrix'; readonly result: MatrixSeries[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly t: number; readonly v: number } }
  | { readonly resultType: 'string'; readonly result: { readonly t: number; readonly v: string } };

/** QueryResult is a query's data plus its annotations (returned, never thrown). */
export type QueryResult = QueryData & { readonly warnings?: string[]; readonly infos?: string[]; readonly stats?: EvalStats };

/** EvalStats counts what a query read from storage: the series selected and their samples in the query's window. */
export interface EvalStats {
  readonly seriesLoaded: number;
  readonly samplesLoaded: number;
}

/** QueryErrorType is Prometheus's error class for a failed query. */
export type QueryErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'too_many_samples';

/** QueryError is a failed query, worded as Prometheus words it. */
export class QueryError extends Error {
  constructor(
    readonly errorType: QueryErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** Annotations collects distinct warnings and infos in the order they were first seen. */
export class Annotations {
  private readonly seen = new Set<string>();
  readonly warnings: string[] = [];
  readonly infos: string[] = [];

  /** add records an annotation once. */
  add(a: Annotation): void {
    const key = `${a.level}\u0000${a.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    (a.level === 'warning' ? this.warnings : this.infos).push(a.message);
  }
}
