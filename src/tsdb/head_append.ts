/**
 * HeadAppender buffers one transaction's samples and applies them to the head at commit, so a transaction becomes
 * visible at once. Each append is checked on its own: older than the series' last sample is out of order, the same
 * timestamp with other value bits is a duplicate, and an exact repeat is accepted silently.
 */
import type { Labels } from '../model/labels';
import { AppendError, type Appender, type SeriesRef } from '../model/storage';
import { WORDS, floatWords } from './chunkenc/words';
import { F64_STRIDE, I32_STRIDE, T, VHI, VLO } from './chunkenc/xor';
import type { MemSeries, SeriesColumns } from './memseries';

/** AppenderTarget is the part of the head an appender writes to. */
export interface AppenderTarget {
  readonly cols: SeriesColumns;
  getOrCreate(labels: Labels): MemSeries;
  seriesByRef(ref: SeriesRef): MemSeries | undefined;
  commitSamples(refs: Uint32Array, ts: Float64Array, words: Uint32Array, n: number): void;
}

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

  constructor(private readonly head: AppenderTarget) {
    const b = takeBuffers();
    this.refs = b.refs;
    this.ts = b.ts;
    this.words = b.words;
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef {
    if (this.done) throw new Error('appender: transaction already committed or rolled back');
    const r = ref !== 0 && this.head.seriesByRef(ref) !== undefined ? ref : this.head.getOrCreate(labels).ref;
    floatWords(v);
    const lo = WORDS[0];
    const hi = WORDS[1];
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
      if (sameBits) return r;
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
    return r;
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.head.commitSamples(this.refs, this.ts, this.words, this.n);
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
