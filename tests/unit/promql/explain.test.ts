import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/promql/explain';
import { parseExpr } from '../../../src/promql/parser';

describe('explain', () => {
  it('describes nodes, types and vector matching', () => {
    const t = explain(parseExpr('sum by (job) (rate(http_requests_total{code="500"}[5m])) / on (job) group_left up'));
    expect(t.resultType).toBe('instant vector');
    expect(t.matching).toContain('on the labels (job)');
    expect(t.matching).toContain('group_left');
    expect(t.children).toHaveLength(2);
    const agg = t.children[0];
    expect(agg.explanation).toBe('Aggregation: sums the input, grouped by (job).');
    const rate = agg.children[0];
    expect(rate.text).toBe('rate(http_requests_total{code="500"}[5m])');
    expect(rate.children[0].resultType).toBe('range vector');
    expect(rate.children[0].explanation).toContain('last 5m of series named http_requests_total where code = "500"');
  });
  it('explains scalars and set operators', () => {
    expect(explain(parseExpr('1 + 2')).matching).toBeUndefined();
    expect(explain(parseExpr('a and b')).matching).toContain('left series with a match are kept');
  });
});
