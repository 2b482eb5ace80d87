/**
 * Binary operators on native histograms, one pair of samples at a time: histogram ± histogram, histogram × or ÷
 * scalar, scalar × histogram, == and != between histograms. Every other pairing drops the sample with an info
 * annotation; histograms that cannot be combined (exponential with custom buckets) drop it with a warning.
 */
import type { FloatHistogram } from '../../model/histogram';
import { compactHistogram, divideHistogram, histogramsEqual, scaleHistogram } from '../../model/histogram';
import { HistogramError, addHistograms } from '../../model/histogram_ops';
import type { BinaryOp } from '../ast';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import type { Annotation } from '../window';
import { trimHistogram } from './native_trim';
import type { StepSeries } from './types';

/** ElemResult is the outcome of an operator on one pair: the value (float or histogram), whether it is kept, and an annotation. */
export interface ElemResult {
  readonly keep: boolean;
  readonly f: number;
  readonly h?: FloatHistogram;
  /** annotation explains a dropped sample (or, for a kept one, a reconciliation). */
  readonly annotation?: Annotation;
  /** failed is set when the annotation comes with a dropped sample that `bool` cannot turn into 0 or 1. */
  readonly failed?: boolean;
}

/** hasHistograms reports whether any series of the vector holds a histogram sample. */
export function hasHistograms(v: readonly StepSeries[]): boolean {
  return v.some((s) => s.h?.some((h) => h !== undefined));
}

/** present reports whether the series has a float or histogram sample at step i. */
export function present(s: StepSeries, i: number): boolean {
  return s.ok[i] === 1 || s.h?.[i] !== undefined;
}

function incompatible(op: BinaryOp, l: FloatHistogram | undefined, r: FloatHistogram | undefined): ElemResult {
  const kind = (h: FloatHistogram | undefined) => (h ? 'histogram' : 'float');
  return { keep: false, f: 0, failed: true, annotation: HISTOGRAM_ANNOTATIONS.incompatibleTypes(op, kind(l), kind(r)) };
}

function combine(op: '+' | '-', l: FloatHistogram, r: FloatHistogram): ElemResult {
  try {
    const res = addHistograms(l, r, op === '+' ? 1 : -1);
    const what = op === '+' ? 'addition' : 'subtraction';
    if (res.counterResetCollision) return { keep: false, f: 0, failed: true, annotation: HISTOGRAM_ANNOTATIONS.counterResetCollision(what) };
    const h = compactHistogram(op === '-' ? { ...res.h, counterResetHint: 'gauge' } : res.h);
    return { keep: true, f: 0, h, ...(res.nhcbBoundsReconciled ? { annotation: HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets(what) } : {}) };
  } catch (err) {
    if (!(err instanceof HistogramError)) throw err;
    return { keep: false, f: 0, failed: true, annotation: HISTOGRAM_ANNOTATIONS.incompatibleBucketLayout(op) };
  }
}

/**
 * histogramElemOp applies an operator to a pair where at least one side is a histogram (lh or rh set; lf and rf
 * are the float values of the other sides).
 */
export function histogramElemOp(op: BinaryOp, lf: number, rf: number, lh: FloatHistogram | undefined, rh: FloatHistogram | undefined): ElemResult {
  if (lh && rh) {
    if (op === '+' || op === '-') return combine(op, lh, rh);
    if (op === '==' || op === '!=') return { keep: histogramsEqual(lh, rh) === (op === '=='), f: 0, h: lh };
    return incompatible(op, lh, rh);
  }
  if (rh) return op === '*' ? { keep: true, f: 0, h: compactHistogram(scaleHistogram(rh, lf)) } : incompatible(op, lh, rh);
  if (lh && op === '*') return { keep: true, f: 0, h: compactHistogram(scaleHistogram(lh, rf)) };
  if (lh && op === '/') return { keep: true, f: 0, h: compactHistogram(divideHistogram(lh, rf)) };
  if (lh && (op === '</' || op === '>/')) return { keep: true, f: 0, h: trimHistogram(lh, rf, op === '</') };
  return incompatible(op, lh, rh);
}

/** StepAnnotations keeps the last annotation of each step, as Prometheus reports one per step of a binary operation. */
export class StepAnnotations {
  private readonly last: (Annotation | undefined)[];
  constructor(n: number) {
    this.last = new Array<Annotation | undefined>(n).fill(undefined);
  }

  /** set records an annotation for step i, replacing an earlier one. */
  set(i: number, a: Annotation | undefined): void {
    if (a) this.last[i] = a;
  }

  /** flush returns the recorded annotations in step order. */
  flush(): Annotation[] {
    return this.last.filter((a): a is Annotation => a !== undefined);
  }
}
