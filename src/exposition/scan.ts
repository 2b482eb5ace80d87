/**
 * Character-level helpers shared by both parsers and the writers: name character classes, number grammars with
 * a fast path, and escape decoding. Everything works on a string and a [start, end) range, without slicing.
 */

const NAME_START = new Uint8Array(256);
const NAME_CHAR = new Uint8Array(256);
const LABEL_START = new Uint8Array(256);
const LABEL_CHAR = new Uint8Array(256);
const PLAIN_VALUE = new Uint8Array(256).fill(1);
PLAIN_VALUE[0] = PLAIN_VALUE[10] = PLAIN_VALUE[34] = PLAIN_VALUE[92] = 0;
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  LABEL_START[c] = alpha ? 1 : 0;
  LABEL_CHAR[c] = alpha || digit ? 1 : 0;
  NAME_START[c] = alpha || c === 58 ? 1 : 0;
  NAME_CHAR[c] = alpha || digit || c === 58 ? 1 : 0;
}

/** isNameStart reports whether c may start an unquoted metric name (`[a-zA-Z_:]`). */
export function isNameStart(c: number): boolean {
  return c < 128 && NAME_START[c] === 1;
}

/** isLabelStart reports whether c may start an unquoted label name (`[a-zA-Z_]`). */
export function isLabelStart(c: number): boolean {
  return c < 128 && LABEL_START[c] === 1;
}

/** scanName returns the index after the metric-name characters that start at i. */
export function scanName(s: string, i: number): number {
  const end = s.length;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || NAME_CHAR[c] === 0) break;
  }
  return i;
}

/** scanLabelName returns the index after the label-name characters that start at i. */
export function scanLabelName(s: string, i: number): number {
  const end = s.length;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || LABEL_CHAR[c] === 0) break;
  }
  return i;
}

const ENCODER = new TextEncoder();

/** NON_ASCII stands in codeUnits for every code unit above 127: none of them is part of the exposition syntax. */
const NON_ASCII = 128;

/** CodeUnits is the body as bytes for fast scanning; ascii tells whether they are exact (no character above 127). */
export interface CodeUnits {
  readonly bytes: Uint8Array;
  readonly ascii: boolean;
}

/**
 * codeUnits copies the code units of s into bytes, each one above 127 replaced by NON_ASCII, followed by two zeros
 * (so that a reader may look past the end without a bounds test). Loops that classify characters read it about twice
 * as fast as charCodeAt; for an ASCII body, the usual case, TextEncoder makes the copy natively. Equal bytes mean
 * equal text only where the text is known to be ASCII (or the body is).
 */
export function codeUnits(s: string): CodeUnits {
  const n = s.length;
  const bytes = new Uint8Array(n + 2);
  const r = ENCODER.encodeInto(s, bytes);
  if (r.read === n && r.written === n) return { bytes, ascii: true };
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    bytes[i] = c < 128 ? c : NON_ASCII;
  }
  bytes[n] = bytes[n + 1] = 0;
  return { bytes, ascii: false };
}

/** scanNameCodes is scanName over the bytes of codeUnits. */
export function scanNameCodes(u: Uint8Array, i: number): number {
  while (NAME_CHAR[u[i]] === 1) i++;
  return i;
}

/** scanLabelNameCodes is scanLabelName over the bytes of codeUnits. */
export function scanLabelNameCodes(u: Uint8Array, i: number): number {
  while (LABEL_CHAR[u[i]] === 1) i++;
  return i;
}

/** sameBytes reports whether view holds the same len bytes at a and at b, comparing four at a time. */
export function sameBytes(view: DataView, a: number, b: number, len: number): boolean {
  let k = 0;
  for (; k + 4 <= len; k += 4) if (view.getUint32(a + k) !== view.getUint32(b + k)) return false;
  for (; k < len; k++) if (view.getUint8(a + k) !== view.getUint8(b + k)) return false;
  return true;
}

/** scanPlainValueCodes returns the index of the first `"`, backslash, newline or zero byte at or after i in codeUnits' bytes. */
export function scanPlainValueCodes(u: Uint8Array, i: number): number {
  while (PLAIN_VALUE[u[i]] === 1) i++;
  return i;
}

