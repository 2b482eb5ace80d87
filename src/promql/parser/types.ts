/** typeOf: the value type an expression evaluates to, as Prometheus's Expr.Type(). */
import type { Expr, ValueType } from '../ast';
import { FUNCTIONS } from '../functions_table';

/**
 * typeOf returns the type of an expression without checking it. Binary operations are scalar only when both sides
 * are; the left operand is followed in a loop, so long operator chains need neither recursion nor a cache.
 */
export function typeOf(e: Expr): ValueType {
  let operand = false;
  for (;;) {
    switch (e.type) {
      case 'binaryExpr':
        if (typeOf(e.rhs) !== 'scalar') return 'vector';
        operand = true;
        e = e.lhs;
        continue;
      case 'parenExpr':
      case 'unaryExpr':
        e = e.expr;
        continue;
      default: {
        const t = leafType(e);
        return operand ? (t === 'scalar' ? 'scalar' : 'vector') : t;
      }
    }
  }
}

function leafType(e: Expr): ValueType {
  switch (e.type) {
    case 'call':
      return FUNCTIONS.get(e.func)?.returnType ?? 'none';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'numberLiteral':
      return 'scalar';
    case 'stringLiteral':
      return 'string';
    default:
      return 'vector';
  }
}

/** documentedType names a type as Prometheus's messages do ("instant vector", "range vector", ...). */
export function documentedType(t: ValueType): string {
  return t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t;
}
