/**
 * MemSeries is one series in the head: its labels and its in-memory chunks. All its chunks live back to back in one
 * buffer: the closed ones first, then the open XOR chunk, whose encoder state is kept inline in the object. A cut
 * closes the open chunk as it is (XOR); recode later re-encodes it compactly when that is smaller and shrinks the
 * buffer to fit, so the head can spread that work over several commits. The series' timestamps, last value bits and
 * closed chunk index share one unboxed number array (see NUMS_HEAD), so a series costs one small object, one
 * number array and one typed array, with no boxed heap numbers.
 */
import type { Labels } from '../model/labels';
import type { XORAppenderState } from './chunkenc/xor';
import { compactXOR } from './chunkenc/chunk';
import { COMPACT_TAG } from './chunkenc/compact';
import { XOR_HEADER_BYTES, cutXOR, xorBytes, xorNumSamples } from './chunkenc/xor';
import type { OpenChunk } from './store';

/** ChunkMeta describes a chunk as the querier sees it: its time range and its encoded bytes. */
export interface ChunkMeta {
  minT: number;
  maxT: number;
  bytes: Uint8Array;
}

/**
 * NUMS_HEAD is the number of slots of MemSeries.nums before the closed chunk index: minT, maxT, chunkMinT, vLo, vHi.
 * The closed chunks follow as [minT, maxT, endByte] triples, oldest first.
 */
const NUMS_HEAD = 5;
const MIN_T = 0;
const MAX_T = 1;
const CHUNK_MIN_T = 2;
const V_LO = 3;
const V_HI = 4;

/** MemSeries holds a series' data in the head. */
export class MemSeries implements XORAppenderState {
  buf: Uint8Array = EMPTY;
  bits = XOR_HEADER_BYTES * 8;
  start = 0;
  count = 0;
  tDelta = 0;
  leading = 0xff;
  trailing = 0;
  /** nums holds the numeric state as unboxed doubles: NUMS_HEAD slots, then the closed chunk triples. */
  private nums: number[] = newNums();
  /** pendTx and pendIdx locate the last sample an open transaction added (for per-sample checks). */
  pendTx = 0;
  pendIdx = 0;

  constructor(
    readonly ref: number,
    readonly labels: Labels,
  ) {}

  /** minT bounds every sample the series holds (in memory or persisted) from below; Infinity when empty. */
  get minT(): number {
    return this.nums[MIN_T];
  }

  set minT(v: number) {
    this.nums[MIN_T] = v;
  }

  /** maxT is the series' last timestamp; -Infinity when empty. */
  get maxT(): number {
    return this.nums[MAX_T];
  }

  set maxT(v: number) {
    this.nums[MAX_T] = v;
  }

  /** t is the open chunk's last timestamp, which is always the series' maxT. */
  get t(): number {
    return this.nums[MAX_T];
  }

  set t(v: number) {
    this.nums[MAX_T] = v;
  }

  /** chunkMinT is the open chunk's first timestamp. */
  get chunkMinT(): number {
    return this.nums[CHUNK_MIN_T];
  }

  set chunkMinT(v: number) {
    this.nums[CHUNK_MIN_T] = v;
  }

  /** vLo is the low word of the last value's bits, as a signed 32-bit integer. */
  get vLo(): number {
    return this.nums[V_LO];
  }

  set vLo(v: number) {
    this.nums[V_LO] = v;
  }

  /** vHi is the high word of the last value's bits, as a signed 32-bit integer. */
  get vHi(): number {
    return this.nums[V_HI];
  }

  set vHi(v: number) {
    this.nums[V_HI] = v;
  }

  /** numClosed returns the number of closed chunks in memory. */
  numClosed(): number {
    return (this.nums.length - NUMS_HEAD) / 3;
  }

  /** closedMinT returns the first timestamp of closed chunk i. */
  closedMinT(i: number): number {
    return this.nums[NUMS_HEAD + 3 * i];
  }

  /** closedMaxT returns the last timestamp of closed chunk i. */
  closedMaxT(i: number): number {
    return this.nums[NUMS_HEAD + 3 * i + 1];
  }

  /** closedChunk returns closed chunk i as a view of the buffer (closed bytes are never written again). */
  closedChunk(i: number): ChunkMeta {
    const c = this.nums;
    const at = NUMS_HEAD + 3 * i;
    return { minT: c[at], maxT: c[at + 1], bytes: this.buf.subarray(this.closedStart(i), c[at + 2]) };
  }

  private closedStart(i: number): number {
    return i === 0 ? 0 : this.nums[NUMS_HEAD + 3 * i - 1];
  }

  /** cut closes the open chunk as an XOR chunk in place (the next chunk starts right after it) and returns it. */
  cut(): ChunkMeta {
    const minT = this.chunkMinT;
    const from = this.start;
    const end = cutXOR(this);
    this.nums = pushTriple(this.nums, minT, this.t, end);
    return { minT, maxT: this.t, bytes: this.buf.subarray(from, end) };
  }

