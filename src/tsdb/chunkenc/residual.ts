/**
 * The residual code of compact chunks: a run of small signed integers (timestamp offsets from a grid, value deltas)
 * written with one width chosen per run from a histogram of their sizes. A run starts with a 7-bit header:
 *
 *   z: 1 bit, w: 6 bits      w = 63: every residual is 0 and nothing more is written
 *
 * and each residual u = zigzag(r) is then written as
 *
 *   z = 1:  '0' (r = 0)  |  '10' + u - 1 in w bits  |  '11' + uvarint(u)
 *   z = 0:  '0' + u in w bits                       |  '1' + uvarint(u)
 *
 * z = 1 suits runs where most residuals are 0 (counters between increments); z = 0 suits steady noise (jitter).
 */
import { bitLen, ensureBits, putBit, putBits, putUvarint, type BitWriterState } from './bitstream';

/** RESIDUAL_ALL_ZERO is the width value that says a run holds only zeros. */
export const RESIDUAL_ALL_ZERO = 63;

const CLASSES = 55;

/**
 * ResidualPlan gathers the size histogram of a run (addResidual) and then holds the chosen code and its size in
 * bits, header included (planResiduals).
 */
export class ResidualPlan {
  z = 0;
  w = RESIDUAL_ALL_ZERO;
  bits = 7;
  /** byLen counts residuals u by bit length; byLenLess counts non-zero ones by the bit length of u - 1. */
  readonly byLen = new Int32Array(CLASSES);
  readonly byLenLess = new Int32Array(CLASSES);
  zeros = 0;
  count = 0;

  /** reset empties the histogram. */
  reset(): void {
    this.byLen.fill(0);
    this.byLenLess.fill(0);
    this.zeros = 0;
    this.count = 0;
  }
}

/** addResidual counts one zigzagged residual u in the plan's histogram. */
export function addResidual(p: ResidualPlan, u: number): void {
  p.count++;
  if (u === 0) {
    p.zeros++;
    return;
  }
  if (u < 0x80000000) {
    p.byLen[32 - Math.clz32(u)]++;
    p.byLenLess[32 - Math.clz32(u - 1)]++;
  } else {
    p.byLen[bitLen(u)]++;
    p.byLenLess[bitLen(u - 1)]++;
  }
}

/** varintBits is the size of uvarint(u) in bits for a u of bit length l. */
function varintBits(l: number): number {
  return l <= 7 ? 8 : Math.ceil(l / 7) * 8;
}

/**
 * planResiduals picks the cheapest code for the counted residuals and sets z, w and bits. Escapes are costed by
 * the largest varint of their class, so the size is an estimate within a few bits; the writer is exact.
 */
export function planResiduals(p: ResidualPlan): void {
  p.z = 0;
  p.w = RESIDUAL_ALL_ZERO;
  p.bits = 7;
  if (p.zeros === p.count) return;
  const byLen = p.byLen;
  const byLenLess = p.byLenLess;
  let escL = 0;
  let escM = 0;
  for (let l = 1; l < CLASSES; l++) {
    escL += byLen[l] * (1 + varintBits(l));
    escM += byLenLess[l] * (2 + varintBits(l + 1));
  }
  escM += byLenLess[0] * 10;
  let fitL = p.zeros;
  let fitM = 0;
  let best = Infinity;
  for (let w = 0; w < CLASSES - 1; w++) {
    if (w > 0) {
      fitL += byLen[w];
      escL -= byLen[w] * (1 + varintBits(w));
    }
    fitM += byLenLess[w];
    escM -= byLenLess[w] * (w === 0 ? 10 : 2 + varintBits(w + 1));
    const c0 = fitL * (1 + w) + escL;
    const c1 = p.zeros + fitM * (2 + w) + escM;
    if (c0 < best) {
      best = c0;
      p.z = 0;
      p.w = w;
    }
    if (c1 < best) {
      best = c1;
      p.z = 1;
      p.w = w;
    }
    if (escL === 0 && escM === 0) break;
  }
  p.bits = 7 + best;
}

/** putField writes the low w bits (w <= 53) of the non-negative integer x. */
function putField(s: BitWriterState, x: number, w: number): void {
  if (w > 32) {
    putBits(s, Math.floor(x / 0x100000000), w - 32);
    putBits(s, x >>> 0, 32);
  } else if (w > 0) {
    putBits(s, x, w);
  }
}

/** putResiduals writes the header and the zigzagged residuals u[from, to) with the planned code. */
export function putResiduals(s: BitWriterState, u: Float64Array, from: number, to: number, plan: ResidualPlan): void {
  const { z, w } = plan;
  ensureBits(s, 7);
  putBits(s, (z << 6) | w, 7);
  if (w === RESIDUAL_ALL_ZERO) return;
  const limit = 2 ** w;
  const fast = w <= 30;
  ensureBits(s, (to - from) * (w + 2));
  for (let i = from; i < to; i++) {
    const x = u[i];
    if (z === 1) {
      if (x === 0) {
        putBit(s, 0);
      } else if (x - 1 < limit) {
        if (fast) {
          putBits(s, (2 << w) | (x - 1), w + 2);
        } else {
          putBits(s, 0b10, 2);
          putField(s, x - 1, w);
        }
      } else {
        putBits(s, 0b11, 2);
        putUvarint(s, x);
        ensureBits(s, (to - i) * (w + 2));
      }
    } else if (x < limit) {
      if (fast) {
        putBits(s, x, w + 1);
      } else {
        putBit(s, 0);
        putField(s, x, w);
      }
    } else {
      putBit(s, 1);
      putUvarint(s, x);
      ensureBits(s, (to - i) * (w + 2));
    }
  }
}
