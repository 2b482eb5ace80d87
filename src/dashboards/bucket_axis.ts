/**
 * The value axis of a native-histogram heatmap: where each bucket row sits on a y axis of real bucket boundaries,
 * and the axis ticks. Pure geometry in fractions of the plot height (0 at the bottom, 1 at the top), no DOM.
 *
 * Logarithmic axes (base 2 by default, as Grafana's heatmap draws native histograms) put positive buckets on a log
 * scale of their bounds, widened to whole powers of the base. Unlike Grafana, which cannot show a bucket at or below
 * zero on a log axis, the zero bucket gets a band of its own just below the smallest positive bound (one typical
 * bucket high, at least 4% of the axis), and negative buckets are mirrored below it on a log scale of their
 * magnitude; the band's edges are breaks in the axis. A bucket with an infinite bound (custom buckets) gets an
 * overflow band one typical bucket high beyond the last finite bound. Linear axes place bounds where they are.
 */

/** BucketBounds is one heatmap row: a bucket's lower and upper bound (either may be infinite). */
export interface BucketBounds {
  lower: number;
  upper: number;
}

/** BucketScaleChoice is the axis asked for: `auto` picks by the buckets (see chooseBucketScale). */
export type BucketScaleChoice = 'auto' | 'linear' | 'log2' | 'log10';

/** BucketScale is an axis kind: linear, or logarithmic with a base. */
export type BucketScale = { kind: 'linear' } | { kind: 'log'; base: number };

/** AxisTick is one labelled position on the axis: its value (±Infinity for an overflow band) and height. */
export interface AxisTick {
  value: number;
  y: number;
}

/** BucketAxis places rows and ticks: rows[i] spans [y0, y1] (fractions, y0 ≤ y1); breaks are discontinuities. */
export interface BucketAxis {
  scale: BucketScale;
  rows: { y0: number; y1: number }[];
  ticks: AxisTick[];
  breaks: number[];
}

/** MIN_BAND is the smallest share of the axis a zero or overflow band takes. */
const MIN_BAND = 0.04;

/**
 * isExponential reports whether the buckets look like a native histogram's exponential buckets: every bucket away
 * from zero spans a ratio 2^(2^-schema) for a schema from -4 to 8, and its bounds are whole powers of that ratio.
 * Custom buckets (NHCB) do not.
 */
export function isExponential(rows: readonly BucketBounds[]): boolean {
  if (rows.length === 0) return false;
  for (const { lower, upper } of rows) {
    if (!Number.isFinite(lower) || !Number.isFinite(upper)) return false;
    if (lower <= 0 && upper >= 0) continue;
    const schema = -Math.log2(Math.log2(Math.max(Math.abs(lower), Math.abs(upper)) / Math.min(Math.abs(lower), Math.abs(upper))));
    if (!(Math.abs(schema - Math.round(schema)) < 1e-6 && schema > -4.5 && schema < 8.5)) return false;
    // Exponential bounds are whole powers of the bucket ratio: 2^(i·2^-schema).
    const index = Math.log2(Math.abs(upper)) * 2 ** Math.round(schema);
    if (Math.abs(index - Math.round(index)) > 1e-6) return false;
  }
  return true;
}

/**
 * chooseBucketScale resolves the asked-for axis. `auto` is log base 2 for exponential buckets (Grafana's default for
 * native histograms); for custom buckets it is log base 2 when every finite bound is positive and they span at least
 * a factor of 10, linear otherwise.
 */
export function chooseBucketScale(rows: readonly BucketBounds[], choice: BucketScaleChoice): BucketScale {
  if (choice === 'linear') return { kind: 'linear' };
  if (choice === 'log2') return { kind: 'log', base: 2 };
  if (choice === 'log10') return { kind: 'log', base: 10 };
  if (isExponential(rows)) return { kind: 'log', base: 2 };
  const finite = rows.flatMap((r) => [r.lower, r.upper]).filter(Number.isFinite);
  if (finite.length === 0) return { kind: 'linear' };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo > 0 && hi / lo >= 10 ? { kind: 'log', base: 2 } : { kind: 'linear' };
}

/**
 * bucketAxis lays out rows on the scale for an axis heightPx tall: ticks at powers of the base (log) or round
 * steps (linear), thinned so labels stay at least minGapPx apart.
 */
