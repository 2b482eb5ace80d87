/**
 * The PromQL lexer: turns a query into tokens with the same context rules as Prometheus's lexer (inside `{...}`
 * every word is an identifier; inside `[...]` only durations, arithmetic and `step()`/`range()`/`min_of`/`max_of`).
 * A lexical error becomes a final `ERROR` token carrying the message, reported when the parser reaches it.
 */
import { goQuote, goQuoteRune } from './literals';

/** TokenKind names a token: punctuation and operators by their text, words by category. */
export type TokenKind =
  | 'EOF'
  | 'ERROR'
  | 'IDENTIFIER'
  | 'METRIC_IDENTIFIER'
  | 'NUMBER'
  | 'DURATION'
  | 'STRING'
  | 'KEYWORD'
  | '('
  | ')'
  | '{'
  | '}'
  | '['
  | ']'
  | ','
  | ':'
  | '='
  | '=='
  | '!='
  | '=~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | '</'
  | '>/'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '@';

/** Token is one lexed item: kind, [start, end) offsets, and for KEYWORD the lower-cased word (else the message for ERROR). */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** word is the lower-cased keyword for KEYWORD tokens and the message for ERROR tokens; '' otherwise. */
  readonly word: string;
}

/** KEYWORDS are the reserved words of PromQL (matched case-insensitively); `inf` and `nan` lex as numbers. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'unless', 'atan2',
  'sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile',
  'limitk', 'limit_ratio',
  'offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill',
  'fill_left', 'fill_right', 'bool',
  'start', 'end', 'step', 'range', 'max_of', 'min_of',
]); // prettier-ignore

const FILL_WORDS = new Set(['fill', 'fill_left', 'fill_right']);
const DURATION_WORDS = new Set(['step', 'range', 'max_of', 'min_of']);

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string) => isAlpha(c) || isDigit(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const DEC = '0123456789';
const HEX = '0123456789abcdefABCDEF';

/** lex splits a query into tokens, ending with EOF or with one ERROR token. */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}

class Lexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;
  /** inDuration is true right after `[` or an operator inside brackets (Prometheus's lexDurationExpr state). */
  private inDuration = false;
  private readonly out: Token[] = [];

  constructor(private readonly input: string) {}

  run(): Token[] {
    for (;;) {
      const last = this.out.length ? this.out[this.out.length - 1].kind : '';
      if (last === 'EOF' || last === 'ERROR') return this.out;
      if (this.braceOpen) this.insideBraces();
      else if (this.inDuration) this.durationExpr();
      else this.statement();
    }
  }

  private peek(): string {
    return this.input[this.pos] ?? '';
  }

  private next(): string {
    return this.pos < this.input.length ? this.input[this.pos++] : '';
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== '' && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private emit(kind: TokenKind, word = ''): void {
    this.out.push({ kind, start: this.start, end: this.pos, word });
    this.start = this.pos;
  }

  private error(msg: string): void {
    this.out.push({ kind: 'ERROR', start: this.start, end: this.input.length, word: msg });
  }

  private skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
    this.start = this.pos;
  }

  private comment(): boolean {
    if (this.peek() !== '#') return false;
    while (this.pos < this.input.length && this.input[this.pos] !== '\n' && this.input[this.pos] !== '\r') this.pos++;
    this.start = this.pos;
    return true;
  }

  private statement(): void {
    if (this.comment()) return;
    const r = this.next();
    switch (true) {
      case r === '':
        if (this.parenDepth !== 0) return this.error('unclosed left parenthesis');
        if (this.bracketOpen) return this.error('unclosed left bracket');
        return this.emit('EOF');
      case isSpace(r):
        return this.skipSpaces();
      case r === ',' || r === '*' || r === '/' || r === '%' || r === '+' || r === '-' || r === '^' || r === '@':
        return this.emit(r as TokenKind);
      case r === '=':
        if (this.peek() === '=') return this.pos++, this.emit('==');
        if (this.peek() === '~') return this.error(`unexpected character after '=': ${goQuoteRune('~')}`);
        return this.emit('=');
      case r === '!': {
        const t = this.next();
        if (t !== '=') return this.error(`unexpected character after '!': ${goQuoteRune(t)}`);
        return this.emit('!=');
      }
      case r === '<' || r === '>':
        if (this.accept('=')) return this.emit(`${r}=` as TokenKind);
        if (this.accept('/')) return this.emit(`${r}/` as TokenKind);
        return this.emit(r as TokenKind);
      case isDigit(r) || (r === '.' && isDigit(this.peek())):
        this.pos--;
        return this.numberOrDuration();
      case r === '"' || r === "'":
        return this.string(r);
      case r === '`':
        return this.rawString();
      case isAlpha(r) || r === ':':
        if (!this.bracketOpen) {
          this.pos--;
          return this.keywordOrIdentifier();
        }
        if (r === ':') {
          if (this.gotColon) return this.error(`unexpected colon ${goQuoteRune(':')}`);
          this.gotColon = true;
          return this.emit(':');
        }
        if (this.durationKeyword()) return;
        return this.error(`unexpected character: ${goQuoteRune(r)}, expected ${goQuoteRune(':')}`);
      case r === '(':
        this.parenDepth++;
        return this.emit('(');
      case r === ')':
        if (--this.parenDepth < 0) {
          this.start = this.pos;
          return this.error(`unexpected right parenthesis ${goQuoteRune(')')}`);
        }
        return this.emit(')');
      case r === '{':
        this.braceOpen = true;
        return this.emit('{');
      case r === '[':
        if (this.bracketOpen) return this.error(`unexpected left bracket ${goQuoteRune('[')}`);
        this.gotColon = false;
        this.emit('[');
        this.skipSpaces();
        this.bracketOpen = true;
        this.inDuration = true;
        return;
      case r === ']':
        if (!this.bracketOpen) return this.error(`unexpected right bracket ${goQuoteRune(']')}`);
        this.bracketOpen = false;
        return this.emit(']');
      default:
        return this.error(`unexpected character: ${goQuoteRune(String.fromCodePoint(this.input.codePointAt(this.pos - 1)!))}`);
    }
  }

  private durationExpr(): void {
    const r = this.next();
    switch (true) {
      case r === '':
        return this.error('unexpected end of input in duration expression');
      case r === ']':
        this.bracketOpen = false;
        this.gotColon = false;
        this.inDuration = false;
        return this.emit(']');
      case r === ':':
        if (!this.gotDuration) return this.error('unexpected colon before duration in duration expression');
        if (this.gotColon) return this.error('unexpected repeated colon in duration expression');
        this.gotColon = true;
        return this.emit(':');
      case r === '(':
        this.parenDepth++;
        return this.emit('(');
      case r === ')':
        if (--this.parenDepth < 0) {
          this.start = this.pos;
          return this.error(`unexpected right parenthesis ${goQuoteRune(')')}`);
        }
        return this.emit(')');
      case isSpace(r):
        return this.skipSpaces();
      case r === '+' || r === '-' || r === '*' || r === '/' || r === '%' || r === '^' || r === ',':
        return this.emit(r as TokenKind);
      case r !== '' && 'smrSMR'.includes(r):
        if (this.durationKeyword()) return;
        return this.error(`unexpected character in duration expression: ${goQuoteRune(r)}`);
      case isDigit(r) || (r === '.' && isDigit(this.peek())):
        this.pos--;
        this.gotDuration = true;
        this.inDuration = false;
        return this.numberOrDuration();
      default:
        return this.error(`unexpected character in duration expression: ${goQuoteRune(r)}`);
    }
  }

  /** durationKeyword reads the rest of a word that began one character back; emits it when it is a duration word. */
  private durationKeyword(): boolean {
    if (!'smrSMR'.includes(this.input[this.pos - 1])) return false;
    while (isAlpha(this.peek())) this.pos++;
    const word = this.input.slice(this.start, this.pos).toLowerCase();
    if (!DURATION_WORDS.has(word)) return false;
    this.emit('KEYWORD', word);
    return true;
  }

  private keywordOrIdentifier(): void {
    while (isAlnum(this.peek()) || this.peek() === ':') this.pos++;
    const text = this.input.slice(this.start, this.pos);
    const word = text.toLowerCase();
    if (word === 'inf' || word === 'nan') return this.emit('NUMBER');
    if (KEYWORDS.has(word) && (!FILL_WORDS.has(word) || this.followedByLeftParen())) return this.emit('KEYWORD', word);
    this.emit(text.includes(':') ? 'METRIC_IDENTIFIER' : 'IDENTIFIER');
  }

  private followedByLeftParen(): boolean {
    let p = this.pos;
    while (p < this.input.length && isSpace(this.input[p])) p++;
    return this.input[p] === '(';
  }

  private insideBraces(): void {
    if (this.comment()) return;
    const r = this.next();
    switch (true) {
      case r === '':
        return this.error('unexpected end of input inside braces');
      case isSpace(r):
        return this.skipSpaces();
      case isAlpha(r):
        while (isAlnum(this.peek())) this.pos++;
        return this.emit('IDENTIFIER');
      case r === ',':
        return this.emit(',');
      case r === '"' || r === "'":
        return this.string(r);
      case r === '`':
        return this.rawString();
      case r === '=':
        return this.emit(this.accept('~') ? '=~' : '=');
      case r === '!': {
        const nr = this.next();
        if (nr === '~') return this.emit('!~');
        if (nr === '=') return this.emit('!=');
        return this.error(`unexpected character after '!' inside braces: ${goQuoteRune(nr)}`);
      }
      case r === '{':
        return this.error(`unexpected left brace ${goQuoteRune('{')}`);
      case r === '}':
        this.braceOpen = false;
        return this.emit('}');
      default:
        return this.error(
          `unexpected character inside braces: ${goQuoteRune(String.fromCodePoint(this.input.codePointAt(this.pos - 1)!))}`,
        );
    }
  }

  private string(quote: string): void {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const msg = this.escape(quote);
        if (msg) return this.error(msg);
      } else if (c === '' || c === '\n') return this.error('unterminated quoted string');
      else if (c === quote) return this.emit('STRING');
      else if (this.loneSurrogate(c)) return this.error('invalid UTF-8 rune');
    }
  }

  /** loneSurrogate reports whether c (just read) is half of a broken surrogate pair, JS's form of invalid UTF-8. */
  private loneSurrogate(c: string): boolean {
    const code = c.charCodeAt(0);
    if (code < 0xd800 || code > 0xdfff) return false;
    if (code >= 0xdc00) return true;
    const low = this.input.charCodeAt(this.pos);
    if (low >= 0xdc00 && low <= 0xdfff) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** escape checks one escape sequence after a backslash; returns an error message or ''. */
  private escape(quote: string): string {
    let ch = this.next();
    let n: number;
    let base: number;
    let max: number;
    if ('abfnrtv\\'.includes(ch) && ch !== '') return '';
    if (ch === quote) return '';
    if (ch >= '0' && ch <= '7') [n, base, max] = [3, 8, 255];
    else if (ch === 'x') [ch, n, base, max] = [this.next(), 2, 16, 255];
    else if (ch === 'u') [ch, n, base, max] = [this.next(), 4, 16, 0x10ffff];
    else if (ch === 'U') [ch, n, base, max] = [this.next(), 8, 16, 0x10ffff];
    else if (ch === '') return 'escape sequence not terminated';
    else return `unknown escape sequence U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${goQuoteRune(ch)}`;
    let x = 0;
    for (;;) {
      const d = HEX.includes(ch) && ch !== '' ? parseInt(ch, 16) : 16;
      if (d >= base) {
        if (ch === '') return 'escape sequence not terminated';
        return `illegal character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${goQuoteRune(ch)} in escape sequence`;
      }
      x = x * base + d;
      if (--n === 0) break;
      ch = this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) return 'escape sequence is an invalid Unicode code point';
    return '';
  }

  private rawString(): void {
    for (;;) {
      const c = this.next();
      if (c === '') return this.error('unterminated raw string');
      if (c === '`') return this.emit('STRING');
      if (this.loneSurrogate(c)) return this.error('invalid UTF-8 rune');
    }
  }

  private numberOrDuration(): void {
    if (this.scanNumber()) return this.emit('NUMBER');
    if (this.remainingDuration()) return this.emit('DURATION');
    this.error(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  /** remainingDuration accepts unit letters and further number-unit pairs after a number (`1h30m`). */
  private remainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept(DEC)) {
      while (this.accept(DEC));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    const last = this.next();
    if (isAlnum(last)) return false;
    if (last !== '') this.pos--;
    return true;
  }

  /** scanNumber follows Prometheus's number scanner: decimal, hex, `.`, exponent and `_` digit separators. */
  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = DEC;
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = HEX;
    }
    this.accept('.');
    this.accept(digits);
    let dot = false;
    let exp = false;
    for (;;) {
      const c = this.peek();
      if (c === '' || !(digits + '._eE').includes(c)) break;
      if (c === '.' && dot) return this.pos++, false;
      if ((c === 'e' || c === 'E') && exp) return this.pos++, false;
      if (this.accept('.')) {
        dot = true;
        if (this.accept('_.')) return false;
        if (digits === HEX) return false;
        continue;
      }
      if (this.accept('eE')) {
        exp = true;
        this.accept('+-');
        if (this.accept('._eE') || this.pos >= this.input.length) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.pos >= this.input.length) return false;
        continue;
      }
      while (this.accept(digits));
    }
    if (this.pos === initial) return false;
    return !isAlnum(this.peek());
  }
}
