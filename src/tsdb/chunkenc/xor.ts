/**
 * XOR chunks (Gorilla encoding, laid out like Prometheus's XOR chunk): a 2-byte big-endian sample count, then a bit
 * stream. Sample 0: timestamp as zigzag varint, value as 64 raw bits. Sample 1: timestamp delta as uvarint, value
 * XOR-encoded. Later samples: timestamp delta-of-delta in buckets ('0'; '10'+5 bits; '110'+14; '1110'+20;
 * '1111'+64: unlike Prometheus's 14/17/20 buckets, the 5-bit one keeps millisecond scrape jitter cheap), value
 * XOR-encoded against the previous value ('0' same; '10' + bits within the previous leading/trailing window; '11' +
 * 5-bit leading count + 6-bit length + bits).
 *
 * The appender works on one slot of an XORStates (a head keeps one per series); XORWriter wraps a single slot; the
 * iterator and decodeXOR read.
 */
import { BitReader } from './bitstream';

/** XOR_HEADER_BYTES is the size of the sample-count header. */
export const XOR_HEADER_BYTES = 2;

/**
 * XORStates holds the encoder states of many open chunks as columns indexed by slot (a head uses the series ref):
 * appending to thousands of series in turn then reads the states in order from a few arrays instead of chasing a
 * pointer per series, which is most of the cost of an append once the series outgrow the CPU caches. Per slot:
 * f64 holds the last timestamp (T), the last timestamp delta (T_DELTA) and the chunk's first timestamp (FIRST_T);
 * i32 holds the last value's bits (VLO, VHI, as signed 32-bit integers), the chunk's length in bits, header included
 * (BITS), its sample count (COUNT), the XOR window (LEADING, 0xff until the first non-zero XOR, and TRAILING), and
 * where its bytes are: ADDR and CAP.
 *
 * The open chunks' bytes live in a few large pages rather than in a typed array each: allocating a typed array costs
 * over a microsecond, and reaching its bytes costs one more cache miss. A chunk has a region of CAP bytes at ADDR
 * (page index × 65536 + offset; -1 with CAP 0 for none), taken from the end of the newest page; when it outgrows it,
 * the bytes move to a new region a quarter larger, and the old one is left behind. Once the pages hold a quarter more
 * than the live regions, compact copies the live regions, in slot order, into fresh pages (so a commit, which
 * goes through the series in ref order, then walks them in order) and drops the old ones. A region is written only
 * by its own open chunk, and fresh pages are zero, as writers expect past the end; readers get copies of open
 * chunks. A cut chunk stays in its region as the slot's retired chunk, handed out as views, since its bytes never
 * change again, until its owner takes it (after re-encoding it). Regions above a quarter page get a page of their
 * own.
 */
export class XORStates {
  f64 = new Float64Array(0);
  i32 = new Int32Array(0);
  /** retired holds per slot the region of its last closed chunk until the owner takes it: address, size, length. */
  retired = new Int32Array(0);
  /** pages holds the regions' bytes. */
  pages: Uint8Array[] = [];
  capacity = 0;
  /** live is the bytes of the regions in use; used is the bytes taken from pages since the last compaction. */
  private live = 0;
  private used = 0;
  private bumpPage = -1;
  private bumpOff = 0;

  /** capacity is the number of slots; pageSize (a multiple of 16, at most 65536) sizes the shared pages. */
  constructor(
    capacity = 0,
    private readonly pageSize = 65_536,
  ) {
    this.bumpOff = pageSize;
    this.reserve(capacity);
  }

