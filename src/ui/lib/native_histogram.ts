/**
 * Native histograms for display, as pure functions: the Table tab's bucket table and bar chart of one histogram (in
 * the API's JSON shape), and heatmap grids over time from packed histogram points (HistogramColumns) for the Graph
 * tab and the dashboard heatmap panel.
 */
import type { HistogramColumns } from '../../api/histogram_columns';
import { bucketRangeText, type HistogramJSON } from '../../model/histogram_json';
import { formatValue, parseValue } from '../../model/value';
import type { HeatmapGrid } from './heatmap';

/** BucketRow is one row of a histogram's bucket table: its range with open or closed ends, and its count. */
export interface BucketRow {
  range: string;
  count: string;
}

/** bucketRows lists a histogram's buckets from lowest to highest as the bucket table shows them. */
export function bucketRows(h: HistogramJSON): BucketRow[] {
  return (h.buckets ?? []).map(([rule, lower, upper, count]) => ({ range: bucketRangeText(rule, lower, upper), count }));
}

/** HistogramScale is the bar chart's x axis: exponential (log of the bounds, zero bucket in the middle) or linear. */
export type HistogramScale = 'exponential' | 'linear';

/** HistogramBar is one bucket's bar: x from x0 to x1 and a height, all as fractions of the plot. */
export interface HistogramBar {
  x0: number;
  x1: number;
  height: number;
  range: string;
  count: string;
}

/** HistogramBars are the bars of one histogram and the x axis labels (position as a fraction, text). */
export interface HistogramBars {
  bars: HistogramBar[];
  ticks: { x: number; label: string }[];
  maxCount: number;
}

interface Bucket {
  rule: number;
  lower: number;
  upper: number;
  count: number;
  text: [string, string, string];
}

/**
 * histogramBars lays out a histogram's buckets as bars. On the exponential scale a bound v sits at
 * sign(v)·(log(|v|/smallest) + z/2), so exponential buckets get equal widths and gaps between populated buckets
 * show; z, the width given to the zero bucket, is the typical bucket width. Heights are counts. On the linear scale
 * bounds sit where they are and heights are counts per unit (frequency density), so a wide bucket does not look
 * bigger than it is. A bucket with an infinite end (custom buckets) is one typical bucket width wide.
 */
export function histogramBars(h: HistogramJSON, scale: HistogramScale): HistogramBars {
  const buckets: Bucket[] = (h.buckets ?? []).map(([rule, l, u, c]) => ({ rule, lower: parseValue(l), upper: parseValue(u), count: parseValue(c), text: [l, u, c] }));
  if (buckets.length === 0) return { bars: [], ticks: [], maxCount: 0 };
  const pos = scale === 'exponential' ? logPosition(buckets) : linearPosition(buckets);
  const spans = buckets.map((b) => {
    let [x0, x1] = [pos(b.lower), pos(b.upper)];
    // An infinite end (custom buckets) is drawn one typical bucket width beyond the finite one.
    if (b.lower === -Infinity && Number.isFinite(b.upper)) x0 = x1 - pos.zero;
    if (b.upper === Infinity && Number.isFinite(b.lower)) x1 = x0 + pos.zero;
    if (x0 === x1) [x0, x1] = [x0 - pos.zero / 2, x1 + pos.zero / 2];
    return { b, x0, x1 };
  });
  const min = Math.min(...spans.map((s) => s.x0));
  const max = Math.max(...spans.map((s) => s.x1));
  const width = max - min || 1;
  const weights = spans.map(({ b, x0, x1 }) => (scale === 'linear' ? b.count / Math.max(x1 - x0, 1e-300) : b.count));
  const top = Math.max(...weights.filter(Number.isFinite), 0) || 1;
  const bars = spans.map(({ b, x0, x1 }, i) => ({
    x0: (x0 - min) / width,
    x1: (x1 - min) / width,
    height: Number.isFinite(weights[i]) ? Math.max(0, weights[i] / top) : 0,
    range: bucketRangeText(b.rule, b.text[0], b.text[1]),
    count: b.text[2],
  }));
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const ticks = [{ x: 0, label: compact(first.lower) }];
  const zero = (pos(0) - min) / width;
  if (buckets.some((b) => b.lower < 0 && Number.isFinite(b.lower)) && last.upper > 0 && zero > 0 && zero < 1) ticks.push({ x: zero, label: '0' });
  ticks.push({ x: 1, label: compact(last.upper) });
  return { bars, ticks, maxCount: Math.max(...buckets.map((b) => b.count)) };
}

type Position = ((v: number) => number) & { zero: number };

