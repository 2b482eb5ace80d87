/**
 * MemSeries is one series in the head: its labels, its closed in-memory chunks and its open XOR chunk, whose encoder
 * state lives inline in the object (one small object per series, no closures).
 */
import type { Labels } from '../model/labels';
import type { XORAppenderState } from './chunkenc/xor';
import { XOR_HEADER_BYTES, xorBytes } from './chunkenc/xor';

/** HeadChunk is a closed chunk kept in memory. */
export interface HeadChunk {
  readonly minT: number;
  readonly maxT: number;
  readonly bytes: Uint8Array;
}

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
  /** chunks are the closed chunks still in memory, oldest first. */
  chunks: HeadChunk[] = [];
  /** pendTx, pendT, pendLo, pendHi track the last sample an open transaction added (for per-sample checks). */
  pendTx = 0;
  pendT = 0;
  pendLo = 0;
  pendHi = 0;

  constructor(
    readonly ref: number,
    readonly labels: Labels,
  ) {}

  /** memFloor is the first timestamp held in memory; older samples are only in persisted chunks. */
  memFloor(): number {
    if (this.chunks.length > 0) return this.chunks[0].minT;
    return this.count > 0 ? this.chunkMinT : Infinity;
  }

  /** memChunks snapshots the in-memory chunks overlapping [mint, maxt], the open one copied. */
  memChunks(mint: number, maxt: number, out: ChunkMeta[]): void {
    for (const c of this.chunks) if (c.maxT >= mint && c.minT <= maxt) out.push({ minT: c.minT, maxT: c.maxT, bytes: c.bytes });
    if (this.count > 0 && this.t >= mint && this.chunkMinT <= maxt) out.push({ minT: this.chunkMinT, maxT: this.t, bytes: xorBytes(this) });
  }
}

const EMPTY = new Uint8Array(0);
