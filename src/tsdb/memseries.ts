/**
 * MemSeries is one series in the head: its labels and its in-memory chunks. All its chunks live back to back in one
 * buffer: the closed ones first (indexed by [minT, maxT, endByte] triples), then the open XOR chunk, whose encoder
 * state is kept inline in the object. A cut re-encodes the open chunk compactly when that is smaller and shrinks the
 * buffer to fit. One small object and one typed array per series, no closures.
 */
import type { Labels } from '../model/labels';
import type { XORAppenderState } from './chunkenc/xor';
import { compactXOR } from './chunkenc/chunk';
import { XOR_HEADER_BYTES, cutXOR, xorBytes, xorNumSamples } from './chunkenc/xor';
import type { OpenChunk } from './store';

/** ChunkMeta describes a chunk as the querier sees it: its time range and its encoded bytes. */
export interface ChunkMeta {
  minT: number;
  maxT: number;
  bytes: Uint8Array;
}

/** MemSeries holds a series' data in the head. */
export class MemSeries implements XORAppenderState {
  buf: Uint8Array = EMPTY;
  bits = XOR_HEADER_BYTES * 8;
  start = 0;
  count = 0;
  tDelta = 0;
  vLo = 0;
  vHi = 0;
  leading = 0xff;
  trailing = 0;
  /** chunkMinT is the open chunk's first timestamp. */
  chunkMinT = 0;
  /** minT and maxT bound every sample the series holds (in memory or persisted); maxT is -Infinity when empty. */
  minT = Infinity;
  maxT = -Infinity;
  /** closed indexes the closed in-memory chunks, oldest first, as [minT, maxT, endByte] triples. */
  closed: number[] = [];
  /** pendTx and pendIdx locate the last sample an open transaction added (for per-sample checks). */
  pendTx = 0;
  pendIdx = 0;

  constructor(
    readonly ref: number,
    readonly labels: Labels,
  ) {}

  /** t is the open chunk's last timestamp, which is always the series' maxT (one field fewer per series). */
  get t(): number {
    return this.maxT;
  }

  set t(v: number) {
    this.maxT = v;
  }

  /** numClosed returns the number of closed chunks in memory. */
  numClosed(): number {
    return this.closed.length / 3;
  }

  /** closedChunk returns closed chunk i as a view of the buffer (closed bytes are never written again). */
  closedChunk(i: number): ChunkMeta {
    const c = this.closed;
    const from = i === 0 ? 0 : c[3 * i - 1];
    return { minT: c[3 * i], maxT: c[3 * i + 1], bytes: this.buf.subarray(from, c[3 * i + 2]) };
  }

  /**
   * cut closes the open chunk, keeping it in its smallest encoding, and returns it. The buffer is reallocated to fit
   * (views of older closed chunks handed out before stay valid: their bytes never change).
   */
  cut(): ChunkMeta {
    const minT = this.chunkMinT;
    const from = this.start;
    const best = compactXOR(this.buf.subarray(from, cutXOR(this)));
    const end = from + best.length;
    const buf = new Uint8Array(end + OPEN_ROOM);
    buf.set(this.buf.subarray(0, from));
    buf.set(best, from);
    this.buf = buf;
    this.start = end;
    this.bits = (end + XOR_HEADER_BYTES) * 8;
    this.closed = pushTriple(this.closed, minT, this.t, end);
    return { minT, maxT: this.t, bytes: buf.subarray(from, end) };
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
    const c = this.closed;
    const off = c[3 * k - 1];
    const used = this.count > 0 ? (this.bits + 7) >>> 3 : this.start;
    this.buf = this.buf.slice(off, Math.max(used, off) + 32);
    this.closed = c.slice(3 * k);
    for (let i = 2; i < this.closed.length; i += 3) this.closed[i] -= off;
    this.start -= off;
    this.bits -= off * 8;
  }

  /** memFloor is the first timestamp held in memory; older samples are only in persisted chunks. */
  memFloor(): number {
    if (this.closed.length > 0) return this.closed[0];
    return this.count > 0 ? this.chunkMinT : Infinity;
  }

  /** memChunks appends the in-memory chunks overlapping [mint, maxt]: closed ones as views, the open one copied. */
  memChunks(mint: number, maxt: number, out: ChunkMeta[]): void {
    const c = this.closed;
    for (let i = 0; i < c.length; i += 3) if (c[i + 1] >= mint && c[i] <= maxt) out.push(this.closedChunk(i / 3));
    if (this.count > 0 && this.t >= mint && this.chunkMinT <= maxt) out.push({ minT: this.chunkMinT, maxT: this.t, bytes: xorBytes(this) });
  }
}

const EMPTY = new Uint8Array(0);

/** OPEN_ROOM is the room left after the closed chunks at a cut: the next chunk's header and first sample. */
const OPEN_ROOM = 24;

/** pushTriple returns a copy of list with three more numbers, allocated at its exact size (no growth slack). */
function pushTriple(list: number[], a: number, b: number, c: number): number[] {
  const n = list.length;
  const out = new Array<number>(n + 3);
  for (let i = 0; i < n; i++) out[i] = list[i];
  out[n] = a;
  out[n + 1] = b;
  out[n + 2] = c;
  return out;
}
