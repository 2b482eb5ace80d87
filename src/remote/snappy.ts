/**
 * snappyEncode compresses with the Snappy block format (no framing), as remote write requires: the uncompressed
 * length as a varint, then literals and copies found by a hash of four-byte sequences within 64 KiB blocks.
 */

const BLOCK = 1 << 16;
const HASH_BITS = 14;
const MIN_MATCH = 4;

function load32(src: Uint8Array, i: number): number {
  return (src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24)) >>> 0;
}

function hash(v: number): number {
  return Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

class Out {
  buf: Uint8Array;
  len = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  byte(b: number): void {
    this.buf[this.len++] = b;
  }
}

function literal(out: Out, src: Uint8Array, from: number, to: number): void {
  const n = to - from - 1;
  if (n < 60) out.byte(n << 2);
  else if (n < 1 << 8) (out.byte(60 << 2), out.byte(n));
  else if (n < 1 << 16) (out.byte(61 << 2), out.byte(n & 0xff), out.byte(n >>> 8));
  else (out.byte(62 << 2), out.byte(n & 0xff), out.byte((n >>> 8) & 0xff), out.byte(n >>> 16));
  out.buf.set(src.subarray(from, to), out.len);
  out.len += to - from;
}

function copy(out: Out, offset: number, length: number): void {
  while (length > 0) {
    // A copy with a 2-byte offset carries 1..64 bytes; keep at least 4 for the last piece.
    const n = length > 64 ? (length - 64 < MIN_MATCH ? 60 : 64) : length;
    out.byte(((n - 1) << 2) | 2);
    out.byte(offset & 0xff);
    out.byte(offset >>> 8);
    length -= n;
  }
}

function compressBlock(out: Out, src: Uint8Array, start: number, end: number): void {
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let lit = start;
  let i = start;
  while (i + MIN_MATCH <= end) {
    const v = load32(src, i);
    const h = hash(v);
    const cand = table[h];
    table[h] = i;
    if (cand >= start && i - cand < BLOCK && load32(src, cand) === v) {
      let n = MIN_MATCH;
      while (i + n < end && src[cand + n] === src[i + n]) n++;
      if (lit < i) literal(out, src, lit, i);
      copy(out, i - cand, n);
      i += n;
      lit = i;
    } else i++;
  }
  if (lit < end) literal(out, src, lit, end);
}

/** snappyEncode returns src compressed in the Snappy block format. */
export function snappyEncode(src: Uint8Array): Uint8Array {
  const out = new Out(32 + src.length + Math.ceil(src.length / 6));
  for (let n = src.length; ; n = Math.floor(n / 0x80)) {
    if (n < 0x80) {
      out.byte(n);
      break;
    }
    out.byte((n % 0x80) | 0x80);
  }
  for (let start = 0; start < src.length; start += BLOCK) compressBlock(out, src, start, Math.min(start + BLOCK, src.length));
  return out.buf.slice(0, out.len);
}
