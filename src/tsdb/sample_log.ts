/** SampleLogBuffer: the growable log of samples committed since the last flush (see the `log` store). */
import type { FloatHistogram } from '../model/histogram';
import { ExtWriter } from './chunkenc/ext';
import type { SampleLog } from './store';

/** SampleLogBuffer collects the samples committed since the last flush. */
export class SampleLogBuffer {
  private refs = new Uint32Array(1024);
  private ts = new Float64Array(1024);
  private words = new Uint32Array(2048);
  private n = 0;
  private ext: ExtWriter | null = null;

  /** push appends one sample. */
  push(ref: number, t: number, lo: number, hi: number): void {
    const n = this.n;
    if (n === this.refs.length) this.grow();
    this.refs[n] = ref;
    this.ts[n] = t;
    this.words[2 * n] = lo;
    this.words[2 * n + 1] = hi;
    this.n = n + 1;
  }

  /** pushExt records the start timestamp and histogram of the sample pushed last. */
  pushExt(st: number, h: FloatHistogram | undefined): void {
    (this.ext ??= new ExtWriter(false)).push(this.n - 1, st, h);
  }

  /** take returns the collected samples and starts over. */
  take(): SampleLog {
    const out: SampleLog = { refs: this.refs.slice(0, this.n), ts: this.ts.slice(0, this.n), words: this.words.slice(0, 2 * this.n) };
    if (this.ext !== null) out.ext = this.ext.bytes();
    this.ext = null;
    this.n = 0;
    return out;
  }

  private grow(): void {
    const refs = new Uint32Array(this.refs.length * 2);
    refs.set(this.refs);
    const ts = new Float64Array(this.ts.length * 2);
    ts.set(this.ts);
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.refs = refs;
    this.ts = ts;
    this.words = words;
  }
}
