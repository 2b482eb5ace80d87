/**
 * Instant-vector functions that map each sample on its own: math, trigonometry, clamping, rounding and the
 * calendar functions. Each entry takes the sample value and the step's extra scalar arguments.
 */

/** ElementFunction computes one output value from one input value and the call's scalar arguments at this step. */
export type ElementFunction = (v: number, args: readonly number[]) => number;

const DEG = 180 / Math.PI;

function sgn(v: number): number {
  return v < 0 ? -1 : v > 0 ? 1 : v;
}

function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** MATH_FUNCTIONS are the functions that map a sample value to a new value and drop the metric name. */
export const MATH_FUNCTIONS: ReadonlyMap<string, ElementFunction> = new Map<string, ElementFunction>([
  ['abs', Math.abs],
  ['ceil', Math.ceil],
  ['floor', Math.floor],
  ['exp', Math.exp],
  ['ln', Math.log],
  ['log2', Math.log2],
  ['log10', Math.log10],
  ['sqrt', Math.sqrt],
  ['sgn', sgn],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
  ['asinh', Math.asinh],
  ['acosh', Math.acosh],
  ['atanh', Math.atanh],
  ['deg', (v) => v * DEG],
  ['rad', (v) => v / DEG],
  ['round', (v, a) => {
    const inv = 1 / (a.length > 0 ? a[0] : 1);
    return Math.floor(v * inv + 0.5) / inv;
  }],
  ['clamp', (v, a) => Math.max(a[0], Math.min(a[1], v))],
  ['clamp_min', (v, a) => Math.max(a[0], v)],
  ['clamp_max', (v, a) => Math.min(a[0], v)],
]);

/** DATE_FUNCTIONS read a sample value as Unix seconds (UTC) and return a calendar field. */
export const DATE_FUNCTIONS: ReadonlyMap<string, (d: Date) => number> = new Map<string, (d: Date) => number>([
  ['day_of_month', (d) => d.getUTCDate()],
  ['day_of_week', (d) => d.getUTCDay()],
  ['day_of_year', dayOfYear],
  ['days_in_month', daysInMonth],
  ['hour', (d) => d.getUTCHours()],
  ['minute', (d) => d.getUTCMinutes()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['year', (d) => d.getUTCFullYear()],
]);

/** dateOf converts a sample value (Unix seconds) to a Date as Go's time.Unix(int64(v), 0) does. */
export function dateOf(v: number): Date {
  return new Date(Math.trunc(v) * 1000);
}

/** natsortLess orders strings naturally: runs of digits compare by number, the rest by bytes. */
export function natsortLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const ca = a.match(re) ?? [];
  const cb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = x.replace(/^0+/, '');
      const ny = y.replace(/^0+/, '');
      if (nx.length !== ny.length) return nx.length < ny.length;
      if (nx !== ny) return nx < ny;
      continue;
    }
    return x < y;
  }
  return ca.length < cb.length;
}
