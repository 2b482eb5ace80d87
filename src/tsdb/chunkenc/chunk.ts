/**
 * Chunks of any encoding: an XOR chunk (the open chunk a series appends to, and every chunk written before compact
 * chunks existed), a compact chunk (what a full chunk is re-encoded into at cut), or an extended chunk: one of those
 * two followed by an extension section (ext.ts) with native histograms and start timestamps. The first byte tells
 * them apart.
 */
import type { FloatHistogram } from '../../model/histogram';
import { COMPACT_TAG, encodeCompact } from './compact';
import { compactNumSamples, decodeCompact } from './compact_decode';
import { BitReader, putUvarint, type BitWriterState } from './bitstream';
import { decodeExtColumns } from './ext';
import { xorNumSamples } from './xor';
import { decodeXOR } from './xor_decode';

/** EXT_TAG is the first byte of an extended chunk: then uvarint length of the float chunk, the float chunk, the section. */
export const EXT_TAG = 0x82;

/** ExtSink receives what extended chunks hold beyond floats, parallel to the decoded samples (allocated when needed). */
export interface ExtSink {
  /** cap is the size to allocate the arrays with (the samples' arrays' size). */
  cap: number;
  hist: (FloatHistogram | undefined)[] | null;
  st: Float64Array | null;
}

/** isExtChunk reports whether a chunk is an extended chunk. */
export function isExtChunk(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === EXT_TAG;
}

/** extParts splits an extended chunk into its float chunk and its extension section (views). */
export function extParts(bytes: Uint8Array): { float: Uint8Array; ext: Uint8Array } {
  const r = new BitReader(bytes, 8);
  const len = r.readUvarint();
  const at = r.pos >>> 3;
  if (at + len > bytes.length) throw new RangeError('chunk: extended chunk shorter than its float part');
  return { float: bytes.subarray(at, at + len), ext: bytes.subarray(at + len) };
}

/** joinExt builds an extended chunk from a float chunk and an extension section. */
export function joinExt(float: Uint8Array, ext: Uint8Array): Uint8Array {
  const head: BitWriterState = { buf: new Uint8Array(16), bits: 0 };
  putUvarint(head, float.length);
  const hl = head.bits >>> 3;
  const out = new Uint8Array(1 + hl + float.length + ext.length);
  out[0] = EXT_TAG;
  out.set(head.buf.subarray(0, hl), 1);
  out.set(float, 1 + hl);
  out.set(ext, 1 + hl + float.length);
  return out;
}

/** recodeChunk returns a chunk's smallest encoding: compactXOR of an XOR chunk, of an extended chunk's float part. */
export function recodeChunk(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0 || bytes[0] === COMPACT_TAG) return bytes;
  if (bytes[0] !== EXT_TAG) return compactXOR(bytes);
  const { float, ext } = extParts(bytes);
  if (float.length === 0 || float[0] === COMPACT_TAG) return bytes;
  const best = compactXOR(float);
  return best === float ? bytes : joinExt(best, ext);
}

let extTs = new Float64Array(0);
let extWords = new Uint32Array(0);
let extSt = new Float64Array(0);
const extHist: (FloatHistogram | undefined)[] = [];

/**
 * decodeExtChunk decodes an extended chunk like decodeChunk, and fills sink (when given) with its histograms and
 * start timestamps at the output positions; a histogram sample's value becomes 0.
 */
function decodeExtChunk(bytes: Uint8Array, mint: number, maxt: number, ts: Float64Array, words: Uint32Array, at: number, sink?: ExtSink): number {
  const { float, ext } = extParts(bytes);
  const n = float.length > 0 && float[0] === COMPACT_TAG ? compactNumSamples(float) : xorNumSamples(float);
  if (extTs.length < n) {
    extTs = new Float64Array(n);
    extWords = new Uint32Array(2 * n);
    extSt = new Float64Array(n);
  }
  decodeChunk(float, -Infinity, Infinity, extTs, extWords, 0);
  const { runs, hists } = decodeExtColumns(ext);
  extSt.fill(0, 0, n);
  for (const r of runs) extSt.fill(r.st, r.start, Math.min(n, r.start + r.len));
  extHist.length = 0;
  extHist.length = n;
  for (const e of hists) if (e.idx < n) extHist[e.idx] = e.h;
  let out = at;
  for (let i = 0; i < n; i++) {
    const t = extTs[i];
    if (t < mint || t > maxt) continue;
    ts[out] = t;
    const h = extHist[i];
    if (h) {
      words[2 * out] = 0;
      words[2 * out + 1] = 0;
      if (sink) (sink.hist ??= new Array<FloatHistogram | undefined>(sink.cap).fill(undefined))[out] = h;
    } else {
      words[2 * out] = extWords[2 * i];
      words[2 * out + 1] = extWords[2 * i + 1];
    }
    if (sink && extSt[i] !== 0) (sink.st ??= new Float64Array(sink.cap))[out] = extSt[i];
    out++;
  }
  extHist.length = 0;
  return out;
}

/** MAX_XOR_SAMPLES bounds an XOR chunk's count, so that its first byte stays below COMPACT_TAG. */
export const MAX_XOR_SAMPLES = 0x7fff;

/** chunkNumSamples returns the number of samples in a chunk of any encoding. */
export function chunkNumSamples(bytes: Uint8Array): number {
  if (bytes.length > 0 && bytes[0] === EXT_TAG) return chunkNumSamples(extParts(bytes).float);
  return bytes.length > 0 && bytes[0] === COMPACT_TAG ? compactNumSamples(bytes) : xorNumSamples(bytes);
}

/**
 * decodeChunk appends the samples of a chunk of any encoding with mint <= t <= maxt to ts and to words (two per
 * value, low first) from index `at`; returns the new count. The arrays must have room for the chunk's samples. The
 * histograms and start timestamps of an extended chunk go to sink (a histogram sample's value is 0). floats, when
 * given, is a Float64Array over words' buffer that plain doubles may be stored through.
 */
export function decodeChunk(
  bytes: Uint8Array,
  mint: number,
  maxt: number,
  ts: Float64Array,
  words: Uint32Array,
  at: number,
  sink?: ExtSink,
  floats?: Float64Array,
): number {
  if (bytes.length > 0 && bytes[0] === EXT_TAG) return decodeExtChunk(bytes, mint, maxt, ts, words, at, sink);
  return bytes.length > 0 && bytes[0] === COMPACT_TAG ? decodeCompact(bytes, mint, maxt, ts, words, at, floats) : decodeXOR(bytes, mint, maxt, ts, words, at);
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