  /** reserve makes room for slots 0 to n-1 (doubling), each new one an empty chunk without a region. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 16);
    const f64 = new Float64Array(cap * F64_STRIDE);
    f64.set(this.f64);
    const i32 = new Int32Array(cap * I32_STRIDE);
    i32.set(this.i32);
    const retired = new Int32Array(cap * 3);
    retired.set(this.retired);
    this.f64 = f64;
    this.i32 = i32;
    this.retired = retired;
    const old = this.capacity;
    this.capacity = cap;
    for (let i = old; i < cap; i++) this.reset(i);
  }

  /** reset makes slot i an empty chunk without a region (last timestamp -Infinity), leaving its region behind. */
  reset(i: number): void {
    const w = this.i32;
    const wi = i * I32_STRIDE;
    this.release(w[wi + CAP]);
    dropRetiredAt(this, i);
    this.f64.fill(0, i * F64_STRIDE, (i + 1) * F64_STRIDE);
    this.f64[i * F64_STRIDE + T] = -Infinity;
    w.fill(0, wi, wi + I32_STRIDE);
    w[wi + BITS] = XOR_HEADER_BYTES * 8;
    w[wi + LEADING] = 0xff;
    w[wi + ADDR] = -1;
  }

  /** pageBytes returns the bytes the pages hold. */
  pageBytes(): number {
    let n = 0;
    for (const p of this.pages) n += p.length;
    return n;
  }

  /** alloc returns the address of a fresh, zero region of cap bytes (a multiple of 16). */
  alloc(cap: number): number {
    this.live += cap;
    this.used += cap;
    if (cap > this.pageSize >>> 2) return this.newPage(cap) * PAGE_SPAN;
    if (this.bumpOff + cap > this.pageSize) {
      this.bumpPage = this.newPage(this.pageSize);
      this.bumpOff = 0;
    }
    const addr = this.bumpPage * PAGE_SPAN + this.bumpOff;
    this.bumpOff += cap;
    return addr;
  }

  /** release leaves a region of cap bytes behind. */
  release(cap: number): void {
    this.live -= cap;
  }

  /** compactIfSparse compacts when the pages hold a quarter more than the live regions (and two pages more). */
  compactIfSparse(): void {
    if (this.used > this.live + (this.live >>> 2) + 2 * this.pageSize) this.compact();
  }

  /**
   * compact copies every live region, in slot order, into fresh pages and drops the old pages (views of retired
   * chunks handed out before keep their old page, never written again).
   */
  compact(): void {
    const old = this.pages;
    const w = this.i32;
    const r = this.retired;
    this.pages = [];
    this.bumpOff = this.pageSize;
    this.live = 0;
    this.used = 0;
    for (let i = 0; i < this.capacity; i++) {
      if (r[3 * i + 1] > 0) r[3 * i] = this.copyRegion(old, r[3 * i], r[3 * i + 1], r[3 * i + 2]);
      const wi = i * I32_STRIDE;
      if (w[wi + CAP] > 0) w[wi + ADDR] = this.copyRegion(old, w[wi + ADDR], w[wi + CAP], (w[wi + BITS] + 7) >>> 3);
    }
  }

  private copyRegion(old: Uint8Array[], from: number, cap: number, len: number): number {
    const off = from & 0xffff;
    const addr = this.alloc(cap);
    this.pages[addr >>> 16].set(old[from >>> 16].subarray(off, off + len), addr & 0xffff);
    return addr;
  }

  private newPage(size: number): number {
    if (this.pages.length >= PAGE_SPAN >>> 1) throw new RangeError('chunk: too many open chunk pages');
    this.pages.push(new Uint8Array(size));
    return this.pages.length - 1;
  }
}

/** PAGE_SPAN is the address range of one page (addresses are page index × PAGE_SPAN + offset, as int32). */
const PAGE_SPAN = 65_536;

/** Slots of XORStates.f64 and XORStates.i32 (see XORStates). */
export const F64_STRIDE = 3;
export const T = 0;
export const T_DELTA = 1;
export const FIRST_T = 2;
export const I32_STRIDE = 8;
export const VLO = 0;
export const VHI = 1;
export const BITS = 2;
export const ADDR = 3;
export const COUNT = 4;
export const LEADING = 5;
export const TRAILING = 6;
export const CAP = 7;

