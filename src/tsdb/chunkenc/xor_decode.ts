/**
 * decodeXOR: the hot path of reading an XOR chunk (see xor.ts for the format), one function with its state in
 * locals, reading bits through a 32-bit window.
 */
import { peek32 } from './bitstream';
import { xorNumSamples, XOR_HEADER_BYTES } from './xor';

/** bits reads n (1..32) bits at pos as an unsigned integer. */
function bits(buf: Uint8Array, pos: number, n: number): number {
  return peek32(buf, pos) >>> (32 - n);
}

/**
 * decodeXOR appends the chunk's samples with mint <= t <= maxt to ts and to words (two per value, low first) from
 * index `at`; returns the new count. The arrays must have room for the chunk's samples.
 */
export function decodeXOR(bytes: Uint8Array, mint: number, maxt: number, ts: Float64Array, words: Uint32Array, at: number): number {
  const total = xorNumSamples(bytes);
  const end = bytes.length * 8;
  let pos = XOR_HEADER_BYTES * 8;
  let t = 0;
  let tDelta = 0;
  let lo = 0;
  let hi = 0;
  let leading = 0;
  let trailing = 0;
  for (let n = 0; n < total; n++) {
    if (n === 0) {
      let u = 0;
      let mul = 1;
      for (;;) {
        const b = bits(bytes, pos, 8);
        pos += 8;
        u += (b & 0x7f) * mul;
        mul *= 0x80;
        if (b < 0x80) break;
      }
      t = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
      hi = peek32(bytes, pos);
      lo = peek32(bytes, pos + 32);
      pos += 64;
    } else {
      let same = false;
      if (n === 1) {
        let u = 0;
        let mul = 1;
        for (;;) {
          const b = bits(bytes, pos, 8);
          pos += 8;
          u += (b & 0x7f) * mul;
          mul *= 0x80;
          if (b < 0x80) break;
        }
        tDelta = u;
      } else {
        const w = peek32(bytes, pos);
        let used: number;
        if (w >>> 31 === 0) {
          used = 1;
        } else if (w >>> 30 === 0b10) {
          tDelta += signed((w >>> 25) & 0x1f, 5);
          used = 7;
        } else if (w >>> 29 === 0b110) {
          tDelta += signed((w >>> 15) & 0x3fff, 14);
          used = 17;
        } else if (w >>> 28 === 0b1110) {
          tDelta += signed((w >>> 8) & 0xfffff, 20);
          used = 24;
        } else {
          const dh = peek32(bytes, pos + 4);
          const dl = peek32(bytes, pos + 36);
          tDelta += (dh | 0) * 0x100000000 + dl;
          used = 68;
        }
        pos += used;
        // the value's first bit is often in the same window: '0' means the value is unchanged
        same = used <= 24 && w << used >= 0;
      }
      t += tDelta;
      const w = same ? 0 : peek32(bytes, pos);
      if (w >>> 31 === 0) {
        pos += 1;
      } else {
        if (w >>> 30 === 0b11) {
          leading = (w >>> 25) & 0x1f;
          let sig = (w >>> 19) & 0x3f;
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
          xh = bits(bytes, pos, sig - 32);
          xl = peek32(bytes, pos + sig - 32);
        } else {
          xl = bits(bytes, pos, sig);
        }
        pos += sig;
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
    }
    if (pos > end) throw new RangeError('chunk: unexpected end of bit stream');
    if (t < mint) continue;
    if (t > maxt) break;
    ts[at] = t;
    words[2 * at] = lo;
    words[2 * at + 1] = hi;
    at++;
  }
  return at;
}

function signed(v: number, n: number): number {
  return v > 1 << (n - 1) ? v - (1 << n) : v;
}
