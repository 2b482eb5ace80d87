/**
 * MemSeries is one series in the head: its labels and its in-memory chunks. All its chunks live back to back in one
 * buffer: the closed ones first, then the open XOR chunk. A cut closes the open chunk as it is (XOR); recode later
 * re-encodes it compactly when that is smaller and shrinks the buffer to fit, so the head can spread that work over
 * several commits. The buffer, the open chunk's encoder state, the last value and the time bounds live in the head's
 * SeriesColumns at the series' ref (typed arrays, no boxed numbers); the object keeps the labels and the closed chunk
 * index (one number array).
 */
import type { Labels } from '../model/labels';
import type { CounterResetHint, FloatHistogram } from '../model/histogram';
import { compactXOR, joinExt, recodeChunk } from './chunkenc/chunk';
import { COMPACT_TAG } from './chunkenc/compact';
import { ExtWriter } from './chunkenc/ext';
import {
  BITS,
  COUNT,
  F64_STRIDE,
  FIRST_T,
  I32_STRIDE,
  LEADING,
  T,
  TRAILING,
  T_DELTA,
  VHI,
  VLO,
  XORStates,
  dropRetiredAt,
  openXORAt,
  retireXORAt,
  retiredXORAt,
  xorBytesAt,
} from './chunkenc/xor';
import type { OpenChunk } from './store';

/** ChunkMeta describes a chunk as the querier sees it: its time range and its encoded bytes. */
export interface ChunkMeta {
  minT: number;
  maxT: number;
  bytes: Uint8Array;
}

/**
 * SeriesColumns holds the hot per-series state of a head as columns indexed by slot: the open chunks' encoder states
 * (see XORStates), each series' first timestamp, and the transaction and index of the last sample an open
 * transaction added for it (pend, two per slot). Appends and commits touch only these arrays, never the series
 * objects. A series gets a slot when it is created (slotOf maps its ref to it); a removed series' slot is reused, so
 * the columns stay as large as the live series however many come and go. Slots are handed out in ref order until
 * series are removed, so a scrape, which appends in ref order, reads the columns in order.
 */
export class SeriesColumns {
  readonly xor = new XORStates();
  minT = new Float64Array(0);
  pend = new Int32Array(0);
  /** slotOf maps a series ref to its slot (-1: none). */
  slotOf = new Int32Array(0);
  private readonly free: number[] = [];
  private slots = 0;

  /** take gives series ref a slot in its initial state and returns it. */
  take(ref: number): number {
    if (ref >= this.slotOf.length) {
      const next = new Int32Array(Math.max(ref + 1, this.slotOf.length * 2, 64)).fill(-1);
      next.set(this.slotOf);
      this.slotOf = next;
    }
    if (this.slotOf[ref] >= 0) return this.slotOf[ref];
    const slot = this.free.length > 0 ? this.free.pop()! : this.slots++;
    this.reserve(slot + 1);
    this.slotOf[ref] = slot;
    return slot;
  }

  /** release resets the slot of a removed series for reuse, letting its chunk regions go. */
  release(ref: number): void {
    const slot = ref < this.slotOf.length ? this.slotOf[ref] : -1;
    if (slot < 0) return;
    this.slotOf[ref] = -1;
    this.xor.reset(slot);
    this.minT[slot] = Infinity;
    this.pend[2 * slot] = 0;
    this.pend[2 * slot + 1] = 0;
    this.free.push(slot);
  }

  /** reserve makes room for slots below n. */
  private reserve(n: number): void {
    if (n <= this.xor.capacity) return;
    const old = this.xor.capacity;
    this.xor.reserve(n);
    const cap = this.xor.capacity;
    const minT = new Float64Array(cap);
    minT.set(this.minT);
    minT.fill(Infinity, old);
    this.minT = minT;
    const pend = new Int32Array(cap * 2);
    pend.set(this.pend);
    this.pend = pend;
  }
}

