/**
 * XOR chunks (Gorilla encoding, laid out like Prometheus's XOR chunk): a 2-byte big-endian sample count, then a bit
 * stream. Sample 0: timestamp as zigzag varint, value as 64 raw bits. Sample 1: timestamp delta as uvarint, value
 * XOR-encoded. Later samples: timestamp delta-of-delta in buckets ('0'; '10'+5 bits; '110'+14; '1110'+20;
 * '1111'+64: unlike Prometheus's 14/17/20 buckets, the 5-bit one keeps millisecond scrape jitter cheap), value
 * XOR-encoded against the previous value ('0' same; '10' + bits within the previous leading/trailing window; '11' +
 * 5-bit leading count + 6-bit length + bits).
 *
 * The appender works on one slot of an XORStates (a head keeps one per series, with its chunk starting at byte `start`
 * of a buffer it may share with older chunks); XORWriter wraps a single slot; the iterator and decodeXOR read.
 */
import { BitReader } from './bitstream';

/** XOR_HEADER_BYTES is the size of the sample-count header. */
export const XOR_HEADER_BYTES = 2;

/**
 * XORStates holds the encoder states of many open chunks as columns indexed by slot (a head uses the series ref):
 * appending to thousands of series in turn then reads the states in order from a few arrays instead of chasing a
 * pointer per series, which is most of the cost of an append once the series outgrow the CPU caches. Per slot:
 * f64 holds the last timestamp (T), the last timestamp delta (T_DELTA) and the chunk's first timestamp (FIRST_T);
 * i32 holds the last value's bits (VLO, VHI, as signed 32-bit integers), the chunk's end in bits (BITS) and start in
 * bytes (START) within the slot's buffer (which may hold older chunks before it), its sample count (COUNT) and the
 * XOR window (LEADING, 0xff until the first non-zero XOR, and TRAILING).
 */
export class XORStates {
  f64 = new Float64Array(0);
  i32 = new Int32Array(0);
  bufs: Uint8Array[] = [];
  capacity = 0;

  constructor(capacity = 0) {
    this.reserve(capacity);
  }

  /** reserve makes room for slots 0 to n-1 (doubling), each new one an empty chunk at the start of an empty buffer. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 16);
    const f64 = new Float64Array(cap * F64_STRIDE);
    f64.set(this.f64);
    const i32 = new Int32Array(cap * I32_STRIDE);
    i32.set(this.i32);
    this.f64 = f64;
    this.i32 = i32;
    for (let i = this.capacity; i < cap; i++) {
      this.bufs.push(EMPTY);
      this.reset(i);
    }
    this.capacity = cap;
  }

  /** reset makes slot i an empty chunk at the start of an empty buffer (last timestamp -Infinity). */
  reset(i: number): void {
    this.bufs[i] = EMPTY;
    this.f64.fill(0, i * F64_STRIDE, (i + 1) * F64_STRIDE);
    this.f64[i * F64_STRIDE + T] = -Infinity;
    this.i32.fill(0, i * I32_STRIDE, (i + 1) * I32_STRIDE);
    this.i32[i * I32_STRIDE + BITS] = XOR_HEADER_BYTES * 8;
    this.i32[i * I32_STRIDE + LEADING] = 0xff;
  }
}

/** Slots of XORStates.f64 and XORStates.i32 (see XORStates). */
export const F64_STRIDE = 3;
export const T = 0;
export const T_DELTA = 1;
export const FIRST_T = 2;
export const I32_STRIDE = 8;
export const VLO = 0;
export const VHI = 1;
export const BITS = 2;
export const START = 3;
export const COUNT = 4;
export const LEADING = 5;
export const TRAILING = 6;

const EMPTY = new Uint8Array(0);

/**
 * cutXORAt starts a new, empty chunk in slot i right after the current one, in the same buffer (VLO and VHI keep the
 * last value, which a first sample ignores); it returns the byte offset where the closed chunk ends.
 */
export function cutXORAt(st: XORStates, i: number): number {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const count = w[wi + COUNT];
  if (count > 0) putCount(st.bufs[i], w[wi + START], count);
  const end = count === 0 ? w[wi + START] : (w[wi + BITS] + 7) >>> 3;
  w[wi + START] = end;
  w[wi + BITS] = (end + XOR_HEADER_BYTES) * 8;
  w[wi + COUNT] = 0;
  w[wi + LEADING] = 0xff;
  w[wi + TRAILING] = 0;
  st.f64[i * F64_STRIDE + T_DELTA] = 0;
  return end;
}

