/**
 * XOR chunks (Gorilla encoding, laid out like Prometheus's XOR chunk): a 2-byte big-endian sample count, then a bit
 * stream. Sample 0: timestamp as zigzag varint, value as 64 raw bits. Sample 1: timestamp delta as uvarint, value
 * XOR-encoded. Later samples: timestamp delta-of-delta in buckets ('0'; '10'+5 bits; '110'+14; '1110'+20;
 * '1111'+64: unlike Prometheus's 14/17/20 buckets, the 5-bit one keeps millisecond scrape jitter cheap), value
 * XOR-encoded against the previous value ('0' same; '10' + bits within the previous leading/trailing window; '11' +
 * 5-bit leading count + 6-bit length + bits).
 *
 * The appender works on a state object the caller owns (a series keeps it inline, with its chunk starting at byte
 * `start` of a buffer it may share with older chunks); the iterator and decodeXOR read.
 */
import { BitReader, ensureBits, putBit, putBits, putBits64, putUvarint, putVarint } from './bitstream';
import type { BitWriterState } from './bitstream';

/** XOR_HEADER_BYTES is the size of the sample-count header. */
export const XOR_HEADER_BYTES = 2;

/** XORValueState is the state of the XOR value encoding: the previous value's bits and the leading/trailing window. */
export interface XORValueState extends BitWriterState {
  /** vLo and vHi are the previous value's bits as signed 32-bit integers (small integers stay unboxed). */
  vLo: number;
  vHi: number;
  /** leading is 0xff until the first non-zero XOR; trailing goes with it. */
  leading: number;
  trailing: number;
}

/** XORAppenderState is the open chunk's encoder state; a series object carries these fields itself. */
export interface XORAppenderState extends XORValueState {
  /** start is the byte offset of the chunk (its header) in buf. */
  start: number;
  /** count is the number of samples in the chunk. */
  count: number;
  t: number;
  tDelta: number;
}

/** newXORState returns an empty chunk state in a buffer of its own (grown as needed). */
export function newXORState(initialBytes = 64): XORAppenderState {
  const s: XORAppenderState = {
    buf: new Uint8Array(initialBytes),
    bits: 0,
    start: 0,
    count: 0,
    t: 0,
    tDelta: 0,
    vLo: 0,
    vHi: 0,
    leading: 0xff,
    trailing: 0,
  };
  cutXOR(s);
  return s;
}

/**
 * cutXOR starts a new, empty chunk in s right after the current one, in the same buffer (vLo and vHi keep the last
 * value, which a first sample ignores); it returns the byte offset where the closed chunk ends.
 */
export function cutXOR(s: XORAppenderState): number {
  if (s.count > 0) putCount(s);
  const end = s.count === 0 ? s.start : (s.bits + 7) >>> 3;
  s.start = end;
  s.bits = (end + XOR_HEADER_BYTES) * 8;
  s.count = 0;
  s.tDelta = 0;
  s.leading = 0xff;
  s.trailing = 0;
  return end;
}

/**
 * MAX_VALUE_BITS bounds both halves of a sample: a timestamp delta-of-delta (at most 68 bits) and an XOR value (at
 * most 77). Checking room before each half keeps the slack a buffer needs at its end to 10 bytes.
 */
const MAX_VALUE_BITS = 80;

/** xorAppend appends a sample (t strictly greater than the previous; value as its two 32-bit halves). */
export function xorAppend(s: XORAppenderState, t: number, lo: number, hi: number): void {
  const n = s.count;
  if (n === 0) {
    ensureBits(s, 144);
    putVarint(s, t);
    putBits(s, hi, 32);
    putBits(s, lo, 32);
  } else if (n === 1) {
    const delta = t - s.t;
    putUvarint(s, delta);
    ensureBits(s, MAX_VALUE_BITS);
    putXORValue(s, lo, hi);
    s.tDelta = delta;
  } else {
    const delta = t - s.t;
    ensureBits(s, MAX_VALUE_BITS);
    writeDod(s, delta - s.tDelta);
    ensureBits(s, MAX_VALUE_BITS);
    putXORValue(s, lo, hi);
    s.tDelta = delta;
  }
  s.t = t;
  s.vLo = lo | 0;
  s.vHi = hi | 0;
  s.count = n + 1;
}

/** putCount writes the open chunk's sample count into its header (left stale by appends, which touch only the tail). */
function putCount(s: XORAppenderState): void {
  s.buf[s.start] = s.count >>> 8;
  s.buf[s.start + 1] = s.count & 0xff;
}

