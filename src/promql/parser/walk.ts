/** Tree helpers over the AST: the children of a node, and a depth-first walk. */
import type { Expr } from '../ast';
import type { Matcher } from '../../model/matcher';

/** children returns a node's direct sub-expressions in source order (an aggregation's parameter first). */
export function children(e: Expr): Expr[] {
  switch (e.type) {
    case 'aggregation':
      return e.param ? [e.param, e.expr] : [e.expr];
    case 'binaryExpr':
      return [e.lhs, e.rhs];
    case 'call':
      return [...e.args];
    case 'matrixSelector':
      return [e.vectorSelector];
    case 'subquery':
    case 'parenExpr':
    case 'unaryExpr':
      return [e.expr];
    default:
      return [];
  }
}

/**
 * walk visits e and its descendants depth-first, parents before children; `path` lists the ancestors from the root.
 * Returning false from visit skips that node's children.
 */
export function walk(e: Expr, visit: (node: Expr, path: readonly Expr[]) => boolean | void): void {
  const path: Expr[] = [];
  const go = (node: Expr) => {
    if (visit(node, path) === false) return;
    path.push(node);
    for (const c of children(node)) go(c);
    path.pop();
  };
  go(e);
}

/** extractSelectors lists the matchers of every vector selector in e, in source order (as query_exemplars uses them). */
export function extractSelectors(e: Expr): (readonly Matcher[])[] {
  const out: (readonly Matcher[])[] = [];
  walk(e, (node) => {
    if (node.type === 'vectorSelector') out.push(node.matchers);
  });
  return out;
}