export function bucketAxis(rows: readonly BucketBounds[], scale: BucketScale, heightPx: number, minGapPx = 18): BucketAxis {
  if (rows.length === 0) return { scale, rows: [], ticks: [], breaks: [] };
  return scale.kind === 'log' ? logAxis(rows, scale.base, heightPx, minGapPx) : linearAxis(rows, heightPx, minGapPx);
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** band is the height (in axis units) of a zero or overflow band: a typical row, at least MIN_BAND of the total. */
function band(typical: number, span: number): number {
  return Math.max(typical, (MIN_BAND * span) / (1 - MIN_BAND), span === 0 ? 1 : 0);
}

function logAxis(rows: readonly BucketBounds[], base: number, heightPx: number, minGapPx: number): BucketAxis {
  const logb = (v: number) => Math.log(v) / Math.log(base);
  // Magnitudes of the finite bounds of buckets that lie wholly on one side of zero.
  const pos: number[] = [];
  const neg: number[] = [];
  let zero = false;
  let under = false;
  let over = false;
  for (const { lower, upper } of rows) {
    if (lower === -Infinity) under = true;
    if (upper === Infinity) over = true;
    if (lower < 0 && upper > 0 && Number.isFinite(lower) && Number.isFinite(upper)) zero = true;
    if (lower === 0 && upper === 0) zero = true;
    for (const v of [lower, upper]) {
      if (!Number.isFinite(v) || v === 0) continue;
      if (v > 0 && lower >= 0) pos.push(v);
      else if (v < 0 && upper <= 0) neg.push(-v);
    }
    // A bucket from -Inf up to a positive bound (custom buckets) reaches down to the underflow band.
    if (lower === -Infinity && upper > 0 && Number.isFinite(upper)) pos.push(upper);
    if (upper === Infinity && lower < 0 && Number.isFinite(lower)) neg.push(-lower);
  }
  const magRange = (m: number[]) => (m.length ? [Math.floor(logb(Math.min(...m)) + 1e-9), Math.ceil(logb(Math.max(...m)) - 1e-9)] : null);
  const p = magRange(pos);
  const n = magRange(neg);
  if (p && p[1] === p[0]) p[1]++;
  if (n && n[1] === n[0]) n[1]++;
  const pSpan = p ? p[1] - p[0] : 0;
  const nSpan = n ? n[1] - n[0] : 0;
  const heights = rows
    .filter((r) => Number.isFinite(r.lower) && Number.isFinite(r.upper) && (r.lower > 0 || r.upper < 0))
    .map((r) => Math.abs(logb(Math.abs(r.upper)) - logb(Math.abs(r.lower))));
  const typical = median(heights) || 1;
  const span = pSpan + nSpan;
  const zh = zero || (p && n) ? band(typical, span) : 0;
  const uh = under ? band(typical, span) : 0;
  const oh = over ? band(typical, span) : 0;
  const bottomOfZero = uh + nSpan;
  const topOfZero = bottomOfZero + zh;
  const total = topOfZero + pSpan + oh;
  const at = (v: number): number => {
    if (v === -Infinity) return 0;
    if (v === Infinity) return total;
    if (p && v > 0 && logb(v) >= p[0] - 1e-9) return topOfZero + Math.min(pSpan, logb(v) - p[0]);
    if (n && v < 0 && logb(-v) >= n[0] - 1e-9) return bottomOfZero - Math.min(nSpan, logb(-v) - n[0]);
    // Inside the zero band (the zero bucket, or a bound between zero and the smallest magnitude shown).
    const edge = Math.max(p ? base ** p[0] : 0, n ? base ** n[0] : 0) || 1;
    return bottomOfZero + zh * (0.5 + Math.max(-0.5, Math.min(0.5, v / (2 * edge))));
  };
  const out = rows.map(({ lower, upper }) => {
    let y0 = at(lower);
    let y1 = at(upper);
    // The zero bucket fills the zero band whatever its threshold.
    if (lower <= 0 && upper >= 0 && Number.isFinite(lower) && Number.isFinite(upper)) [y0, y1] = [Math.min(y0, bottomOfZero), Math.max(y1, topOfZero)];
    return { y0: y0 / total, y1: y1 / total };
  });
  // Band ticks first, so that crowding drops a power of the base rather than 0 or ±Inf.
  const ticks: AxisTick[] = [];
  if (zh > 0) ticks.push({ value: 0, y: (bottomOfZero + zh / 2) / total });
  if (uh > 0) ticks.push({ value: -Infinity, y: uh / 2 / total });
  if (oh > 0) ticks.push({ value: Infinity, y: (total - oh / 2) / total });
  const unitPx = heightPx / total;
  const stride = Math.max(1, Math.ceil(minGapPx / Math.max(unitPx, 1e-9)));
  if (p) for (let k = p[0]; k <= p[1]; k++) if ((k - p[0]) % stride === 0 || k === p[1]) ticks.push({ value: base ** k, y: at(base ** k) / total });
  if (n) for (let k = n[0]; k <= n[1]; k++) if ((k - n[0]) % stride === 0 || k === n[1]) ticks.push({ value: -(base ** k), y: at(-(base ** k)) / total });
  const breaks = [zh > 0 ? [bottomOfZero, topOfZero] : [], uh > 0 ? [uh] : [], oh > 0 ? [total - oh] : []].flat().filter((b) => b > 0 && b < total);
  return { scale: { kind: 'log', base }, rows: out, ticks: dropCrowded(ticks, heightPx, minGapPx), breaks: breaks.map((b) => b / total) };
}

/** niceStep is the smallest of 1, 2, 5 × 10^k at least raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10 * mag;
}

function linearAxis(rows: readonly BucketBounds[], heightPx: number, minGapPx: number): BucketAxis {
  const finite = rows.flatMap((r) => [r.lower, r.upper]).filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const widths = rows.filter((r) => Number.isFinite(r.lower) && Number.isFinite(r.upper) && r.upper > r.lower).map((r) => r.upper - r.lower);
  const span = hi - lo;
  const typical = median(widths) || span / 10;
  const under = rows.some((r) => r.lower === -Infinity) ? band(typical, span) : 0;
  const over = rows.some((r) => r.upper === Infinity) ? band(typical, span) : 0;
  const total = under + span + over;
  const at = (v: number) => (v === -Infinity ? 0 : v === Infinity ? total : under + Math.max(0, Math.min(span, v - lo)));
  const out = rows.map(({ lower, upper }) => {
    const y0 = at(lower);
    const y1 = Math.max(at(upper), y0);
    return { y0: y0 / total, y1: y1 / total };
  });
  const step = niceStep((span * minGapPx * 2) / Math.max(heightPx, 1));
  const ticks: AxisTick[] = [];
  if (under > 0) ticks.push({ value: -Infinity, y: under / 2 / total });
  if (over > 0) ticks.push({ value: Infinity, y: (total - over / 2) / total });
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    const value = Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12));
    ticks.push({ value, y: at(value) / total });
  }
  const breaks = [under, total - over].filter((b) => b > 0 && b < total);
  return { scale: { kind: 'linear' }, rows: out, ticks: dropCrowded(ticks, heightPx, minGapPx), breaks: breaks.map((b) => b / total) };
}

/** dropCrowded keeps ticks at least minGapPx apart, preferring those listed first. */
function dropCrowded(ticks: AxisTick[], heightPx: number, minGapPx: number): AxisTick[] {
  const kept: AxisTick[] = [];
  for (const t of ticks) if (kept.every((k) => Math.abs(k.y - t.y) * heightPx >= minGapPx * 0.99)) kept.push(t);
  return kept.sort((a, b) => a.y - b.y);
}

/** rowAt returns the row under height y (a fraction) whose cell is non-empty, the narrowest when rows overlap. */
export function rowAt(rows: readonly { y0: number; y1: number }[], y: number, filled: (row: number) => boolean): number {
  let best = -1;
  let bestH = Infinity;
  rows.forEach(({ y0, y1 }, i) => {
    if (y < y0 || y > y1 || !filled(i)) return;
    if (y1 - y0 < bestH) [best, bestH] = [i, y1 - y0];
  });
  return best;
}

/** ScaleDistribution is Grafana's `fieldConfig.defaults.custom.scaleDistribution`. */
export interface ScaleDistribution {
  type: 'linear' | 'log';
  log?: number;
}

/**
 * heatmapScaleChoice reads a heatmap panel's y axis scale from its scaleDistribution: absent is `auto`, a log type
 * its base (2 unless 10), linear `linear`. Import drops the `linear` that Grafana writes into every heatmap by
 * default (Grafana draws native histograms on a log 2 axis whatever it says), so `linear` here was chosen in Promtab.
 */
export function heatmapScaleChoice(sd: ScaleDistribution | undefined): BucketScaleChoice {
  if (!sd) return 'auto';
  if (sd.type === 'linear') return 'linear';
  return sd.log === 10 ? 'log10' : 'log2';
}