/** MemSeries holds a series' data in the head: its labels, its closed chunk index, and its slot of SeriesColumns. */
export class MemSeries {
  /** closed holds the closed chunks in memory as [minT, maxT, endByte] triples, oldest first. */
  private closed: number[] = NO_CHUNKS;
  /** chunks holds the closed chunks' bytes back to back, at its exact size (the open chunk lives in the columns). */
  private chunks: Uint8Array = EMPTY;
  /** ext holds the open chunk's histograms and start timestamps (null while it has none). */
  private ext: ExtWriter | null = null;
  /** retiredExt holds the retired chunk's extension section, joined to the chunk when it is settled into the buffer. */
  private retiredExt: ExtWriter | null = null;
  /**
   * lastHistogram is the series' last histogram sample, consulted only while its last sample is a histogram (for
   * duplicate checks and counter reset hints).
   */
  lastHistogram: FloatHistogram | undefined;

  constructor(
    readonly ref: number,
    readonly labels: Labels,
    private readonly cols: SeriesColumns,
    /** slot is the series' index in the columns (see SeriesColumns.take). */
    readonly slot: number,
  ) {}

  /** minT bounds every sample the series holds (in memory or persisted) from below; Infinity when empty. */
  get minT(): number {
    return this.cols.minT[this.slot];
  }

  set minT(v: number) {
    this.cols.minT[this.slot] = v;
  }

  /** maxT is the series' last timestamp (the open chunk's last one); -Infinity when empty. */
  get maxT(): number {
    return this.cols.xor.f64[this.slot * F64_STRIDE + T];
  }

  set maxT(v: number) {
    this.cols.xor.f64[this.slot * F64_STRIDE + T] = v;
  }

  /** chunkMinT is the open chunk's first timestamp. */
  get chunkMinT(): number {
    return this.cols.xor.f64[this.slot * F64_STRIDE + FIRST_T];
  }

  /** vLo is the low word of the last value's bits, as a signed 32-bit integer. */
  get vLo(): number {
    return this.cols.xor.i32[this.slot * I32_STRIDE + VLO];
  }

  set vLo(v: number) {
    this.cols.xor.i32[this.slot * I32_STRIDE + VLO] = v;
  }

  /** vHi is the high word of the last value's bits, as a signed 32-bit integer. */
  get vHi(): number {
    return this.cols.xor.i32[this.slot * I32_STRIDE + VHI];
  }

  set vHi(v: number) {
    this.cols.xor.i32[this.slot * I32_STRIDE + VHI] = v;
  }

  /** count is the number of samples in the open chunk. */
  get count(): number {
    return this.cols.xor.i32[this.slot * I32_STRIDE + COUNT];
  }

  /** pendTx is the open transaction that last added a sample to the series (0: none). */
  get pendTx(): number {
    return this.cols.pend[2 * this.slot];
  }

  /** openState returns what a checkpoint keeps of the open chunk, or null when it has no samples. */
  openState(): OpenChunk | null {
    const x = this.cols.xor;
    const wi = this.slot * I32_STRIDE;
    if (x.i32[wi + COUNT] === 0) return null;
    const fi = this.slot * F64_STRIDE;
    const o: OpenChunk = {
      minT: x.f64[fi + FIRST_T],
      maxT: x.f64[fi + T],
      bytes: xorBytesAt(x, this.slot),
      bits: x.i32[wi + BITS],
      tDelta: x.f64[fi + T_DELTA],
      leading: x.i32[wi + LEADING],
      trailing: x.i32[wi + TRAILING],
    };
    if (this.ext !== null) o.ext = this.ext.bytes();
    return o;
  }

  /** openHoldsHistograms reports whether the open chunk holds a histogram sample. */
  openHoldsHistograms(): boolean {
    return this.ext !== null && this.ext.holdsHistograms();
  }

  /**
   * histCutFor returns the counter reset header of the new chunk histogram h needs, or null when the open chunk can
   * take it (or holds no histogram); lastStale says the series' last sample is a stale marker.
   */
  histCutFor(h: FloatHistogram, lastStale: boolean): CounterResetHint | null {
    return this.ext === null ? null : this.ext.cutFor(h, lastStale);
  }

