import { describe, expect, it } from 'vitest';
import { parseAll } from '../../../src/exposition';
import { labelsGet } from '../../../src/model/labels';
import { Engine } from '../../../src/promql/engine/engine';
import { Head } from '../../../src/tsdb';
import { appendAll, benchSeries, DASH_START, DASH_STEPS, openMetricsChunks, STEP_MS, T0, T_END } from '../../bench/promql/dataset';

// The race in tests/bench/promql.ts is only fair if Promtab's head and Prometheus's backfill hold the same data.
describe('PromQL benchmark dataset', () => {
  const series = benchSeries();

  it('has the Thanos benchmark shape and the dashboard case', () => {
    const count = (name: string) => series.filter((s) => labelsGet(s.labels, '__name__') === name).length;
    expect(count('http_requests_total')).toBe(3000);
    expect(count('http_responses_total')).toBe(1000);
    expect(count('http_response_seconds_bucket')).toBe(11000);
    expect(count('dashboard_requests_total')).toBe(500);
    const dash = series.find((s) => labelsGet(s.labels, '__name__') === 'dashboard_requests_total')!;
    expect(dash.start + (dash.samples - 1) * STEP_MS).toBe(T_END);
    expect(dash.samples).toBe(DASH_STEPS);
    const inf = series.find((s) => labelsGet(s.labels, 'pod') === 'p7' && labelsGet(s.labels, 'le') === '+Inf')!;
    expect([inf.value(0), inf.value(3)]).toEqual([7, 28]);
  });

  it('writes OpenMetrics that parses back to the same samples (timestamps in seconds)', () => {
    const some = [series[0], series[4000], series[series.length - 1]];
    const text = [...openMetricsChunks(some)].join('');
    expect(text.endsWith('# EOF\n')).toBe(true);
    const parsed = parseAll(text, 'openmetrics').samples;
    expect(parsed.length).toBe(some.reduce((n, s) => n + s.samples, 0));
    const last = some[2];
    const p = parsed[parsed.length - 1];
    expect(p.labels).toEqual(last.labels);
    expect(p.timestamp).toBe(last.start + (last.samples - 1) * STEP_MS);
    expect(p.value).toBe(last.value(last.samples - 1));
  });

  it('appends into a head that answers the benchmark queries', { timeout: 120_000 }, async () => {
    const head = new Head();
    const n = await appendAll(head, series);
    expect(n).toBe(15_000 * ((T_END - T0) / STEP_MS + 1) + 500 * DASH_STEPS);
    head.recodePending();
    const r = await new Engine().rangeQuery(head, 'sum(http_responses_total)', T0, T_END, STEP_MS);
    if (r.resultType !== 'matrix') throw new Error(`unexpected ${r.resultType}`);
    expect(r.result[0].values.length).toBe(241);
    expect([...new Set(r.result[0].values)]).toEqual([499_500]);
    const d = await new Engine().rangeQuery(head, 'count(dashboard_requests_total)', DASH_START, T_END, STEP_MS);
    if (d.resultType !== 'matrix') throw new Error(`unexpected ${d.resultType}`);
    expect(d.result[0].values.length).toBe(DASH_STEPS);
  });
});
