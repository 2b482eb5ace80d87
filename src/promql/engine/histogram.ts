/**
 * histogram_quantile and histogram_fraction over classic histograms (series with an `le` label), with
 * Prometheus's bucket coalescing, monotonicity fixes and annotations. Native histograms are not stored.
 */
import { METRIC_NAME, labelsGet, labelsKey, type Labels } from '../../model/labels';
import type { FloatHistogram } from '../../model/histogram';
import type { EvalContext } from './context';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import { nativeFraction, nativeQuantile, type NaNInfo } from './native_quantile';
import { goG, setLabel } from './aggregate';
import { almostEqual, parseGoFloat } from './format';
import { newStepSeries, type Grid, type StepSeries } from './types';

/** Bucket is one classic histogram bucket: its upper bound and cumulative count. */
export interface Bucket {
  upperBound: number;
  count: number;
}

function sortAndCoalesce(buckets: Bucket[]): Bucket[] {
  buckets.sort((a, b) => (a.upperBound < b.upperBound ? -1 : a.upperBound > b.upperBound ? 1 : 0));
  const out: Bucket[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}

/** Monotonicity reports how a bucket set had to be repaired. */
export interface Monotonicity {
  forced: boolean;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

function ensureMonotonic(buckets: Bucket[]): Monotonicity {
  const m: Monotonicity = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  let prev = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i].count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, 1e-12)) {
      buckets[i].count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i].count = prev;
      m.forced = true;
      m.minBucket = Math.min(m.minBucket, buckets[i].upperBound);
      m.maxBucket = Math.max(m.maxBucket, buckets[i].upperBound);
      m.maxDiff = Math.max(m.maxDiff, prev - curr);
      continue;
    }
    prev = curr;
  }
  return m;
}

/** bucketQuantile interpolates the q-quantile from classic buckets (sorted and repaired in place). */
export function bucketQuantile(q: number, input: Bucket[]): [number, Monotonicity | null] {
  if (Number.isNaN(q)) return [NaN, null];
  if (q < 0) return [-Infinity, null];
  if (q > 1) return [Infinity, null];
  let buckets = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (buckets[buckets.length - 1].upperBound !== Infinity) return [NaN, null];
  buckets = sortAndCoalesce(buckets);
  const mono = ensureMonotonic(buckets);
  if (buckets.length < 2) return [NaN, mono];
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return [NaN, mono];
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b].count >= rank)) b++;
  if (b === buckets.length - 1) return [buckets[buckets.length - 2].upperBound, mono];
  if (b === 0 && buckets[0].upperBound <= 0) return [buckets[0].upperBound, mono];
  let start = 0;
  const end = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return [start + (end - start) * (rank / count), mono];
}

/** bucketFraction estimates the fraction of observations between lower and upper from classic buckets. */
export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1].upperBound !== Infinity) return NaN;
  const buckets = sortAndCoalesce(sorted);
  const count = buckets[buckets.length - 1].count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = buckets[0].upperBound <= 0 ? -Infinity : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    if (i > 0) lowerBound = buckets[i - 1].upperBound;
    const upperBound = b.upperBound;
    const interpolate = (v: number) =>
      lowerBound === -Infinity ? b.count : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

interface BucketGroup {
  readonly labels: Labels;
  readonly members: { s: StepSeries; le: number }[];
}

function bucketGroups(ctx: EvalContext, input: StepSeries[], posText: string): BucketGroup[] {
  const byKey = new Map<string, BucketGroup>();
  const groups: BucketGroup[] = [];
  for (const s of input) {
    if (s.h && !s.ok.includes(1)) continue;
    const leText = labelsGet(s.labels, 'le');
    const le = parseGoFloat(leText);
    if (le === null) {
      const name = labelsGet(s.labels, METRIC_NAME);
      ctx.annotations.add({
        level: 'warning',
        message:
          `PromQL warning: bucket label "le" is missing or has a malformed value of ${JSON.stringify(leText)}` +
          `${name === '' ? '' : ` for metric name ${JSON.stringify(name)}`}${posText}`,
      });
      continue;
    }
    const labels = s.labels.filter((_x, i, a) => a[i - (i % 2)] !== 'le');
    const key = labelsKey(labels);
    let grp = byKey.get(key);
    if (!grp) {
      grp = { labels, members: [] };
      byKey.set(key, grp);
      groups.push(grp);
    }
    grp.members.push({ s, le });
  }
  return groups;
}

/** NativeEstimate computes one float from one native histogram sample at step i. */
type NativeEstimate = (h: FloatHistogram, i: number, labels: Labels) => number;

