/**
 * Compensated summation (Kahan–Babuška, Neumaier's variant) as Prometheus uses it for *_over_time, deriv and
 * predict_linear, so sums of many samples keep their low-order bits and results match upstream bit for bit.
 */

/** KahanSum is a running sum and its compensation term; add the two at the end. */
export interface KahanSum {
  sum: number;
  c: number;
}

/**
 * kahanInc adds inc to the pair (sum, c) in place. An infinite sum resets the compensation to 0 (so Inf never
 * turns into NaN through `Inf - Inf`), and the larger of the two addends decides which rounding error is kept.
 */
export function kahanInc(k: KahanSum, inc: number): void {
  const s = k.sum;
  const t = s + inc;
  if (t === Infinity || t === -Infinity) k.c = 0;
  else if (Math.abs(s) >= Math.abs(inc)) k.c += s - t + inc;
  else k.c += inc - t + s;
  k.sum = t;
}

/** newKahan returns a zero sum. */
export function newKahan(sum = 0, c = 0): KahanSum {
  return { sum, c };
}
