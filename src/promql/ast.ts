/**
 * The PromQL abstract syntax tree as plain data (a discriminated union on `type`), so it crosses postMessage
 * unchanged and the UI can draw it. Positions are UTF-16 offsets into the query text: [start, end).
 */
import type { Matcher } from '../model/matcher';

/** ValueType is the type an expression evaluates to. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string' | 'none';

/** PosRange locates a node in the query text. */
export interface PosRange {
  readonly start: number;
  readonly end: number;
}

/** AggregationOp is an aggregation operator. */
export type AggregationOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

/** BinaryOp is a binary operator. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless'
  /** `</` and `>/` trim native histogram buckets above or below a bound (Prometheus 3.x, experimental). */
  | '</'
  | '>/';

/** VectorMatchCardinality says which side may have many series per match group. */
export type VectorMatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** VectorMatching describes `on`/`ignoring` and `group_left`/`group_right` of a binary operation. */
export interface VectorMatching {
  readonly card: VectorMatchCardinality;
  /** on is true for `on(...)`, false for `ignoring(...)` (or no modifier). */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** include lists the extra labels of `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
  /** fillValues are the `fill`/`fill_left`/`fill_right` values for missing series (absent: none; experimental). */
  readonly fillValues?: { readonly lhs: number | null; readonly rhs: number | null };
}

/** AtModifier is `@ <ts>`, `@ start()` or `@ end()`; timestamp in ms when a number. */
export type AtModifier = { readonly kind: 'timestamp'; readonly ms: number } | { readonly kind: 'start' | 'end' };

/** DurationExpr is a duration written as arithmetic (Prometheus 3.x `1h + 5m`, `step()`, `range()`), in ms. */
export type DurationExpr =
  /** text, when set, is the literal as written (`90`, `1m30s`, `-5m`), which the printer keeps. */
  | { readonly type: 'durationLiteral'; readonly ms: number; readonly text?: string }
  | { readonly type: 'durationCall'; readonly fn: 'step' | 'range' }
  | {
      readonly type: 'durationBinary';
      readonly op: '+' | '-' | '*' | '/' | '%' | '^';
      readonly lhs: DurationExpr;
      readonly rhs: DurationExpr;
    }
  | { readonly type: 'durationUnary'; readonly op: '-' | '+'; readonly expr: DurationExpr }
  | { readonly type: 'durationParen'; readonly expr: DurationExpr }
  | {
      readonly type: 'durationMinMax';
      readonly fn: 'min_of' | 'max_of';
      readonly lhs: DurationExpr;
      readonly rhs: DurationExpr;
    };

/** Expr is any PromQL expression node. */
export type Expr =
  | AggregateExpr
  | BinaryExpr
  | Call
  | MatrixSelector
  | NumberLiteral
  | ParenExpr
  | StringLiteral
  | SubqueryExpr
  | UnaryExpr
  | VectorSelector;

/** AggregateExpr is `op [without|by (labels)] (param, expr)`. */
export interface AggregateExpr {
  readonly type: 'aggregation';
  readonly op: AggregationOp;
  readonly expr: Expr;
  readonly param: Expr | null;
  readonly grouping: readonly string[];
  readonly without: boolean;
  /** hasGrouping is true when `by ()` or `without ()` was written, even empty, so the printer keeps it. */
  readonly hasGrouping: boolean;
  readonly pos: PosRange;
}

/** BinaryExpr is `lhs op [bool] [matching] rhs`. */
export interface BinaryExpr {
  readonly type: 'binaryExpr';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly matching: VectorMatching | null;
  readonly bool: boolean;
  readonly pos: PosRange;
}

/** Call is a function call. */
export interface Call {
  readonly type: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: PosRange;
}

/** VectorSelector is `name{matchers} [offset d] [@ t]`. */
export interface VectorSelector {
  readonly type: 'vectorSelector';
  /** name is the metric name written before the braces ('' when none); it is also among matchers. */
  readonly name: string;
  readonly matchers: readonly Matcher[];
  /** offset in ms (negative allowed); offsetExpr is set when written as a duration expression. */
  readonly offset: number;
  readonly offsetExpr: DurationExpr | null;
  readonly at: AtModifier | null;
  /** anchored and smoothed are the experimental range modifiers (absent means false). */
  readonly anchored?: boolean;
  readonly smoothed?: boolean;
  readonly pos: PosRange;
}

/** MatrixSelector is `vectorSelector[range]`. */
export interface MatrixSelector {
  readonly type: 'matrixSelector';
  readonly vectorSelector: VectorSelector;
  /** range in ms; rangeExpr is set when written as a duration expression. */
  readonly range: number;
  readonly rangeExpr: DurationExpr | null;
  readonly pos: PosRange;
}

/** SubqueryExpr is `expr[range:step] [offset d] [@ t]`; step 0 means the default evaluation interval. */
export interface SubqueryExpr {
  readonly type: 'subquery';
  readonly expr: Expr;
  readonly range: number;
  readonly rangeExpr: DurationExpr | null;
  readonly step: number;
  readonly stepExpr: DurationExpr | null;
  readonly offset: number;
  readonly offsetExpr: DurationExpr | null;
  readonly at: AtModifier | null;
  readonly pos: PosRange;
}

/** NumberLiteral is a float literal (durations used as numbers are converted to seconds). */
export interface NumberLiteral {
  readonly type: 'numberLiteral';
  readonly val: number;
  /** text keeps the literal as written, for the printer ('' when synthesised). */
  readonly text: string;
  readonly pos: PosRange;
}

/** StringLiteral is a string literal. */
export interface StringLiteral {
  readonly type: 'stringLiteral';
  readonly val: string;
  readonly pos: PosRange;
}

/** ParenExpr is `( expr )`. */
export interface ParenExpr {
  readonly type: 'parenExpr';
  readonly expr: Expr;
  readonly pos: PosRange;
}

/** UnaryExpr is `-expr` or `+expr`. */
export interface UnaryExpr {
  readonly type: 'unaryExpr';
  readonly op: '-' | '+';
  readonly expr: Expr;
  readonly pos: PosRange;
}

/**
 * ParseError is a PromQL syntax or type error with its position in the query. Its message is worded as
 * Prometheus's ParseErr: `1:5: parse error: unexpected identifier "bar"`; msg is the bare reason.
 */
export class ParseError extends Error {
  constructor(
    readonly pos: PosRange,
    readonly msg: string,
    readonly query: string,
  ) {
    super(`${positionText(query, pos.start)}: parse error: ${msg}`);
  }
}

function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * positionText renders an offset (UTF-16, as our positions are) as Prometheus does: `line:column`, 1-based, the
 * column counted in UTF-8 bytes from the line start because Go strings are bytes.
 */
export function positionText(query: string, offset: number): string {
  if (query === '') return 'unknown position';
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < query.length; i++) {
    const code = query.codePointAt(i)!;
    if (code === 0x0a) {
      line++;
      col = 1;
      continue;
    }
    col += utf8Length(code);
    if (code > 0xffff) i++;
  }
  return `${line}:${col}`;
}
