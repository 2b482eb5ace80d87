/**
 * Histogram chunks: the histogram column of an extension section in format 2 (see ext.ts and README.md). Every
 * histogram of a chunk shares one layout (schema, zero threshold, custom bounds, bucket indices) and one counter
 * reset header, written once; each sample writes only its counts and sum, as deltas against the previous sample.
 * The head cuts a new chunk where Prometheus's histogram chunks do (`cutFor`): a schema, zero threshold or custom
 * bounds change, a counter reset, a gauge/counter switch, a histogram after a stale marker. New buckets recode the
 * chunk to the union of the layouts (earlier samples get 0 there), and buckets a histogram lacks are written as 0.
 */
import { CUSTOM_BUCKETS_SCHEMA, type CounterResetHint, type FloatHistogram } from '../../model/histogram';
import { BitReader, ensureBits, putBit, putBits, putUvarint, putVarint, type BitWriterState } from './bitstream';
import {
  HINTS,
  MAX_BUCKETS,
  isIntegral,
  putRaw64,
  putRice,
  putSpans,
  putVarbit,
  putXor,
  readRaw64,
  readRice,
  readSpans,
  readVarbit,
  readXor,
  riceLen,
  type XorWindow,
} from './histbits';

/** HistLayout is what the histograms of one chunk share: schema, zero threshold, custom bounds, bucket indices. */
export interface HistLayout {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly customValues: readonly number[] | undefined;
  readonly pos: readonly number[];
  readonly neg: readonly number[];
}

/** RawSample is one histogram of a chunk as coded: its index, its values in layout order and its sum. */
interface RawSample {
  idx: number;
  /** v holds the count (integer chunks: count minus zero count minus the buckets), the zero count, the buckets. */
  v: Float64Array;
  sum: number;
}

/**
 * MAX_TOTAL bounds the sum of an integer histogram's counts: every value, delta and delta of deltas then stays below
 * 2^51, so their codes (zigzag, varints) are exact in doubles.
 */
const MAX_TOTAL = 2 ** 48;

/** integralCounts reports whether every count of h can be written as an integer (and their total stays exact). */
function integralCounts(h: FloatHistogram): boolean {
  if (!isIntegral(h.count) || !isIntegral(h.zeroCount)) return false;
  let total = Math.abs(h.count) + Math.abs(h.zeroCount);
  for (const b of [h.positive.count, h.negative.count]) {
    for (const c of b) {
      if (!isIntegral(c)) return false;
      total += Math.abs(c);
    }
  }
  return total <= MAX_TOTAL;
}

function boundsMatch(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** sameFrame reports whether h has the layout's schema, zero threshold and custom bounds (its buckets may differ). */
function sameFrame(l: HistLayout, h: FloatHistogram): boolean {
  if (l.schema !== h.schema || !Object.is(l.zeroThreshold, h.zeroThreshold)) return false;
  return h.schema !== CUSTOM_BUCKETS_SCHEMA || boundsMatch(l.customValues, h.customValues);
}

/** adds reports whether ascending list b holds an index ascending list a lacks. */
function adds(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j++) {
    while (i < a.length && a[i] < b[j]) i++;
    if (i >= a.length || a[i] !== b[j]) return true;
  }
  return false;
}

/** union returns the ascending union of two ascending index lists, or null when b adds nothing to a. */
function union(a: readonly number[], b: readonly number[]): number[] | null {
  if (!adds(a, b)) return null;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let added = false;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) {
      out.push(b[j++]);
      added = true;
    } else {
      out.push(a[i++]);
      j++;
    }
  }
  return added ? out : null;
}

/** spread writes counts (at ascending indices, a subset of layout) into out from `at`, in layout order, 0 elsewhere. */
function spread(layout: readonly number[], index: readonly number[], count: readonly number[], out: Float64Array, at: number): void {
  let j = 0;
  for (let i = 0; i < layout.length; i++) {
    if (j < index.length && index[j] === layout[i]) out[at + i] = count[j++];
    else out[at + i] = 0;
  }
}