  /**
   * pushExt records the start timestamp and histogram of the sample about to be appended to the open chunk (the
   * caller appends its value after this: the placeholder for a histogram); header is the chunk's counter reset
   * header when h is its first histogram.
   */
  pushExt(st: number, h: FloatHistogram | undefined, header: CounterResetHint = 'unknown'): void {
    (this.ext ??= new ExtWriter(true)).push(this.count, st, h, header);
  }

  /** buf is the buffer holding the series' closed chunks in memory. */
  get buf(): Uint8Array {
    return this.chunks;
  }

  /** numClosed returns the number of closed chunks in memory. */
  numClosed(): number {
    return this.closed.length / 3;
  }

  /** closedMinT returns the first timestamp of closed chunk i. */
  closedMinT(i: number): number {
    return this.closed[3 * i];
  }

  /** closedMaxT returns the last timestamp of closed chunk i. */
  closedMaxT(i: number): number {
    return this.closed[3 * i + 1];
  }

  /** closedChunk returns closed chunk i as a view (closed bytes are never written again). */
  closedChunk(i: number): ChunkMeta {
    const c = this.closed;
    const at = 3 * i;
    const retired = at + 3 === c.length ? retiredXORAt(this.cols.xor, this.slot) : null;
    if (retired !== null && this.retiredExt !== null) return { minT: c[at], maxT: c[at + 1], bytes: joinExt(retired, this.retiredExt.bytes()) };
    return { minT: c[at], maxT: c[at + 1], bytes: retired ?? this.chunks.subarray(this.closedStart(i), c[at + 2]) };
  }

  private closedStart(i: number): number {
    return i === 0 ? 0 : this.closed[3 * i - 1];
  }

  /** cut closes the open chunk as it is (the retired chunk) and returns its time range. */
  cut(): { minT: number; maxT: number } {
    const minT = this.chunkMinT;
    const maxT = this.maxT;
    const x = this.cols.xor;
    const prev = retiredXORAt(x, this.slot);
    if (prev !== null) this.settleRetired(this.withRetiredExt(prev));
    retireXORAt(x, this.slot);
    this.closed = pushTriple(this.closed, minT, maxT, this.chunks.length);
    // The open chunk's extension section retires with it, as it is: the two are joined when the chunk is settled.
    this.retiredExt = this.ext;
    this.ext = null;
    return { minT, maxT };
  }

  /** withRetiredExt joins the retired chunk's float part (as it is, or re-encoded) to its extension section, if any. */
  private withRetiredExt(float: Uint8Array): Uint8Array {
    const ext = this.retiredExt;
    if (ext === null) return float;
    this.retiredExt = null;
    return joinExt(float, ext.bytes());
  }

  /** settleRetired moves the retired chunk (the newest closed one) into the closed chunks' buffer as it is. */
  private settleRetired(bytes: Uint8Array): void {
    const from = this.chunks.length;
    const chunks = new Uint8Array(from + bytes.length);
    chunks.set(this.chunks);
    chunks.set(bytes, from);
    this.chunks = chunks;
    this.closed[this.closed.length - 1] = chunks.length;
    dropRetiredAt(this.cols.xor, this.slot);
  }

