import { serialize } from 'node:v8';
import { labelsFromObject, type Labels } from '../../src/model/labels';
import type { Matcher } from '../../src/model/matcher';
import { CircularExemplarStorage } from '../../src/tsdb/exemplar';
import { encodeBatch } from '../../src/tsdb/exemplar_idb';

/**
 * bench fills the default ring (100,000 exemplars) from 2,000 series, as one scrape after another of a service whose
 * counters and histogram buckets each carry a trace id: append throughput, heap per exemplar held, the bytes of a
 * saved batch per exemplar (V8's structured-clone serialization, as IndexedDB stores it), and a query_exemplars select.
 */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const series: Labels[] = Array.from({ length: 2000 }, (_, i) =>
    labelsFromObject({ __name__: i % 2 ? 'http_request_duration_seconds_bucket' : 'http_requests_total', instance: `host-${i % 50}:8080`, job: 'api', le: String(i % 10), route: `/r${i}` }),
  );
  const scrapes = 60;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const ring = new CircularExemplarStorage();
  const t0 = performance.now();
  let n = 0;
  for (let s = 0; s < scrapes; s++) {
    for (let i = 0; i < series.length; i++) {
      const trace = ((s * 2000 + i) * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(4);
      ring.add(series[i], { labels: ['trace_id', trace], value: 0.01 * (i % 100), ts: 1_700_000_000_000 + s * 15_000, hasTs: true });
      n++;
    }
  }
  const ms = performance.now() - t0;
  report('exemplar_append_rate', n / (ms / 1000), 'exemplars/s');
  gc?.();
  report('exemplar_heap_per_exemplar', (process.memoryUsage().heapUsed - before) / ring.stats().exemplarsInStorage, 'bytes');
  const batch = encodeBatch(ring.entries().slice(-2000));
  report('exemplar_saved_bytes_per_exemplar', serialize(batch).length / 2000, 'bytes');
  const all: Matcher[][] = [[{ type: '=', name: '__name__', value: 'http_requests_total' }]];
  const t1 = performance.now();
  const r = ring.select(-Infinity, Infinity, all);
  report('exemplar_select_half_of_ring', performance.now() - t1, 'ms');
  report('exemplar_select_series', r.length, 'series');
}
