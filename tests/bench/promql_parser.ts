/** Benchmarks of the PromQL parser and printer over typical dashboard queries. */
import { formatExpr, parseExpr, prettyFormat } from '../../src/promql/parser';

const QUERIES = [
  'up',
  'rate(http_requests_total{job="api", code=~"5.."}[5m])',
  'sum by (job, instance) (rate(http_requests_total{job="api-server", code=~"5.."}[5m])) / sum by (job, instance) (rate(http_requests_total{job="api-server"}[5m])) > 0.05',
  'histogram_quantile(0.99, sum without (instance) (rate(http_request_duration_seconds_bucket{handler!="/metrics"}[5m])))',
  'max_over_time(deriv(rate(node_cpu_seconds_total{mode="idle"}[1m])[10m:30s])[1h:] offset 1d)',
  '(node_filesystem_avail_bytes{fstype!=""} / node_filesystem_size_bytes * 100 < 10) and on (instance, device) predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
  'label_replace(topk(5, sum by (pod) (container_memory_working_set_bytes{namespace="default"})), "short", "$1", "pod", "(.*)-[a-z0-9]+")',
];

function timeIt(run: () => void, minMs: number): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    run();
    n++;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1e6) / n;
}

/** bench reports parse, print and pretty-print cost per typical query, and throughput on a long query. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const exprs = QUERIES.map((q) => parseExpr(q));
  const chars = QUERIES.reduce((n, q) => n + q.length, 0);
  timeIt(() => QUERIES.forEach((q) => parseExpr(q)), 300);
  const parseNs = timeIt(() => QUERIES.forEach((q) => parseExpr(q)), 2000);
  report('promql_parse_per_query', parseNs / QUERIES.length / 1000, 'us');
  report('promql_parse_throughput', (chars / parseNs) * 1e3, 'MB/s');
  report('promql_format_per_query', timeIt(() => exprs.forEach(formatExpr), 1000) / QUERIES.length / 1000, 'us');
  report('promql_pretty_per_query', timeIt(() => exprs.forEach((e) => prettyFormat(e)), 1000) / QUERIES.length / 1000, 'us');
  const long = Array.from({ length: 2000 }, (_, i) => `rate(metric_${i}{job="j${i}"}[5m])`).join(' + ');
  report('promql_parse_long_query', (long.length / timeIt(() => parseExpr(long), 2000)) * 1e3, 'MB/s');
}
