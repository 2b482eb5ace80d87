/**
 * The multi-line printer, following Prometheus's Prettify rules: a node whose one-line form exceeds 100 characters
 * is split (aggregation and call arguments, parentheses and binary operands go on indented lines; the operator
 * stays on the parent's line); selectors, matrix selectors and literals never split.
 */
import type { Expr } from '../ast';
import { formatAggregationHead, formatExpr, formatMatching, formatSuffix } from './printer';

/** MAX_LINE is Prometheus's max_characters_per_line for prettified queries. */
export const MAX_LINE = 100;

const indent = (level: number) => '  '.repeat(level);

/** prettyFormat prints an expression over several lines where it is longer than maxLine, as Prometheus's format_query. */
export function prettyFormat(e: Expr, maxLine = MAX_LINE): string {
  const oneLine = new Map<Expr, string>();
  const flat = (n: Expr) => {
    let s = oneLine.get(n);
    if (s === undefined) {
      s = formatExpr(n);
      oneLine.set(n, s);
    }
    return s;
  };
  const pretty = (n: Expr, level: number): string => {
    const pad = indent(level);
    const s = flat(n);
    if (s.length <= maxLine) return pad + s;
    switch (n.type) {
      case 'aggregation': {
        const param = n.param ? `${pretty(n.param, level + 1)},\n` : '';
        return `${pad}${formatAggregationHead(n)}(\n${param}${pretty(n.expr, level + 1)}\n${pad})`;
      }
      case 'binaryExpr': {
        const op = `${n.op}${n.bool ? ' bool' : ''}${formatMatching(n.matching)}`;
        return `${pretty(n.lhs, level + 1)}\n${pad}${op}\n${pretty(n.rhs, level + 1)}`;
      }
      case 'call':
        return `${pad}${n.func}(\n${n.args.map((a) => pretty(a, level + 1)).join(',\n')}\n${pad})`;
      case 'parenExpr':
        return `${pad}(\n${pretty(n.expr, level + 1)}\n${pad})`;
      case 'subquery':
        return pretty(n.expr, level) + formatSuffix(n);
      case 'unaryExpr':
        return pad + n.op + pretty(n.expr, level).trimStart();
      default:
        return pad + s;
    }
  };
  return pretty(e, 0);
}