/** place sets to[from + i] to the position (from `at`) of sub[i] in the ascending superset all. */
function place(sub: readonly number[], all: readonly number[], to: Int32Array, from: number, at: number): void {
  let j = 0;
  for (let i = 0; i < sub.length; i++) {
    while (all[j] !== sub[i]) j++;
    to[from + i] = at + j;
  }
}

/** decreased reports whether a bucket of the layout holds less in h (0 where h lacks it) than in prev (from `at`). */
function decreased(layout: readonly number[], index: readonly number[], count: readonly number[], prev: Float64Array, at: number): boolean {
  let j = 0;
  for (let i = 0; i < layout.length; i++) {
    while (j < index.length && index[j] < layout[i]) j++;
    const c = j < index.length && index[j] === layout[i] ? count[j] : 0;
    if (c < prev[at + i]) return true;
  }
  return false;
}

/**
 * RECODE_LIMIT bounds the values a recode rewrites (samples × layout width): a wide histogram whose buckets keep
 * appearing would otherwise cost a quadratic rewrite per chunk (Prometheus's chunks stay small, cut at 1 KiB).
 */
const RECODE_LIMIT = 32_768;

/** Bucket modes of an integer sample: deltas of deltas, deltas (zigzag), deltas that are all >= 0. */
const MODE_DOD = 0;
const MODE_DELTA = 1;
const MODE_GROWTH = 2;

let scratchU = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];

/** bestK returns the Rice parameter (0..15), near the one the mean suggests, that codes u[from..to) shortest. */
function bestK(u: Float64Array, from: number, to: number, total: number): number {
  const mean = total / Math.max(1, to - from);
  const guess = mean < 1 ? 0 : Math.min(15, Math.floor(Math.log2(mean)));
  let best = guess;
  let bestCost = Infinity;
  for (let k = Math.max(0, guess - 1); k <= Math.min(15, guess + 1); k++) {
    let cost = 0;
    for (let i = from; i < to && cost < bestCost; i++) cost += riceLen(u[i], k);
    if (cost < bestCost) {
      bestCost = cost;
      best = k;
    }
  }
  return best;
}

/** EDGE_K is the Rice parameter of the counts of unchanged buckets at either end of a histogram's buckets. */
const EDGE_K = 3;

/**
 * EDGE_MAX_BUCKETS bounds the layouts whose unchanged end buckets may be skipped. Wider ones write a bit at least
 * per bucket, so a decoder can refuse a column that claims more values than its bits could hold (corrupt bytes
 * must not make it allocate gigabytes).
 */
const EDGE_MAX_BUCKETS = 512;

/**
 * HistCoder is the running state both sides keep over a chunk's histograms: each coded value's previous value and
 * delta, and the previous sum with its XOR window.
 */
class HistCoder {
  readonly prev: Float64Array;
  readonly delta: Float64Array;
  sum = 0;
  readonly sumWin: XorWindow = { lead: 0, len: 0 };

  constructor(
    readonly integer: boolean,
    n: number,
    /** edges says the column may skip unchanged end buckets (format 3; format 2 writes a 6-bit mode and k only). */
    private readonly edges = true,
  ) {
    this.prev = new Float64Array(n);
    this.delta = new Float64Array(n);
  }

