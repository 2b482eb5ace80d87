/**
 * Native histograms in aggregations: sum and avg add histograms per group and step, count and group count them,
 * and the operators that only understand floats ignore them with an info annotation. A group that mixes floats
 * and histograms at a step yields nothing there, with a warning.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsGet } from '../../model/labels';
import { HistogramError } from '../../model/histogram_ops';
import { bucketUpperBound, usesCustomBuckets } from '../../model/histogram';
import { goG } from './aggregate';
import { totalHistograms } from '../functions/histogram_sum';
import type { AggregateExpr } from '../ast';
import type { EvalContext } from './context';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import type { Grid, StepSeries } from './types';

/** IGNORING_OPS are the aggregations that skip histogram samples (with an info annotation). */
const IGNORING_OPS = new Set(['min', 'max', 'stddev', 'stdvar', 'quantile', 'topk', 'bottomk']);

/** COUNTING_OPS are the aggregations that count histogram samples like any other. */
const COUNTING_OPS = new Set(['count', 'group', 'limitk', 'limit_ratio']);

/** hasHistogramSamples reports whether any series of the vector holds a histogram sample. */
export function hasHistogramSamples(input: readonly StepSeries[]): boolean {
  return input.some((s) => s.h?.some((h) => h !== undefined));
}

/**
 * prepareHistogramInput adapts an input vector holding histograms for an aggregation: counting operators see
 * histogram samples as present (value 0), ignoring operators annotate that they skip them. Returns the input for
 * the float aggregation.
 */
export function prepareHistogramInput(ctx: EvalContext, e: AggregateExpr, input: StepSeries[], g: Grid): StepSeries[] {
  if (IGNORING_OPS.has(e.op)) {
    ctx.annotateAt(HISTOGRAM_ANNOTATIONS.ignoredInAggregation(e.op), ctx.posText(e.expr.pos));
    return input;
  }
  if (!COUNTING_OPS.has(e.op)) return input;
  return input.map((s) => {
    if (!s.h) return s;
    const ok = s.ok.slice();
    for (let i = 0; i < g.n; i++) if (s.h[i]) ok[i] = 1;
    return { ...s, ok };
  });
}

/** HistogramGroups are the per-group histogram results of sum or avg: one array of n steps per group. */
export type HistogramGroups = (FloatHistogram | undefined)[][];

/**
 * histogramSums adds the histogram samples of each group at each step (and divides by their number for avg).
 * Groups that mix exponential and custom buckets yield nothing at that step, with a warning; conflicting counter
 * reset hints and reconciled custom bounds are annotated.
 */
export function histogramSums(ctx: EvalContext, e: AggregateExpr, input: StepSeries[], of: Int32Array, nGroups: number, g: Grid): HistogramGroups {
  const pos = ctx.posText(e.expr.pos);
  const sums: HistogramGroups = Array.from({ length: nGroups }, () => new Array<FloatHistogram | undefined>(g.n).fill(undefined));
  const lists: FloatHistogram[][] = new Array(nGroups * g.n);
  const names: string[][] = new Array(nGroups * g.n);
  input.forEach((s, si) => {
    if (!s.h) return;
    const gi = of[si];
    for (let i = 0; i < g.n; i++) {
      const h = s.h[i];
      if (!h) continue;
      const k = gi * g.n + i;
      (lists[k] ??= []).push(h);
      (names[k] ??= []).push(labelsGet(s.labels, METRIC_NAME));
    }
  });
  lists.forEach((list, k) => {
    try {
      const total = totalHistograms(list, e.op === 'avg');
      if (total.nhcbBoundsReconciled) ctx.annotateAt(HISTOGRAM_ANNOTATIONS.mismatchedCustomBuckets('aggregation'), pos);
      if (total.collision) ctx.annotateAt(HISTOGRAM_ANNOTATIONS.counterResetCollision('aggregation'), pos);
      sums[Math.floor(k / g.n)][k % g.n] = total.h;
    } catch (err) {
      if (!(err instanceof HistogramError)) throw err;
      const culprit = list.findIndex((h) => usesCustomBuckets(h) !== usesCustomBuckets(list[0]));
      ctx.annotateAt(HISTOGRAM_ANNOTATIONS.mixedExponentialCustom(names[k][culprit]), pos);
    }
  });
  return sums;
}

/** mergeHistogramGroups puts the histogram results into the float results; a step with both yields nothing, with a warning. */
export function mergeHistogramGroups(ctx: EvalContext, e: AggregateExpr, out: StepSeries[], sums: HistogramGroups, g: Grid): void {
  out.forEach((o, gi) => {
    const hs = sums[gi];
    if (!hs.some((h) => h !== undefined)) return;
    for (let i = 0; i < g.n; i++) {
      if (!hs[i]) continue;
      if (o.ok[i]) {
        o.ok[i] = 0;
        hs[i] = undefined;
        ctx.annotateAt(HISTOGRAM_ANNOTATIONS.mixedFloatsHistogramsAggregation(), ctx.posText(e.expr.pos));
      }
    }
    o.h = hs;
  });
}

/** histogramString writes a histogram as Prometheus's FloatHistogram.String does (count_values uses it as a label value). */
export function histogramString(h: FloatHistogram): string {
  const parts = [`count:${goG(h.count)}`, `sum:${goG(h.sum)}`];
  const bound = (idx: number) => bucketUpperBound(idx, h.schema, h.customValues);
  for (let i = h.negative.index.length - 1; i >= 0; i--) {
    const idx = h.negative.index[i];
    if (h.negative.count[i] !== 0) parts.push(`[${goG(-bound(idx))},${goG(-bound(idx - 1))}):${goG(h.negative.count[i])}`);
  }
  if (h.zeroCount !== 0) parts.push(`[${goG(-h.zeroThreshold)},${goG(h.zeroThreshold)}]:${goG(h.zeroCount)}`);
  h.positive.index.forEach((idx, i) => {
    if (h.positive.count[i] !== 0) parts.push(`(${goG(bound(idx - 1))},${goG(bound(idx))}]:${goG(h.positive.count[i])}`);
  });
  return `{${parts.join(', ')}}`;
}