/**
 * MAX_VALUE_BITS bounds both halves of a sample: a timestamp delta-of-delta (at most 68 bits) and an XOR value (at
 * most 77). Checking room before each half keeps the slack a buffer needs at its end to 10 bytes.
 */
const MAX_VALUE_BITS = 80;

/** xorAppendAt appends a sample to slot i (t strictly greater than the previous; value as its two 32-bit halves). */
export function xorAppendAt(st: XORStates, i: number, t: number, lo: number, hi: number): void {
  const f = st.f64;
  const w = st.i32;
  const fi = i * F64_STRIDE;
  const wi = i * I32_STRIDE;
  let buf = st.bufs[i];
  let pos = w[wi + BITS];
  const n = w[wi + COUNT];
  if (n === 0) {
    if (pos + 144 > buf.length * 8) buf = grow(st, i, pos + 144);
    pos = putUvarintAt(buf, pos, t >= 0 ? t * 2 : -t * 2 - 1);
    putBitsAt(buf, pos, hi, 32);
    putBitsAt(buf, pos + 32, lo, 32);
    pos += 64;
    f[fi + FIRST_T] = t;
  } else {
    const delta = t - f[fi + T];
    if (pos + MAX_VALUE_BITS > buf.length * 8) buf = grow(st, i, pos + MAX_VALUE_BITS);
    if (n === 1) {
      pos = putUvarintAt(buf, pos, delta);
    } else {
      const dod = delta - f[fi + T_DELTA];
      if (dod === 0) pos++;
      else pos = putDodAt(buf, pos, dod);
    }
    if (pos + MAX_VALUE_BITS > buf.length * 8) buf = grow(st, i, pos + MAX_VALUE_BITS);
    pos = putXORValueAt(buf, pos, w, wi, lo, hi);
    f[fi + T_DELTA] = delta;
  }
  w[wi + BITS] = pos;
  f[fi + T] = t;
  w[wi + VLO] = lo;
  w[wi + VHI] = hi;
  w[wi + COUNT] = n + 1;
}

/** grow gives slot i a buffer holding `bits` bits, larger by an eighth (at least 48 bytes): little slack per series. */
function grow(st: XORStates, i: number, bits: number): Uint8Array {
  const need = (bits + 7) >>> 3;
  const next = new Uint8Array(need + (need >>> 3 > 48 ? need >>> 3 : 48));
  next.set(st.bufs[i]);
  st.bufs[i] = next;
  return next;
}

/** putCount writes a chunk's sample count into its header (left stale by appends, which touch only the tail). */
function putCount(buf: Uint8Array, start: number, count: number): void {
  buf[start] = count >>> 8;
  buf[start + 1] = count & 0xff;
}

/**
 * putBitsAt writes the low n bits (1 <= n <= 32) of value at bit pos, most significant first, into zero bytes (the
 * caller has ensured room; writers only append, so the bytes past the end are zero).
 */
function putBitsAt(buf: Uint8Array, pos: number, value: number, n: number): void {
  const sh = pos & 7;
  if (sh + n > 32) {
    putBitsAt(buf, pos, value >>> (n - 24), 24);
    putBitsAt(buf, pos + 24, value, n - 24);
    return;
  }
  const i = pos >>> 3;
  const x = ((value << (32 - n)) >>> sh) >>> 0;
  buf[i] |= x >>> 24;
  const end = sh + n;
  if (end > 8) buf[i + 1] = x >>> 16;
  if (end > 16) buf[i + 2] = x >>> 8;
  if (end > 24) buf[i + 3] = x;
}

/** putUvarintAt writes a non-negative integer (up to 2^53) as a base-128 varint at bit pos; returns the end. */
function putUvarintAt(buf: Uint8Array, pos: number, x: number): number {
  while (x >= 0x80) {
    putBitsAt(buf, pos, (x % 0x80) | 0x80, 8);
    pos += 8;
    x = Math.floor(x / 0x80);
  }
  putBitsAt(buf, pos, x, 8);
  return pos + 8;
}