  /** write codes one sample's values (layout order) and sum. */
  write(w: BitWriterState, v: Float64Array, sum: number): void {
    const prev = this.prev;
    const delta = this.delta;
    const n = v.length;
    if (this.integer) {
      putVarbit(w, v[0] - prev[0] - delta[0]);
      delta[0] = v[0] - prev[0];
      putVarbit(w, v[1] - prev[1] - delta[1]);
      delta[1] = v[1] - prev[1];
      const nb = n - 2;
      if (nb > 0) {
        if (scratchU[0].length < nb) scratchU = [new Float64Array(nb * 2), new Float64Array(nb * 2), new Float64Array(nb * 2)];
        const [ud, ux, ug] = scratchU;
        let sd = 0;
        let sx = 0;
        let sg = 0;
        let growth = true;
        for (let i = 0; i < nb; i++) {
          const d = v[i + 2] - prev[i + 2];
          const dd = d - delta[i + 2];
          ud[i] = dd >= 0 ? dd * 2 : -dd * 2 - 1;
          ux[i] = d >= 0 ? d * 2 : -d * 2 - 1;
          ug[i] = d;
          sd += ud[i];
          sx += ux[i];
          if (d < 0) growth = false;
          else sg += d;
        }
        // The mode whose codes sum least (a Rice code's length grows with its value), then its best parameter.
        const mode = growth && sg <= sd ? MODE_GROWTH : sx < sd ? MODE_DELTA : MODE_DOD;
        const u = scratchU[mode];
        // The buckets that did not move at either end (an idle histogram's are all of them) may be skipped.
        let lo = 0;
        while (lo < nb && u[lo] === 0) lo++;
        let hi = nb;
        while (hi > lo && u[hi - 1] === 0) hi--;
        const k = bestK(u, lo, hi, mode === MODE_GROWTH ? sg : mode === MODE_DELTA ? sx : sd);
        const edges = nb <= EDGE_MAX_BUCKETS && riceLen(lo, EDGE_K) + (lo < nb ? riceLen(nb - hi, EDGE_K) : 0) < (lo + nb - hi) * (1 + k);
        ensureBits(w, 7);
        putBits(w, (mode << 5) | (k << 1) | (edges ? 1 : 0), 7);
        if (edges) {
          putRice(w, lo, EDGE_K);
          if (lo < nb) putRice(w, nb - hi, EDGE_K);
        } else {
          lo = 0;
          hi = nb;
        }
        for (let i = lo; i < hi; i++) putRice(w, u[i], k);
      }
      for (let i = 2; i < n; i++) {
        delta[i] = v[i] - prev[i];
        prev[i] = v[i];
      }
      prev[0] = v[0];
      prev[1] = v[1];
    } else {
      for (let i = 0; i < n; i++) {
        putXor(w, v[i], prev[i], null);
        prev[i] = v[i];
      }
    }
    putXor(w, sum, this.sum, this.sumWin);
    this.sum = sum;
  }

  /** read decodes one sample's values into prev (returned) and its sum. */
  read(r: BitReader): Float64Array {
    const prev = this.prev;
    const delta = this.delta;
    const n = prev.length;
    if (this.integer) {
      delta[0] += readVarbit(r);
      prev[0] += delta[0];
      delta[1] += readVarbit(r);
      prev[1] += delta[1];
      if (n > 2) {
        const code = this.edges ? r.readBits(7) : r.readBits(6) << 1;
        const mode = code >>> 5;
        const k = (code >>> 1) & 15;
        if (mode > MODE_GROWTH) throw new RangeError('chunk: bad histogram bucket mode');
        let lo = 2;
        let hi = n;
        if ((code & 1) === 1) {
          if (n - 2 > EDGE_MAX_BUCKETS) throw new RangeError('chunk: histogram buckets skipped in a wide layout');
          lo += readRice(r, EDGE_K);
          if (lo < n) hi -= readRice(r, EDGE_K);
          if (lo > hi) throw new RangeError('chunk: bad histogram bucket range');
        }
        for (let i = 2; i < n; i++) {
          const u = i >= lo && i < hi ? readRice(r, k) : 0;
          const x = mode === MODE_GROWTH ? u : u % 2 === 0 ? u / 2 : -(u + 1) / 2;
          const d = mode === MODE_DOD ? delta[i] + x : x;
          delta[i] = d;
          prev[i] += d;
        }
      }
    } else {
      for (let i = 0; i < n; i++) prev[i] = readXor(r, prev[i], null);
    }
    this.sum = readXor(r, this.sum, this.sumWin);
    return prev;
  }
}

