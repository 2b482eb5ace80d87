/**
 * Bit codes shared by the histogram encodings of extension sections (ext.ts) and histogram chunks (histchunk.ts):
 * a prefix code for small signed integers, Rice codes, raw and XOR-coded doubles, bucket index spans.
 */
import { BitReader, ensureBits, putBit, putBits, putBits64 as putBitsHiLo, putUvarint, putVarint, type BitWriterState } from './bitstream';
import type { CounterResetHint } from '../../model/histogram';

/** HINTS are the counter reset hints by their 2-bit code. */
export const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];

/** MAX_INTEGRAL bounds counts written as integers (so sums of deltas stay exact in a double). */
const MAX_INTEGRAL = 2 ** 48;

const f64 = new Float64Array(2);
const u32 = new Uint32Array(f64.buffer);

/** isIntegral reports whether a count can be written as an integer (up to MAX_INTEGRAL, not -0). */
export function isIntegral(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) <= MAX_INTEGRAL && !Object.is(v, -0);
}

/**
 * putVarbit writes a signed integer (|x| <= 2^50) in a prefix code for small deltas of deltas: 1 bit for 0, 3 for
 * ±1, 6 up to ±5, 10 up to ±37, then 17, 26 bits and a varint.
 */
export function putVarbit(w: BitWriterState, x: number): void {
  const u = x >= 0 ? x * 2 : -x * 2 - 1;
  ensureBits(w, 40);
  if (u === 0) putBit(w, 0);
  else if (u <= 2) putBits(w, (0b10 << 1) | (u - 1), 3);
  else if (u <= 10) putBits(w, (0b110 << 3) | (u - 3), 6);
  else if (u <= 74) putBits(w, (0b1110 << 6) | (u - 11), 10);
  else if (u <= 4170) putBits(w, (0b11110 << 12) | (u - 75), 17);
  else if (u <= 1052746) putBits(w, (0b111110 << 20) | (u - 4171), 26);
  else {
    putBits(w, 0b111111, 6);
    putUvarint(w, u - 1052747);
  }
}

/** varbitLen returns the bits putVarbit spends on x. */
export function varbitLen(x: number): number {
  const u = x >= 0 ? x * 2 : -x * 2 - 1;
  if (u === 0) return 1;
  if (u <= 2) return 3;
  if (u <= 10) return 6;
  if (u <= 74) return 10;
  if (u <= 4170) return 17;
  return u <= 1052746 ? 26 : 80;
}

