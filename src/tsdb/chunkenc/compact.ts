/**
 * Compact chunks: what a full XOR chunk is re-encoded into when it is cut, when that is smaller. Timestamps are
 * offsets from a regular grid (or deltas minus the usual interval); values that are all short decimals (v = m / 10^k
 * exactly) are stored as scaled integers with delta or delta-of-delta residuals; any other values stay XOR-encoded.
 * Layout (bit stream, most significant bit first; see README.md):
 *
 *   tag 0x81 (8 bits), n: uvarint, t0: zigzag varint
 *   n >= 2:  D: uvarint, tmode: 1 bit (0 grid, 1 delta), grid only: off: zigzag varint, residuals (residual.ts)
 *   vmode: 2 bits
 *     0 XOR: v0 as 64 bits, then the XOR value code of xor.ts for each later value
 *     1 decimal deltas: k: 4 bits, g: uvarint, m0: zigzag varint, residuals r1..r(n-1)
 *     2 decimal delta-of-deltas: k, g, m0 as above, d1 / g: zigzag varint, residuals r2..r(n-1)
 *
 * Grid timestamps: the anchor starts at t0 + off and moves by D per sample; sample i is anchor + r_i, and a residual
 * beyond D / 4 (a missed scrape) moves the anchor to t_i + off. Decimal values: sample i is m_i / 10^k with
 * m_i = m_{i-1} + g * r_i (deltas) or m_i = m_{i-1} + d_i, d_i = d_{i-1} + g * r_i (delta-of-deltas, from d_1).
 */
import { putBits, putUvarint, putVarint, zigzag, ensureBits, type BitWriterState } from './bitstream';
import { ResidualPlan, addResidual, planResiduals, putResiduals } from './residual';
import { I32_STRIDE, LEADING, TRAILING, VHI, VLO, putXORValueAt } from './xor';

/** COMPACT_TAG is the first byte of a compact chunk (an XOR chunk starts with its count's high byte, below 0x80). */
export const COMPACT_TAG = 0x81;

/** VALUE_MODE names the value encodings of a compact chunk. */
export const VALUE_MODE = { xor: 0, delta: 1, dod: 2 } as const;

/** POW10 holds the exact powers of ten a decimal chunk may scale by (k <= 15). */
export const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** MAX_SCALED bounds the scaled integers and MAX_SPAN a chunk's time span, so that every residual is an exact double. */
const MAX_SCALED = 2 ** 49;
const MAX_SPAN = 2 ** 49;

let cap = 0;
let resA = new Float64Array(0);
let resB = new Float64Array(0);
let scaled = new Float64Array(0);
const planA = new ResidualPlan();
const planB = new ResidualPlan();

function reserve(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, 2 * cap, 128);
  resA = new Float64Array(cap);
  resB = new Float64Array(cap);
  scaled = new Float64Array(cap);
}

/**
 * The last chunk's timestamps and the bits they were written as (tag, count and timestamps): the series of one
 * target share their scrape timestamps and are cut one after another, so most chunks reuse them.
 */
let memoN = 0;
let memoTs = new Float64Array(0);
let memoBits = 0;
let memoBytes = new Uint8Array(0);

function sameAsMemo(ts: Float64Array, n: number): boolean {
  if (n !== memoN) return false;
  for (let i = n - 1; i >= 0; i--) if (ts[i] !== memoTs[i]) return false;
  return true;
}

function remember(ts: Float64Array, n: number, w: BitWriterState): void {
  const len = (w.bits + 7) >>> 3;
  if (memoTs.length < n) memoTs = new Float64Array(cap);
  if (memoBytes.length < len) memoBytes = new Uint8Array(2 * len);
  memoTs.set(ts.subarray(0, n));
  memoBytes.set(w.buf.subarray(0, len));
  memoN = n;
  memoBits = w.bits;
}

/**
 * encodeCompact writes n >= 1 samples (ts strictly increasing; vs and words views of the same values, words as
 * low/high halves) as a compact chunk into w, which must be empty and zeroed; false (nothing written) when the
 * timestamps are too far apart for exact residuals.
 */
