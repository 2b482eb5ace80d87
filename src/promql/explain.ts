/**
 * explain turns a parsed expression into a tree for the query page's Explain tab: each node with its text, the
 * type of its result and a sentence on what it does (vector matching spelled out for binary operators).
 */
import type { BinaryExpr, Expr } from './ast';
import { children, formatExpr, typeOf } from './parser';
import { formatDuration } from '../model/time';

/** ExplainNode is one node of the explanation tree; plain data so it crosses postMessage. */
export interface ExplainNode {
  text: string;
  resultType: string;
  explanation: string;
  matching?: string;
  children: ExplainNode[];
}

const TYPE_NAMES: Record<string, string> = {
  vector: 'instant vector',
  matrix: 'range vector',
  scalar: 'scalar',
  string: 'string',
  none: 'none',
};

const AGG_WORDS: Record<string, string> = {
  sum: 'sums',
  avg: 'averages',
  count: 'counts',
  min: 'takes the minimum of',
  max: 'takes the maximum of',
  group: 'groups (value 1)',
  stddev: 'takes the population standard deviation of',
  stdvar: 'takes the population variance of',
  topk: 'keeps the largest k of',
  bottomk: 'keeps the smallest k of',
  quantile: 'takes the φ-quantile of',
  count_values: 'counts series per distinct value of',
  limitk: 'keeps at most k of',
  limit_ratio: 'keeps a deterministic share of',
};

function selectorText(e: Extract<Expr, { type: 'vectorSelector' }>): string {
  const ms = e.matchers.filter((m) => !(m.name === '__name__' && m.type === '=' && m.value === e.name));
  const parts = ms.map((m) => `${m.name} ${m.type} ${JSON.stringify(m.value)}`);
  let s = e.name ? `series named ${e.name}` : 'series';
  if (parts.length) s += ` where ${parts.join(' and ')}`;
  if (e.offset) s += `, shifted ${formatDuration(Math.abs(e.offset))} ${e.offset > 0 ? 'into the past' : 'into the future'}`;
  if (e.at) s += `, evaluated at ${e.at.kind === 'timestamp' ? new Date(e.at.ms).toISOString() : `the query's ${e.at.kind}`}`;
  return s;
}

function matchingText(e: BinaryExpr): string | undefined {
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  if (lt !== 'vector' || rt !== 'vector') {
    return lt === 'scalar' && rt === 'scalar' ? undefined : 'the scalar side is applied to every series of the vector side';
  }
  const m = e.matching;
  const set = e.op === 'and' || e.op === 'or' || e.op === 'unless';
  const on = m && m.on ? `on the labels (${m.labels.join(', ')})` : m && m.labels.length ? `on all labels except (${m.labels.join(', ')})` : 'on all labels (except the metric name)';
  if (set) return `series are matched ${on}; ${e.op === 'and' ? 'left series with a match are kept' : e.op === 'or' ? 'all left series are kept, plus right series with no match' : 'left series without a match are kept'}`;
  const card = m?.card ?? 'one-to-one';
  const many =
    card === 'many-to-one'
      ? `; many left series may match one right series (group_left${m?.include.length ? `, copying ${m.include.join(', ')}` : ''})`
      : card === 'one-to-many'
        ? `; one left series may match many right series (group_right${m?.include.length ? `, copying ${m.include.join(', ')}` : ''})`
        : '; each series must match at most one series on the other side';
  return `series are matched ${on}${many}${e.bool ? '; comparisons return 0 or 1 instead of filtering' : ''}`;
}

function sentence(e: Expr): string {
  switch (e.type) {
    case 'vectorSelector':
      return `Selects the latest sample (within the lookback window) of ${selectorText(e)}.`;
    case 'matrixSelector':
      return `Selects every sample of the last ${formatDuration(e.range)} of ${selectorText(e.vectorSelector)}.`;
    case 'subquery':
      return `Evaluates the inner expression every ${e.step ? formatDuration(e.step) : 'default step'} over the last ${formatDuration(e.range)}.`;
    case 'numberLiteral':
      return `The number ${e.text || e.val}.`;
    case 'stringLiteral':
      return 'A string.';
    case 'parenExpr':
      return 'Parentheses: the inner expression.';
    case 'unaryExpr':
      return e.op === '-' ? 'Negates every value.' : 'Leaves values unchanged.';
    case 'call':
      return `Calls the function ${e.func}().`;
    case 'aggregation': {
      const g = e.grouping.length ? `${e.without ? 'without' : 'by'} (${e.grouping.join(', ')})` : e.without ? 'without ()' : 'over all series';
      return `Aggregation: ${AGG_WORDS[e.op] ?? e.op} the input, grouped ${g}.`;
    }
    case 'binaryExpr':
      return `Binary operation ${e.op}${e.bool ? ' bool' : ''}.`;
  }
}

/** explain builds the tree. */
export function explain(e: Expr): ExplainNode {
  const node: ExplainNode = {
    text: formatExpr(e),
    resultType: TYPE_NAMES[typeOf(e)] ?? typeOf(e),
    explanation: sentence(e),
    children: [],
  };
  if (e.type === 'binaryExpr') {
    const m = matchingText(e);
    if (m) node.matching = m;
  }
  const kids = e.type === 'matrixSelector' ? [] : children(e);
  node.children = kids.map(explain);
  return node;
}
