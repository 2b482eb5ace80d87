/** rules_eval_ms: one evaluation of a group of 100 recording rules over 10,000 series in a Head, through the Engine. */
import { labelsFromObject } from '../../src/model/labels';
import { Engine } from '../../src/promql/engine/engine';
import { RuleManager } from '../../src/rules/manager';
import { queryFuncOf } from '../../src/rules/query';
import type { RuleGroupConfig } from '../../src/rules/rulefmt';
import { Head } from '../../src/tsdb/head';

const SERIES = 10_000;
const STEP = 15_000;
const POINTS = 25;

export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const head = new Head();
  const labels = Array.from({ length: SERIES }, (_, i) =>
    labelsFromObject({ __name__: 'http_requests_total', job: `job${i % 10}`, shard: `${i % 100}`, instance: `host${i}` }),
  );
  for (let p = 0; p < POINTS; p++) {
    const app = head.appender();
    for (let i = 0; i < SERIES; i++) app.append(0, labels[i], p * STEP, p * (1 + (i % 7)));
    await app.commit();
  }
  const engine = new Engine();
  const rules = Array.from({ length: 100 }, (_, i) => ({
    kind: 'recording' as const,
    record: `job:http_requests:rate5m_${i}`,
    expr: `sum by (job) (rate(http_requests_total{shard="${i}"}[5m]))`,
    labels: {},
  }));
  const group: RuleGroupConfig = { name: 'bench', file: 'bench.yml', interval: 60_000, queryOffset: null, limit: 0, labels: {}, rules };
  const m = new RuleManager({
    query: queryFuncOf((expr, t, signal) => engine.instantQuery(head, expr, t, signal)),
    appendable: head,
  });
  await m.update([group]);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    await m.evaluateAll((POINTS - 1) * STEP + run);
    times.push(performance.now() - t0);
  }
  const failed = m.rules().groups[0].rules.filter((r) => r.health !== 'ok');
  if (failed.length > 0) throw new Error(`rule failed: ${failed[0].lastError}`);
  times.sort((a, b) => a - b);
  report('rules_eval_ms', times[1], 'ms');
}
