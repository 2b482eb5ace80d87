/**
 * State and data file benchmarks over 1,000 series × 24 h at 15 s (5.76 M samples, gauges with random walks):
 * OpenMetrics export and binary snapshot export in MB of output per second, and snapshot and OpenMetrics import in
 * samples per second into an empty head (through its appender; OpenMetrics over the first hour). Wall clock.
 */
import { Head } from '../../src/tsdb/head';
import { collectExport, exportData } from '../../src/state/data_export';
import { importDataFile } from '../../src/state/data_import';

type Report = (name: string, value: number, unit: string) => void;

const SERIES = 1000;
const STEP = 15_000;
const STEPS = (24 * 3_600_000) / STEP;
const T0 = 1_700_000_000_000;

async function build(): Promise<Head> {
  const h = new Head();
  const labels = Array.from({ length: SERIES }, (_, i) => ['__name__', `bench_metric_${i % 50}`, 'instance', `host-${Math.floor(i / 50)}:9100`, 'job', 'node']);
  const refs = new Array<number>(SERIES).fill(0);
  const vals = new Float64Array(SERIES);
  let x = 12345;
  for (let s = 0; s < STEPS; s++) {
    const app = h.appender();
    for (let i = 0; i < SERIES; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      vals[i] += (x % 200) - 100;
      refs[i] = app.append(refs[i], labels[i], T0 + s * STEP, vals[i]);
    }
    await app.commit();
  }
  return h;
}

async function measureExport(h: Head, format: 'openmetrics' | 'snapshot'): Promise<{ mbPerS: number; bytes: number }> {
  const t0 = performance.now();
  let bytes = 0;
  for await (const p of exportData(h, { format })) bytes += typeof p.data === 'string' ? p.data.length : p.data.length;
  const s = (performance.now() - t0) / 1000;
  return { mbPerS: bytes / 1e6 / s, bytes };
}

/** bench reports export throughput and import rates for state and data files. */
export default async function bench(report: Report): Promise<void> {
  const h = await build();
  const om = await measureExport(h, 'openmetrics');
  report('export_mb_per_s', om.mbPerS, 'MB/s');
  const snap = await measureExport(h, 'snapshot');
  report('export_snapshot_mb_per_s', snap.mbPerS, 'MB/s');
  report('snapshot_bytes_per_sample', snap.bytes / (SERIES * STEPS), 'B');

  const { data } = await collectExport(h, { format: 'snapshot' });
  let t0 = performance.now();
  const r = await importDataFile(new Head(), data);
  report('import_samples_per_s', r.added / ((performance.now() - t0) / 1000), 'samples/s');

  const half = await collectExport(h, { format: 'openmetrics', maxt: T0 + (STEPS / 24) * STEP });
  t0 = performance.now();
  const r2 = await importDataFile(new Head(), half.data);
  report('import_openmetrics_samples_per_s', r2.added / ((performance.now() - t0) / 1000), 'samples/s');
}