/**
 * moveRegion gives slot i a region of at least `need` bits (plus a quarter, at least 16 bytes, rounded up to 16),
 * moving its first `used` bits there; returns the region's page.
 */
function moveRegion(st: XORStates, i: number, used: number, need: number): Uint8Array {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const bytes = (need + 7) >>> 3;
  const cap = (bytes + (bytes >>> 2 > 16 ? bytes >>> 2 : 16) + 15) & ~15;
  w[wi + BITS] = used; // what a compaction copies
  st.compactIfSparse();
  const oldCap = w[wi + CAP];
  const oldAddr = w[wi + ADDR];
  const addr = st.alloc(cap);
  const page = st.pages[addr >>> 16];
  if (oldCap > 0) {
    const off = oldAddr & 0xffff;
    page.set(st.pages[oldAddr >>> 16].subarray(off, off + ((used + 7) >>> 3)), addr & 0xffff);
    st.release(oldCap);
  }
  w[wi + ADDR] = addr;
  w[wi + CAP] = cap;
  return page;
}

/**
 * retireXORAt closes slot i's chunk (writing its count into its header) where it is: its region becomes the slot's
 * retired chunk (the slot must have none), readable with retiredXORAt until dropRetiredAt, and a new, empty chunk
 * starts without a region (T, VLO and VHI keep the last sample, which a first sample ignores). Returns the closed
 * chunk's length in bytes.
 */
export function retireXORAt(st: XORStates, i: number): number {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const r = st.retired;
  if (r[3 * i + 1] > 0) throw new Error('chunk: the slot already holds a retired chunk');
  const len = (w[wi + BITS] + 7) >>> 3;
  const cap = w[wi + CAP];
  if (cap > 0) {
    putCount(st.pages[w[wi + ADDR] >>> 16], w[wi + ADDR] & 0xffff, w[wi + COUNT]);
    // The region's room past the chunk is left behind (a compaction keeps only the chunk).
    const keep = (len + 15) & ~15;
    st.release(cap - keep);
    r[3 * i] = w[wi + ADDR];
    r[3 * i + 1] = keep;
    r[3 * i + 2] = len;
  }
  w[wi + ADDR] = -1;
  w[wi + CAP] = 0;
  w[wi + BITS] = XOR_HEADER_BYTES * 8;
  w[wi + COUNT] = 0;
  w[wi + LEADING] = 0xff;
  w[wi + TRAILING] = 0;
  st.f64[i * F64_STRIDE + T_DELTA] = 0;
  st.compactIfSparse();
  return len;
}

/** retiredXORAt returns slot i's retired chunk as a view (its bytes never change), or null when it has none. */
export function retiredXORAt(st: XORStates, i: number): Uint8Array | null {
  const r = st.retired;
  if (r[3 * i + 1] === 0) return null;
  const off = r[3 * i] & 0xffff;
  return st.pages[r[3 * i] >>> 16].subarray(off, off + r[3 * i + 2]);
}

/** dropRetiredAt forgets slot i's retired chunk, if any, leaving its region behind. */
export function dropRetiredAt(st: XORStates, i: number): void {
  const r = st.retired;
  if (r[3 * i + 1] === 0) return;
  st.release(r[3 * i + 1]);
  r[3 * i] = 0;
  r[3 * i + 1] = 0;
  r[3 * i + 2] = 0;
}

/** OpenXORState is what continuing a chunk needs besides its bytes. */
export interface OpenXORState {
  minT: number;
  maxT: number;
  bits: number;
  tDelta: number;
  leading: number;
  trailing: number;
}