/** matchesAt reports whether s holds word at index at (startsWith without its slow path for an offset). */
export function matchesAt(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if (s.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** POW10 holds the powers of ten that a double represents exactly, 1e0 to 1e22. */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
  1e19, 1e20, 1e21, 1e22];

/** NumberSyntax selects a number grammar: Go's ParseFloat (text format) or the OpenMetrics ABNF. */
export type NumberSyntax = 'go' | 'openmetrics' | 'timestamp';

function matchWord(s: string, i: number, end: number, word: string): boolean {
  if (end - i !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function special(s: string, start: number, end: number): number | undefined {
  let i = start;
  let sign = 1;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    if (c === 45) sign = -1;
    i++;
  } else if (matchWord(s, i, end, 'nan')) {
    return NaN;
  }
  if (matchWord(s, i, end, 'inf') || matchWord(s, i, end, 'infinity')) return sign * Infinity;
  return undefined;
}

function parseHex(s: string, start: number, end: number): number | undefined {
  let i = start;
  let sign = 1;
  if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) {
    if (s.charCodeAt(i) === 45) sign = -1;
    i++;
  }
  if (s.charCodeAt(i) !== 48 || (s.charCodeAt(i + 1) | 0x20) !== 120) return undefined;
  i += 2;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    const lc = c | 0x20;
    let d = -1;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (lc >= 97 && lc <= 102) d = lc - 87;
    else if (c === 46 && !dot) {
      dot = true;
      continue;
    } else break;
    mant = mant * 16 + d;
    digits++;
    if (dot) scale -= 4;
  }
  if (digits === 0 || i >= end || (s.charCodeAt(i) | 0x20) !== 112) return undefined;
  i++;
  let esign = 1;
  if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) {
    if (s.charCodeAt(i) === 45) esign = -1;
    i++;
  }
  if (i >= end) return undefined;
  let exp = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (exp < 100000) exp = exp * 10 + (c - 48);
  }
  return sign * mant * Math.pow(2, esign * exp + scale);
}

/**
 * parseNumber parses s[start, end) as a float in the given grammar, or returns undefined when it is not one.
 * 'openmetrics': decimal with optional fraction and exponent, `[+-]Inf`, `[+-]Infinity`, `NaN` (any case).
 * 'go': the same plus hexadecimal floats with a `p` exponent, as Go's strconv.ParseFloat.
 * 'timestamp': decimal only, no special values.
 */
export function parseNumber(s: string, start: number, end: number, syntax: NumberSyntax): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    if (++i >= end) return undefined;
    c = s.charCodeAt(i);
  }
  let mant = 0;
  let digits = 0;
  let sig = 0;
  let fracDigits = 0;
  while (i < end && c >= 48 && c <= 57) {
    if (sig > 0 || c !== 48) sig++;
    mant = mant * 10 + (c - 48);
    digits++;
    c = s.charCodeAt(++i);
  }
  if (i < end && c === 46) {
    c = s.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      if (sig > 0 || c !== 48) sig++;
      mant = mant * 10 + (c - 48);
      digits++;
      fracDigits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) {
    if (syntax === 'timestamp') return undefined;
    return special(s, start, end);
  }
  let exp = 0;
  if (i < end && (c | 0x20) === 101) {
    c = s.charCodeAt(++i);
    let eneg = false;
    if (c === 43 || c === 45) {
      eneg = c === 45;
      c = s.charCodeAt(++i);
    }
    let edigits = 0;
    while (i < end && c >= 48 && c <= 57) {
      if (exp < 100000) exp = exp * 10 + (c - 48);
      edigits++;
      c = s.charCodeAt(++i);
    }
    if (edigits === 0) return undefined;
    if (eneg) exp = -exp;
  }
  if (i !== end) {
    if (syntax === 'go' && (c | 0x20) === 120) return parseHex(s, start, end);
    return undefined;
  }
  const e10 = exp - fracDigits;
  let v: number;
  if (sig <= 15 && e10 >= -22 && e10 <= 22) v = e10 < 0 ? mant / POW10[-e10] : mant * POW10[e10];
  else v = Number(s.slice(neg || s.charCodeAt(start) === 43 ? start + 1 : start, end));
  return neg ? -v : v;
}

/**
 * parseSecondsToMs converts an OpenMetrics timestamp in seconds to milliseconds, truncating toward zero. Plain
 * decimals are converted digit by digit, so `1.001` is exactly 1001 ms (a float product would give 1000.99...).
 */
export function parseSecondsToMs(s: string, start: number, end: number): number | undefined {
  const f = parseNumber(s, start, end, 'timestamp');
  if (f === undefined) return undefined;
  let i = start;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  let whole = 0;
  let c = s.charCodeAt(i);
  while (i < end && c >= 48 && c <= 57) {
    whole = whole * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  if (whole > 9e12) return Math.trunc(f * 1000);
  let ms = whole * 1000;
  if (i < end && c === 46) {
    i++;
    for (let scale = 100; scale >= 1 && i < end; scale /= 10) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      ms += (c - 48) * scale;
      i++;
    }
    while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  if (i !== end) return Math.trunc(f * 1000);
  return neg ? -ms : ms;
}

/**
 * unescape decodes s[start, end): `\\` → `\`, `\n` → newline and, when quotes is set, `\"` → `"`. Any other
 * backslash sequence is kept as written, as Prometheus does.
 */
export function unescape(s: string, start: number, end: number, quotes: boolean): string {
  let out = '';
  let from = start;
  for (let i = start; i < end - 1; i++) {
    if (s.charCodeAt(i) !== 92) continue;
    const n = s.charCodeAt(i + 1);
    const rep = n === 92 ? '\\' : n === 110 ? '\n' : n === 34 && quotes ? '"' : null;
    if (rep !== null) {
      out += s.slice(from, i) + rep;
      from = i + 2;
    }
    i++;
  }
  return from === start ? s.slice(start, end) : out + s.slice(from, end);
}
