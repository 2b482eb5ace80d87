/**
 * Native histogram points packed into a few typed arrays, so a range answer's histograms cross from the query worker
 * to the page as transferable buffers (DESIGN: no per-sample objects between threads). A series without histogram
 * points carries no columns at all, so float-only answers cost nothing more.
 *
 * The columns hold what the HTTP API's `histograms` shape holds (count, sum, and buckets as boundary rule, lower,
 * upper, count), with each distinct bucket stored once per series: `bucketRule/Lower/Upper[k]` list the series'
 * buckets sorted by their bounds, and point i's buckets are `bucket[j]` (an index into that list) with count
 * `bucketCount[j]` for j in `[offsets[i], offsets[i+1])`. The distinct buckets are exactly the rows of a heatmap.
 */
import { histogramBuckets, type FloatHistogram } from '../model/histogram';
import { boundaryRule, parseBoundaryRule, type BucketJSON, type HistogramJSON } from '../model/histogram_json';
import { formatValue, parseValue } from '../model/value';

/** HistogramColumns is one series' native histogram points as typed arrays (times in ms). */
export interface HistogramColumns {
  timestamps: Float64Array;
  counts: Float64Array;
  sums: Float64Array;
  offsets: Uint32Array;
  bucket: Uint32Array;
  bucketCount: Float64Array;
  bucketRule: Uint8Array;
  bucketLower: Float64Array;
  bucketUpper: Float64Array;
}

/** HistogramPoint is one unpacked point: count, sum and its buckets (bounds and counts as numbers). */
export interface HistogramPoint {
  t: number;
  count: number;
  sum: number;
  buckets: { rule: number; lower: number; upper: number; count: number }[];
}

interface Raw {
  t: number;
  count: number;
  sum: number;
  buckets: { rule: number; lower: number; upper: number; count: number }[];
}

/** packHistograms packs a series' histogram points (parallel times in ms and values); empty buckets are left out. */
export function packHistograms(timestamps: ArrayLike<number>, values: readonly FloatHistogram[]): HistogramColumns {
  const raw: Raw[] = values.map((h, i) => ({
    t: timestamps[i],
    count: h.count,
    sum: h.sum,
    buckets: histogramBuckets(h)
      .filter((b) => b.count !== 0)
      .map((b) => ({ rule: boundaryRule(b), lower: b.lower, upper: b.upper, count: b.count })),
  }));
  return pack(raw);
}

/**
 * packHistogramJSON packs points in the HTTP API's `histograms` shape ([seconds, {count, sum, buckets}]), as a
 * remote Prometheus answers; a malformed point throws an Error that says what is wrong.
 */
export function packHistogramJSON(points: readonly (readonly [number, HistogramJSON])[]): HistogramColumns {
  const raw: Raw[] = points.map(([t, h]) => {
    if (typeof t !== 'number' || !h || typeof h !== 'object') throw new Error('expected a [time, histogram] pair');
    return {
      t: Math.round(t * 1000),
      count: number(h.count, 'count'),
      sum: number(h.sum, 'sum'),
      buckets: (h.buckets ?? []).map((b: BucketJSON) => {
        if (!Array.isArray(b) || b.length !== 4) throw new Error('expected a bucket [boundary rule, lower, upper, count]');
        return { rule: parseBoundaryRule(b[0]), lower: number(b[1], 'bucket bound'), upper: number(b[2], 'bucket bound'), count: number(b[3], 'bucket count') };
      }),
    };
  });
  return pack(raw);
}

function number(s: unknown, what: string): number {
  if (typeof s !== 'string') throw new Error(`expected the histogram's ${what} as a string`);
  const v = parseValue(s);
  if (Number.isNaN(v) && s !== 'NaN') throw new Error(`the histogram's ${what} ${JSON.stringify(s)} is not a number`);
  return v;
}

function pack(points: readonly Raw[]): HistogramColumns {
  const n = points.length;
  const ids = new Map<string, number>();
  const kinds: { rule: number; lower: number; upper: number }[] = [];
  let m = 0;
  for (const p of points) {
    m += p.buckets.length;
    for (const b of p.buckets) {
      const key = `${b.rule} ${b.lower} ${b.upper}`;
      if (!ids.has(key)) {
        ids.set(key, kinds.length);
        kinds.push(b);
      }
    }
  }
  const order = kinds.map((_, i) => i).sort((a, b) => kinds[a].lower - kinds[b].lower || kinds[a].upper - kinds[b].upper || kinds[a].rule - kinds[b].rule);
  const rank = new Uint32Array(kinds.length);
  order.forEach((k, r) => (rank[k] = r));
  const out: HistogramColumns = {
    timestamps: new Float64Array(n),
    counts: new Float64Array(n),
    sums: new Float64Array(n),
    offsets: new Uint32Array(n + 1),
    bucket: new Uint32Array(m),
    bucketCount: new Float64Array(m),
    bucketRule: Uint8Array.from(order, (k) => kinds[k].rule),
    bucketLower: Float64Array.from(order, (k) => kinds[k].lower),
    bucketUpper: Float64Array.from(order, (k) => kinds[k].upper),
  };
  let j = 0;
  points.forEach((p, i) => {
    out.timestamps[i] = p.t;
    out.counts[i] = p.count;
    out.sums[i] = p.sum;
    out.offsets[i] = j;
    for (const b of p.buckets) {
      out.bucket[j] = rank[ids.get(`${b.rule} ${b.lower} ${b.upper}`)!];
      out.bucketCount[j++] = b.count;
    }
  });
  out.offsets[n] = j;
  return out;
}

/** histogramPoint unpacks point i of the columns. */
export function histogramPoint(cols: HistogramColumns, i: number): HistogramPoint {
  const buckets: HistogramPoint['buckets'] = [];
  for (let j = cols.offsets[i]; j < cols.offsets[i + 1]; j++) {
    const k = cols.bucket[j];
    buckets.push({ rule: cols.bucketRule[k], lower: cols.bucketLower[k], upper: cols.bucketUpper[k], count: cols.bucketCount[j] });
  }
  return { t: cols.timestamps[i], count: cols.counts[i], sum: cols.sums[i], buckets };
}

/** histogramPointJSON writes point i in the HTTP API's shape: [seconds, {count, sum, buckets}]. */
export function histogramPointJSON(cols: HistogramColumns, i: number): [number, HistogramJSON] {
  const p = histogramPoint(cols, i);
  const buckets = p.buckets.map((b): BucketJSON => [b.rule, formatValue(b.lower), formatValue(b.upper), formatValue(b.count)]);
  return [p.t / 1000, { count: formatValue(p.count), sum: formatValue(p.sum), ...(buckets.length ? { buckets } : {}) }];
}

/** histogramBuffers lists the columns' buffers, for a transfer list. */
export function histogramBuffers(cols: HistogramColumns): ArrayBuffer[] {
  const arrays = [cols.timestamps, cols.counts, cols.sums, cols.offsets, cols.bucket, cols.bucketCount, cols.bucketRule, cols.bucketLower, cols.bucketUpper];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
