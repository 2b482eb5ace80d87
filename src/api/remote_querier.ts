/**
 * RemoteQueryable lets the query worker's engine read from the storage worker. A select crosses the worker boundary
 * packed: every series' timestamps and values in one pair of transferable Float64Arrays (so stale-marker bits
 * survive and nothing is serialised per sample), and label sets only for the series the reader does not hold yet.
 * The reader keeps label sets by series ref within the storage's ref epoch (one head instance) and says which refs
 * it holds with each select; a new epoch, a full cache or an answer that names a ref it no longer holds starts over.
 */
import type { FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import type { Querier, Queryable, SelectHints, Series } from '../model/storage';

/** KnownRefs tells the storage which series refs of an epoch the reader already holds the label sets of (a bitmap). */
export interface KnownRefs {
  readonly epoch: string;
  readonly bits: Uint8Array;
}

/** SeriesExtras carries what one packed series has besides floats: start times and native histograms. */
export interface SeriesExtras {
  readonly i: number;
  readonly startTimestamps?: Float64Array;
  readonly histograms?: readonly (FloatHistogram | undefined)[];
}

/**
 * PackedSelect is a select's answer: series i has the samples offsets[i] to offsets[i+1] of timestamps and values,
 * the ref refs[i] (0: none) and the label set labels[i], which is null when the reader said it holds that ref.
 */
export interface PackedSelect {
  readonly epoch: string;
  readonly refs: Float64Array;
  readonly offsets: Float64Array;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly labels: (Labels | null)[];
  readonly extras: SeriesExtras[];
}

/** SelectApi is the part of the storage worker's API that the query worker reads through. */
export interface SelectApi {
  select(matchers: Matcher[], mint: number, maxt: number, hints?: SelectHints, known?: KnownRefs): Promise<PackedSelect>;
  selectLabelNames(matchers: Matcher[], mint: number, maxt: number): Promise<string[]>;
  selectLabelValues(name: string, matchers: Matcher[], mint: number, maxt: number): Promise<string[]>;
  selectSeries(matchers: Matcher[], mint: number, maxt: number): Promise<Labels[]>;
}

/** MAX_CACHED_LABEL_SETS bounds the label sets a reader keeps; past it the cache starts over. */
export const MAX_CACHED_LABEL_SETS = 500_000;

/** MAX_CACHED_REF bounds the refs a reader caches (the bitmap it sends stays below 2 MiB). */
const MAX_CACHED_REF = 1 << 24;

function holds(known: KnownRefs | undefined, epoch: string, ref: number): boolean {
  if (!known || epoch === '' || known.epoch !== epoch || ref <= 0) return false;
  const byte = ref >>> 3;
  return byte < known.bits.length && (known.bits[byte] & (1 << (ref & 7))) !== 0;
}

/**
 * backToBack returns the buffers that every series' arrays are views of, in order and with no gap from the start,
 * or null when they are not laid out so.
 */
function backToBack(series: readonly Series[]): { timestamps: Float64Array; values: Float64Array } | null {
  if (series.length === 0) return null;
  const tb = series[0].timestamps.buffer;
  const vb = series[0].values.buffer;
  let at = 0;
  for (const s of series) {
    const { timestamps: t, values: v } = s;
    if (t.buffer !== tb || v.buffer !== vb || t.byteOffset !== at * 8 || v.byteOffset !== at * 8 || v.length !== t.length) return null;
    at += t.length;
  }
  return { timestamps: new Float64Array(tb, 0, at), values: new Float64Array(vb, 0, at) };
}

/**
 * packSeries packs selected series for the reader, leaving out the label sets it holds. When the series' arrays are
 * fresh (the querier's freshArrays) and already lie back to back in one pair of buffers, those buffers are used
 * as they are; otherwise the samples are copied into new ones.
 */
export function packSeries(series: readonly Series[], epoch: string, known?: KnownRefs, fresh = false): PackedSelect {
  const n = series.length;
  const refs = new Float64Array(n);
  const offsets = new Float64Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = total;
    total += series[i].timestamps.length;
  }
  offsets[n] = total;
  const laid = fresh ? backToBack(series) : null;
  const timestamps = laid?.timestamps ?? new Float64Array(total);
  const values = laid?.values ?? new Float64Array(total);
  const labels: (Labels | null)[] = new Array(n);
  const extras: SeriesExtras[] = [];
  for (let i = 0; i < n; i++) {
    const s = series[i];
    if (!laid) {
      timestamps.set(s.timestamps, offsets[i]);
      values.set(s.values, offsets[i]);
    }
    const ref = epoch !== '' ? (s.ref ?? 0) : 0;
    refs[i] = ref;
    labels[i] = holds(known, epoch, ref) ? null : s.labels;
    if (s.startTimestamps || s.histograms) {
      extras.push({ i, ...(s.startTimestamps ? { startTimestamps: s.startTimestamps } : {}), ...(s.histograms ? { histograms: s.histograms } : {}) });
    }
  }
  return { epoch, refs, offsets, timestamps, values, labels, extras };
}

/** packedTransfers lists the sample buffers of a packed answer, which are transferred rather than copied. */
export function packedTransfers(p: PackedSelect): Transferable[] {
  return [...new Set([p.timestamps.buffer as ArrayBuffer, p.values.buffer as ArrayBuffer])];
}

/** LabelCache holds label sets by ref for one ref epoch, with the bitmap of held refs that a select sends along. */
export class LabelCache {
  private epoch = '';
  private readonly byRef = new Map<number, Labels>();
  private bits = new Uint8Array(0);

