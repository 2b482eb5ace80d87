/**
 * The recursive-descent PromQL parser. Binary operators use a precedence table (Prometheus's order, `^` right
 * associative, unary `+`/`-` binding like `*`); postfix modifiers (`[...]`, `offset`, `@`, `anchored`, `smoothed`)
 * bind tightest. Semantic errors are recorded and parsing goes on; the first error recorded is reported.
 */
import type {
  AggregateExpr,
  AggregationOp,
  BinaryExpr,
  BinaryOp,
  Call,
  Expr,
  NumberLiteral,
  ValueType,
  VectorMatching,
  VectorSelector,
} from '../ast';
import { FUNCTIONS } from '../functions_table';
import { literalSeconds, parseOffsetDuration } from './durations';
import type { Token } from './lexer';
import { unquoteString } from './literals';
import { parseLabelMatchers, parseGroupingLabels } from './selectors';
import { applyAt, applyOffset, applyRangeModifier, parseBracket } from './modifiers';
import { TokenStream } from './stream';
import { typeOf } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** BinaryExtras keeps what the type check needs but the AST normalises away: the matching as written. */
export interface BinaryExtras {
  readonly matching: VectorMatching;
}

/** PRECEDENCE lists binary operators from loosest (1) to tightest (6), as Prometheus's grammar orders them. */
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '</': 3,
  '>/': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

const SET_OPS = new Set<BinaryOp>(['and', 'or', 'unless']);
const PARAM_AGGREGATIONS = new Set<AggregationOp>(['topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio']);
const EXPERIMENTAL_AGGREGATIONS = new Set<AggregationOp>(['limitk', 'limit_ratio']);
const AGGREGATIONS = new Set<string>([...'sum avg count min max group stddev stdvar'.split(' '), ...PARAM_AGGREGATIONS]);
/** Keywords that may be read as a metric name where an expression starts (Prometheus's metric_identifier). */
const METRIC_NAME_WORDS = new Set(
  ('avg bottomk by count count_values fill fill_left fill_right group and or unless max min offset quantile stddev ' +
    'stdvar sum topk without start end limitk limit_ratio step range anchored smoothed max_of min_of').split(' '),
);
const CALL_WORDS = new Set(['start', 'end', 'step', 'range', 'max_of', 'min_of']);

function binaryOpOf(t: Token): BinaryOp | undefined {
  const key = t.kind === 'KEYWORD' ? t.word : t.kind;
  return Object.hasOwn(PRECEDENCE, key) ? (key as BinaryOp) : undefined;
}

/** Parser builds the AST; binaryExtras carries modifier details for the type check. */
export class Parser extends TokenStream {
  readonly binaryExtras = new WeakMap<BinaryExpr, BinaryExtras>();
  /** scalarBinaries holds the binary operations built so far whose type is scalar, so chains type in O(1). */
  private readonly scalarBinaries = new Set<Expr>();
  /** aggregationDepth > 0 while inside an aggregation, whose syntax errors say "in aggregation". */
  private aggregationDepth = 0;

  /** parseTop parses the whole input as one expression. */
  parseTop(): Expr {
    if (this.peek().kind === 'EOF') this.fail({ start: 0, end: 0 }, 'no expression found in input');
    const e = this.expr(0);
    if (this.peek().kind !== 'EOF') this.unexpected(this.aggregationDepth ? 'aggregation' : '');
    return e;
  }

  /** parseSelectorTop parses the whole input as one vector selector, without modifiers or checks. */
  parseSelectorTop(): VectorSelector {
    const t = this.peek();
    const named = t.kind === 'IDENTIFIER' || t.kind === 'METRIC_IDENTIFIER' || (t.kind === 'KEYWORD' && METRIC_NAME_WORDS.has(t.word));
    if (named) this.next();
    else if (t.kind !== '{') this.unexpected();
    const vs = this.selector(named ? this.text(t) : '', t.start);
    if (this.peek().kind !== 'EOF') this.unexpected();
    return vs;
  }

  /** syntax fails on the current token with the context of the innermost construct that names one. */
  syntax(): never {
    return this.unexpected(this.aggregationDepth ? 'aggregation' : '');
  }

