/**
 * Prometheus reads the histograms under histogram_count, histogram_sum and histogram_avg through a "stats"
 * iterator that decodes no buckets and works out counter resets on the fly: a sample stored with an unknown reset
 * hint gets "reset" or "not_reset" from a comparison with the sample before it. Aggregations over these samples
 * see those hints (and can warn about conflicting ones), so we reproduce them for the same selectors.
 */
import type { FloatHistogram } from '../../model/histogram';
import { detectReset } from '../../model/histogram_ops';
import type { Series } from '../../model/storage';
import type { Expr, VectorSelector } from '../ast';

const STATS_FUNCTIONS = new Set(['histogram_count', 'histogram_sum', 'histogram_avg']);
const BUCKET_FUNCTIONS = new Set(['histogram_quantile', 'histogram_quantiles', 'histogram_fraction']);

function children(e: Expr): Expr[] {
  switch (e.type) {
    case 'aggregation':
      return e.param ? [e.param, e.expr] : [e.expr];
    case 'binaryExpr':
      return [e.lhs, e.rhs];
    case 'call':
      return [...e.args];
    case 'matrixSelector':
      return [e.vectorSelector];
    case 'parenExpr':
    case 'unaryExpr':
    case 'subquery':
      return [e.expr];
    default:
      return [];
  }
}

/** statsSelectors lists the selectors whose nearest deciding ancestor is histogram_count, histogram_sum or histogram_avg. */
export function statsSelectors(root: Expr): Set<VectorSelector> {
  const out = new Set<VectorSelector>();
  const visit = (e: Expr, stats: boolean): void => {
    let s = stats;
    if (e.type === 'subquery') s = false;
    else if (e.type === 'call' && STATS_FUNCTIONS.has(e.func)) s = true;
    else if (e.type === 'call' && BUCKET_FUNCTIONS.has(e.func)) s = false;
    else if (e.type === 'binaryExpr' && (e.op === '</' || e.op === '>/')) s = false;
    if (e.type === 'vectorSelector' && s) out.add(e);
    for (const c of children(e)) visit(c, s);
  };
  visit(root, false);
  return out;
}

/** withStatsHints returns the series with unknown reset hints resolved against the histogram before each. */
export function withStatsHints(s: Series): Series {
  const hs = s.histograms;
  if (!hs) return s;
  let last: FloatHistogram | undefined;
  const out = hs.map((h) => {
    if (!h) return h;
    let hint = h.counterResetHint;
    if (hint === 'unknown' && last) hint = detectReset(h, last) ? 'reset' : 'not_reset';
    last = hint === h.counterResetHint ? h : { ...h, counterResetHint: hint };
    return last;
  });
  return { ...s, histograms: out };
}
