import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, prettyFormat } from '../../../../src/promql/parser';
import { stripPositions } from './strip';

const x = { experimental: true };

describe('prettyFormat', () => {
  it.each<[string, number, string]>([
    ['up', 10, 'up'],
    ['rate(http_requests_total{job="api"}[5m])', 100, 'rate(http_requests_total{job="api"}[5m])'],
    ['a_long_name + b_long_name', 10, '  a_long_name\n+\n  b_long_name'],
    ['sum(first_metric) by (job)', 10, 'sum by (job) (\n  first_metric\n)'],
    ['quantile(0.99, latency_seconds)', 10, 'quantile(\n  0.99,\n  latency_seconds\n)'],
    ['clamp(some_metric, 0, 100)', 10, 'clamp(\n  some_metric,\n  0,\n  100\n)'],
    ['(metric_one_total)', 10, '(\n  metric_one_total\n)'],
    ['-metric_one_total', 10, '-metric_one_total'],
    ['-(metric_one + metric_two)', 10, '-(\n    metric_one\n  +\n    metric_two\n)'],
    ['a_metric * on (x) group_left (y) b_metric', 10, '  a_metric\n* on (x) group_left (y)\n  b_metric'],
    ['a_metric > bool 10', 10, '  a_metric\n> bool\n  10'],
    ['rate(metric_total[5m])[30m:1m]', 10, 'rate(\n  metric_total[5m]\n)[30m:1m]'],
    ['metric_total{job="a-very-long-job-name", instance="host"}[5m] offset 1h', 10, 'metric_total{job="a-very-long-job-name",instance="host"}[5m] offset 1h'],
  ])('%s (max %d)', (q, max, want) => expect(prettyFormat(parseExpr(q, x), max)).toBe(want));

  it('splits at 100 characters by default and parses back to the same tree', () => {
    const q =
      'sum by (job, instance) (rate(http_requests_total{job="api-server", code=~"5.."}[5m])) / sum by (job, instance) (rate(http_requests_total{job="api-server"}[5m])) > 0.05';
    const e = parseExpr(q);
    const out = prettyFormat(e);
    expect(out.split('\n').length).toBeGreaterThan(1);
    expect(stripPositions(parseExpr(out))).toEqual(stripPositions(e));
    expect(prettyFormat(parseExpr('sum(up)'))).toBe(formatExpr(parseExpr('sum(up)')));
  });
});
