/**
 * HeadAppender buffers one transaction's samples and applies them to the head at commit, so a transaction becomes
 * visible at once. Each append is checked on its own: older than the series' last sample is out of order, the same
 * timestamp with other value bits (or another histogram) is a duplicate, and an exact repeat is accepted silently.
 * A histogram sample is buffered as the placeholder value with its histogram beside it (see chunkenc/ext.ts).
 */
import { histogramsEqual, type FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import { AppendError, type Appender, type SeriesRef } from '../model/storage';
import { STALE_NAN, isStaleNaN } from '../model/value';
import { HIST_HI, HIST_LO, histogramProblem } from './chunkenc/ext';
import { WORDS, floatWords } from './chunkenc/words';
import { F64_STRIDE, I32_STRIDE, T, VHI, VLO } from './chunkenc/xor';
import type { MemSeries, SeriesColumns } from './memseries';

/** AppenderTarget is the part of the head an appender writes to. */
export interface AppenderTarget {
  readonly cols: SeriesColumns;
  getOrCreate(labels: Labels): MemSeries;
  seriesByRef(ref: SeriesRef): MemSeries | undefined;
  commitSamples(refs: Uint32Array, ts: Float64Array, words: Uint32Array, n: number, ext: ExtBatch | null): void;
}

/** ExtBatch lists a transaction's samples that carry a histogram or a start timestamp: indices ascending, parallel. */
export interface ExtBatch {
  at: number[];
  st: number[];
  h: (FloatHistogram | undefined)[];
}

/** CANONICAL_NAN_HI is the high word of the NaN a float append stores instead of the histogram placeholder's bits. */
const CANONICAL_NAN_HI = 0x7ff80000;

/** nextTx numbers transactions (positive 31-bit integers, as the columns keep them), wrapping around. */
let nextTx = 1;

function takeTx(): number {
  const tx = nextTx;
  nextTx = tx === 0x7fffffff ? 1 : tx + 1;
  return tx;
}

interface Buffers {
  refs: Uint32Array;
  ts: Float64Array;
  words: Uint32Array;
}

/** spare keeps the buffers of the last finished transaction, so the next one (the next scrape) need not grow. */
let spare: Buffers | null = null;

function takeBuffers(): Buffers {
  const b = spare ?? { refs: new Uint32Array(64), ts: new Float64Array(64), words: new Uint32Array(128) };
  spare = null;
  return b;
}

/** HeadAppender is the head's per-transaction Appender. */
export class HeadAppender implements Appender {
  private readonly tx = takeTx();
  private n = 0;
  private refs: Uint32Array;
  private ts: Float64Array;
  private words: Uint32Array;
  private done = false;
  private ext: ExtBatch | null = null;

  constructor(private readonly head: AppenderTarget) {
    const b = takeBuffers();
    this.refs = b.refs;
    this.ts = b.ts;
    this.words = b.words;
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number, st = 0): SeriesRef {
    floatWords(v);
    let lo = WORDS[0];
    let hi = WORDS[1];
    if (lo === HIST_LO && hi === HIST_HI) {
      lo = 0;
      hi = CANONICAL_NAN_HI;
    }
    return this.add(ref, labels, t, lo, hi, st, undefined);
  }

  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: FloatHistogram, st = 0): SeriesRef {
    if (isStaleNaN(h.sum)) return this.append(ref, labels, t, STALE_NAN, st);
    const problem = histogramProblem(h);
    if (problem) throw new AppendError('invalid_histogram', `invalid native histogram: ${problem}`);
    return this.add(ref, labels, t, HIST_LO, HIST_HI, st, h);
  }

  private add(ref: SeriesRef, labels: Labels, t: number, lo: number, hi: number, st: number, h: FloatHistogram | undefined): SeriesRef {
    if (this.done) throw new Error('appender: transaction already committed or rolled back');
    const r = ref !== 0 && this.head.seriesByRef(ref) !== undefined ? ref : this.head.getOrCreate(labels).ref;
    const cols = this.head.cols;
    const pend = cols.pend;
    const slot = cols.slotOf[r];
    const pending = pend[2 * slot] === this.tx;
    const p = pend[2 * slot + 1];
    const lastT = pending ? this.ts[p] : cols.xor.f64[slot * F64_STRIDE + T];
    if (t <= lastT) {
      if (t < lastT) throw new AppendError('out_of_order', `out of order sample at ${t} (last ${lastT})`);
      const i32 = cols.xor.i32;
      const sameBits = pending
        ? lo === this.words[2 * p] && hi === this.words[2 * p + 1]
        : (lo | 0) === i32[slot * I32_STRIDE + VLO] && (hi | 0) === i32[slot * I32_STRIDE + VHI];
      if (sameBits && (h === undefined || this.sameHistogram(r, pending ? p : -1, h))) return r;
      throw new AppendError('duplicate', `duplicate sample for timestamp ${t}`);
    }
    const n = this.n;
    pend[2 * slot] = this.tx;
    pend[2 * slot + 1] = n;
    if (n === this.refs.length) this.grow();
    this.refs[n] = r;
    this.ts[n] = t;
    this.words[2 * n] = lo;
    this.words[2 * n + 1] = hi;
    this.n = n + 1;
    if (st !== st || st === Infinity || st === -Infinity) st = 0;
    if (st !== 0 || h !== undefined) {
      const ext = (this.ext ??= { at: [], st: [], h: [] });
      ext.at.push(n);
      ext.st.push(st);
      ext.h.push(h);
    }
    return r;
  }

  /** sameHistogram reports whether h equals the series' last histogram: pending sample p, or the committed one (p < 0). */
  private sameHistogram(ref: SeriesRef, p: number, h: FloatHistogram): boolean {
    let last: FloatHistogram | undefined;
    if (p >= 0) {
      const k = this.ext?.at.indexOf(p) ?? -1;
      last = k >= 0 ? this.ext!.h[k] : undefined;
    } else last = this.head.seriesByRef(ref)?.lastHistogram;
    return last !== undefined && histogramsEqual(last, h);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.head.commitSamples(this.refs, this.ts, this.words, this.n, this.ext);
    this.release();
  }

  rollback(): void {
    if (this.done) return;
    this.done = true;
    const { pend, slotOf } = this.head.cols;
    for (let i = 0; i < this.n; i++) {
      const slot = slotOf[this.refs[i]];
      if (slot >= 0 && pend[2 * slot] === this.tx) pend[2 * slot] = 0;
    }
    this.release();
  }

  private release(): void {
    this.n = 0;
    this.ext = null;
    if (spare === null || spare.refs.length < this.refs.length) spare = { refs: this.refs, ts: this.ts, words: this.words };
    this.refs = new Uint32Array(0);
    this.ts = new Float64Array(0);
    this.words = new Uint32Array(0);
  }

  private grow(): void {
    const size = this.refs.length * 2;
    const refs = new Uint32Array(size);
    refs.set(this.refs);
    const ts = new Float64Array(size);
    ts.set(this.ts);
    const words = new Uint32Array(size * 2);
    words.set(this.words);
    this.refs = refs;
    this.ts = ts;
    this.words = words;
  }
}
