/**
 * The type check Prometheus runs after a successful parse (checkAST): operand types, modifier rules, function
 * signatures and selector rules. It throws the first error in Prometheus's order.
 */
import { ParseError, type AggregateExpr, type BinaryExpr, type Call, type Expr, type PosRange, type ValueType } from '../ast';
import { FUNCTIONS } from '../functions_table';
import { compileMatcher } from '../../model/matcher';
import { goQuote } from './literals';
import type { BinaryExtras } from './parser';
import { documentedType, typeOf } from './types';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);
const SCALAR_PARAM = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);

/** checkExpr type-checks a parsed expression; extras holds the raw binary modifiers the parser saw. */
export function checkExpr(query: string, e: Expr, extras: WeakMap<BinaryExpr, BinaryExtras>): void {
  new Checker(query, extras).check(e);
}

class Checker {
  constructor(
    private readonly query: string,
    private readonly extras: WeakMap<BinaryExpr, BinaryExtras>,
  ) {}

  private fail(pos: PosRange, msg: string): never {
    throw new ParseError(pos, msg, this.query);
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) this.fail(e.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }

  check(e: Expr): ValueType {
    switch (e.type) {
      case 'aggregation':
        this.aggregation(e);
        break;
      case 'binaryExpr':
        return this.binary(e);
      case 'call':
        this.call(e);
        break;
      case 'parenExpr':
        this.check(e.expr);
        break;
      case 'unaryExpr': {
        const t = this.check(e.expr);
        if (t !== 'scalar' && t !== 'vector') {
          this.fail(e.pos, `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`);
        }
        break;
      }
      case 'subquery': {
        const t = this.check(e.expr);
        if (t !== 'vector') this.fail(e.pos, `subquery is only allowed on instant vector, got ${t} instead`);
        break;
      }
      case 'matrixSelector':
        this.check(e.vectorSelector);
        break;
      case 'vectorSelector':
        this.selector(e, false);
        break;
      default:
        break;
    }
    return typeOf(e);
  }

  private aggregation(e: AggregateExpr): void {
    this.expectType(e.expr, 'vector', 'aggregation expression');
    if (SCALAR_PARAM.has(e.op) && e.param) this.expectType(e.param, 'scalar', 'aggregation parameter');
    if (e.op === 'count_values' && e.param) this.expectType(e.param, 'string', 'aggregation parameter');
  }

  /** binary checks a chain of left operands iteratively, so long `a or b or c ...` chains need no deep stack. */
  private binary(top: BinaryExpr): ValueType {
    const chain: BinaryExpr[] = [];
    let cur: Expr = top;
    for (; cur.type === 'binaryExpr'; cur = cur.lhs) chain.push(cur);
    let lt = this.check(cur);
    for (let i = chain.length - 1; i >= 0; i--) {
      const rt = this.check(chain[i].rhs);
      this.binaryRules(chain[i], lt, rt);
      lt = lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
    return lt;
  }

  private binaryRules(e: BinaryExpr, lt: ValueType, rt: ValueType): void {
    const raw = this.extras.get(e)?.matching ?? e.matching;
    const opRange = (): PosRange => {
      let start = e.lhs.pos.end;
      while (/\s/.test(this.query[start] ?? '')) start++;
      let end = e.rhs.pos.start - 1;
      while (end > start && /\s/.test(this.query[end])) end--;
      return { start, end };
    };
    const setOp = SET_OPS.has(e.op);
    if (e.bool && !COMPARISONS.has(e.op)) this.fail(opRange(), 'bool modifier can only be used on comparison operators');
    if (COMPARISONS.has(e.op) && !e.bool && lt === 'scalar' && rt === 'scalar') {
      this.fail(opRange(), 'comparisons between scalars must use BOOL modifier');
    }
    const card = setOp && raw?.card === 'one-to-one' ? 'many-to-many' : raw?.card;
    if (raw?.on) {
      for (const l of raw.labels) {
        if (raw.include.includes(l)) this.fail(opRange(), `label ${goQuote(l)} must not occur in ON and GROUP clause at once`);
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.fail(e.lhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') this.fail(e.rhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (lt !== 'vector' || rt !== 'vector') {
      if (raw && raw.labels.length > 0) this.fail(e.pos, 'vector matching only allowed between instant vectors');
      if (raw?.fillValues) this.fail(e.pos, 'filling in missing series only allowed between instant vectors');
    } else if (setOp) {
      if (card === 'one-to-many' || card === 'many-to-one') this.fail(e.pos, `no grouping allowed for ${goQuote(e.op)} operation`);
      if (card !== 'many-to-many') this.fail(e.pos, 'set operations must always be many-to-many');
      if (raw?.fillValues) this.fail(e.pos, 'filling in missing series not allowed for set operators');
    }
    if ((lt === 'scalar' || rt === 'scalar') && setOp) {
      this.fail(e.pos, `set operator ${goQuote(e.op)} not allowed in binary scalar expression`);
    }
  }

  private call(e: Call): void {
    const sig = FUNCTIONS.get(e.func);
    if (!sig) return;
    const n = sig.argTypes.length;
    const name = goQuote(e.func);
    if (sig.variadic === 0) {
      if (n !== e.args.length) this.fail(e.pos, `expected ${n} argument(s) in call to ${name}, got ${e.args.length}`);
    } else if (n - 1 > e.args.length) {
      this.fail(e.pos, `expected at least ${n - 1} argument(s) in call to ${name}, got ${e.args.length}`);
    } else if (sig.variadic > 0 && n - 1 + sig.variadic < e.args.length) {
      this.fail(e.pos, `expected at most ${n - 1 + sig.variadic} argument(s) in call to ${name}, got ${e.args.length}`);
    }
    let bypass: Expr | null = null;
    if (e.func === 'info' && e.args.length > 1) {
      const second = e.args[1];
      if (typeOf(second) !== 'vector') {
        this.fail(e.pos, `expected type instant vector in call to function ${name}, got ${documentedType(typeOf(second))}`);
      }
      if (second.type !== 'vectorSelector') this.fail(second.pos, 'expected label selectors only');
      if (second.name !== '') this.fail(second.pos, 'expected label selectors only, got vector selector instead');
      bypass = second;
    }
    for (let i = 0; i < e.args.length; i++) {
      if (i >= n && sig.variadic === 0) break;
      const want = sig.argTypes[Math.min(i, n - 1)];
      const arg = e.args[i];
      const t = arg === bypass ? this.selector(arg, true) : this.check(arg);
      if (t !== want) {
        this.fail(arg.pos, `expected type ${documentedType(want)} in call to function ${name}, got ${documentedType(t)}`);
      }
    }
  }

  private selector(e: Expr, bypassEmptyCheck: boolean): ValueType {
    if (e.type !== 'vectorSelector') return this.check(e);
    if (e.name !== '') {
      for (const m of e.matchers.slice(0, -1)) {
        if (m.name === '__name__') this.fail(e.pos, `metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`);
      }
    } else if (!bypassEmptyCheck && !e.matchers.some((m) => !compileMatcher(m).matches(''))) {
      this.fail(e.pos, 'vector selector must contain at least one non-empty matcher');
    }
    return 'vector';
  }
}
