/** Postfix modifiers: range and subquery brackets, `offset`, `@`, and the experimental `anchored`/`smoothed`. */
import type { AtModifier, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../ast';
import { literalSeconds, parsePositiveDuration, secondsToMs, type Dur } from './durations';
import type { Token } from './lexer';
import type { TokenStream } from './stream';

const RANGE_CTX = { context: 'subquery or range selector', expected: 'number, duration, step(), or range()' };
const STEP_CTX = { context: 'subquery selector', expected: 'number, duration, step(), range(), or "]"' };
const NOT_SELECTOR = 'modifier must be preceded by an instant vector selector or range vector selector or a subquery';

const ms = (d: Dur) => (d.lit ? secondsToMs(d.secs) : 0);
const durExpr = (d: Dur) => (d.lit ? null : d.expr);

/** parseBracket parses `[range]` or `[range:step]` after an expression (the current token is `[`). */
export function parseBracket(s: TokenStream, e: Expr): Expr {
  const open = s.next();
  const range = parsePositiveDuration(s, RANGE_CTX);
  const t = s.peek();
  if (t.kind === ']') {
    const close = s.next();
    const bad = { start: open.start, end: close.end };
    if (e.type !== 'vectorSelector') {
      s.addError(bad, 'ranges only allowed for vector selectors');
      return e;
    }
    if (e.offset !== 0 || e.offsetExpr) s.addError(bad, 'no offset modifiers allowed before range');
    else if (e.at) s.addError(bad, 'no @ modifiers allowed before range');
    const m: MatrixSelector = {
      type: 'matrixSelector',
      vectorSelector: e,
      range: ms(range),
      rangeExpr: durExpr(range),
      pos: { start: e.pos.start, end: close.end },
    };
    return m;
  }
  if (t.kind !== ':') s.unexpected('subquery or range', '":" or "]"');
  s.next();
  let step: Dur | null = null;
  if (s.peek().kind !== ']') {
    step = parsePositiveDuration(s, STEP_CTX);
    if (s.peek().kind !== ']') s.unexpected('subquery selector', '"]"');
  }
  const close = s.next();
  const sq: SubqueryExpr = {
    type: 'subquery',
    expr: e,
    range: ms(range),
    rangeExpr: durExpr(range),
    step: step ? ms(step) : 0,
    stepExpr: step ? durExpr(step) : null,
    offset: 0,
    offsetExpr: null,
    at: null,
    pos: { start: e.pos.start, end: close.end },
  };
  return sq;
}

type Target = VectorSelector | SubqueryExpr;

/** withTarget applies a change to the selector or subquery that carries offset and @ for e (a matrix's inner selector). */
function withTarget(s: TokenStream, e: Expr, what: string, change: (t: Target) => Target): Expr {
  const end = s.lastClosing;
  switch (e.type) {
    case 'vectorSelector': {
      const t = change(e) as VectorSelector;
      return { ...t, pos: { start: e.pos.start, end } };
    }
    case 'matrixSelector':
      return { ...e, vectorSelector: change(e.vectorSelector) as VectorSelector, pos: { start: e.pos.start, end } };
    case 'subquery':
      return { ...change(e), pos: { start: e.pos.start, end } };
    default:
      s.addError(e.pos, `${what} ${NOT_SELECTOR}`);
      return e;
  }
}

/** applyOffset sets the offset parsed after `offset`. */
export function applyOffset(s: TokenStream, e: Expr, d: Dur): Expr {
  return withTarget(s, e, 'offset', (t) => {
    if (t.offset !== 0 || t.offsetExpr) s.addError(e.pos, 'offset may not be set multiple times');
    return { ...t, offset: ms(d), offsetExpr: durExpr(d) };
  });
}

function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(6);
}

/** applyAt parses `@ <timestamp>`, `@ start()` or `@ end()` (the current token is `@`). */
export function applyAt(s: TokenStream, e: Expr): Expr {
  s.next();
  let at: AtModifier;
  const t = s.peek();
  if (t.kind === 'KEYWORD' && (t.word === 'start' || t.word === 'end')) {
    s.next();
    s.expect('(', '@', 'timestamp');
    s.expect(')', '@', 'timestamp');
    at = { kind: t.word };
  } else {
    let sign = 1;
    if (t.kind === '+' || t.kind === '-') sign = s.next().kind === '-' ? -1 : 1;
    const n: Token = s.peek();
    if (n.kind !== 'NUMBER' && n.kind !== 'DURATION') s.unexpected('@', 'timestamp');
    s.next();
    const ts = sign * literalSeconds(s, n);
    if (!Number.isFinite(ts) || Math.abs(ts) >= 2 ** 63) {
      s.addError(e.pos, `timestamp out of bounds for @ modifier: ${goFloat(ts)}`);
    }
    at = { kind: 'timestamp', ms: Math.round(ts * 1000) };
  }
  return withTarget(s, e, '@', (target) => {
    if (target.at) s.addError(e.pos, '@ <timestamp> may not be set multiple times');
    return { ...target, at };
  });
}

/** applyRangeModifier applies `anchored` or `smoothed` (experimental) to a selector. */
export function applyRangeModifier(s: TokenStream, e: Expr, tok: Token): Expr {
  const word = tok.word as 'anchored' | 'smoothed';
  if (!s.opts.experimental) {
    s.addError(e.pos, `${word} modifier is experimental and not enabled`);
    return e;
  }
  const set = (vs: VectorSelector): VectorSelector => {
    if (vs[word === 'anchored' ? 'smoothed' : 'anchored']) {
      s.addError(e.pos, 'anchored and smoothed modifiers cannot be used together');
    }
    return { ...vs, [word]: true };
  };
  if (e.type === 'vectorSelector') return set(e);
  if (e.type === 'matrixSelector') return { ...e, vectorSelector: set(e.vectorSelector) };
  s.addError(e.pos, e.type === 'subquery' ? `${word} modifier is not supported for subqueries` : `${word} modifier not implemented`);
  return e;
}