function putLayout(w: BitWriterState, header: CounterResetHint, integer: boolean, l: HistLayout): void {
  ensureBits(w, 8);
  putBits(w, (HINTS.indexOf(header) << 1) | (integer ? 0 : 1), 3);
  putVarint(w, l.schema);
  putRaw64(w, l.zeroThreshold);
  if (l.schema === CUSTOM_BUCKETS_SCHEMA) {
    const cv = l.customValues ?? [];
    putUvarint(w, cv.length);
    for (const v of cv) putRaw64(w, v);
  }
  putSpans(w, l.pos);
  putSpans(w, l.neg);
}

/** DecodedColumn is a histogram column as coded: header, kind, layout and samples. */
interface DecodedColumn {
  header: CounterResetHint;
  integer: boolean;
  layout: HistLayout;
  samples: RawSample[];
}

/** HIST_COLUMN_FORMAT is the format of the histogram columns written (2, without edge skipping, still reads). */
export const HIST_COLUMN_FORMAT = 3;

/**
 * decodeRaw reads a histogram column of n histograms in the given format; it throws RangeError on bytes that do not
 * hold together.
 */
function decodeRaw(r: BitReader, n: number, format: number): DecodedColumn {
  const flags = r.readBits(3);
  const header = HINTS[flags >>> 1];
  const integer = (flags & 1) === 0;
  const schema = r.readVarint();
  const zeroThreshold = readRaw64(r);
  let customValues: number[] | undefined;
  if (schema === CUSTOM_BUCKETS_SCHEMA) {
    const k = r.readUvarint();
    if (k > MAX_BUCKETS || k * 64 > r.remaining()) throw new RangeError('chunk: bad histogram bounds');
    customValues = [];
    for (let i = 0; i < k; i++) customValues.push(readRaw64(r));
  }
  const pos = readSpans(r);
  const neg = readSpans(r);
  r.pos = (r.pos + 7) & ~7;
  const width = 2 + pos.length + neg.length;
  // Each value of each sample takes at least a bit (an integer histogram of a narrow layout at least 4 bits in all):
  // more than the stream holds is corrupt, and would allocate much.
  const least = integer && format >= 3 && width - 2 <= EDGE_MAX_BUCKETS ? 4 : width;
  if (least * n > r.remaining()) throw new RangeError('chunk: histogram column shorter than its layout');
  const coder = new HistCoder(integer, width, format >= 3);
  const samples: RawSample[] = [];
  let idx = -1;
  for (let k = 0; k < n; k++) {
    idx += r.readBit() === 0 ? 1 : r.readUvarint() + 2;
    const v = coder.read(r).slice();
    samples.push({ idx, v, sum: coder.sum });
  }
  return { header, integer, layout: { schema, zeroThreshold, customValues, pos, neg }, samples };
}

/** HistAt is a decoded histogram by index in the chunk. */
export interface HistAt {
  idx: number;
  h: FloatHistogram;
}

/**
 * decodeHistColumn reads a histogram column of n histograms. Hints are what Prometheus's chunk iterator gives:
 * `gauge` in a gauge chunk, else `unknown` for the chunk's first histogram (the previous chunk may be gone or
 * overlapped) and `not_reset` for the others.
 */
export function decodeHistColumn(r: BitReader, n: number, format = HIST_COLUMN_FORMAT): HistAt[] {
  if (n === 0) return [];
  const { header, integer, layout: l, samples } = decodeRaw(r, n, format);
  const np = l.pos.length;
  return samples.map((s, k) => {
    const v = s.v;
    let count = v[0];
    if (integer) for (let i = 1; i < v.length; i++) count += v[i];
    const h: FloatHistogram = {
      schema: l.schema,
      zeroThreshold: l.zeroThreshold,
      zeroCount: v[1],
      count,
      sum: s.sum,
      positive: { index: l.pos, count: Array.from(v.subarray(2, 2 + np)) },
      negative: { index: l.neg, count: Array.from(v.subarray(2 + np)) },
      counterResetHint: header === 'gauge' ? 'gauge' : k === 0 ? 'unknown' : 'not_reset',
    };
    return { idx: s.idx, h: l.customValues ? { ...h, customValues: l.customValues } : h };
  });
}

