/**
 * PromQL engine benchmark, modelled on Prometheus's engine range-query benchmarks: 3,000 + 1,000 + 11,000 series
 * scraped every 30 s for 2 h, each query range-evaluated over the 2 h at a 30 s step. Reports the best of seven
 * runs after a warm-up, as promql_<query>_ms: the process's CPU time (user + system) during the query, which is
 * the wall time of this single-threaded work on an idle machine and stays stable on a busy one.
 */
import { Engine } from '../../src/promql/engine/engine';
import { MemoryStorage } from '../../src/promql/promqltest/storage';
import { labelsFromPairs } from '../../src/model/labels';

const STEP = 30_000;
const END = 2 * 3_600_000;
const RUNS = 7;

function load(storage: MemoryStorage): void {
  const n = END / STEP + 1;
  const t = Float64Array.from({ length: n }, (_x, i) => i * STEP);
  const add = (pairs: [string, string][], slope: number) => {
    const v = Float64Array.from({ length: n }, (_x, i) => i * slope);
    storage.appendSeries(labelsFromPairs(pairs), t, v);
  };
  for (let i = 0; i < 3000; i++) add([['__name__', 'a_x'], ['pod', `p${i % 1000}`], ['l', String(i)]], (i % 7) + 1);
  for (let i = 0; i < 1000; i++) add([['__name__', 'b_x'], ['pod', `p${i}`]], (i % 5) + 1);
  for (let i = 0; i < 11000; i++) add([['__name__', 'h_x'], ['pod', `p${i % 1000}`], ['le', String(i % 11)]], (i % 3) + 1);
}

const QUERIES: [string, string][] = [
  ['sum', 'sum(a_x)'],
  ['sum_by_pod', 'sum by (pod) (a_x)'],
  ['rate', 'rate(a_x[1m])'],
  ['sum_rate', 'sum(rate(a_x[1m]))'],
  ['sum_by_pod_rate', 'sum by (pod) (rate(a_x[1m]))'],
  ['one_to_one_join', 'a_x - a_x'],
  ['many_to_one_join', 'a_x * on (pod) group_left b_x'],
];

/** bench runs the queries and reports the best CPU time of each. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const storage = new MemoryStorage();
  load(storage);
  const engine = new Engine();
  for (const [name, q] of QUERIES) {
    await engine.rangeQuery(storage, q, 0, END, STEP);
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const c0 = process.cpuUsage();
      await engine.rangeQuery(storage, q, 0, END, STEP);
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / 1000);
    }
    report(`promql_${name}_ms`, Math.min(...times), 'ms');
  }
}
