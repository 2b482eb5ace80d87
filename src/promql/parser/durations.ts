/**
 * Durations in range, subquery-step and offset positions: literals (`5m`, `1.5`), and Prometheus 3.x duration
 * expressions (`1h + 5m`, `step()`, `range()`, `min_of(a, b)`), which need the experimental option.
 */
import type { DurationExpr } from '../ast';
import { numberError, parseNumber } from './literals';
import type { Token } from './lexer';
import type { TokenStream } from './stream';

/** Dur is a parsed duration: a plain literal (`lit`, value in seconds) or an expression; with its source range. */
export interface Dur {
  readonly lit: boolean;
  readonly secs: number;
  readonly expr: DurationExpr;
  readonly start: number;
  readonly end: number;
}

/** DurContext is the wording used for unexpected tokens inside one duration position. */
export interface DurContext {
  readonly context: string;
  readonly expected: string;
}

type BinOp = '+' | '-' | '*' | '/' | '%' | '^';
const PREC: Record<string, number> = { '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6 };
const MAX_SECS = 2 ** 63 / 1e9;

/** literalSeconds reads a NUMBER or DURATION token as seconds, recording a parse error for a bad duration. */
export function literalSeconds(s: TokenStream, t: Token): number {
  const text = s.text(t);
  if (t.kind === 'NUMBER') {
    const v = parseNumber(text);
    const err = numberError(text, v);
    if (err) s.addError(t, err);
    return v ?? 0;
  }
  const ms = durationMs(text);
  if (typeof ms === 'string') {
    s.addError(t, ms);
    return 0;
  }
  return ms / 1000;
}

const UNIT_MS: Record<string, readonly [order: number, ms: number]> = {
  y: [1, 31_536_000_000],
  w: [2, 604_800_000],
  d: [3, 86_400_000],
  h: [4, 3_600_000],
  m: [5, 60_000],
  s: [6, 1000],
  ms: [7, 1],
};

/** durationMs reads a duration literal (`1h30m`) in ms as Prometheus's model.ParseDuration, or returns its error. */
export function durationMs(text: string): number | string {
  if (text === '0') return 0;
  if (text === '') return 'empty duration string';
  const invalid = `not a valid duration string: ${JSON.stringify(text)}`;
  let total = 0;
  let lastOrder = 0;
  const re = /(\d*)(\D*)/y;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    if (m[1] === '' || m[2] === '') return invalid;
    const unit = UNIT_MS[m[2]];
    if (!unit) return `unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(text)}`;
    if (unit[0] <= lastOrder) return invalid;
    lastOrder = unit[0];
    total += Number(m[1]) * unit[1];
  }
  if (total > 2 ** 63 / 1e6) return 'duration out of range';
  return total;
}

/** secondsToMs converts as Prometheus does: round to whole nanoseconds, then truncate to milliseconds. */
export function secondsToMs(secs: number): number {
  return Math.trunc(Math.round(secs * 1e9) / 1e6);
}

function lit(secs: number, start: number, end: number, text?: string): Dur {
  const ms = secondsToMs(secs);
  const expr: DurationExpr = text === undefined ? { type: 'durationLiteral', ms } : { type: 'durationLiteral', ms, text };
  return { lit: true, secs, expr, start, end };
}

const literalText = (d: Dur) => (d.expr.type === 'durationLiteral' ? (d.expr.text ?? '') : '');

function expression(s: TokenStream, expr: DurationExpr, start: number, end: number): Dur {
  if (!s.opts.experimental) s.addError({ start, end }, 'experimental duration expression is not enabled');
  return { lit: false, secs: 0, expr, start, end };
}

function checkedLiteral(s: TokenStream, secs: number, start: number, end: number, text: string): Dur {
  if (secs > MAX_SECS || secs < -MAX_SECS) {
    s.addError({ start, end }, 'duration out of range');
    return lit(0, start, end);
  }
  return lit(secs, start, end, text);
}

function negate(s: TokenStream, op: Token, d: Dur): Dur {
  if (d.lit) {
    if (op.kind === '+') return checkedLiteral(s, d.secs, op.start, d.end, literalText(d));
    const text = literalText(d);
    return checkedLiteral(s, -d.secs, op.start, d.end, text.startsWith('-') ? text.slice(1) : '-' + text);
  }
  if (op.kind === '+') return d;
  return { ...d, start: op.start, expr: { type: 'durationUnary', op: '-', expr: d.expr } };
}

/** parseDurationExpr parses a full duration expression (Prometheus's duration_expr) at or above minPrec. */
export function parseDurationExpr(s: TokenStream, ctx: DurContext, minPrec = 0): Dur {
  s.nest();
  let lhs = unary(s, ctx);
  for (;;) {
    const op = s.peek().kind;
    const prec = PREC[op];
    if (prec === undefined || prec < minPrec) {
      s.unnest();
      return lhs;
    }
    const opTok = s.next();
    const rhs = parseDurationExpr(s, ctx, op === '^' ? prec : prec + 1);
    if ((op === '/' || op === '%') && rhs.lit && rhs.secs === 0) {
      s.addError(opTok, op === '/' ? 'division by zero' : 'modulo by zero');
      lhs = lit(0, lhs.start, rhs.end);
      continue;
    }
    const expr: DurationExpr = { type: 'durationBinary', op: op as BinOp, lhs: lhs.expr, rhs: rhs.expr };
    lhs = expression(s, expr, lhs.start, rhs.end);
  }
}