/** openXORAt makes slot i continue the chunk `bytes` (header included; copied) with the given encoder state. */
export function openXORAt(st: XORStates, i: number, bytes: Uint8Array, s: OpenXORState): void {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const fi = i * F64_STRIDE;
  const len = (s.bits + 7) >>> 3;
  st.release(w[wi + CAP]);
  w[wi + CAP] = 0;
  const page = moveRegion(st, i, 0, len * 8 + MAX_VALUE_BITS);
  page.set(bytes.subarray(0, len), w[wi + ADDR] & 0xffff);
  w[wi + BITS] = s.bits;
  w[wi + COUNT] = xorNumSamples(bytes);
  w[wi + LEADING] = s.leading;
  w[wi + TRAILING] = s.trailing;
  st.f64[fi + FIRST_T] = s.minT;
  st.f64[fi + T] = s.maxT;
  st.f64[fi + T_DELTA] = s.tDelta;
}

/**
 * MAX_VALUE_BITS bounds both halves of a sample: a timestamp delta-of-delta (at most 68 bits) and an XOR value (at
 * most 77). Checking room before each half keeps the slack a region needs at its end to 10 bytes.
 */
const MAX_VALUE_BITS = 80;

/** xorAppendAt appends a sample to slot i (t strictly greater than the previous; value as its two 32-bit halves). */
export function xorAppendAt(st: XORStates, i: number, t: number, lo: number, hi: number): void {
  const f = st.f64;
  const w = st.i32;
  const fi = i * F64_STRIDE;
  const wi = i * I32_STRIDE;
  const n = w[wi + COUNT];
  let rel = w[wi + BITS];
  let buf: Uint8Array;
  if (rel + (n === 0 ? 144 : MAX_VALUE_BITS) > w[wi + CAP] << 3) buf = moveRegion(st, i, rel, rel + 144);
  else buf = st.pages[w[wi + ADDR] >>> 16];
  let base = (w[wi + ADDR] & 0xffff) << 3;
  let pos = base + rel;
  if (n === 0) {
    pos = putUvarintAt(buf, pos, t >= 0 ? t * 2 : -t * 2 - 1);
    putBitsAt(buf, pos, hi, 32);
    putBitsAt(buf, pos + 32, lo, 32);
    pos += 64;
    f[fi + FIRST_T] = t;
  } else {
    const delta = t - f[fi + T];
    if (n === 1) {
      pos = putUvarintAt(buf, pos, delta);
    } else {
      const dod = delta - f[fi + T_DELTA];
      if (dod === 0) pos++;
      else pos = putDodAt(buf, pos, dod);
    }
    rel = pos - base;
    if (rel + MAX_VALUE_BITS > w[wi + CAP] << 3) {
      buf = moveRegion(st, i, rel, rel + MAX_VALUE_BITS);
      base = (w[wi + ADDR] & 0xffff) << 3;
      pos = base + rel;
    }
    pos = putXORValueAt(buf, pos, w, wi, lo, hi);
    f[fi + T_DELTA] = delta;
  }
  w[wi + BITS] = pos - base;
  f[fi + T] = t;
  w[wi + VLO] = lo;
  w[wi + VHI] = hi;
  w[wi + COUNT] = n + 1;
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

/** xorBytesAt returns a copy of slot i's open chunk, header included (writing the count into it first). */
export function xorBytesAt(st: XORStates, i: number): Uint8Array {
  const w = st.i32;
  const wi = i * I32_STRIDE;
  const len = (w[wi + BITS] + 7) >>> 3;
  if (w[wi + CAP] === 0) return new Uint8Array(len);
  const page = st.pages[w[wi + ADDR] >>> 16];
  const off = w[wi + ADDR] & 0xffff;
  putCount(page, off, w[wi + COUNT]);
  return page.slice(off, off + len);
}

/** XORWriter encodes one chunk (a one-slot XORStates, for encoders outside the head). */
export class XORWriter {
  readonly st = new XORStates(1, 4096);

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

/** newXORState returns a writer for one chunk. */
export function newXORState(): XORWriter {
  return new XORWriter();
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

