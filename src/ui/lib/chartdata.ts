/**
 * Pure conversions from query results to uPlot's columnar data: one shared x column (seconds) at every step of
 * the range, one y column per series with null where the series has no point.
 */
import type { MatrixSeries } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import { isolate } from './bidi';

/** ChartData is uPlot's AlignedData plus a legend label per series. */
export interface ChartData {
  data: [Float64Array, ...(number | null)[][]];
  labels: string[];
}

/** seriesLabel formats a series for a legend: `name{a="b", c="d"}`, or the legend format when given. */
export function seriesLabel(metric: LabelsObject, legendFormat?: string): string {
  return formatSeries(metric, legendFormat, (v) => v);
}

/**
 * seriesDisplayLabel is seriesLabel for display only: each label value is bidi-isolated (see isolate), so a
 * right-to-left override in one value cannot reorder the labels after it. Not for matching names.
 */
export function seriesDisplayLabel(metric: LabelsObject, legendFormat?: string): string {
  return formatSeries(metric, legendFormat, isolate);
}

function formatSeries(metric: LabelsObject, legendFormat: string | undefined, value: (v: string) => string): string {
  if (legendFormat && legendFormat !== '__auto') {
    return legendFormat.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, name: string) => value(metric[name] ?? ''));
  }
  const name = metric.__name__ ?? '';
  const rest = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${value(JSON.stringify(metric[k]).slice(1, -1))}"`);
  if (rest.length === 0) return value(name) || '{}';
  return `${value(name)}{${rest.join(', ')}}`;
}

/** toChartData aligns matrix series on the step grid [start, end] (all in seconds). */
export function toChartData(
  series: readonly MatrixSeries[],
  start: number,
  end: number,
  step: number,
  legendFormat?: string,
): ChartData {
  const n = Math.max(0, Math.floor((end - start) / step + 1e-9) + 1);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = start + i * step;
  const ys: (number | null)[][] = [];
  for (const s of series) {
    const col: (number | null)[] = new Array(n).fill(null);
    for (let j = 0; j < s.timestamps.length; j++) {
      const i = Math.round((s.timestamps[j] / 1000 - start) / step);
      const v = s.values[j];
      if (i >= 0 && i < n) col[i] = Number.isFinite(v) ? v : null;
    }
    ys.push(col);
  }
  return { data: [xs, ...ys], labels: series.map((s) => seriesDisplayLabel(s.metric, legendFormat)) };
}

/** floatSeries keeps the series that have float points, or no native histogram points (those draw as heatmaps). */
export function floatSeries(series: readonly MatrixSeries[]): MatrixSeries[] {
  return series.filter((s) => s.timestamps.length > 0 || !s.histograms);
}

/** autoStep picks a step (seconds) for a range so a chart of width px gets about one point per pixel, at least 1s. */
export function autoStep(rangeSeconds: number, widthPx: number): number {
  const raw = rangeSeconds / Math.max(100, widthPx);
  const min = Math.ceil(rangeSeconds / 11000);
  return Math.max(1, min, Math.round(raw));
}