/**
 * HistChunkWriter builds the histogram column of an open chunk: the header, kind (integer or float counts) and
 * layout are fixed by the first histogram (the layout grows by recoding), then each histogram's values.
 */
export class HistChunkWriter {
  private layout: HistLayout;
  private body: BitWriterState = { buf: new Uint8Array(64), bits: 0 };
  private coder: HistCoder;
  private lastIdx = -1;
  private count = 0;
  /** lastCount is the last histogram's count (integer chunks code a residual instead). */
  private lastCount = 0;
  private vals: Float64Array;

  private constructor(
    /** header is the chunk's counter reset header. */
    readonly header: CounterResetHint,
    /** integer says the counts are coded as integers (Prometheus's histogram chunk) rather than floats. */
    readonly integer: boolean,
    layout: HistLayout,
  ) {
    this.layout = layout;
    this.vals = new Float64Array(2 + layout.pos.length + layout.neg.length);
    this.coder = new HistCoder(integer, this.vals.length);
  }

  /** start begins a chunk's column with its first histogram's layout and kind and the given header. */
  static start(h: FloatHistogram, header: CounterResetHint): HistChunkWriter {
    return new HistChunkWriter(header, integralCounts(h), {
      schema: h.schema,
      zeroThreshold: h.zeroThreshold,
      customValues: h.schema === CUSTOM_BUCKETS_SCHEMA ? [...(h.customValues ?? [])] : undefined,
      pos: [...h.positive.index],
      neg: [...h.negative.index],
    });
  }

  /**
   * fromColumn rebuilds a writer from a column decodeHistColumn reads (n histograms, in the given format), so
   * appending can go on; it writes the current format.
   */
  static fromColumn(r: BitReader, n: number, format = HIST_COLUMN_FORMAT): HistChunkWriter {
    const d = decodeRaw(r, n, format);
    const w = new HistChunkWriter(d.header, d.integer, d.layout);
    for (const s of d.samples) w.writeRaw(s.idx, s.v, s.sum);
    return w;
  }

  /**
   * cutFor returns the counter reset header of the new chunk h needs, or null when h can be appended to this one
   * (lastStale: the chunk's last sample is a stale marker). As Prometheus's appendable checks: a gauge/counter
   * switch, an explicit reset, a histogram after a stale marker, a schema or zero threshold change (unknown), other
   * custom bounds, a count, zero count or bucket below the last one (reset), or float counts in an integer chunk.
   * New buckets cut too (without a reset: not_reset) when recoding would rewrite more than RECODE_LIMIT values.
   */
  cutFor(h: FloatHistogram, lastStale: boolean): CounterResetHint | null {
    const l = this.layout;
    if (h.counterResetHint === 'gauge') {
      if (this.header !== 'gauge' || lastStale || !sameFrame(l, h)) return 'gauge';
      if (this.integer && !integralCounts(h)) return 'gauge';
      return this.recodeTooLong(h) ? 'gauge' : null;
    }
    if (this.header === 'gauge') return 'not_reset';
    if (h.counterResetHint === 'reset') return 'reset';
    if (lastStale) return 'unknown';
    if (h.count < this.lastCount) return 'reset';
    if (h.schema !== l.schema || !Object.is(h.zeroThreshold, l.zeroThreshold)) return 'unknown';
    if (h.schema === CUSTOM_BUCKETS_SCHEMA && !boundsMatch(l.customValues, h.customValues)) return 'reset';
    const prev = this.coder.prev;
    if (h.zeroCount < prev[1]) return 'reset';
    if (decreased(l.pos, h.positive.index, h.positive.count, prev, 2)) return 'reset';
    if (decreased(l.neg, h.negative.index, h.negative.count, prev, 2 + l.pos.length)) return 'reset';
    if (this.integer && !integralCounts(h)) return 'unknown';
    return this.recodeTooLong(h) ? 'not_reset' : null;
  }