  /**
   * recode re-encodes the closed chunk starting at minT in its smallest encoding, shifting the later bytes, and
   * reallocates the buffer to fit (views handed out before stay valid: they keep the old buffer). Returns the chunk,
   * or null when no closed chunk in memory starts at minT.
   */
  recode(minT: number): ChunkMeta | null {
    const i = this.closedIndex(minT);
    if (i < 0) return null;
    const at = NUMS_HEAD + 3 * i;
    const from = this.closedStart(i);
    const old = this.buf.subarray(from, this.nums[at + 2]);
    const best = old[0] === COMPACT_TAG ? old : compactXOR(old);
    const shrink = old.length - best.length;
    const used = this.usedBytes();
    const buf = new Uint8Array(used - shrink + OPEN_ROOM);
    buf.set(this.buf.subarray(0, from));
    buf.set(best, from);
    buf.set(this.buf.subarray(from + old.length, used), from + best.length);
    this.buf = buf;
    const c = this.nums;
    for (let k = at + 2; k < c.length; k += 3) c[k] -= shrink;
    this.start -= shrink;
    this.bits -= shrink * 8;
    return { minT: c[at], maxT: c[at + 1], bytes: buf.subarray(from, from + best.length) };
  }

  /** closedIndex returns the index of the closed chunk starting at minT, or -1. */
  private closedIndex(minT: number): number {
    const c = this.nums;
    for (let k = NUMS_HEAD; k < c.length; k += 3) if (c[k] === minT) return (k - NUMS_HEAD) / 3;
    return -1;
  }

  /** closedBytes returns the current bytes of the closed chunk starting at minT (undefined when not in memory). */
  closedBytes(minT: number): Uint8Array | undefined {
    const i = this.closedIndex(minT);
    return i < 0 ? undefined : this.closedChunk(i).bytes;
  }

  /** usedBytes is the length of the buffer's written part: closed chunks, and the open chunk if it has samples. */
  private usedBytes(): number {
    return this.count > 0 ? (this.bits + 7) >>> 3 : this.start;
  }

  /**
   * resume reopens a checkpointed open chunk of an empty series. The buffer stays a view of the checkpoint record
   * until the next append, which grows it into a buffer of its own (ensureBits always reallocates an exact view).
   */
  resume(o: OpenChunk): void {
    this.buf = o.bytes;
    this.start = 0;
    this.bits = o.bits;
    this.count = xorNumSamples(o.bytes);
    this.chunkMinT = o.minT;
    this.tDelta = o.tDelta;
    this.leading = o.leading;
    this.trailing = o.trailing;
  }

  /** dropClosed forgets the first k closed chunks, compacting the buffer. */
  dropClosed(k: number): void {
    if (k <= 0) return;
    const c = this.nums;
    const off = c[NUMS_HEAD + 3 * k - 1];
    this.buf = this.buf.slice(off, Math.max(this.usedBytes(), off) + OPEN_ROOM);
    const next = c.slice(0, NUMS_HEAD).concat(c.slice(NUMS_HEAD + 3 * k));
    for (let i = NUMS_HEAD + 2; i < next.length; i += 3) next[i] -= off;
    this.nums = next;
    this.start -= off;
    this.bits -= off * 8;
  }

  /** countClosedBefore counts the leading closed chunks whose samples all precede t. */
  countClosedBefore(t: number): number {
    const c = this.nums;
    let k = 0;
    while (NUMS_HEAD + 3 * k < c.length && c[NUMS_HEAD + 3 * k + 1] < t) k++;
    return k;
  }

  /** memFloor is the first timestamp held in memory; older samples are only in persisted chunks. */
  memFloor(): number {
    if (this.nums.length > NUMS_HEAD) return this.nums[NUMS_HEAD];
    return this.count > 0 ? this.chunkMinT : Infinity;
  }

  /** memChunks appends the in-memory chunks overlapping [mint, maxt]: closed ones as views, the open one copied. */
  memChunks(mint: number, maxt: number, out: ChunkMeta[]): void {
    const c = this.nums;
    for (let k = NUMS_HEAD; k < c.length; k += 3) if (c[k + 1] >= mint && c[k] <= maxt) out.push(this.closedChunk((k - NUMS_HEAD) / 3));
    if (this.count > 0 && this.t >= mint && this.chunkMinT <= maxt) out.push({ minT: this.chunkMinT, maxT: this.t, bytes: xorBytes(this) });
  }
}

const EMPTY = new Uint8Array(0);

/** OPEN_ROOM is the room left after the written bytes when a buffer is reallocated to fit. */
const OPEN_ROOM = 24;

/** newNums returns the state of an empty series (a literal of doubles: every series' array has packed doubles). */
function newNums(): number[] {
  return [Infinity, -Infinity, 0, 0, 0];
}

/** pushTriple returns a copy of nums with three more numbers, allocated at its exact size (no growth slack). */
function pushTriple(nums: number[], a: number, b: number, c: number): number[] {
  return nums.concat([a, b, c]);
}
