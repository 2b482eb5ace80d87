import { remoteQuery, remoteQueryRange } from '../../src/remote/datasource';
import { newDataSource } from '../../src/remote/datasource_config';
import type { FetchLike } from '../../src/remote/datasource_http';

const SERIES = 500;
const POINTS = 720;
const VECTOR = 10_000;
const RUNS = 7;

function rangeBody(): string {
  const result = [];
  for (let s = 0; s < SERIES; s++) {
    const values: [number, string][] = [];
    for (let i = 0; i < POINTS; i++) values.push([1_700_000_000 + i * 15, String(Math.round(Math.random() * 1e6) / 1000)]);
    result.push({ metric: { __name__: 'node_cpu_seconds_total', cpu: String(s % 64), instance: `host-${s}:9100`, job: 'node', mode: 'idle' }, values });
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

function vectorBody(): string {
  const result = [];
  for (let s = 0; s < VECTOR; s++) result.push({ metric: { __name__: 'up', instance: `host-${s}:9100`, job: 'node' }, value: [1_700_000_000, '1'] });
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
}

/** cpuMs runs fn RUNS times and returns the best CPU time (user + system) of one run in ms. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(before);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/**
 * bench decodes remote API answers as the query worker does (JSON parse, shape checks, conversion of a matrix to
 * typed arrays) from an in-memory fake fetch, so it measures Promtab's side alone: a query_range answer of 500
 * series x 720 points (360k samples, about 20 MB of JSON) and an instant vector of 10k samples; best CPU time of 7.
 */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const ds = { ...newDataSource(), name: 'bench', url: 'http://bench.invalid' };
  const range = rangeBody();
  const vector = vectorBody();
  const answer = (body: string): FetchLike => async () => new Response(body, { status: 200 });
  const r = await cpuMs(() => remoteQueryRange(ds, 'x', 0, 1, 1, { fetch: answer(range) }));
  report('datasource_query_range_decode_ms', Math.round(r * 10) / 10, 'ms');
  report('datasource_query_range_samples_per_s', Math.round((SERIES * POINTS) / (r / 1000)), 'samples/s');
  const v = await cpuMs(() => remoteQuery(ds, 'x', 0, { fetch: answer(vector) }));
  report('datasource_query_vector_decode_ms', Math.round(v * 10) / 10, 'ms');
}
