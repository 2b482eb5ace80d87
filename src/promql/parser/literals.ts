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

const utf8 = new TextDecoder();

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
    if (bytes.length) out += utf8.decode(new Uint8Array(bytes));
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

/** quoteString writes a string as a double-quoted PromQL literal that unquoteString reads back unchanged. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c < 0xe000) out += '\\uFFFD';
    else out += ch;
  }
  return out + '"';
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

/** goQuote writes a string as Go's %q does (double quotes, backslash escapes for quotes and control characters). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}