/** readVarbit reads what putVarbit wrote. */
export function readVarbit(r: BitReader): number {
  let u: number;
  if (r.readBit() === 0) u = 0;
  else if (r.readBit() === 0) u = r.readBits(1) + 1;
  else if (r.readBit() === 0) u = r.readBits(3) + 3;
  else if (r.readBit() === 0) u = r.readBits(6) + 11;
  else if (r.readBit() === 0) u = r.readBits(12) + 75;
  else if (r.readBit() === 0) u = r.readBits(20) + 4171;
  else u = r.readUvarint() + 1052747;
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** putRaw64 writes the 64 bits of a double, most significant first. */
export function putRaw64(w: BitWriterState, v: number): void {
  f64[0] = v;
  ensureBits(w, 64);
  putBits(w, u32[1], 32);
  putBits(w, u32[0], 32);
}

/** readRaw64 reads what putRaw64 wrote (NaN payloads kept). */
export function readRaw64(r: BitReader): number {
  u32[1] = r.readBits(32);
  u32[0] = r.readBits(32);
  return f64[0];
}

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function ctz64(hi: number, lo: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** XorWindow is the leading-zero count and length of the meaningful bits last written for one value (len 0: none). */
export interface XorWindow {
  lead: number;
  len: number;
}

/**
 * putXor writes v against prev: '0' for the same bits; with a window, '10' + the bits when they fit the window's
 * last leading zeros and length; else '11' (or '1' without a window), leading zeros (6 bits), length - 1 (6 bits),
 * and the bits, which become the window.
 */
export function putXor(w: BitWriterState, v: number, prev: number, win: XorWindow | null): void {
  f64[0] = v;
  f64[1] = prev;
  const hi = (u32[1] ^ u32[3]) >>> 0;
  const lo = (u32[0] ^ u32[2]) >>> 0;
  ensureBits(w, 80);
  if (hi === 0 && lo === 0) {
    putBit(w, 0);
    return;
  }
  let lead = clz64(hi, lo);
  let trail = ctz64(hi, lo);
  if (win !== null && win.len > 0 && lead >= win.lead && 64 - win.lead - win.len <= trail) {
    putBits(w, 0b10, 2);
    lead = win.lead;
    trail = 64 - win.lead - win.len;
  } else {
    const len = 64 - lead - trail;
    putBits(w, ((win === null ? 1 : 0b11) << 12) | (lead << 6) | (len - 1), win === null ? 13 : 14);
    if (win !== null) {
      win.lead = lead;
      win.len = len;
    }
  }
  putBits64(w, hi, lo, trail, 64 - lead - trail);
}

/** putBits64 writes the `len` bits of hi:lo above its `trail` lowest ones. */
function putBits64(w: BitWriterState, hi: number, lo: number, trail: number, len: number): void {
  let sh = hi;
  let sl = lo;
  if (trail >= 32) {
    sl = hi >>> (trail - 32);
    sh = 0;
  } else if (trail > 0) {
    sl = ((lo >>> trail) | (hi << (32 - trail))) >>> 0;
    sh = hi >>> trail;
  }
  putBitsHiLo(w, sh, sl, len);
}

/** readXor reads what putXor wrote against prev with the same window. */
export function readXor(r: BitReader, prev: number, win: XorWindow | null): number {
  if (r.readBit() === 0) return prev;
  let lead: number;
  let len: number;
  if (win !== null && r.readBit() === 0) {
    if (win.len === 0) throw new RangeError('chunk: histogram value reuses no window');
    lead = win.lead;
    len = win.len;
  } else {
    lead = r.readBits(6);
    len = r.readBits(6) + 1;
    if (win !== null) {
      win.lead = lead;
      win.len = len;
    }
  }
  const trail = 64 - lead - len;
  if (trail < 0) throw new RangeError('chunk: bad histogram value code');
  let hi = len > 32 ? r.readBits(len - 32) : 0;
  let lo = r.readBits(len > 32 ? 32 : len);
  if (trail >= 32) {
    hi = lo << (trail - 32);
    lo = 0;
  } else if (trail > 0) {
    hi = (hi << trail) | (lo >>> (32 - trail));
    lo = lo << trail;
  }
  f64[0] = prev;
  u32[0] = (u32[0] ^ lo) >>> 0;
  u32[1] = (u32[1] ^ hi) >>> 0;
  return f64[0];
}

/** putSpans writes ascending bucket indices as runs of consecutive ones: count, then (offset, length) per run. */
export function putSpans(w: BitWriterState, index: readonly number[]): void {
  let spans = 0;
  for (let i = 0; i < index.length; i++) if (i === 0 || index[i] !== index[i - 1] + 1) spans++;
  putUvarint(w, spans);
  let end = 0;
  for (let i = 0; i < index.length; ) {
    let j = i + 1;
    while (j < index.length && index[j] === index[j - 1] + 1) j++;
    putVarint(w, i === 0 ? index[i] : index[i] - end);
    putUvarint(w, j - i);
    end = index[j - 1] + 1;
    i = j;
  }
}

/** readSpans reads what putSpans wrote; it throws RangeError on spans of empty runs or too many buckets. */
export function readSpans(r: BitReader): number[] {
  const spans = r.readUvarint();
  const out: number[] = [];
  let end = 0;
  for (let s = 0; s < spans; s++) {
    const off = r.readVarint();
    const len = r.readUvarint();
    if (len === 0 || out.length + len > MAX_BUCKETS) throw new RangeError('chunk: bad histogram span');
    const start = s === 0 ? off : end + off;
    for (let k = 0; k < len; k++) out.push(start + k);
    end = start + len;
  }
  return out;
}

/** MAX_BUCKETS bounds the buckets of one decoded histogram (a guard against corrupt spans). */
export const MAX_BUCKETS = 1 << 20;

/** RICE_ESCAPE is the longest unary quotient of a Rice code; a larger one is written as a varint after it. */
const RICE_ESCAPE = 16;

/** riceLen returns the bits putRice spends on a non-negative integer u (below 2^52) with parameter k (0..15). */
export function riceLen(u: number, k: number): number {
  const q = u < 0x80000000 ? u >>> k : Math.floor(u / (1 << k));
  if (q < RICE_ESCAPE) return q + 1 + k;
  let v = u - RICE_ESCAPE * (1 << k);
  let n = 8;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n += 8;
  }
  return RICE_ESCAPE + n;
}

/**
 * putRice writes a non-negative integer u (below 2^52) as a Rice code with parameter k (0..15): the quotient
 * u / 2^k in unary ('1' per unit, then '0') and the k low bits; a quotient of RICE_ESCAPE or more is written as
 * RICE_ESCAPE ones followed by uvarint(u - RICE_ESCAPE * 2^k).
 */
export function putRice(w: BitWriterState, u: number, k: number): void {
  const m = 1 << k;
  const q = Math.floor(u / m);
  ensureBits(w, 40);
  if (q < RICE_ESCAPE) {
    if (q > 0) putBits(w, (1 << q) - 1, q);
    putBit(w, 0);
    if (k > 0) putBits(w, u % m, k);
    return;
  }
  putBits(w, (1 << RICE_ESCAPE) - 1, RICE_ESCAPE);
  putUvarint(w, u - RICE_ESCAPE * m);
}

/** readRice reads what putRice wrote with parameter k. */
export function readRice(r: BitReader, k: number): number {
  const m = 1 << k;
  let q = 0;
  while (q < RICE_ESCAPE && r.readBit() === 1) q++;
  if (q === RICE_ESCAPE) return r.readUvarint() + RICE_ESCAPE * m;
  return q * m + (k > 0 ? r.readBits(k) : 0);
}