function writeDod(s: XORAppenderState, dod: number): void {
  if (dod === 0) {
    putBit(s, 0);
  } else if (dod >= -15 && dod <= 16) {
    putBits(s, (0b10 << 5) | (dod & 0x1f), 7);
  } else if (dod >= -8191 && dod <= 8192) {
    putBits(s, (0b110 << 14) | (dod & 0x3fff), 17);
  } else if (dod >= -524287 && dod <= 524288) {
    putBits(s, 0b1110, 4);
    putBits(s, dod & 0xfffff, 20);
  } else {
    putBits(s, 0b1111, 4);
    const hi = Math.floor(dod / 0x100000000);
    putBits64(s, hi >>> 0, (dod - hi * 0x100000000) >>> 0, 64);
  }
}

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function ctz64(hi: number, lo: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** putXORValue writes a value XOR-encoded against s.vLo and s.vHi (the caller then stores the value there). */
export function putXORValue(s: XORValueState, lo: number, hi: number): void {
  const xlo = (lo ^ s.vLo) >>> 0;
  const xhi = (hi ^ s.vHi) >>> 0;
  if (xlo === 0 && xhi === 0) {
    putBit(s, 0);
    return;
  }
  let leading = clz64(xhi, xlo);
  const trailing = ctz64(xhi, xlo);
  if (leading >= 32) leading = 31;
  if (s.leading !== 0xff && leading >= s.leading && trailing >= s.trailing) {
    putBits(s, 0b10, 2);
    writeShifted(s, xhi, xlo, s.trailing, 64 - s.leading - s.trailing);
    return;
  }
  s.leading = leading;
  s.trailing = trailing;
  const sig = 64 - leading - trailing;
  putBits(s, 0b11, 2);
  putBits(s, leading, 5);
  putBits(s, sig & 63, 6);
  writeShifted(s, xhi, xlo, trailing, sig);
}

function writeShifted(s: BitWriterState, hi: number, lo: number, shift: number, n: number): void {
  if (shift >= 32) {
    lo = hi >>> (shift - 32);
    hi = 0;
  } else if (shift > 0) {
    lo = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    hi = hi >>> shift;
  }
  putBits64(s, hi, lo, n);
}

/** xorBytes returns a compact copy of the open chunk's bytes, header included (writing the count into it first). */
export function xorBytes(s: XORAppenderState): Uint8Array {
  putCount(s);
  return s.buf.slice(s.start, (s.bits + 7) >>> 3);
}

/** xorNumSamples reads a chunk's sample count from its header. */
export function xorNumSamples(bytes: Uint8Array): number {
  return bytes.length < 2 ? 0 : (bytes[0] << 8) | bytes[1];
}

/** XORIterator walks a chunk's samples: call next() until it returns false, reading t, vLo and vHi. */
export class XORIterator {
  t = 0;
  vLo = 0;
  vHi = 0;
  private readonly r: BitReader;
  private readonly total: number;
  private read = 0;
  private tDelta = 0;
  private leading = 0;
  private trailing = 0;

  constructor(bytes: Uint8Array) {
    this.total = xorNumSamples(bytes);
    this.r = new BitReader(bytes, XOR_HEADER_BYTES * 8);
  }

  /** next advances to the next sample; false at the end. */
  next(): boolean {
    const n = this.read;
    if (n >= this.total) return false;
    const r = this.r;
    if (n === 0) {
      this.t = r.readVarint();
      this.vHi = r.readBits(32);
      this.vLo = r.readBits(32);
    } else if (n === 1) {
      this.tDelta = r.readUvarint();
      this.t += this.tDelta;
      this.readValue();
    } else {
      this.tDelta += this.readDod();
      this.t += this.tDelta;
      this.readValue();
    }
    this.read = n + 1;
    return true;
  }

  private readDod(): number {
    const r = this.r;
    if (r.readBit() === 0) return 0;
    if (r.readBit() === 0) return signed(r.readBits(5), 5);
    if (r.readBit() === 0) return signed(r.readBits(14), 14);
    if (r.readBit() === 0) return signed(r.readBits(20), 20);
    const hi = r.readBits(32);
    const lo = r.readBits(32);
    return (hi | 0) * 0x100000000 + lo;
  }

  private readValue(): void {
    const r = this.r;
    if (r.readBit() === 0) return;
    if (r.readBit() === 1) {
      this.leading = r.readBits(5);
      let sig = r.readBits(6);
      if (sig === 0) sig = 64;
      this.trailing = 64 - this.leading - sig;
    }
    const sig = 64 - this.leading - this.trailing;
    let hi = 0;
    let lo: number;
    if (sig > 32) {
      hi = r.readBits(sig - 32);
      lo = r.readBits(32);
    } else {
      lo = r.readBits(sig);
    }
    const sh = this.trailing;
    if (sh >= 32) {
      hi = (lo << (sh - 32)) >>> 0;
      lo = 0;
    } else if (sh > 0) {
      hi = ((hi << sh) | (lo >>> (32 - sh))) >>> 0;
      lo = (lo << sh) >>> 0;
    }
    this.vLo = (this.vLo ^ lo) >>> 0;
    this.vHi = (this.vHi ^ hi) >>> 0;
  }
}

function signed(bits: number, n: number): number {
  return bits > 1 << (n - 1) ? bits - (1 << n) : bits;
}