function logPosition(buckets: readonly Bucket[]): Position {
  const mags = buckets.flatMap((b) => [b.lower, b.upper]).filter((v) => v !== 0 && Number.isFinite(v)).map(Math.abs);
  const smallest = mags.length ? Math.min(...mags) : 1;
  const largest = mags.length ? Math.max(...mags) : 1;
  const widths = buckets
    .filter((b) => Math.sign(b.lower) === Math.sign(b.upper) && b.lower !== 0 && Number.isFinite(b.lower) && Number.isFinite(b.upper))
    .map((b) => Math.abs(Math.log(Math.abs(b.upper)) - Math.log(Math.abs(b.lower))));
  const zero = median(widths) || 1;
  const f = (v: number): number => {
    if (v === 0) return 0;
    const m = Number.isFinite(v) ? Math.log(Math.abs(v) / smallest) : Math.log(largest / smallest) + zero;
    return Math.sign(v) * (m + zero / 2);
  };
  return Object.assign(f, { zero });
}

function linearPosition(buckets: readonly Bucket[]): Position {
  const finite = buckets.flatMap((b) => [b.lower, b.upper]).filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const widths = buckets.filter((b) => Number.isFinite(b.lower) && Number.isFinite(b.upper) && b.upper > b.lower).map((b) => b.upper - b.lower);
  const zero = median(widths) || (hi - lo) / 20 || 1;
  const f = (v: number): number => (v === Infinity ? hi + zero : v === -Infinity ? lo - zero : v);
  return Object.assign(f, { zero });
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

function compact(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return Math.abs(v) < 1 ? String(Number(v.toPrecision(3))) : COMPACT.format(v);
}

/**
 * nativeHeatmap builds a bucket-by-time grid from native histogram series on the step grid [start, end] (seconds):
 * one row per distinct bucket (sorted by its bounds, with its lower and upper bound, boundary rule and range text),
 * cells the bucket's count at each step, summed over the series where buckets coincide.
 */
export function nativeHeatmap(series: readonly { histograms?: HistogramColumns }[], start: number, end: number, step: number): HeatmapGrid {
  const n = Math.max(0, Math.floor((end - start) / step + 1e-9) + 1);
  const rows = new Map<string, { rule: number; lower: number; upper: number; cells: number[] }>();
  for (const { histograms: h } of series) {
    if (!h) continue;
    const rowOf = Array.from(h.bucketLower, (lower, k) => {
      const key = `${h.bucketRule[k]} ${lower} ${h.bucketUpper[k]}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { rule: h.bucketRule[k], lower, upper: h.bucketUpper[k], cells: new Array<number>(n).fill(0) }));
      return row;
    });
    for (let p = 0; p < h.timestamps.length; p++) {
      const t = Math.round((h.timestamps[p] / 1000 - start) / step);
      if (t < 0 || t >= n) continue;
      for (let j = h.offsets[p]; j < h.offsets[p + 1]; j++) {
        const c = h.bucketCount[j];
        if (Number.isFinite(c)) rowOf[h.bucket[j]].cells[t] += c;
      }
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.lower - b.lower || a.upper - b.upper || a.rule - b.rule);
  let max = 0;
  for (const r of sorted) for (const c of r.cells) if (c > max) max = c;
  return {
    times: Array.from({ length: n }, (_, i) => start + i * step),
    bounds: sorted.map((r) => r.upper),
    lowers: sorted.map((r) => r.lower),
    rules: sorted.map((r) => r.rule),
    ranges: sorted.map((r) => bucketRangeText(r.rule, formatValue(r.lower), formatValue(r.upper))),
    cells: sorted.map((r) => r.cells),
    max,
  };
}

/** hasHistograms reports whether any series carries native histogram points. */
export function hasHistograms(series: readonly { histograms?: HistogramColumns }[]): boolean {
  return series.some((s) => s.histograms !== undefined && s.histograms.timestamps.length > 0);
}

/**
 * bucketAverages adds up the series' native histograms bucket by bucket (buckets with the same bounds add) and
 * averages them over the range's steps: the distribution over the whole range, as the histogram panel shows it, the
 * same whatever the step. Null when there is no histogram point.
 */
export function bucketAverages(series: readonly { histograms?: HistogramColumns }[]): HistogramJSON | null {
  const rows = new Map<string, { rule: number; lower: number; upper: number; count: number }>();
  const times = new Set<number>();
  let count = 0;
  let sum = 0;
  for (const { histograms: h } of series) {
    if (!h) continue;
    for (let p = 0; p < h.timestamps.length; p++) {
      times.add(h.timestamps[p]);
      count += h.counts[p];
      sum += h.sums[p];
      for (let j = h.offsets[p]; j < h.offsets[p + 1]; j++) {
        const k = h.bucket[j];
        const key = `${h.bucketRule[k]} ${h.bucketLower[k]} ${h.bucketUpper[k]}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { rule: h.bucketRule[k], lower: h.bucketLower[k], upper: h.bucketUpper[k], count: 0 }));
        row.count += h.bucketCount[j];
      }
    }
  }
  const n = times.size;
  if (n === 0) return null;
  const buckets = [...rows.values()]
    .sort((a, b) => a.lower - b.lower || a.upper - b.upper || a.rule - b.rule)
    .map((r): [number, string, string, string] => [r.rule, formatValue(r.lower), formatValue(r.upper), formatValue(r.count / n)]);
  return { count: formatValue(count / n), sum: formatValue(sum / n), ...(buckets.length ? { buckets } : {}) };
}