/** putDodAt writes a non-zero timestamp delta-of-delta at bit pos; returns the end. */
function putDodAt(buf: Uint8Array, pos: number, dod: number): number {
  if (dod >= -15 && dod <= 16) {
    putBitsAt(buf, pos, (0b10 << 5) | (dod & 0x1f), 7);
    return pos + 7;
  }
  if (dod >= -8191 && dod <= 8192) {
    putBitsAt(buf, pos, (0b110 << 14) | (dod & 0x3fff), 17);
    return pos + 17;
  }
  if (dod >= -524287 && dod <= 524288) {
    putBitsAt(buf, pos, 0b1110, 4);
    putBitsAt(buf, pos + 4, dod & 0xfffff, 20);
    return pos + 24;
  }
  putBitsAt(buf, pos, 0b1111, 4);
  const hi = Math.floor(dod / 0x100000000);
  putBitsAt(buf, pos + 4, hi >>> 0, 32);
  putBitsAt(buf, pos + 36, (dod - hi * 0x100000000) >>> 0, 32);
  return pos + 68;
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

/**
 * putXORValueAt writes a value XOR-encoded against the previous one, w[wi + VLO] and w[wi + VHI], at bit pos, and
 * updates the window w[wi + LEADING] and w[wi + TRAILING]; the caller then stores the value. Returns the end.
 */
export function putXORValueAt(buf: Uint8Array, pos: number, w: Int32Array, wi: number, lo: number, hi: number): number {
  const xlo = (lo ^ w[wi + VLO]) >>> 0;
  const xhi = (hi ^ w[wi + VHI]) >>> 0;
  if (xlo === 0 && xhi === 0) return pos + 1;
  let leading = clz64(xhi, xlo);
  const trailing = ctz64(xhi, xlo);
  if (leading >= 32) leading = 31;
  const prevLeading = w[wi + LEADING];
  const prevTrailing = w[wi + TRAILING];
  if (prevLeading !== 0xff && leading >= prevLeading && trailing >= prevTrailing) {
    putBitsAt(buf, pos, 0b10, 2);
    return putShifted(buf, pos + 2, xhi, xlo, prevTrailing, 64 - prevLeading - prevTrailing);
  }
  w[wi + LEADING] = leading;
  w[wi + TRAILING] = trailing;
  const sig = 64 - leading - trailing;
  putBitsAt(buf, pos, (0b11 << 11) | (leading << 6) | (sig & 63), 13);
  return putShifted(buf, pos + 13, xhi, xlo, trailing, sig);
}

/** putShifted writes the n bits of hi:lo above bit `shift` at bit pos; returns the end. */
function putShifted(buf: Uint8Array, pos: number, hi: number, lo: number, shift: number, n: number): number {
  if (shift >= 32) {
    lo = hi >>> (shift - 32);
    hi = 0;
  } else if (shift > 0) {
    lo = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    hi = hi >>> shift;
  }
  if (n > 32) {
    putBitsAt(buf, pos, hi, n - 32);
    putBitsAt(buf, pos + n - 32, lo, 32);
  } else {
    putBitsAt(buf, pos, lo, n);
  }
  return pos + n;
}

/** xorBytesAt returns a compact copy of slot i's open chunk, header included (writing the count into it first). */
export function xorBytesAt(st: XORStates, i: number): Uint8Array {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const buf = st.bufs[i];
  putCount(buf, w[wi + START], w[wi + COUNT]);
  return buf.slice(w[wi + START], (w[wi + BITS] + 7) >>> 3);
}

/** XORWriter encodes one chunk (a one-slot XORStates, for encoders outside the head). */
export class XORWriter {
  readonly st = new XORStates(1);

  get bits(): number {
    return this.st.i32[BITS];
  }

  get tDelta(): number {
    return this.st.f64[T_DELTA];
  }

  get leading(): number {
    return this.st.i32[LEADING];
  }

  get trailing(): number {
    return this.st.i32[TRAILING];
  }

  get vLo(): number {
    return this.st.i32[VLO];
  }

  get vHi(): number {
    return this.st.i32[VHI];
  }
}

/** newXORState returns a writer for one chunk in a buffer of its own of initialBytes (grown as needed). */
export function newXORState(initialBytes = 64): XORWriter {
  const x = new XORWriter();
  x.st.bufs[0] = new Uint8Array(initialBytes);
  return x;
}

/** xorAppend appends a sample to a one-chunk writer. */
export function xorAppend(x: XORWriter, t: number, lo: number, hi: number): void {
  xorAppendAt(x.st, 0, t, lo, hi);
}

/** xorBytes returns a compact copy of a one-chunk writer's chunk. */
export function xorBytes(x: XORWriter): Uint8Array {
  return xorBytesAt(x.st, 0);
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

