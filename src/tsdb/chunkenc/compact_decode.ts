/**
 * decodeCompact: reading a compact chunk (see compact.ts for the format), column by column: all timestamps, then
 * all values, each in a tight loop over a 32-bit window of the bit stream.
 */
import { peek32, unzigzag } from './bitstream';
import { COMPACT_TAG, POW10, VALUE_MODE } from './compact';
import { RESIDUAL_ALL_ZERO } from './residual';

/** pos is the read position, shared by the helpers below (one decode at a time: JS is single-threaded). */
let pos = 0;

function readBits(buf: Uint8Array, n: number): number {
  if (n === 0) return 0;
  if (n <= 32) {
    const v = peek32(buf, pos) >>> (32 - n);
    pos += n;
    return v;
  }
  const hi = peek32(buf, pos) >>> (64 - n);
  const lo = peek32(buf, pos + n - 32);
  pos += n;
  return hi * 0x100000000 + lo;
}

function readUvarint(buf: Uint8Array): number {
  let x = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    const b = peek32(buf, pos) >>> 24;
    pos += 8;
    x += (b & 0x7f) * mul;
    if (b < 0x80) return x;
    mul *= 0x80;
  }
  throw new RangeError('chunk: varint overflow');
}

/** readResidual reads one residual of a run with code (z, w) (w is not RESIDUAL_ALL_ZERO). */
function readResidual(buf: Uint8Array, z: number, w: number): number {
  const x = peek32(buf, pos);
  let u: number;
  if (z === 1) {
    if (x < 0x80000000) {
      pos += 1;
      return 0;
    }
    if (x >= 0xc0000000) {
      pos += 2;
      u = readUvarint(buf);
    } else if (w <= 30) {
      u = (w === 0 ? 0 : (x << 2) >>> (32 - w)) + 1;
      pos += 2 + w;
    } else {
      pos += 2;
      u = readBits(buf, w) + 1;
    }
  } else if (x >= 0x80000000) {
    pos += 1;
    u = readUvarint(buf);
  } else if (w <= 31) {
    u = w === 0 ? 0 : (x << 1) >>> (32 - w);
    pos += 1 + w;
  } else {
    pos += 1;
    u = readBits(buf, w);
  }
  return u < 0x80000000 ? (u >>> 1) ^ -(u & 1) : unzigzag(u);
}

/** compactNumSamples reads a compact chunk's sample count. */
export function compactNumSamples(bytes: Uint8Array): number {
  pos = 8;
  return readUvarint(bytes);
}

/**
 * decodeCompact appends the chunk's samples with mint <= t <= maxt to ts and to words (two per value, low first)
 * from index `at`; returns the new count. The arrays must have room for all the chunk's samples. floats, when given,
 * is a Float64Array over words' buffer (floats[i] is words[2i], words[2i + 1]) that decimal values are stored
 * through; without it one is made.
 */
export function decodeCompact(
  bytes: Uint8Array,
  mint: number,
  maxt: number,
  ts: Float64Array,
  words: Uint32Array,
  at: number,
  floats?: Float64Array,
): number {
  if (bytes[0] !== COMPACT_TAG) throw new RangeError('chunk: not a compact chunk');
  pos = 8;
  const n = readUvarint(bytes);
  if (n === 0) return at;
  readTimestamps(bytes, n, ts, at);
  const mode = readBits(bytes, 2);
  if (mode === VALUE_MODE.xor) readXORValues(bytes, n, words, at);
  else if (mode === VALUE_MODE.delta || mode === VALUE_MODE.dod) readDecimals(bytes, n, mode === VALUE_MODE.dod, floats ?? floatsOver(words), at);
  else throw new RangeError(`chunk: unknown value mode ${mode}`);
  if (pos > bytes.length * 8) throw new RangeError('chunk: unexpected end of bit stream');
  return clip(ts, words, at, at + n, mint, maxt);
}

