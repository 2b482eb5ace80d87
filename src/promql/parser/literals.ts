/** Literal values: PromQL numbers (Go's integer and float syntax) and quoted strings (Go escapes). */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * decodeBytes decodes UTF-8 like Go ranges over a string: a byte that does not start a valid sequence stays one
 * character, U+DC00 plus the byte (a lone surrogate, so it still reads as invalid UTF-8 and prints back as `\xNN`).
 */
export function decodeBytes(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp = n === 1 ? b : n === 2 ? b & 0x1f : n === 3 ? b & 0x0f : b & 0x07;
    let ok = n > 0 && i + n <= bytes.length;
    for (let k = 1; ok && k < n; k++) {
      const c = bytes[i + k];
      ok = (c & 0xc0) === 0x80;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0, 0x80, 0x800, 0x10000][n];
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

/**
 * unquoteString returns the value of a string token already checked by the lexer (quotes included). `\x` and
 * octal escapes are bytes, so a run of them is decoded as UTF-8 the way Go builds the string.
 */
export function unquoteString(tok: string): string {
  const body = tok.slice(1, -1);
  if (tok[0] === '`') return body.replace(/\r/g, '');
  if (!body.includes('\\')) return body;
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += decodeBytes(bytes);
    bytes = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      flush();
      out += SIMPLE_ESCAPES[e];
    } else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      flush();
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    }
  }
  flush();
  return out;
}

const GO_INT = /^(0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*|0_?[0-7]+(_[0-7]+)*|[1-9](_?[0-9])*|0)$/;
const GO_FLOAT = /^(\d+(_\d+)*)?(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$/;

/**
 * parseNumber reads a number token as Prometheus does: first as a Go integer literal (hex `0x1f`, octal `017`,
 * digit separators), then as a float (`1.5e3`, `Inf`, `NaN`); returns undefined when neither reads it.
 */
export function parseNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (GO_INT.test(text)) {
    const digits = text.replace(/_/g, '');
    if (/^0[xX]/.test(digits)) return Number(digits);
    if (digits.length > 1 && digits[0] === '0') return parseInt(digits, 8);
    return Number(digits);
  }
  if (GO_FLOAT.test(text) && /\d/.test(text)) return Number(text.replace(/_/g, ''));
  return undefined;
}

/** numberError returns Prometheus's message for a number token that parseNumber could not read or that overflows. */
export function numberError(text: string, val: number | undefined): string | undefined {
  const quoted = JSON.stringify(text);
  if (val === undefined) return `error parsing number: strconv.ParseFloat: parsing ${quoted}: invalid syntax`;
  if (Math.abs(val) === Infinity && !/^[+-]?inf$/i.test(text)) {
    return `error parsing number: strconv.ParseFloat: parsing ${quoted}: value out of range`;
  }
  return undefined;
}

/** goQuoteRune writes a character as Go's %q does for a rune. */
export function goQuoteRune(ch: string): string {
  if (ch === '') return "'\\uFFFD'";
  if (ch === "'") return "'\\''";
  if (ch === '\\') return "'\\\\'";
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  return `'${ch}'`;
}

/**
 * goQuote writes a string as Go's %q and strconv.Quote do (double quotes, backslash escapes), which PromQL reads
 * back unchanged; a byte that was not valid UTF-8 (held as U+DC80..U+DCFF, see unquoteString) is written as `\xNN`.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xdc80 && c <= 0xdcff) out += `\\x${(c - 0xdc00).toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\uFFFD';
    else out += ch;
  }
  return out + '"';
}
