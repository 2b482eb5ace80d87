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

/**
 * Buckets is one classic histogram at one step, as parallel columns sorted by upper bound with equal bounds
 * coalesced (counts added in input order): ub[j] and count[j] for j < n. Its arrays are reused from step to step.
 */
export interface Buckets {
  ub: Float64Array;
  count: Float64Array;
  n: number;
}

/** Monotonicity reports how a bucket set had to be repaired. */
export interface Monotonicity {
  forced: boolean;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

/** ensureMonotonic repairs counts that decrease with the bound, recording what it did in m. */
function ensureMonotonic(b: Buckets, m: Monotonicity): void {
  m.forced = false;
  m.minBucket = Infinity;
  m.maxBucket = -Infinity;
  m.maxDiff = 0;
  const c = b.count;
  let prev = c[0];
  for (let i = 1; i < b.n; i++) {
    const curr = c[i];
    if (curr === prev) continue;
    if (almostEqual(prev, curr, 1e-12)) {
      c[i] = prev;
      continue;
    }
    if (curr < prev) {
      c[i] = prev;
      m.forced = true;
      m.minBucket = Math.min(m.minBucket, b.ub[i]);
      m.maxBucket = Math.max(m.maxBucket, b.ub[i]);
      m.maxDiff = Math.max(m.maxDiff, prev - curr);
      continue;
    }
    prev = curr;
  }
}

/**
 * bucketQuantile interpolates the q-quantile from sorted, coalesced classic buckets (counts repaired in place);
 * mono is filled in when the buckets were checked for monotonicity (false is returned when they were not).
 */
export function bucketQuantile(q: number, b: Buckets, mono: Monotonicity): [number, boolean] {
  if (Number.isNaN(q)) return [NaN, false];
  if (q < 0) return [-Infinity, false];
  if (q > 1) return [Infinity, false];
  const { ub, count, n } = b;
  if (ub[n - 1] !== Infinity) return [NaN, false];
  ensureMonotonic(b, mono);
  if (n < 2) return [NaN, true];
  const observations = count[n - 1];
  if (observations === 0) return [NaN, true];
  let rank = q * observations;
  let i = 0;
  while (i < n - 1 && !(count[i] >= rank)) i++;
  if (i === n - 1) return [ub[n - 2], true];
  if (i === 0 && ub[0] <= 0) return [ub[0], true];
  let start = 0;
  const end = ub[i];
  let c = count[i];
  if (i > 0) {
    start = ub[i - 1];
    c -= count[i - 1];
    rank -= count[i - 1];
  }
  return [start + (end - start) * (rank / c), true];
}

/** bucketFraction estimates the fraction of observations between lower and upper from sorted, coalesced classic buckets. */
export function bucketFraction(lower: number, upper: number, buckets: Buckets): number {
  const { ub, n } = buckets;
  if (ub[n - 1] !== Infinity) return NaN;
  const count = buckets.count[n - 1];
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = ub[0] <= 0 ? -Infinity : 0;
  for (let i = 0; i < n; i++) {
    const bc = buckets.count[i];
    if (i > 0) lowerBound = ub[i - 1];
    const upperBound = ub[i];
    const interpolate = (v: number) =>
      lowerBound === -Infinity ? bc : rank + ((bc - rank) * (v - lowerBound)) / (upperBound - lowerBound);
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
    rank = bc;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

/** byBound orders buckets by upper bound (a stable sort keeps equal bounds in input order). */
function byBound(a: { le: number }, b: { le: number }): number {
  return a.le < b.le ? -1 : a.le > b.le ? 1 : 0;
}

interface BucketGroup {
  readonly labels: Labels;
  readonly members: { s: StepSeries; le: number }[];
  /** nanBound is set when a bucket's bound is NaN: the group is then sorted step by step, as before any fast path. */
  nanBound: boolean;
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
      grp = { labels, members: [], nanBound: false };
      byKey.set(key, grp);
      groups.push(grp);
    }
    grp.members.push({ s, le });
    if (Number.isNaN(le)) grp.nanBound = true;
  }
  for (const grp of groups) if (!grp.nanBound) grp.members.sort(byBound);
  return groups;
}

/** NativeEstimate computes one float from one native histogram sample at step i. */
type NativeEstimate = (h: FloatHistogram, i: number, labels: Labels) => number;

function perStep(
  ctx: EvalContext,
  input: StepSeries[],
  g: Grid,
  posText: string,
  fn: (buckets: Buckets, i: number, labels: Labels) => number,
  native: NativeEstimate,
): StepSeries[] {
  const out: StepSeries[] = [];
  const classic = new Map<string, StepSeries>();
  const buckets: Buckets = { ub: new Float64Array(16), count: new Float64Array(16), n: 0 };
  const present: { s: StepSeries; le: number }[] = [];
  for (const grp of bucketGroups(ctx, input, posText)) {
    const o = newStepSeries(grp.labels, g.n, true);
    if (buckets.ub.length < grp.members.length) {
      buckets.ub = new Float64Array(grp.members.length);
      buckets.count = new Float64Array(grp.members.length);
    }
    for (let i = 0; i < g.n; i++) {
      let ms = grp.members;
      if (grp.nanBound) {
        present.length = 0;
        for (const m of ms) if (m.s.ok[i]) present.push(m);
        present.sort((a, b) => a.le - b.le).sort(byBound);
        ms = present;
      }
      const { ub, count } = buckets;
      let n = 0;
      for (let j = 0; j < ms.length; j++) {
        const m = ms[j];
        if (!m.s.ok[i]) continue;
        if (n > 0 && ub[n - 1] === m.le) count[n - 1] += m.s.v[i];
        else {
          ub[n] = m.le;
          count[n++] = m.s.v[i];
        }
      }
      if (n === 0) continue;
      buckets.n = n;
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
  const mono: Monotonicity = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  return perStep(ctx, input, g, vPos, (buckets, i, labels) => {
    const [v, checked] = bucketQuantile(q[i], buckets, mono);
    if (checked && mono.forced) {
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
