/** Float64 ↔ two 32-bit words (little-endian host), so NaN payloads such as the stale marker keep their bits. */
import { STALE_NAN_HI, STALE_NAN_LO, isStaleWords } from '../../model/value';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** WORDS holds the result of floatWords: WORDS[0] is the low half, WORDS[1] the high half. */
export const WORDS: Uint32Array = u32;

/** floatWords splits v into WORDS, writing the canonical stale-marker bits for any stale marker. */
export function floatWords(v: number): void {
  f64[0] = v;
  if (v !== v && isStaleWords(u32[0], u32[1])) {
    u32[0] = STALE_NAN_LO;
    u32[1] = STALE_NAN_HI;
  }
}

/** wordsFloat joins two words into a number (payload bits may not survive every later path: prefer typed arrays). */
export function wordsFloat(lo: number, hi: number): number {
  u32[0] = lo;
  u32[1] = hi;
  return f64[0];
}