  /** known returns what to tell the storage (a copy: the cache may change before the answer comes). */
  known(): KnownRefs | undefined {
    return this.epoch === '' ? undefined : { epoch: this.epoch, bits: this.bits.slice() };
  }

  /** size returns how many label sets are held. */
  get size(): number {
    return this.byRef.size;
  }

  /**
   * unpack turns a packed answer into series, remembering the label sets it brings; null when the answer names a
   * ref whose label set is no longer held (the caller asks again without a bitmap).
   */
  unpack(p: PackedSelect): Series[] | null {
    if (p.epoch !== this.epoch) this.reset(p.epoch);
    const n = p.refs.length;
    const out: Series[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const ref = p.refs[i];
      let labels = p.labels[i];
      if (labels === null) {
        const held = this.byRef.get(ref);
        if (held === undefined) return null;
        labels = held;
      } else if (ref > 0 && p.epoch !== '') this.remember(ref, labels);
      out[i] = { labels, timestamps: p.timestamps.subarray(p.offsets[i], p.offsets[i + 1]), values: p.values.subarray(p.offsets[i], p.offsets[i + 1]) };
    }
    for (const x of p.extras) out[x.i] = { ...out[x.i], ...(x.startTimestamps ? { startTimestamps: x.startTimestamps } : {}), ...(x.histograms ? { histograms: x.histograms } : {}) };
    return out;
  }

  private remember(ref: number, labels: Labels): void {
    if (ref >= MAX_CACHED_REF) return;
    if (this.byRef.size >= MAX_CACHED_LABEL_SETS) this.reset(this.epoch);
    this.byRef.set(ref, labels);
    const byte = ref >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2, 64));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (ref & 7);
  }

  private reset(epoch: string): void {
    this.epoch = epoch;
    this.byRef.clear();
    this.bits = new Uint8Array(0);
  }
}

/**
 * thinToSteps keeps, of an instant selector's series, only the samples its evaluations read: at each evaluation
 * time of the hints' grid, the newest sample at or before it. The engine reads nothing else of such a selector, so
 * its answer is the same while far fewer samples cross threads when the step is longer than the sample spacing.
 * Series that would keep more than half their samples stay as they are.
 */
export function thinToSteps(series: readonly Series[], hints: SelectHints | undefined): readonly Series[] {
  const { start, end, step, range } = hints ?? {};
  if (start === undefined || end === undefined || !step || step <= 0 || range !== 0 || end < start) return series;
  const steps = Math.floor((end - start) / step) + 1;
  const keep = new Int32Array(Math.min(steps, 1 << 20));
  return series.map((s) => {
    const t = s.timestamps;
    if (steps >= t.length || steps > keep.length) return s;
    let n = 0;
    let j = 0;
    for (let i = 0; i < steps; i++) {
      const ref = start + i * step;
      while (j < t.length && t[j] <= ref) j++;
      if (j > 0 && (n === 0 || keep[n - 1] !== j - 1)) keep[n++] = j - 1;
    }
    if (n * 2 > t.length) return s;
    const idx = keep.subarray(0, n);
    const pick = (a: Float64Array) => Float64Array.from(idx, (k) => a[k]);
    const out: { -readonly [K in keyof Series]: Series[K] } = { ...s, timestamps: pick(t), values: pickBits(s.values, idx) };
    if (s.startTimestamps) out.startTimestamps = pick(s.startTimestamps);
    if (s.histograms) out.histograms = Array.from(idx, (k) => s.histograms![k]);
    return out;
  });
}

/** pickBits copies the chosen floats with their exact bits (stale markers are NaNs with a payload). */
function pickBits(a: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  const from = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const to = new Uint32Array(out.buffer);
  for (let i = 0; i < idx.length; i++) {
    to[2 * i] = from[2 * idx[i]];
    to[2 * i + 1] = from[2 * idx[i] + 1];
  }
  return out;
}

/** RemoteQueryable adapts a SelectApi (usually a comlink proxy) to the engine's Queryable. */
export class RemoteQueryable implements Queryable {
  private readonly cache = new LabelCache();

  constructor(private readonly remote: SelectApi) {}

  querier(): Querier {
    const r = this.remote;
    return {
      select: async (m, mint, maxt, hints) => {
        const series = this.cache.unpack(await r.select([...m], mint, maxt, hints, this.cache.known()));
        return series ?? this.cache.unpack(await r.select([...m], mint, maxt, hints))!;
      },
      labelNames: (m, mint, maxt) => r.selectLabelNames([...m], mint, maxt),
      labelValues: (name, m, mint, maxt) => r.selectLabelValues(name, [...m], mint, maxt),
      series: (m, mint, maxt) => r.selectSeries([...m], mint, maxt),
    };
  }
}

/** serveSelect exposes a Queryable as a SelectApi whose packed answers are marked for transfer by `mark`. */
export function serveSelect(q: Queryable, mark: <T>(value: T, transfers: Transferable[]) => T): SelectApi {
  return {
    async select(matchers, mint, maxt, hints, known) {
      const querier = q.querier();
      const series = thinToSteps(await querier.select(matchers, mint, maxt, hints), hints);
      const packed = packSeries(series, querier.refEpoch ?? '', known, querier.freshArrays);
      return mark(packed, packedTransfers(packed));
    },
    selectLabelNames: (m, mint, maxt) => q.querier().labelNames(m, mint, maxt),
    selectLabelValues: (name, m, mint, maxt) => q.querier().labelValues(name, m, mint, maxt),
    selectSeries: (m, mint, maxt) => q.querier().series(m, mint, maxt),
  };
}
