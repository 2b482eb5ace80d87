/**
 * Limits on what the parser accepts, so that no query can overflow the call stack of the parser, the type check or
 * the engine (all of which recurse over the tree). Prometheus has no such limits; these sit far above any query a
 * person or a dashboard writes, and far below what the smallest JavaScript stack (a browser worker's) can take.
 */
import type { DurationExpr, Expr, PosRange } from '../ast';
import { children } from './walk';

/** MAX_QUERY_LENGTH is the longest query text accepted, in UTF-16 code units (1 MiB of ASCII). */
export const MAX_QUERY_LENGTH = 1 << 20;

/**
 * MAX_DEPTH is the deepest expression tree accepted: the levels below the root, every operator, parenthesis, call,
 * aggregation, subquery and duration-arithmetic node adding one. A chain `a + b + c` of n terms is n - 1 levels
 * deep, `sum(rate(x[5m]))` 3. A cold Chromium worker overflowed its stack evaluating about 600 nested `sum(`.
 */
export const MAX_DEPTH = 256;

/** tooDeepMessage is the parse error for a query past MAX_DEPTH. */
export const tooDeepMessage = `expression nested too deeply (more than ${MAX_DEPTH} levels)`;

/** tooLongMessage is the parse error for a query past MAX_QUERY_LENGTH. */
export function tooLongMessage(length: number): string {
  return `query too long (${length} characters, at most ${MAX_QUERY_LENGTH})`;
}

function durationChildren(d: DurationExpr): DurationExpr[] {
  switch (d.type) {
    case 'durationBinary':
    case 'durationMinMax':
      return [d.lhs, d.rhs];
    case 'durationUnary':
    case 'durationParen':
      return [d.expr];
    default:
      return [];
  }
}

function durationsOf(e: Expr): DurationExpr[] {
  switch (e.type) {
    case 'vectorSelector':
      return e.offsetExpr ? [e.offsetExpr] : [];
    case 'matrixSelector':
      return e.rangeExpr ? [e.rangeExpr] : [];
    case 'subquery':
      return [e.rangeExpr, e.stepExpr, e.offsetExpr].filter((d): d is DurationExpr => d !== null);
    default:
      return [];
  }
}

function durationDepth(d: DurationExpr): number {
  let max = 0;
  const stack: [DurationExpr, number][] = [[d, 1]];
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    if (depth > max) max = depth;
    for (const c of durationChildren(n)) stack.push([c, depth + 1]);
  }
  return max;
}

/**
 * tooDeep returns the position of the first node found deeper than MAX_DEPTH (its duration expressions counted
 * below it), or null when the tree is within the limit. It walks without recursion, so any tree can be measured.
 */
export function tooDeep(root: Expr): PosRange | null {
  const stack: [Expr, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return n.pos;
    for (const d of durationsOf(n)) if (depth + durationDepth(d) > MAX_DEPTH) return n.pos;
    for (const c of children(n)) stack.push([c, depth + 1]);
  }
  return null;
}