function perStep(
  ctx: EvalContext,
  input: StepSeries[],
  g: Grid,
  posText: string,
  fn: (buckets: Bucket[], i: number, labels: Labels) => number,
  native: NativeEstimate,
): StepSeries[] {
  const out: StepSeries[] = [];
  const classic = new Map<string, StepSeries>();
  for (const grp of bucketGroups(ctx, input, posText)) {
    const o = newStepSeries(grp.labels, g.n, true);
    const buckets: Bucket[] = [];
    for (let i = 0; i < g.n; i++) {
      buckets.length = 0;
      for (const m of grp.members) if (m.s.ok[i]) buckets.push({ upperBound: m.le, count: m.s.v[i] });
      if (buckets.length === 0) continue;
      o.v[i] = fn(buckets, i, grp.labels);
      o.ok[i] = 1;
    }
    if (o.ok.includes(1)) {
      out.push(o);
      classic.set(labelsKey(grp.labels), o);
    }
  }
  for (const s of input) {
    if (!s.h) continue;
    const o = newStepSeries(s.labels, g.n, true);
    const twin = classic.get(labelsKey(s.labels));
    for (let i = 0; i < g.n; i++) {
      const h = s.h[i];
      if (!h) continue;
      if (twin?.ok[i]) {
        twin.ok[i] = 0;
        ctx.annotateAt(HISTOGRAM_ANNOTATIONS.mixedClassicNative(labelsGet(s.labels, METRIC_NAME)), posText);
        continue;
      }
      o.v[i] = native(h, i, s.labels);
      o.ok[i] = 1;
    }
    if (o.ok.includes(1)) out.push(o);
  }
  return out.filter((o) => o.ok.includes(1));
}

function nanInfo(ctx: EvalContext, kind: NaNInfo, labels: Labels, posText: string): void {
  if (kind === null) return;
  ctx.annotateAt(HISTOGRAM_ANNOTATIONS[kind](labelsGet(labels, METRIC_NAME)), posText);
}

function rfc3339(ms: number): string {
  return new Date(Math.trunc(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function checkQuantile(ctx: EvalContext, q: Float64Array, qPos: string): void {
  for (const x of new Set(q)) {
    if (Number.isNaN(x) || x < 0 || x > 1) {
      ctx.annotations.add({ level: 'warning', message: `PromQL warning: quantile value should be between 0 and 1, got ${goG(x)}${qPos}` });
    }
  }
}

/** formatOpenMetricsFloat writes a float as OpenMetrics does (integers keep a `.0`). */
export function formatOpenMetricsFloat(x: number): string {
  const s = goG(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** histogramQuantiles evaluates histogram_quantiles(buckets, label, q...): one output per quantile, labelled. */
export function histogramQuantiles(
  ctx: EvalContext,
  input: StepSeries[],
  label: string,
  qs: { q: Float64Array; pos: string }[],
  g: Grid,
  vPos: string,
): StepSeries[] {
  const out: StepSeries[] = [];
  for (const { q, pos } of qs) {
    checkQuantile(ctx, q, pos);
    for (const s of histogramQuantile(ctx, q, input, g, '', vPos)) {
      out.push({ ...s, labels: setLabel(s.labels, label, formatOpenMetricsFloat(q[0])) });
    }
  }
  return out;
}

/** histogramQuantile evaluates histogram_quantile(q, buckets) over the grid. */
export function histogramQuantile(ctx: EvalContext, q: Float64Array, input: StepSeries[], g: Grid, qPos: string, vPos: string): StepSeries[] {
  if (qPos !== '') checkQuantile(ctx, q, qPos);
  return perStep(ctx, input, g, vPos, (buckets, i, labels) => {
    const [v, mono] = bucketQuantile(q[i], buckets);
    if (mono?.forced) {
      const name = labelsGet(labels, METRIC_NAME);
      const t = rfc3339(g.start + i * g.step);
      ctx.annotations.add({
        level: 'info',
        message:
          'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see ' +
          'https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)' +
          `${name === '' ? '' : ` for metric name ${JSON.stringify(name)}`}, from buckets ${goG(mono.minBucket)} to ` +
          `${goG(mono.maxBucket)}, with a max diff of ${goG(Number(mono.maxDiff.toPrecision(2)))}, over 1 samples from ${t} to ${t}${vPos}`,
      });
    }
    return v;
  }, (h, i, labels) => {
    const [v, info] = nativeQuantile(q[i], h);
    nanInfo(ctx, info, labels, vPos);
    return v;
  });
}

/** histogramFraction evaluates histogram_fraction(lower, upper, buckets) over the grid. */
export function histogramFraction(
  ctx: EvalContext,
  lower: Float64Array,
  upper: Float64Array,
  input: StepSeries[],
  g: Grid,
  vPos: string,
): StepSeries[] {
  return perStep(
    ctx,
    input,
    g,
    vPos,
    (buckets, i) => bucketFraction(lower[i], upper[i], buckets),
    (h, i, labels) => {
      const [v, info] = nativeFraction(lower[i], upper[i], h);
      nanInfo(ctx, info, labels, vPos);
      return v;
    },
  );
}
