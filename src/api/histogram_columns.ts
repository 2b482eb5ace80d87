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
import { bucketUpperBound, customBoundsMatch, type FloatHistogram } from '../model/histogram';
import { parseBoundaryRule, type BucketJSON, type HistogramJSON } from '../model/histogram_json';
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

/** Builder collects a series' distinct buckets (kinds) and each point's references to them while packing. */
class Builder {
  private readonly kinds: { rule: number; lower: number; upper: number }[] = [];
  private readonly byBounds = new Map<string, number>();
  private readonly t: number[] = [];
  private readonly counts: number[] = [];
  private readonly sums: number[] = [];
  private readonly offsets: number[] = [0];
  private readonly refs: number[] = [];
  private readonly bucketCounts: number[] = [];

  /** kind returns the id of the bucket with these bounds, adding it when new. */
  kind(rule: number, lower: number, upper: number): number {
    const key = `${rule} ${lower} ${upper}`;
    let id = this.byBounds.get(key);
    if (id === undefined) {
      id = this.kinds.length;
      this.byBounds.set(key, id);
      this.kinds.push({ rule, lower, upper });
    }
    return id;
  }

  /** bucket adds one bucket (by kind id) to the current point. */
  bucket(kind: number, count: number): void {
    this.refs.push(kind);
    this.bucketCounts.push(count);
  }

  /** point ends the current point. */
  point(t: number, count: number, sum: number): void {
    this.t.push(t);
    this.counts.push(count);
    this.sums.push(sum);
    this.offsets.push(this.refs.length);
  }

  /** columns sorts the kinds by their bounds and writes the typed arrays. */
  columns(): HistogramColumns {
    const k = this.kinds;
    const order = k.map((_, i) => i).sort((a, b) => k[a].lower - k[b].lower || k[a].upper - k[b].upper || k[a].rule - k[b].rule);
    const rank = new Uint32Array(k.length);
    order.forEach((id, r) => (rank[id] = r));
    return {
      timestamps: Float64Array.from(this.t),
      counts: Float64Array.from(this.counts),
      sums: Float64Array.from(this.sums),
      offsets: Uint32Array.from(this.offsets),
      bucket: Uint32Array.from(this.refs, (id) => rank[id]),
      bucketCount: Float64Array.from(this.bucketCounts),
      bucketRule: Uint8Array.from(order, (id) => k[id].rule),
      bucketLower: Float64Array.from(order, (id) => k[id].lower),
      bucketUpper: Float64Array.from(order, (id) => k[id].upper),
    };
  }
}

/** Layout is one bucket layout seen in a series (schema, zero threshold, custom bounds) and its buckets' kind ids. */
interface Layout {
  schema: number;
  zeroThreshold: number;
  customValues?: readonly number[];
  ids: Map<number, number>;
}

const ZERO_BUCKET = Number.MAX_SAFE_INTEGER;

/**
 * packHistograms packs a series' histogram points (parallel times in ms and values); empty buckets are left out.
 * Bucket bounds are computed once per bucket layout and bucket index, not per point.
 */
export function packHistograms(timestamps: ArrayLike<number>, values: readonly FloatHistogram[]): HistogramColumns {
  const out = new Builder();
  const layouts: Layout[] = [];
  let last: Layout | undefined;
  for (let i = 0; i < values.length; i++) {
    const h = values[i];
    const { schema, zeroThreshold: zt, customValues: cv } = h;
    if (!last || last.schema !== schema || last.zeroThreshold !== zt || !customBoundsMatch(last.customValues, cv)) {
      last = layouts.find((l) => l.schema === schema && l.zeroThreshold === zt && customBoundsMatch(l.customValues, cv));
      if (!last) layouts.push((last = { schema, zeroThreshold: zt, customValues: cv, ids: new Map() }));
    }
    const ids = last.ids;
    const neg = h.negative;
    for (let j = neg.index.length - 1; j >= 0; j--) {
      if (neg.count[j] === 0) continue;
      const idx = neg.index[j];
      let id = ids.get(2 * idx + 1);
      if (id === undefined) {
        const upper = -bucketUpperBound(idx - 1, schema, cv);
        id = out.kind(1, -bucketUpperBound(idx, schema, cv), upper < 0 && upper > -zt ? -zt : upper);
        ids.set(2 * idx + 1, id);
      }
      out.bucket(id, neg.count[j]);
    }
    if (h.zeroCount > 0) {
      let id = ids.get(ZERO_BUCKET);
      if (id === undefined) ids.set(ZERO_BUCKET, (id = out.kind(3, -zt, zt)));
      out.bucket(id, h.zeroCount);
    }
    const pos = h.positive;
    for (let j = 0; j < pos.index.length; j++) {
      if (pos.count[j] === 0) continue;
      const idx = pos.index[j];
      let id = ids.get(2 * idx);
      if (id === undefined) {
        const lower = bucketUpperBound(idx - 1, schema, cv);
        id = out.kind(0, lower > 0 && lower < zt ? zt : lower, bucketUpperBound(idx, schema, cv));
        ids.set(2 * idx, id);
      }
      out.bucket(id, pos.count[j]);
    }
    out.point(timestamps[i], h.count, h.sum);
  }
  return out.columns();
}

/**
 * packHistogramJSON packs points in the HTTP API's `histograms` shape ([seconds, {count, sum, buckets}]), as a
 * remote Prometheus answers; a malformed point throws an Error that says what is wrong.
 */
export function packHistogramJSON(points: readonly (readonly [number, HistogramJSON])[]): HistogramColumns {
  const out = new Builder();
  for (const p of points) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || !p[1] || typeof p[1] !== 'object') throw new Error('expected a [time, histogram] pair');
    const [t, h] = p;
    const count = number(h.count, 'count');
    const sum = number(h.sum, 'sum');
    if (h.buckets !== undefined && !Array.isArray(h.buckets)) throw new Error("expected the histogram's buckets as a list");
    for (const b of h.buckets ?? []) {
      if (!Array.isArray(b) || b.length !== 4) throw new Error('expected a bucket [boundary rule, lower, upper, count]');
      out.bucket(out.kind(parseBoundaryRule(b[0]), number(b[1], 'bucket bound'), number(b[2], 'bucket bound')), number(b[3], 'bucket count'));
    }
    out.point(Math.round(t * 1000), count, sum);
  }
  return out.columns();
}

function number(s: unknown, what: string): number {
  if (typeof s !== 'string') throw new Error(`expected the histogram's ${what} as a string`);
  const v = parseValue(s);
  if (Number.isNaN(v) && s !== 'NaN') throw new Error(`the histogram's ${what} ${JSON.stringify(s)} is not a number`);
  return v;
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
