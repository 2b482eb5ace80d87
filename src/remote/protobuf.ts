/** ProtoWriter writes the protobuf wire format, enough for remote-write messages: varints, doubles, bytes, nesting. */

const enc = new TextEncoder();

/** ProtoWriter appends fields to a growing buffer; nested messages are written into their own writer. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** varint writes an unsigned integer (a negative one as its 64-bit two's complement, in ten bytes). */
  varint(v: number): void {
    this.reserve(10);
    if (v < 0) {
      let b = BigInt.asUintN(64, BigInt(Math.trunc(v)));
      while (b >= 0x80n) {
        this.buf[this.len++] = Number(b & 0x7fn) | 0x80;
        b >>= 7n;
      }
      this.buf[this.len++] = Number(b);
      return;
    }
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** int64 writes a varint field (skipped when zero, as proto3 does). */
  int64(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, 0);
    this.varint(v);
  }

  /** double writes a fixed64 double field; it is always written, since NaN payloads (stale markers) matter. */
  double(field: number, v: number): void {
    this.tag(field, 1);
    this.reserve(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, v, true);
    this.len += 8;
  }

  /** bytes writes a length-delimited field. */
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** string writes a UTF-8 string field (skipped when empty); short strings are encoded in place. */
  string(field: number, s: string): void {
    if (s === '') return;
    if (s.length > 42) {
      this.bytes(field, enc.encode(s));
      return;
    }
    // At most 126 UTF-8 bytes: the length fits one varint byte.
    this.tag(field, 2);
    this.reserve(1 + 3 * s.length);
    const { written } = enc.encodeInto(s, this.buf.subarray(this.len + 1));
    this.buf[this.len] = written;
    this.len += 1 + written;
  }

  /** message writes a nested message that fill writes into this same writer, then its length before it. */
  message(field: number, fill: (w: ProtoWriter) => void): void {
    this.tag(field, 2);
    this.reserve(5);
    const lenPos = this.len;
    const start = (this.len += 5);
    fill(this);
    const n = this.len - start;
    let size = 1;
    while (n >= 0x80 ** size) size++;
    if (size < 5) this.buf.copyWithin(lenPos + size, start, this.len);
    for (let i = 0, v = n; i < size; i++, v = Math.floor(v / 0x80)) this.buf[lenPos + i] = (v % 0x80) | (i < size - 1 ? 0x80 : 0);
    this.len = lenPos + size + n;
  }

  /** finish returns the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
