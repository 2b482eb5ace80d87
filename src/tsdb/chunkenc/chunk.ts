/**
 * Chunks of any encoding: an XOR chunk (the open chunk a series appends to, and every chunk written before compact
 * chunks existed) or a compact chunk (what a full chunk is re-encoded into at cut). The first byte tells them apart.
 */
import { COMPACT_TAG, encodeCompact } from './compact';
import { compactNumSamples, decodeCompact } from './compact_decode';
import type { BitWriterState } from './bitstream';
import { xorNumSamples } from './xor';
import { decodeXOR } from './xor_decode';

/** MAX_XOR_SAMPLES bounds an XOR chunk's count, so that its first byte stays below COMPACT_TAG. */
export const MAX_XOR_SAMPLES = 0x7fff;

/** chunkNumSamples returns the number of samples in a chunk of any encoding. */
export function chunkNumSamples(bytes: Uint8Array): number {
  return bytes.length > 0 && bytes[0] === COMPACT_TAG ? compactNumSamples(bytes) : xorNumSamples(bytes);
}

/**
 * decodeChunk appends the samples of a chunk of any encoding with mint <= t <= maxt to ts and to words (two per
 * value, low first) from index `at`; returns the new count. The arrays must have room for the chunk's samples.
 */
export function decodeChunk(bytes: Uint8Array, mint: number, maxt: number, ts: Float64Array, words: Uint32Array, at: number): number {
  return bytes.length > 0 && bytes[0] === COMPACT_TAG ? decodeCompact(bytes, mint, maxt, ts, words, at) : decodeXOR(bytes, mint, maxt, ts, words, at);
}

let ts = new Float64Array(0);
let vs = new Float64Array(0);
let words = new Uint32Array(0);
const out: BitWriterState = { buf: new Uint8Array(1024), bits: 0 };

/**
 * compactXOR returns the smaller of an XOR chunk and its compact re-encoding: the chunk itself, or the compact bytes
 * in a scratch buffer that the next call overwrites (copy them).
 */
export function compactXOR(xor: Uint8Array): Uint8Array {
  const n = xorNumSamples(xor);
  if (n === 0) return xor;
  if (ts.length < n) {
    ts = new Float64Array(n);
    vs = new Float64Array(n);
    words = new Uint32Array(vs.buffer);
  }
  decodeXOR(xor, -Infinity, Infinity, ts, words, 0);
  out.buf.fill(0, 0, (out.bits + 7) >>> 3);
  out.bits = 0;
  if (!encodeCompact(ts, vs, words, n, out)) return xor;
  const len = (out.bits + 7) >>> 3;
  return len < xor.length ? out.buf.subarray(0, len) : xor;
}
