/** typeOf: the value type an expression evaluates to, as Prometheus's Expr.Type(). */
import type { Expr, ValueType } from '../ast';
import { FUNCTIONS } from '../functions_table';

const cache = new WeakMap<Expr, ValueType>();

/** typeOf returns the type of an expression without checking it (remembered per node, so deep trees stay linear). */
export function typeOf(e: Expr): ValueType {
  let t = cache.get(e);
  if (t === undefined) {
    t = computeType(e);
    cache.set(e, t);
  }
  return t;
}

function computeType(e: Expr): ValueType {
  switch (e.type) {
    case 'aggregation':
    case 'vectorSelector':
      return 'vector';
    case 'binaryExpr':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'call':
      return FUNCTIONS.get(e.func)?.returnType ?? 'none';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'numberLiteral':
      return 'scalar';
    case 'stringLiteral':
      return 'string';
    case 'parenExpr':
    case 'unaryExpr':
      return typeOf(e.expr);
  }
}

/** documentedType names a type as Prometheus's messages do ("instant vector", "range vector", ...). */
export function documentedType(t: ValueType): string {
  return t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t;
}
