/**
 * Go's fmt for the values rule templates handle, so expanded labels and annotations read exactly as Prometheus
 * writes them: floats print with `%g` (shortest digits, `1e+06`), `%.4g` in the humanize functions, printf verbs.
 */
import { formatGoG } from '../promql/functions/format';

/** goTypeName names a template value's Go type for fmt's error forms; Go ints are bigints, floats numbers. */
export function goTypeName(v: unknown): string {
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return 'template.queryResult';
  return 'map[string]string';
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return null;
}

function exponentForm(mantissa: string, exp: number): string {
  const abs = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function trimZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
}

/** formatG writes x as Go's `%g` (prec undefined: shortest digits) or `%.<prec>g`. */
export function formatG(x: number, prec?: number): string {
  if (prec === undefined || !Number.isFinite(x) || x === 0) return formatGoG(x);
  const p = Math.max(prec, 1);
  const [m, e] = x.toExponential(p - 1).split('e');
  const exp = Number(e);
  const mantissa = trimZeros(m);
  if (exp < -4 || exp >= p) return exponentForm(mantissa, exp);
  const digits = mantissa.replace(/^-/, '').replace('.', '').length;
  return Number(mantissa + 'e' + exp).toFixed(Math.max(digits - exp - 1, 0));
}

/** formatF writes x as Go's `%.<prec>f`. */
export function formatF(x: number, prec = 6): string {
  return special(x) ?? x.toFixed(prec);
}

/** formatE writes x as Go's `%.<prec>e`, or with the shortest digits (strconv's 'e', -1) when prec is undefined. */
export function formatE(x: number, prec?: number): string {
  const s = special(x);
  if (s !== null) return s;
  const [m, e] = (prec === undefined ? x.toExponential() : x.toExponential(prec)).split('e');
  return exponentForm(m, Number(e));
}

/** formatValue prints a template value as Go's `fmt.Sprint` would (`%v`). */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatG(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `map[${keys.map((k) => `${k}:${formatValue(o[k])}`).join(' ')}]`;
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (flags.includes('0') && /^[+-]?[\d.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function bad(verb: string, v: unknown): string {
  return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
}

type Verb = (v: unknown, prec: number | undefined, flags: string) => string;

/** VERBS implements each printf verb for the value kinds templates have (numbers are float64, bigints int). */
const VERBS: Record<string, Verb> = {
  v: (v) => formatValue(v),
  s: (v) => (typeof v === 'string' ? v : bad('s', v)),
  q: (v) => (typeof v === 'string' ? JSON.stringify(v) : bad('q', v)),
  d: (v) => (typeof v === 'bigint' ? String(v) : bad('d', v)),
  f: (v, p) => (typeof v === 'number' ? formatF(v, p ?? 6) : bad('f', v)),
  e: (v, p) => (typeof v === 'number' ? formatE(v, p ?? 6) : bad('e', v)),
  g: (v, p) => (typeof v === 'number' ? formatG(v, p) : bad('g', v)),
  t: (v) => (typeof v === 'boolean' ? String(v) : bad('t', v)),
};

/** sprintf formats like Go's fmt.Sprintf for the verbs %v %s %q %d %f %e %g %t and %%, with flags and width. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let next = 0;
  const out = format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g, (_m, flags: string, w, p, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const v = args[next++];
    const fn = VERBS[verb];
    if (!fn) return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
    let s = fn(v, p === undefined ? undefined : Number(p || 0), flags);
    if (flags.includes('+') && (typeof v === 'number' || typeof v === 'bigint') && !s.startsWith('-') && !s.startsWith('+')) s = '+' + s;
    return pad(s, w === undefined ? undefined : Number(w), flags);
  });
  if (next < args.length) {
    const extra = args.slice(next).map((v) => `${goTypeName(v)}=${formatValue(v)}`);
    return `${out}%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