function readTimestamps(buf: Uint8Array, n: number, ts: Float64Array, at: number): void {
  let t = unzigzag(readUvarint(buf));
  ts[at] = t;
  if (n < 2) return;
  const d = readUvarint(buf);
  const grid = readBits(buf, 1) === 0;
  const off = grid ? unzigzag(readUvarint(buf)) : 0;
  const z = readBits(buf, 1);
  const w = readBits(buf, 6);
  const zero = w === RESIDUAL_ALL_ZERO;
  if (grid) {
    const thr = Math.floor(d / 4);
    let anchor = t + off;
    for (let i = 1; i < n; i++) {
      const r = zero ? 0 : readResidual(buf, z, w);
      anchor += d;
      t = anchor + r;
      if (r > thr || r < -thr) anchor = t + off;
      ts[at + i] = t;
    }
  } else {
    for (let i = 1; i < n; i++) {
      t += d + (zero ? 0 : readResidual(buf, z, w));
      ts[at + i] = t;
    }
  }
}

/** floatsOver views words' buffer as doubles (words must start at a multiple of 8 bytes, as every caller's do). */
function floatsOver(words: Uint32Array): Float64Array {
  return new Float64Array(words.buffer, words.byteOffset, words.length >>> 1);
}

/** readDecimals reads decimal values, stored as doubles (a decimal value is never NaN, so there are no bits to keep). */
function readDecimals(buf: Uint8Array, n: number, dod: boolean, floats: Float64Array, at: number): void {
  const p = POW10[readBits(buf, 4)];
  const g = readUvarint(buf);
  let m = unzigzag(readUvarint(buf));
  let d = dod && n > 1 ? g * unzigzag(readUvarint(buf)) : 0;
  const z = readBits(buf, 1);
  const w = readBits(buf, 6);
  floats[at] = m / p;
  if (w === RESIDUAL_ALL_ZERO) {
    for (let i = 1; i < n; i++) floats[at + i] = (m += d) / p;
    return;
  }
  for (let i = 1; i < n; i++) {
    if (i > 1 || !dod) {
      const r = readResidual(buf, z, w);
      if (dod) d += g * r;
      else d = g * r;
    }
    m += d;
    floats[at + i] = m / p;
  }
}

function readXORValues(buf: Uint8Array, n: number, words: Uint32Array, at: number): void {
  let hi = readBits(buf, 32);
  let lo = readBits(buf, 32);
  let leading = 0;
  let trailing = 0;
  words[2 * at] = lo;
  words[2 * at + 1] = hi;
  for (let i = 1; i < n; i++) {
    const x = peek32(buf, pos);
    if (x >>> 31 === 0) {
      pos += 1;
    } else {
      if (x >>> 30 === 0b11) {
        leading = (x >>> 25) & 0x1f;
        let sig = (x >>> 19) & 0x3f;
        if (sig === 0) sig = 64;
        trailing = 64 - leading - sig;
        pos += 13;
      } else {
        pos += 2;
      }
      const sig = 64 - leading - trailing;
      let xh = 0;
      let xl: number;
      if (sig > 32) {
        xh = readBits(buf, sig - 32);
        xl = readBits(buf, 32);
      } else {
        xl = readBits(buf, sig);
      }
      if (trailing >= 32) {
        xh = (xl << (trailing - 32)) >>> 0;
        xl = 0;
      } else if (trailing > 0) {
        xh = ((xh << trailing) | (xl >>> (32 - trailing))) >>> 0;
        xl = (xl << trailing) >>> 0;
      }
      lo = (lo ^ xl) >>> 0;
      hi = (hi ^ xh) >>> 0;
    }
    words[2 * (at + i)] = lo;
    words[2 * (at + i) + 1] = hi;
  }
}

/** clip keeps the samples of [from, to) with mint <= t <= maxt, moved to start at from; returns the new end. */
function clip(ts: Float64Array, words: Uint32Array, from: number, to: number, mint: number, maxt: number): number {
  let lo = from;
  while (lo < to && ts[lo] < mint) lo++;
  let hi = to;
  while (hi > lo && ts[hi - 1] > maxt) hi--;
  if (lo === from) return hi;
  ts.copyWithin(from, lo, hi);
  words.copyWithin(2 * from, 2 * lo, 2 * hi);
  return from + (hi - lo);
}
