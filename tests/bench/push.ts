import { PushStore } from '../../src/push';
import { encodeWriteRequest, type RemoteSeries } from '../../src/remote';

/** bench measures a push of 1000 series into a store of 100 groups, rendering that store, and remote-write encoding. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const body = Array.from({ length: 1000 }, (_, i) => `bench_metric{i="${i}"} ${i}\n`).join('');
  const store = new PushStore();
  let t = performance.now();
  for (let g = 0; g < 100; g++) store.put({ job: 'bench', labels: { group: String(g) } }, body, g);
  report('push_put_1000_series', (performance.now() - t) / 100, 'ms');
  t = performance.now();
  const text = store.text();
  report('push_text_100k_series', performance.now() - t, 'ms');
  report('push_text_bytes', text.length, 'bytes');

  const series: RemoteSeries[] = Array.from({ length: 10_000 }, (_, i) => ({
    labels: ['__name__', 'bench_metric', 'instance', `host-${i % 100}:9100`, 'job', 'node', 'i', String(i)],
    samples: [{ value: i * 0.5, timestamp: 1_700_000_000_000 + i }],
  }));
  t = performance.now();
  const encoded = encodeWriteRequest(series);
  report('remote_write_encode_10k_series', performance.now() - t, 'ms');
  report('remote_write_encoded_bytes_per_series', encoded.length / series.length, 'bytes');
}