export function encodeCompact(ts: Float64Array, vs: Float64Array, words: Uint32Array, n: number, w: BitWriterState): boolean {
  if (!(ts[n - 1] - ts[0] <= MAX_SPAN && Math.abs(ts[0]) <= MAX_SPAN * 8)) return false;
  reserve(n);
  if (sameAsMemo(ts, n)) {
    ensureBits(w, memoBits);
    w.buf.set(memoBytes.subarray(0, (memoBits + 7) >>> 3));
    w.bits = memoBits;
  } else {
    ensureBits(w, 8);
    putBits(w, COMPACT_TAG, 8);
    putUvarint(w, n);
    putVarint(w, ts[0]);
    if (n >= 2) putTimestamps(w, ts, n);
    remember(ts, n, w);
  }
  if (!putDecimals(w, vs, n)) putXORValues(w, words, n);
  return true;
}

/** median3 returns the median of three numbers. */
function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/**
 * interval estimates the scrape interval of ts[0, n): the mean delta when it is close to the median of three deltas
 * (no missed scrapes), else the mean of the deltas within a quarter of that median (missed scrapes left out), rounded.
 */
function interval(ts: Float64Array, n: number): number {
  const mid = n >>> 1;
  const ref = median3(ts[1] - ts[0], ts[mid] - ts[mid - 1], ts[n - 1] - ts[n - 2]);
  const mean = Math.round((ts[n - 1] - ts[0]) / (n - 1));
  if (Math.abs(mean - ref) <= ref / 256) return mean;
  const lo = ref - ref / 4;
  const hi = ref + ref / 4;
  let sum = 0;
  let cnt = 0;
  for (let i = 1; i < n; i++) {
    const d = ts[i] - ts[i - 1];
    if (d >= lo && d <= hi) {
      sum += d;
      cnt++;
    }
  }
  return Math.round(sum / cnt);
}

/**
 * gridOffset writes the raw grid residuals of ts[1, n) (anchor at t0, moved to a sample whose residual is beyond
 * D / 4) into resA and returns the offset that centres them, or 0 if centring would change which samples move the
 * anchor.
 */