function unary(s: TokenStream, ctx: DurContext): Dur {
  const t = s.peek();
  if (t.kind === '+' || t.kind === '-') {
    s.next();
    return negate(s, t, parseDurationExpr(s, ctx, 6));
  }
  return primary(s, ctx);
}

function primary(s: TokenStream, ctx: DurContext): Dur {
  const t = s.peek();
  if (t.kind === 'NUMBER' || t.kind === 'DURATION') {
    s.next();
    return checkedLiteral(s, literalSeconds(s, t), t.start, t.end, s.text(t));
  }
  if (t.kind === '(') {
    s.next();
    const inner = parseDurationExpr(s, ctx);
    const close = s.expect(')', ctx.context, ctx.expected);
    return expression(s, { type: 'durationParen', expr: inner.expr }, t.start, close.end);
  }
  if (t.kind === 'KEYWORD' && (t.word === 'step' || t.word === 'range')) {
    s.next();
    s.expect('(', ctx.context, ctx.expected);
    const close = s.expect(')', ctx.context, ctx.expected);
    return expression(s, { type: 'durationCall', fn: t.word }, t.start, close.end);
  }
  if (t.kind === 'KEYWORD' && (t.word === 'min_of' || t.word === 'max_of')) {
    s.next();
    s.expect('(', ctx.context, ctx.expected);
    const a = parseDurationExpr(s, ctx);
    s.expect(',', ctx.context, ctx.expected);
    const b = parseDurationExpr(s, ctx);
    const close = s.expect(')', ctx.context, ctx.expected);
    return expression(s, { type: 'durationMinMax', fn: t.word, lhs: a.expr, rhs: b.expr }, t.start, close.end);
  }
  return s.unexpected(ctx.context, ctx.expected);
}

/** parsePositiveDuration parses a range or step: a literal must be greater than 0. */
export function parsePositiveDuration(s: TokenStream, ctx: DurContext): Dur {
  const d = parseDurationExpr(s, ctx);
  if (d.lit && d.secs <= 0) {
    s.addError(d, 'duration must be greater than 0');
    return lit(0, d.start, d.end);
  }
  return d;
}

/**
 * parseOffsetDuration parses what follows `offset`. As in Prometheus's grammar, a literal, `step()`, `range()`,
 * `min_of(...)`/`max_of(...)` or a signed parenthesis ends the offset, so `x offset 5m + 1` adds 1 to the
 * selector; only an unsigned parenthesis may continue as duration arithmetic.
 */
export function parseOffsetDuration(s: TokenStream): Dur {
  const ctx = { context: 'offset', expected: 'number, duration, step(), or range()' };
  const t = s.peek();
  if (t.kind === '(') return parseDurationExpr(s, ctx);
  if (t.kind === '+' || t.kind === '-') {
    s.next();
    const inner = s.peek().kind === '(' ? parenOnly(s, ctx) : primary(s, ctx);
    return negate(s, t, inner);
  }
  return primary(s, ctx);
}

function parenOnly(s: TokenStream, ctx: DurContext): Dur {
  const open = s.next();
  const inner = parseDurationExpr(s, ctx);
  const close = s.expect(')', ctx.context, ctx.expected);
  return expression(s, { type: 'durationParen', expr: inner.expr }, open.start, close.end);
}

/** DurationEnv gives the values of `step()` and `range()` in ms for evaluating a duration expression. */
export interface DurationEnv {
  readonly stepMs: number;
  readonly rangeMs: number;
}

/** evalDurationSeconds computes a duration expression in seconds, as Prometheus does before evaluation. */
export function evalDurationSeconds(d: DurationExpr, env: DurationEnv): number {
  switch (d.type) {
    case 'durationLiteral':
      return d.ms / 1000;
    case 'durationCall':
      return (d.fn === 'step' ? env.stepMs : env.rangeMs) / 1000;
    case 'durationParen':
      return evalDurationSeconds(d.expr, env);
    case 'durationUnary':
      return d.op === '-' ? -evalDurationSeconds(d.expr, env) : evalDurationSeconds(d.expr, env);
    case 'durationMinMax': {
      const a = evalDurationSeconds(d.lhs, env);
      const b = evalDurationSeconds(d.rhs, env);
      return d.fn === 'min_of' ? Math.min(a, b) : Math.max(a, b);
    }
    case 'durationBinary':
      return DURATION_OPS[d.op](evalDurationSeconds(d.lhs, env), evalDurationSeconds(d.rhs, env));
  }
}

const DURATION_OPS: Record<BinOp, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => {
    if (b === 0) throw new Error('division by zero');
    return a / b;
  },
  '%': (a, b) => {
    if (b === 0) throw new Error('modulo by zero');
    return a % b;
  },
  '^': (a, b) => Math.pow(a, b),
};

/**
 * evalDurationMs computes a duration expression in whole ms; throws (Prometheus's wording) when it is NaN, infinite,
 * out of range, or not positive where a negative value is not allowed (ranges and steps).
 */
export function evalDurationMs(d: DurationExpr, env: DurationEnv, allowNegative: boolean): number {
  const secs = evalDurationSeconds(d, env);
  if (!Number.isFinite(secs)) throw new Error('duration is NaN or infinite');
  if (secs <= 0 && !allowNegative) throw new Error('duration must be greater than 0');
  if (secs > MAX_SECS || secs < -MAX_SECS) throw new Error('duration is out of range');
  return Math.trunc(secs * 1000);
}
