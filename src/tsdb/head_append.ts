/**
 * HeadAppender buffers one transaction's samples and applies them to the head at commit, so a transaction becomes
 * visible at once. Each append is checked on its own: older than the series' last sample is out of order, the same
 * timestamp with other value bits is a duplicate, and an exact repeat is accepted silently.
 */
import type { Labels } from '../model/labels';
import { AppendError, type Appender, type SeriesRef } from '../model/storage';
import { WORDS, floatWords } from './chunkenc/words';
import type { MemSeries } from './memseries';

/** AppenderTarget is the part of the head an appender writes to. */
export interface AppenderTarget {
  getOrCreate(labels: Labels): MemSeries;
  seriesByRef(ref: SeriesRef): MemSeries | undefined;
  commitSamples(refs: Uint32Array, ts: Float64Array, words: Uint32Array, n: number): void;
}

let nextTx = 1;

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
  private readonly tx = nextTx++;
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
    const s = (ref !== 0 ? this.head.seriesByRef(ref) : undefined) ?? this.head.getOrCreate(labels);
    floatWords(v);
    const lo = WORDS[0];
    const hi = WORDS[1];
    const pending = s.pendTx === this.tx;
    const p = s.pendIdx;
    const lastT = pending ? this.ts[p] : s.maxT;
    if (t <= lastT) {
      if (t < lastT) throw new AppendError('out_of_order', `out of order sample at ${t} (last ${lastT})`);
      const sameBits = pending ? lo === this.words[2 * p] && hi === this.words[2 * p + 1] : (lo | 0) === s.vLo && (hi | 0) === s.vHi;
      if (sameBits) return s.ref;
      throw new AppendError('duplicate', `duplicate sample for timestamp ${t}`);
    }
    const n = this.n;
    s.pendTx = this.tx;
    s.pendIdx = n;
    if (n === this.refs.length) this.grow();
    this.refs[n] = s.ref;
    this.ts[n] = t;
    this.words[2 * n] = lo;
    this.words[2 * n + 1] = hi;
    this.n = n + 1;
    return s.ref;
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
    for (let i = 0; i < this.n; i++) {
      const s = this.head.seriesByRef(this.refs[i]);
      if (s && s.pendTx === this.tx) s.pendTx = 0;
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
