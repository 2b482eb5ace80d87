import type { Expr } from '../../../../src/promql/ast';

/** stripPositions returns a JSON-comparable copy of an AST without positions (NaN and infinities as strings). */
export function stripPositions(e: Expr): unknown {
  return JSON.parse(
    JSON.stringify(e, (k, v) => (k === 'pos' ? undefined : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
}
