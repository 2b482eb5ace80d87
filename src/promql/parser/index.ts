/** The PromQL parser's public face: parse, type, print and walk expressions. */
import { ParseError, type Expr } from '../ast';
import { checkExpr } from './check';
import { Parser } from './parser';
import { SyntaxFailure, type ParseOptions } from './stream';

export type { ParseOptions } from './stream';
export { typeOf, documentedType } from './types';
export { evalDurationMs, evalDurationSeconds, type DurationEnv } from './durations';

/** parseExpr parses a PromQL expression and type-checks it; throws ParseError with Prometheus's wording. */
export function parseExpr(query: string, opts: ParseOptions = {}): Expr {
  const p = new Parser(query, opts);
  let e: Expr;
  try {
    e = p.parseTop();
  } catch (err) {
    if (err instanceof SyntaxFailure) throw p.errors[0];
    throw err;
  }
  if (p.errors.length > 0) throw p.errors[0];
  checkExpr(query, e, p.binaryExtras);
  return e;
}

export { ParseError };
export { formatExpr, formatDuration, formatDurationExpr } from './printer';
export { walk, children } from './walk';