function gridOffset(ts: Float64Array, n: number, d: number): number {
  const thr = Math.floor(d / 4);
  let anchor = ts[0];
  let lo = Infinity;
  let hi = -Infinity;
  let above = Infinity;
  let below = -Infinity;
  for (let i = 1; i < n; i++) {
    anchor += d;
    const r = ts[i] - anchor;
    resA[i] = r;
    if (r > thr) {
      anchor = ts[i];
      if (r < above) above = r;
    } else if (r < -thr) {
      anchor = ts[i];
      if (r > below) below = r;
    } else {
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
  }
  if (lo > hi) return 0;
  const off = Math.round((lo + hi) / 2);
  const same = hi - off <= thr && lo - off >= -thr && above - off > thr && below - off < -thr;
  return same ? off : 0;
}

function putTimestamps(w: BitWriterState, ts: Float64Array, n: number): void {
  const d = interval(ts, n);
  const off = gridOffset(ts, n, d);
  planA.reset();
  for (let i = 1; i < n; i++) {
    const u = zigzag(resA[i] - off);
    resA[i] = u;
    addResidual(planA, u);
  }
  planResiduals(planA);
  let useDelta = false;
  if (planA.bits > 5 * n) {
    planB.reset();
    for (let i = 1; i < n; i++) {
      const u = zigzag(ts[i] - ts[i - 1] - d);
      resB[i] = u;
      addResidual(planB, u);
    }
    planResiduals(planB);
    useDelta = planB.bits < planA.bits;
  }
  putUvarint(w, d);
  ensureBits(w, 1);
  putBits(w, useDelta ? 1 : 0, 1);
  if (useDelta) {
    putResiduals(w, resB, 1, n, planB);
  } else {
    putVarint(w, off);
    putResiduals(w, resA, 1, n, planA);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** found holds what decimalScale found: the scale k, the gcd g of the scaled deltas and their range. */
const found = { k: 0, g: 0, minDelta: 0, maxDelta: 0 };

/**
 * decimalScale finds the smallest k at which every value is an exact m / 10^k with |m| <= MAX_SCALED, filling
 * scaled with the m and `found` with k, the gcd of the m's deltas and their range; false when the values are not
 * all decimals.
 */
function decimalScale(vs: Float64Array, n: number): boolean {
  let k = 0;
  let p = 1;
  let g = 0;
  let minDelta = Infinity;
  let maxDelta = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = vs[i];
    if (!(v >= -MAX_SCALED && v <= MAX_SCALED) || (v === 0 && 1 / v < 0)) return false;
    let m = Math.round(v * p);
    if (m / p !== v) {
      do {
        if (k === POW10.length - 1) return false;
        p = POW10[++k];
        m = Math.round(v * p);
      } while (m / p !== v);
      if (i > 0) {
        i = -1;
        g = 0;
        minDelta = Infinity;
        maxDelta = -Infinity;
        continue;
      }
    }
    if (m > MAX_SCALED || m < -MAX_SCALED) return false;
    scaled[i] = m;
    if (i > 0) {
      const d = m - scaled[i - 1];
      if (d < minDelta) minDelta = d;
      if (d > maxDelta) maxDelta = d;
      if (g !== 1) g = gcd(g, Math.abs(d));
    }
  }
  found.k = k;
  found.g = g;
  found.minDelta = minDelta;
  found.maxDelta = maxDelta;
  return true;
}

/**
 * putDecimals writes the values as scaled decimals if they all are; returns false (writing nothing) if not.
 * Delta-of-deltas are tried only for steady deltas (their spread below their size), where they can win.
 */
function putDecimals(w: BitWriterState, vs: Float64Array, n: number): boolean {
  if (!decimalScale(vs, n)) return false;
  const { k, g, minDelta, maxDelta } = found;
  planA.reset();
  let dod = false;
  if (g !== 0) {
    for (let i = 1; i < n; i++) {
      const a = zigzag((scaled[i] - scaled[i - 1]) / g);
      resA[i] = a;
      addResidual(planA, a);
    }
  }
  planResiduals(planA);
  if (g !== 0 && 2 * (maxDelta - minDelta) < Math.max(maxDelta, -minDelta)) {
    planB.reset();
    let prev = scaled[1] - scaled[0];
    for (let i = 2; i < n; i++) {
      const d = scaled[i] - scaled[i - 1];
      const b = zigzag((d - prev) / g);
      resB[i] = b;
      addResidual(planB, b);
      prev = d;
    }
    planResiduals(planB);
    dod = planB.bits < planA.bits;
  }
  ensureBits(w, 6);
  putBits(w, dod ? VALUE_MODE.dod : VALUE_MODE.delta, 2);
  putBits(w, k, 4);
  putUvarint(w, g === 0 ? 1 : g);
  putVarint(w, scaled[0]);
  if (dod) {
    putVarint(w, (scaled[1] - scaled[0]) / g);
    putResiduals(w, resB, 2, n, planB);
  } else {
    putResiduals(w, resA, 1, n, planA);
  }
  return true;
}

/** xorWindow is the previous value and XOR window of putXORValues (laid out as one slot of XORStates.i32). */
const xorWindow = new Int32Array(I32_STRIDE);

function putXORValues(w: BitWriterState, words: Uint32Array, n: number): void {
  ensureBits(w, 66);
  putBits(w, VALUE_MODE.xor, 2);
  putBits(w, words[1], 32);
  putBits(w, words[0], 32);
  const win = xorWindow;
  win[VLO] = words[0];
  win[VHI] = words[1];
  win[LEADING] = 0xff;
  win[TRAILING] = 0;
  for (let i = 1; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    ensureBits(w, 80);
    w.bits = putXORValueAt(w.buf, w.bits, win, 0, lo, hi);
    win[VLO] = lo;
    win[VHI] = hi;
  }
}