  /**
   * recode re-encodes the closed chunk starting at minT in its smallest encoding, shifting the later bytes, in a new
   * buffer of the exact size (views handed out before stay valid: they keep the old buffer). Returns the chunk,
   * or null when no closed chunk in memory starts at minT.
   */
  recode(minT: number): ChunkMeta | null {
    const i = this.closedIndex(minT);
    if (i < 0) return null;
    const at = 3 * i;
    const from = this.closedStart(i);
    const retired = at + 3 === this.closed.length ? retiredXORAt(this.cols.xor, this.slot) : null;
    if (retired !== null) {
      this.settleRetired(this.withRetiredExt(retired[0] === COMPACT_TAG ? retired : compactXOR(retired)));
      return { minT: this.closed[at], maxT: this.closed[at + 1], bytes: this.chunks.subarray(from) };
    }
    const old = this.chunks.subarray(from, this.closed[at + 2]);
    const best = recodeChunk(old);
    const shrink = old.length - best.length;
    if (shrink === 0) return { minT: this.closed[at], maxT: this.closed[at + 1], bytes: old };
    const used = this.chunks.length;
    const buf = new Uint8Array(used - shrink);
    buf.set(this.chunks.subarray(0, from));
    buf.set(best, from);
    buf.set(this.chunks.subarray(from + old.length, used), from + best.length);
    this.chunks = buf;
    const c = this.closed;
    for (let k = at + 2; k < c.length; k += 3) c[k] -= shrink;
    return { minT: c[at], maxT: c[at + 1], bytes: buf.subarray(from, from + best.length) };
  }

  /** closedIndex returns the index of the closed chunk starting at minT, or -1. */
  private closedIndex(minT: number): number {
    const c = this.closed;
    for (let k = 0; k < c.length; k += 3) if (c[k] === minT) return k / 3;
    return -1;
  }

  /** closedBytes returns the current bytes of the closed chunk starting at minT (undefined when not in memory). */
  closedBytes(minT: number): Uint8Array | undefined {
    const i = this.closedIndex(minT);
    return i < 0 ? undefined : this.closedChunk(i).bytes;
  }

  /** resume reopens a checkpointed open chunk (copying its bytes) of a series whose maxT is set. */
  resume(o: OpenChunk): void {
    const maxT = this.maxT;
    openXORAt(this.cols.xor, this.slot, o.bytes, o);
    this.maxT = maxT;
    this.ext = o.ext && o.ext.length > 0 ? ExtWriter.fromSection(o.ext) : null;
    this.lastHistogram = this.ext?.last;
  }

  /** dropClosed forgets the first k closed chunks, compacting the buffer. */
  dropClosed(k: number): void {
    if (k <= 0) return;
    const c = this.closed;
    if (3 * k === c.length) {
      dropRetiredAt(this.cols.xor, this.slot);
      this.retiredExt = null;
    }
    const off = c[3 * k - 1];
    this.chunks = this.chunks.slice(off);
    const next = 3 * k === c.length ? NO_CHUNKS : c.slice(3 * k);
    for (let i = 2; i < next.length; i += 3) next[i] -= off;
    this.closed = next;
  }

  /** countClosedBefore counts the leading closed chunks whose samples all precede t. */
  countClosedBefore(t: number): number {
    const c = this.closed;
    let k = 0;
    while (3 * k < c.length && c[3 * k + 1] < t) k++;
    return k;
  }

  /** memFloor is the first timestamp held in memory; older samples are only in persisted chunks. */
  memFloor(): number {
    if (this.closed.length > 0) return this.closed[0];
    return this.count > 0 ? this.chunkMinT : Infinity;
  }

  /** memChunks appends the in-memory chunks overlapping [mint, maxt]: closed ones as views, the open one copied. */
  memChunks(mint: number, maxt: number, out: ChunkMeta[]): void {
    const c = this.closed;
    for (let k = 0; k < c.length; k += 3) if (c[k + 1] >= mint && c[k] <= maxt) out.push(this.closedChunk(k / 3));
    if (this.count > 0 && this.maxT >= mint && this.chunkMinT <= maxt) {
      const bytes = xorBytesAt(this.cols.xor, this.slot);
      out.push({ minT: this.chunkMinT, maxT: this.maxT, bytes: this.ext === null ? bytes : joinExt(bytes, this.ext.bytes()) });
    }
  }
}

const EMPTY = new Uint8Array(0);


/** NO_CHUNKS is the closed chunk index of a series with none (shared: never written). */
const NO_CHUNKS: number[] = [];

/** pushTriple returns a copy of a closed chunk index with three more numbers, at its exact size (no growth slack). */
function pushTriple(closed: number[], a: number, b: number, c: number): number[] {
  return closed.length === 0 ? [a, b, c] : closed.concat([a, b, c]);
}