  /** recodeTooLong reports whether h brings new buckets and recoding for them would rewrite too many values. */
  private recodeTooLong(h: FloatHistogram): boolean {
    if (this.count * this.vals.length <= RECODE_LIMIT) return false;
    return adds(this.layout.pos, h.positive.index) || adds(this.layout.neg, h.negative.index);
  }

  /** push appends h as sample idx (above the last one's); the caller checked cutFor. New buckets recode the chunk. */
  push(idx: number, h: FloatHistogram): void {
    const pos = union(this.layout.pos, h.positive.index);
    const neg = union(this.layout.neg, h.negative.index);
    if (pos !== null || neg !== null) this.recode(pos ?? [...this.layout.pos], neg ?? [...this.layout.neg]);
    const l = this.layout;
    const v = this.vals;
    v[1] = h.zeroCount;
    spread(l.pos, h.positive.index, h.positive.count, v, 2);
    spread(l.neg, h.negative.index, h.negative.count, v, 2 + l.pos.length);
    if (this.integer) {
      let rest = h.count;
      for (let i = 1; i < v.length; i++) rest -= v[i];
      v[0] = rest;
    } else v[0] = h.count;
    this.writeRaw(idx, v, h.sum);
  }

  private writeRaw(idx: number, v: Float64Array, sum: number): void {
    if (idx <= this.lastIdx) throw new RangeError('chunk: histograms out of order');
    const w = this.body;
    const gap = idx - this.lastIdx - 1;
    ensureBits(w, 8);
    if (gap === 0) putBit(w, 0);
    else {
      putBit(w, 1);
      putUvarint(w, gap - 1);
    }
    this.coder.write(w, v, sum);
    this.lastIdx = idx;
    this.count++;
    let count = v[0];
    if (this.integer) for (let i = 1; i < v.length; i++) count += v[i];
    this.lastCount = count;
  }

  /**
   * recode rewrites the samples written so far with the wider bucket lists (0 in the new buckets), as Prometheus
   * does: each sample is decoded from the old body and written to a new one in turn.
   */
  private recode(pos: number[], neg: number[]): void {
    const old = this.layout;
    const body = this.body;
    const n = this.count;
    const r = new BitReader(body.buf, 0, body.bits);
    const dec = new HistCoder(this.integer, 2 + old.pos.length + old.neg.length);
    const to = new Int32Array(dec.prev.length);
    to[1] = 1;
    place(old.pos, pos, to, 2, 2);
    place(old.neg, neg, to, 2 + old.pos.length, 2 + pos.length);
    this.layout = { ...old, pos, neg };
    this.vals = new Float64Array(2 + pos.length + neg.length);
    this.coder = new HistCoder(this.integer, this.vals.length);
    this.body = { buf: new Uint8Array(body.buf.length + 16), bits: 0 };
    this.lastIdx = -1;
    this.count = 0;
    const v = this.vals;
    let idx = -1;
    for (let k = 0; k < n; k++) {
      idx += r.readBit() === 0 ? 1 : r.readUvarint() + 2;
      const ov = dec.read(r);
      v.fill(0);
      for (let i = 0; i < ov.length; i++) v[to[i]] = ov[i];
      this.writeRaw(idx, v, dec.sum);
    }
  }

  /** bytes returns the column: header (2 bits), kind (1 bit), layout, padded to a byte, then the samples (a copy). */
  bytes(): Uint8Array {
    const head: BitWriterState = { buf: new Uint8Array(64), bits: 0 };
    putLayout(head, this.header, this.integer, this.layout);
    const hl = (head.bits + 7) >>> 3;
    const bl = (this.body.bits + 7) >>> 3;
    const out = new Uint8Array(hl + bl);
    out.set(head.buf.subarray(0, hl));
    out.set(this.body.buf.subarray(0, bl), hl);
    return out;
  }
}
