/**
 * Native histograms on their way to the page: a range answer of 100 series × 240 steps (1 h at 15 s) of a realistic
 * schema-3 latency histogram (about 40 populated buckets) is packed into HistogramColumns as the query worker does,
 * and drawn into heatmap grids as the Query graph does. Prints the packed bytes per histogram point beside the HTTP
 * API's JSON for the same point, and the best CPU time of packing and of building the grids.
 */
import { histogramBuffers, histogramPointJSON, packHistograms } from '../../src/api/histogram_columns';
import { newFloatHistogram, type FloatHistogram } from '../../src/model/histogram';
import { nativeHeatmap } from '../../src/ui/lib/native_histogram';

const SERIES = 100;
const STEPS = 240;
const BUCKETS = 40;
const RUNS = 7;

function series(seed: number): { timestamps: Float64Array; values: FloatHistogram[] } {
  const timestamps = new Float64Array(STEPS);
  const values: FloatHistogram[] = [];
  for (let i = 0; i < STEPS; i++) {
    timestamps[i] = 1_700_000_000_000 + i * 15_000;
    const count = Array.from({ length: BUCKETS }, (_, b) => Math.round(1000 * Math.exp(-((b - 20) ** 2) / 80) * (1 + 0.1 * Math.sin(i / 10 + seed))) / 100);
    const total = count.reduce((a, b) => a + b, 0);
    values.push(newFloatHistogram({ schema: 3, count: total, sum: total * 0.2, positive: { index: Array.from({ length: BUCKETS }, (_, b) => b - 60 + (seed % 3)), count } }));
  }
  return { timestamps, values };
}

function cpuMs(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    fn();
    const d = process.cpuUsage(before);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/** bench reports the packing's size and speed and the heatmap builder's speed. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const input = Array.from({ length: SERIES }, (_, s) => series(s));
  const packed = input.map((s) => packHistograms(s.timestamps, s.values));
  const points = SERIES * STEPS;
  const bytes = packed.reduce((n, c) => n + histogramBuffers(c).reduce((m, b) => m + b.byteLength, 0), 0);
  const json = packed.reduce((n, c) => n + Array.from(c.timestamps, (_, i) => JSON.stringify(histogramPointJSON(c, i)).length).reduce((a, b) => a + b, 0), 0);
  report('query_histogram_packed_bytes_per_point', bytes / points, 'B');
  report('query_histogram_api_json_bytes_per_point', json / points, 'B');
  report('query_histogram_pack_per_point', (cpuMs(() => input.map((s) => packHistograms(s.timestamps, s.values))) * 1000) / points, 'µs');
  const start = 1_700_000_000;
  report('query_histogram_heatmap_grid_per_point', (cpuMs(() => packed.map((c) => nativeHeatmap([{ histograms: c }], start, start + (STEPS - 1) * 15, 15))) * 1000) / points, 'µs');
}
