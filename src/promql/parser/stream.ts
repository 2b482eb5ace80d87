/** TokenStream: the parser's cursor over the tokens, with Prometheus's wording for syntax errors. */
import { ParseError, type PosRange } from '../ast';
import { lex, type Token } from './lexer';
import { goQuote } from './literals';
import { MAX_DEPTH, tooDeepMessage } from './limits';

/** ParseOptions switch on what Prometheus keeps behind feature flags. */
export interface ParseOptions {
  /** experimental enables experimental functions and aggregations, duration expressions, fill modifiers and
   * anchored/smoothed (Prometheus's promql-experimental-functions, promql-duration-expr, promql-binop-fill-modifiers
   * and promql-extended-range-selectors). */
  readonly experimental?: boolean;
}

/** SyntaxFailure unwinds the parser after the first syntax error; parseExpr turns it into a ParseError. */
export class SyntaxFailure extends Error {}

const OPERATOR_WORDS = new Set(['and', 'or', 'unless', 'atan2']);
const AGGREGATOR_WORDS = new Set([
  'sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile',
  'limitk', 'limit_ratio',
]); // prettier-ignore
const KEYWORD_WORDS = new Set([
  'offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill',
  'fill_left', 'fill_right', 'bool',
]); // prettier-ignore
const PUNCTUATION = new Set(['(', ')', '{', '}', '[', ']', ',', '=', ':']);

function short(text: string): string {
  return text.length > 10 ? goQuote([...text].slice(0, 10).join('')) + '...' : goQuote(text);
}

/** TokenStream holds the tokens, the cursor, and the errors found so far. */
export class TokenStream {
  protected readonly toks: Token[];
  protected i = 0;
  /** errors are semantic errors found while parsing; Prometheus reports the first one recorded. */
  readonly errors: ParseError[] = [];
  /** lastClosing is the end of the last `)`, `}`, `]`, number or duration consumed (Prometheus's lastClosing). */
  lastClosing = 0;
  /** depth counts the nested sub-expressions being parsed (see nest). */
  private depth = 0;

  constructor(
    readonly input: string,
    readonly opts: ParseOptions,
  ) {
    this.toks = lex(input);
  }

  /** peek returns the current token; a lexical error is raised as soon as the parser looks at it. */
  peek(): Token {
    const t = this.toks[this.i];
    if (t.kind === 'ERROR') this.fail(t, t.word);
    return t;
  }

  /** peekAt returns the token n places ahead without raising errors. */
  peekAt(n: number): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }

  /** next consumes the current token. */
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'EOF') this.i++;
    if (t.kind === ')' || t.kind === '}' || t.kind === ']' || t.kind === 'NUMBER' || t.kind === 'DURATION') {
      this.lastClosing = t.end;
    }
    return t;
  }

  /** isWord reports whether the current token is the keyword w. */
  isWord(w: string): boolean {
    const t = this.peek();
    return t.kind === 'KEYWORD' && t.word === w;
  }

  /** text returns the source text of a token. */
  text(t: Token): string {
    return this.input.slice(t.start, t.end);
  }

  /**
   * nest enters one level of nested parsing at the current token and fails past MAX_DEPTH (the top level is the
   * first), so the parser's own recursion stops long before the call stack would.
   */
  nest(): void {
    if (++this.depth > MAX_DEPTH + 1) this.fail(this.peek(), tooDeepMessage);
  }

  /** unnest leaves a level entered with nest. */
  unnest(): void {
    this.depth--;
  }

  /** addError records a semantic error and keeps parsing, as Prometheus does. */
  addError(pos: PosRange, msg: string): void {
    this.errors.push(new ParseError({ start: pos.start, end: pos.end }, msg, this.input));
  }

  /** fail records a syntax error and stops parsing. */
  fail(pos: PosRange, msg: string): never {
    this.errors.push(new ParseError({ start: pos.start, end: pos.end }, msg, this.input));
    throw new SyntaxFailure(msg);
  }

  /** unexpected fails on the current token: `unexpected <what> [in <context>][, expected <expected>]`. */
  unexpected(context = '', expected = ''): never {
    const t = this.peek();
    let msg = `unexpected ${this.describe(t)}`;
    if (context) msg += ` in ${context}`;
    if (expected) msg += `, expected ${expected}`;
    return this.fail(t, msg);
  }

  /** expect consumes a token of the given kind or fails with the given context. */
  expect(kind: Token['kind'], context = '', expected = ''): Token {
    if (this.peek().kind !== kind) this.unexpected(context, expected);
    return this.next();
  }

  /** describe names a token the way Prometheus's error messages do. */
  describe(t: Token): string {
    const text = this.text(t);
    switch (t.kind) {
      case 'EOF':
        return 'end of input';
      case 'IDENTIFIER':
        return `identifier ${goQuote(text)}`;
      case 'METRIC_IDENTIFIER':
        return `metric identifier ${goQuote(text)}`;
      case 'NUMBER':
        return `number ${short(text)}`;
      case 'DURATION':
        return `duration ${short(text)}`;
      case 'STRING':
        return `string ${short(text)}`;
      case 'KEYWORD':
        if (OPERATOR_WORDS.has(t.word)) return `<op:${text}>`;
        if (AGGREGATOR_WORDS.has(t.word)) return `<aggr:${text}>`;
        if (KEYWORD_WORDS.has(t.word)) return `<${text}>`;
        return goQuote(text);
      default:
        return PUNCTUATION.has(t.kind) ? goQuote(text) : `<op:${text}>`;
    }
  }
}
