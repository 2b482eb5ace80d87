/**
 * Classic-histogram heatmaps: turn `_bucket` series (cumulative counts per `le`) into a grid of per-bucket counts
 * over time, for a canvas heatmap (Prometheus issue #11268).
 */
import type { MatrixSeries } from '../../api/types';

/** HeatmapGrid is a bucket-by-time grid; cells[b][t] is the (non-cumulative) count of bucket b at step t. */
export interface HeatmapGrid {
  times: number[];
  /** bounds are the upper bounds (le) of the buckets, ascending; the last may be +Inf. */
  bounds: number[];
  /** ranges, for native histograms, write each row's bucket with its open and closed ends, as `(0.5, 1]`. */
  ranges?: string[];
  /** lowers and rules, for native histograms, are each row's lower bound and boundary rule (a true value axis). */
  lowers?: number[];
  rules?: number[];
  cells: number[][];
  max: number;
}

/** isBucketShaped reports whether a result looks like classic histogram buckets (every series has `le`). */
export function isBucketShaped(series: readonly MatrixSeries[]): boolean {
  return series.length > 1 && series.every((s) => s.metric.le !== undefined && !Number.isNaN(parseLe(s.metric.le)));
}

function parseLe(s: string): number {
  return s === '+Inf' || s === 'Inf' ? Infinity : Number(s);
}

/** toHeatmap sums series with the same `le` (e.g. several instances) and de-cumulates the buckets per step. */
export function toHeatmap(series: readonly MatrixSeries[], start: number, end: number, step: number): HeatmapGrid {
  const n = Math.max(0, Math.floor((end - start) / step + 1e-9) + 1);
  const byLe = new Map<number, Float64Array>();
  for (const s of series) {
    const le = parseLe(s.metric.le ?? '');
    if (Number.isNaN(le)) continue;
    let col = byLe.get(le);
    if (!col) byLe.set(le, (col = new Float64Array(n).fill(NaN)));
    for (let j = 0; j < s.timestamps.length; j++) {
      const i = Math.round((s.timestamps[j] / 1000 - start) / step);
      const v = s.values[j];
      if (i < 0 || i >= n || !Number.isFinite(v)) continue;
      col[i] = Number.isNaN(col[i]) ? v : col[i] + v;
    }
  }
  const bounds = [...byLe.keys()].sort((a, b) => a - b);
  const cells: number[][] = bounds.map(() => new Array<number>(n).fill(0));
  let max = 0;
  for (let t = 0; t < n; t++) {
    let prev = 0;
    for (let b = 0; b < bounds.length; b++) {
      const cum = byLe.get(bounds[b])![t];
      if (Number.isNaN(cum)) continue;
      const c = Math.max(0, cum - prev);
      prev = Math.max(prev, cum);
      cells[b][t] = c;
      if (c > max) max = c;
    }
  }
  const times = Array.from({ length: n }, (_, i) => start + i * step);
  return { times, bounds, cells, max };
}

/**
 * heatColor maps a fraction in [0, 1] to a colour: on a light background from pale yellow to dark red, on a dark one
 * from dark red to bright yellow, so small counts fade into the background either way (as Grafana's schemes do).
 */
export function heatColor(f: number, dark = false): string {
  const x = Math.min(1, Math.max(0, f));
  const h = dark ? 5 + 45 * x : 50 - 50 * x;
  const l = dark ? 22 + 43 * x : 92 - 62 * x;
  return `hsl(${h.toFixed(0)}, 90%, ${l.toFixed(0)}%)`;
}
