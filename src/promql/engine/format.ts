/** Float formatting as Go's strconv does it, for label values the engine writes (count_values). */
import { formatValue } from '../../model/value';

/** formatFloatF writes x as Go's strconv.FormatFloat(x, 'f', -1, 64): shortest digits, never an exponent. */
export const formatFloatF = formatValue;

const MIN_NORMAL = 2.2250738585072014e-308;

/** almostEqual compares floats within a relative epsilon, NaN equal to NaN (Prometheus's util/almost). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

const SPECIAL: Record<string, number> = { inf: Infinity, infinity: Infinity, nan: NaN };

/** parseGoFloat parses a float as Go's strconv.ParseFloat (Inf, NaN in any case, optional sign), or null. */
export function parseGoFloat(s: string): number | null {
  const m = /^([+-]?)([a-zA-Z]+)$/.exec(s);
  if (m) {
    const v = SPECIAL[m[2].toLowerCase()];
    if (v === undefined) return null;
    return m[1] === '-' ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?0[xX]/.test(s)) return null;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}
