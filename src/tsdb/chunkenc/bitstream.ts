/**
 * Bit streams for chunk encodings: a growable writer over a Uint8Array (most significant bit first) and a reader.
 * Values travel as unsigned 32-bit integers at most; 64-bit fields are written as two halves.
 */

/** BitWriterState is the compact, growable buffer a chunk appender writes to (kept inline in a series). */
export interface BitWriterState {
  buf: Uint8Array;
  /** bits is the number of bits written so far. */
  bits: number;
}

/** ensureBits grows the buffer so that n more bits fit. */
export function ensureBits(w: BitWriterState, n: number): void {
  const need = (w.bits + n + 7) >>> 3;
  if (need <= w.buf.length) return;
  const size = need + (need >>> 2 > 128 ? need >>> 2 : 128);
  const next = new Uint8Array(size);
  next.set(w.buf);
  w.buf = next;
}

/** putBit appends one bit; the caller has ensured room. */
export function putBit(w: BitWriterState, bit: number): void {
  const pos = w.bits;
  if (bit) w.buf[pos >>> 3] |= 0x80 >>> (pos & 7);
  w.bits = pos + 1;
}

/** putBits appends the low n bits (n <= 32) of value, most significant first; the caller has ensured room. */
export function putBits(w: BitWriterState, value: number, n: number): void {
  const buf = w.buf;
  let pos = w.bits;
  while (n > 0) {
    const free = 8 - (pos & 7);
    const take = n < free ? n : free;
    const chunk = (value >>> (n - take)) & ((1 << take) - 1);
    buf[pos >>> 3] |= chunk << (free - take);
    pos += take;
    n -= take;
  }
  w.bits = pos;
}

/** putBits64 appends the low n bits (n <= 64) of the 64-bit integer hi:lo. */
export function putBits64(w: BitWriterState, hi: number, lo: number, n: number): void {
  if (n > 32) {
    putBits(w, hi, n - 32);
    putBits(w, lo, 32);
  } else {
    putBits(w, lo, n);
  }
}

/** putUvarint appends a non-negative integer (up to 2^53) as a base-128 varint, byte by byte. */
export function putUvarint(w: BitWriterState, x: number): void {
  ensureBits(w, 80);
  while (x >= 0x80) {
    putBits(w, (x % 0x80) | 0x80, 8);
    x = Math.floor(x / 0x80);
  }
  putBits(w, x, 8);
}

/** putVarint appends a signed integer as a zigzag varint (exact for |x| < 2^52). */
export function putVarint(w: BitWriterState, x: number): void {
  putUvarint(w, x >= 0 ? x * 2 : -x * 2 - 1);
}

/** BitReader reads a bit stream written by the functions above. */
export class BitReader {
  /** pos is the next bit to read. */
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    startBit: number,
    private readonly end: number = buf.length * 8,
  ) {
    this.pos = startBit;
  }

  /** remaining returns the number of unread bits. */
  remaining(): number {
    return this.end - this.pos;
  }

  /** readBit reads one bit. */
  readBit(): number {
    const pos = this.pos;
    if (pos >= this.end) throw new RangeError('chunk: unexpected end of bit stream');
    this.pos = pos + 1;
    return (this.buf[pos >>> 3] >>> (7 - (pos & 7))) & 1;
  }

  /** readBits reads n bits (n <= 32) as an unsigned integer. */
  readBits(n: number): number {
    let pos = this.pos;
    if (pos + n > this.end) throw new RangeError('chunk: unexpected end of bit stream');
    const buf = this.buf;
    let out = 0;
    while (n > 0) {
      const avail = 8 - (pos & 7);
      const take = n < avail ? n : avail;
      const bits = (buf[pos >>> 3] >>> (avail - take)) & ((1 << take) - 1);
      out = out * (1 << take) + bits;
      pos += take;
      n -= take;
    }
    this.pos = pos;
    return out;
  }

  /** readUvarint reads a base-128 varint. */
  readUvarint(): number {
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.readBits(8);
      x += (b & 0x7f) * mul;
      if (b < 0x80) return x;
      mul *= 0x80;
    }
    throw new RangeError('chunk: varint overflow');
  }

  /** readVarint reads a zigzag varint. */
  readVarint(): number {
    const u = this.readUvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}
