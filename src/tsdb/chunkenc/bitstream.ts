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

/** ensureBits grows the buffer so that n more bits fit, by an eighth (at least 48 bytes): little slack per series. */
export function ensureBits(w: BitWriterState, n: number): void {
  const need = (w.bits + n + 7) >>> 3;
  if (need <= w.buf.length) return;
  const size = need + (need >>> 3 > 48 ? need >>> 3 : 48);
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

/**
 * putBits appends the low n bits (1 <= n <= 32) of value, most significant first; the caller has ensured room. The
 * bytes after the written bits are overwritten with zeros (they are zero already: writers only append).
 */
export function putBits(w: BitWriterState, value: number, n: number): void {
  const pos = w.bits;
  const sh = pos & 7;
  if (sh + n > 32) {
    putBits(w, value >>> (n - 24), 24);
    putBits(w, value, n - 24);
    return;
  }
  const buf = w.buf;
  const i = pos >>> 3;
  const x = ((value << (32 - n)) >>> sh) >>> 0;
  buf[i] |= x >>> 24;
  const end = sh + n;
  if (end > 8) buf[i + 1] = x >>> 16;
  if (end > 16) buf[i + 2] = x >>> 8;
  if (end > 24) buf[i + 3] = x;
  w.bits = pos + n;
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

/** zigzag maps a signed integer (|x| < 2^52) to an unsigned one: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... */
export function zigzag(x: number): number {
  return x >= 0 ? x * 2 : -x * 2 - 1;
}

/** unzigzag inverts zigzag. */
export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** bitLen returns the number of significant bits of a non-negative integer below 2^53 (0 for 0). */
export function bitLen(u: number): number {
  return u < 0x100000000 ? 32 - Math.clz32(u) : 64 - Math.clz32(Math.floor(u / 0x100000000));
}

/** peek32 returns the 32 bits of buf starting at bit pos, as an unsigned integer (zeros past the end). */
export function peek32(buf: Uint8Array, pos: number): number {
  const i = pos >>> 3;
  const sh = pos & 7;
  if (i + 4 < buf.length) {
    const w = (buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3];
    return sh === 0 ? w >>> 0 : ((w << sh) | (buf[i + 4] >>> (8 - sh))) >>> 0;
  }
  let w = 0;
  for (let k = 0; k < 5; k++) w = w * 256 + (i + k < buf.length ? buf[i + k] : 0);
  return Math.floor(w / 2 ** (8 - sh)) % 0x100000000;
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
