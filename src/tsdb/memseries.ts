/**
 * MemSeries is one series in the head: its labels and its in-memory chunks. All its chunks live back to back in one
 * buffer: the closed ones first (indexed by [minT, maxT, endByte] triples), then the open XOR chunk, whose encoder
 * state is kept inline in the object. One small object and one typed array per series, no closures.
 */
import type { Labels } from '../model/labels';
import type { XORAppenderState } from './chunkenc/xor';
import { XOR_HEADER_BYTES, cutXOR, xorBytes } from './chunkenc/xor';

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
  t = 0;
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

  /** cut closes the open chunk and returns it. */
  cut(): ChunkMeta {
    const minT = this.chunkMinT;
    const from = this.start;
    const end = cutXOR(this);
    this.closed.push(minT, this.t, end);
    return { minT, maxT: this.t, bytes: this.buf.subarray(from, end) };
  }

  /** addClosed appends an already encoded chunk as a closed chunk (the open chunk must be empty). */
  addClosed(c: ChunkMeta): void {
    const next = new Uint8Array(this.start + c.bytes.length + 64);
    next.set(this.buf.subarray(0, this.start));
    next.set(c.bytes, this.start);
    this.buf = next;
    this.closed.push(c.minT, c.maxT, this.start + c.bytes.length);
    this.start += c.bytes.length;
    this.bits = (this.start + XOR_HEADER_BYTES) * 8;
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
