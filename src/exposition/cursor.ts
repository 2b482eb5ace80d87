/**
 * Cursor tracks a position in an exposition body with its line and column, and scans the tokens both formats share:
 * quoted strings, value tokens, blanks. Parser builds on it; errors it throws carry positions.
 */
import { ExpositionError } from './types';

/** NL is the code of a newline. */
export const NL = 10;
/** SP is the code of a space. */
export const SP = 32;
/** TAB is the code of a tab. */
export const TAB = 9;
/** HASH is the code of `#`. */
export const HASH = 35;
/** QUOTE is the code of `"`. */
export const QUOTE = 34;
/** BACKSLASH is the code of `\`. */
export const BACKSLASH = 92;
/** LBRACE is the code of `{`. */
export const LBRACE = 123;
/** RBRACE is the code of `}`. */
export const RBRACE = 125;
/** COMMA is the code of `,`. */
export const COMMA = 44;
/** EQUAL is the code of `=`. */
export const EQUAL = 61;

/** Cursor is a read position over one body; `om` selects OpenMetrics' lexical rules. */
export class Cursor {
  /** pos is the index of the next character to read. */
  pos = 0;
  /** lineNo is the 1-based number of the line that pos is on. */
  lineNo = 1;
  /** lineStart is the index where that line starts. */
  lineStart = 0;
  /** escaped is set by quoted() when the string it scanned holds a backslash. */
  escaped = false;

  constructor(
    readonly s: string,
    readonly om: boolean,
  ) {}

  /** fail throws the error at position at, which may lie on an earlier line than the one being read. */
  fail(at: number, msg: string): never {
    let line = this.lineNo;
    let lineStart = this.lineStart;
    while (at < lineStart && line > 1) {
      lineStart = this.s.lastIndexOf('\n', lineStart - 2) + 1;
      line--;
    }
    throw new ExpositionError(line, at - lineStart + 1, msg);
  }

  /** newline records that the character at at ends a line. */
  newline(at: number): void {
    this.lineNo++;
    this.lineStart = at + 1;
  }

  /** endLine steps over the newline at the cursor, if any. */
  endLine(): void {
    if (this.pos < this.s.length) this.newline(this.pos++);
  }

  /**
   * quoted scans a quoted string starting at the quote at i and returns the index after the closing quote. Only
   * text-format label values may span lines (multiline), as Prometheus's lexer allows.
   */
  quoted(i: number, multiline = false): number {
    const s = this.s;
    const end = s.length;
    const open = i;
    this.escaped = false;
    for (i++; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        if (s.charCodeAt(i + 1) === NL) this.fail(i, 'backslash at the end of a line inside a quoted string');
        this.escaped = true;
        i++;
      } else if (c === NL) {
        if (!multiline) this.fail(open, 'unterminated quoted string (newline before the closing quote)');
        this.newline(i);
      }
    }
    return this.fail(open, 'unterminated quoted string');
  }

  /** skipSpaces steps over blanks (text format only; OpenMetrics has exactly one space between tokens). */
  skipSpaces(): void {
    if (this.om) return;
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === SP || c === TAB) c = s.charCodeAt(++this.pos);
  }

  /** token returns the end of the value or timestamp token at the cursor. */
  token(): number {
    return tokenEnd(this.s, this.pos, this.om);
  }

  /** shown quotes up to 40 characters of s[start, end) for an error message. */
  shown(start: number, end: number, quoted = false): string {
    const text = this.s.slice(start, Math.min(end, start + 40));
    return quoted ? text : `"${text}"`;
  }
}

/**
 * tokenEnd returns the end of the value or timestamp token that starts at i: the next space or newline, and in the
 * text format (om false) also the next tab or `{`.
 */
export function tokenEnd(s: string, i: number, om: boolean): number {
  const end = s.length;
  if (om) {
    for (let c = s.charCodeAt(i); i < end && c !== SP && c !== NL; c = s.charCodeAt(++i));
  } else {
    for (let c = s.charCodeAt(i); i < end && c !== SP && c !== NL && c !== TAB && c !== LBRACE; c = s.charCodeAt(++i));
  }
  return i;
}

/** skipBlanks returns the index of the first character at or after i that is not a space or a tab. */
export function skipBlanks(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === SP || c === TAB) c = s.charCodeAt(++i);
  return i;
}

/** plainQuoted returns the index after a quoted string at i that holds no backslash or newline, else -1. */
export function plainQuoted(s: string, i: number): number {
  const end = s.length;
  for (i++; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH || c === NL) return -1;
  }
  return -1;
}
