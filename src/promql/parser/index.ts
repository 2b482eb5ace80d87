/** The PromQL parser's public face: parse, type, print and walk expressions. */
import { ParseError, type Expr } from '../ast';
import type { Matcher } from '../../model/matcher';
import { checkExpr } from './check';
import { Parser } from './parser';
import { MAX_DEPTH, MAX_QUERY_LENGTH, tooDeep, tooDeepMessage, tooLongMessage } from './limits';
import { SyntaxFailure, type ParseOptions } from './stream';

export type { ParseOptions } from './stream';
export { typeOf, documentedType } from './types';
export { durationMs, evalDurationMs, evalDurationSeconds, secondsToMs, type DurationEnv } from './durations';
export { formatExpr, formatDuration, formatDurationExpr } from './printer';
export { prettyFormat } from './prettier';
export { walk, children, extractSelectors } from './walk';
export { isValidLabelName } from './selectors';
export { goQuote } from './literals';
export { ParseError };
export { MAX_DEPTH, MAX_QUERY_LENGTH };

/** parseExpr parses a PromQL expression and type-checks it; throws ParseError with Prometheus's wording. */
export function parseExpr(query: string, opts: ParseOptions = {}): Expr {
  checkLength(query);
  const p = new Parser(query, opts);
  try {
    const e = p.parseTop();
    if (p.errors.length > 0) throw p.errors[0];
    const deep = tooDeep(e);
    if (deep) throw new ParseError(deep, tooDeepMessage, query);
    checkExpr(query, e, p.binaryExtras);
    return e;
  } catch (err) {
    if (err instanceof SyntaxFailure) throw p.errors[0];
    throw err;
  }
}

function checkLength(query: string): void {
  if (query.length > MAX_QUERY_LENGTH) throw new ParseError({ start: MAX_QUERY_LENGTH, end: query.length }, tooLongMessage(query.length), query);
}

/**
 * parseMetricSelector parses a bare series selector (`foo{a="b"}`, as in the API's `match[]`) into its matchers,
 * the metric name last; like Prometheus it allows no modifiers and runs no type check. Throws ParseError.
 */
export function parseMetricSelector(input: string): Matcher[] {
  checkLength(input);
  const p = new Parser(input, {});
  try {
    const vs = p.parseSelectorTop();
    if (p.errors.length > 0) throw p.errors[0];
    return [...vs.matchers];
  } catch (err) {
    if (err instanceof SyntaxFailure) throw p.errors[0];
    throw err;
  }
}