  /** expr parses binary expressions whose operators bind at least as tightly as minPrec. */
  expr(minPrec: number): Expr {
    this.nest();
    let lhs = this.unary();
    for (;;) {
      const opTok = this.peek();
      const op = binaryOpOf(opTok);
      if (op === undefined || PRECEDENCE[op] < minPrec) {
        this.unnest();
        return lhs;
      }
      this.next();
      const matching = this.binaryModifiers();
      const rhs = this.expr(op === '^' ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      lhs = this.binary(op, lhs, rhs, matching);
    }
  }

  private binary(op: BinaryOp, lhs: Expr, rhs: Expr, raw: VectorMatching & { bool: boolean }): Expr {
    const { bool, ...rawMatching } = raw;
    const pos = { start: lhs.pos.start, end: rhs.pos.end };
    if (!this.opts.experimental && raw.fillValues) this.addError(pos, 'binop fill modifiers are experimental and not enabled');
    const lt = this.typeOf(lhs);
    const rt = this.typeOf(rhs);
    const vectors = lt === 'vector' && rt === 'vector';
    let matching: VectorMatching | null = null;
    if (vectors) {
      const card = SET_OPS.has(op) && raw.card === 'one-to-one' ? 'many-to-many' : raw.card;
      matching = { ...rawMatching, card };
    }
    const node: BinaryExpr = { type: 'binaryExpr', op, lhs, rhs, matching, bool, pos };
    this.binaryExtras.set(node, { matching: rawMatching });
    if (lt === 'scalar' && rt === 'scalar') this.scalarBinaries.add(node);
    return node;
  }

  private typeOf(e: Expr): ValueType {
    if (e.type === 'binaryExpr') return this.scalarBinaries.has(e) ? 'scalar' : 'vector';
    return typeOf(e);
  }

  /** binaryModifiers reads `bool`, `on`/`ignoring`, `group_left`/`group_right` and fill modifiers. */
  private binaryModifiers(): VectorMatching & { bool: boolean } {
    let bool = false;
    let on = false;
    let labels: string[] = [];
    let include: string[] = [];
    let card: VectorMatching['card'] = 'one-to-one';
    if (this.isWord('bool')) {
      this.next();
      bool = true;
    }
    if (this.isWord('on') || this.isWord('ignoring')) {
      on = this.next().word === 'on';
      labels = parseGroupingLabels(this);
      if (this.isWord('group_left') || this.isWord('group_right')) {
        card = this.next().word === 'group_left' ? 'many-to-one' : 'one-to-many';
        if (this.peek().kind === '(') include = parseGroupingLabels(this);
      }
    }
    const fill = this.fillModifiers();
    const m = { card, on, labels, include, bool };
    return fill ? { ...m, fillValues: fill } : m;
  }

  private fillModifiers(): { lhs: number | null; rhs: number | null } | undefined {
    if (this.isWord('fill')) {
      this.next();
      const v = this.fillValue();
      return { lhs: v, rhs: v };
    }
    if (!this.isWord('fill_left') && !this.isWord('fill_right')) return undefined;
    const values = { lhs: null as number | null, rhs: null as number | null };
    const first = this.next().word;
    values[first === 'fill_left' ? 'lhs' : 'rhs'] = this.fillValue();
    const other = first === 'fill_left' ? 'fill_right' : 'fill_left';
    if (this.isWord(other)) {
      this.next();
      values[other === 'fill_left' ? 'lhs' : 'rhs'] = this.fillValue();
    }
    return values;
  }

  private fillValue(): number {
    this.expect('(');
    let sign = 1;
    if (this.peek().kind === '+' || this.peek().kind === '-') sign = this.next().kind === '-' ? -1 : 1;
    const t = this.peek();
    if (t.kind !== 'NUMBER' && t.kind !== 'DURATION') this.syntax();
    this.next();
    const v = sign * literalSeconds(this, t);
    this.expect(')');
    return v;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind !== '+' && t.kind !== '-') return this.postfix(this.primary());
    this.next();
    const operand = this.expr(PRECEDENCE['^']);
    const pos = { start: t.start, end: operand.pos.end };
    if (operand.type === 'numberLiteral') {
      if (t.kind === '+') return { ...operand, pos };
      const text = operand.text.startsWith('-') ? operand.text.slice(1) : '-' + operand.text;
      return { type: 'numberLiteral', val: -operand.val, text, pos };
    }
    return { type: 'unaryExpr', op: t.kind, expr: operand, pos };
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.kind === '[') e = parseBracket(this, e);
      else if (t.kind === '@') e = applyAt(this, e);
      else if (t.kind !== 'KEYWORD') return e;
      else if (t.word === 'offset') {
        this.next();
        e = applyOffset(this, e, parseOffsetDuration(this));
      } else if (t.word === 'anchored' || t.word === 'smoothed') e = applyRangeModifier(this, e, this.next());
      else return e;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'NUMBER':
      case 'DURATION':
        return this.number(this.next());
      case 'STRING':
        this.next();
        return { type: 'stringLiteral', val: this.unquote(t), pos: { start: t.start, end: t.end } };
      case '(': {
        this.next();
        const inner = this.expr(0);
        const close = this.expect(')', this.aggregationDepth ? 'aggregation' : '');
        return { type: 'parenExpr', expr: inner, pos: { start: t.start, end: close.end } };
      }
      case '{':
        return this.selector('', t.start);
      case 'IDENTIFIER':
        this.next();
        if (this.peek().kind === '(') return this.call(t);
        return this.selector(this.text(t), t.start);
      case 'METRIC_IDENTIFIER':
        this.next();
        return this.selector(this.text(t), t.start);
      case 'KEYWORD':
        return this.keywordPrimary(t);
      default:
        return this.syntax();
    }
  }

  private keywordPrimary(t: Token): Expr {
    const after = this.peekAt(1);
    const afterIsParen = after.kind === '(';
    if (AGGREGATIONS.has(t.word)) {
      const grouped = after.kind === 'KEYWORD' && (after.word === 'by' || after.word === 'without');
      if (afterIsParen || grouped) return this.aggregation(this.next());
    }
    if (CALL_WORDS.has(t.word) && afterIsParen) return this.call(this.next());
    if (!METRIC_NAME_WORDS.has(t.word)) return this.syntax();
    this.next();
    return this.selector(this.text(t), t.start);
  }

  private number(t: Token): NumberLiteral {
    const text = this.text(t);
    const val = literalSeconds(this, t);
    return { type: 'numberLiteral', val, text, pos: { start: t.start, end: t.end } };
  }

  /** unquote returns a string token's value. */
  unquote(t: Token): string {
    return unquoteString(this.text(t));
  }

  private selector(name: string, start: number): VectorSelector {
    const braces = this.peek().kind === '{';
    const matchers = braces ? parseLabelMatchers(this) : [];
    const end = braces ? this.lastClosing : start + name.length;
    if (name !== '') matchers.push({ type: '=', name: '__name__', value: name });
    return { type: 'vectorSelector', name, matchers, offset: 0, offsetExpr: null, at: null, pos: { start, end } };
  }

  /** args parses `( expr, ... )` of a call or aggregation. */
  private args(): Expr[] {
    this.expect('(');
    const out: Expr[] = [];
    if (this.peek().kind === ')') {
      this.next();
      return out;
    }
    for (;;) {
      out.push(this.expr(0));
      const t = this.peek();
      if (t.kind === ')') break;
      if (t.kind !== ',') this.syntax();
      this.next();
      if (this.peek().kind === ')') {
        this.addError(t, 'trailing commas not allowed in function call args');
        break;
      }
    }
    this.next();
    return out;
  }

  private call(nameTok: Token): Call {
    const func = this.text(nameTok);
    const args = this.args();
    const sig = FUNCTIONS.get(func);
    if (!sig) this.addError(nameTok, `unknown function with name ${JSON.stringify(func)}`);
    else if (sig.experimental && !this.opts.experimental) this.addError(nameTok, `function ${JSON.stringify(func)} is not enabled`);
    return { type: 'call', func, args, pos: { start: nameTok.start, end: this.lastClosing } };
  }

  /** aggregationModifier reads `by (...)` or `without (...)`. */
  private aggregationModifier(): [string[], boolean] {
    const without = this.next().word === 'without';
    return [parseGroupingLabels(this), without];
  }

  private aggregation(opTok: Token): AggregateExpr {
    const op = opTok.word as AggregationOp;
    this.aggregationDepth++;
    let grouping: string[] = [];
    let without = false;
    let hasGrouping = this.isWord('by') || this.isWord('without');
    if (hasGrouping) [grouping, without] = this.aggregationModifier();
    if (this.peek().kind !== '(') this.syntax();
    const args = this.args();
    if (!hasGrouping && (this.isWord('by') || this.isWord('without'))) {
      [grouping, without] = this.aggregationModifier();
      hasGrouping = true;
    }
    this.aggregationDepth--;
    const pos = { start: opTok.start, end: this.lastClosing };
    const node: Mutable<AggregateExpr> = { type: 'aggregation', op, expr: args[0], param: null, grouping, without, hasGrouping, pos };
    if (args.length === 0) {
      this.addError(pos, 'no arguments for aggregate expression provided');
      return node;
    }
    let want = 1;
    if (PARAM_AGGREGATIONS.has(op)) {
      if (EXPERIMENTAL_AGGREGATIONS.has(op) && !this.opts.experimental) {
        this.addError(pos, `${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
        return node;
      }
      want = 2;
      node.param = args[0];
    }
    if (args.length !== want) {
      this.addError(pos, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
      return node;
    }
    node.expr = args[want - 1];
    return node;
  }
}
