/**
 * What panels that draw floats say about native histograms. Grafana's Prometheus data source turns a native
 * histogram into a heatmap-cells frame (time, bucket bounds, count) whatever the panel, so its time series, stat and
 * gauge panels draw those columns as if they were series; Promtab instead leaves the histogram samples out of these
 * panels, draws the query's float series as before, and says so in the panel with the functions that turn
 * histograms into floats. The table panel lists the buckets as Grafana's does (see panel_frames.ts).
 */
import { PANEL_TYPE_NAMES, type PanelType } from '../../dashboards';
import type { TargetResult } from './dashboard_runtime';

/** FLOAT_PANELS are the panel types that draw only float samples (the table lists histogram buckets). */
export const FLOAT_PANELS: ReadonlySet<PanelType> = new Set(['timeseries', 'stat', 'gauge', 'bargauge', 'piechart', 'state-timeline', 'status-history', 'barchart']);

/** HistogramNote is a panel's notice: how many histogram series were left out, whether floats remain, the text. */
export interface HistogramNote {
  histogramSeries: number;
  floatSeries: number;
  text: string;
}

/** histogramNote counts the native histogram series a float panel leaves out; null when there are none. */
export function histogramNote(type: PanelType, targets: readonly TargetResult[]): HistogramNote | null {
  if (!FLOAT_PANELS.has(type)) return null;
  let hist = 0;
  let floats = 0;
  for (const t of targets) {
    if (t.kind === 'range') {
      for (const s of t.series) {
        if (s.histograms && s.histograms.timestamps.length > 0) hist++;
        if (s.values.length > 0) floats++;
      }
    } else if (t.kind === 'instant' && t.data.resultType === 'vector') {
      for (const s of t.data.result) (s.histogram ? hist++ : floats++);
    } else if (t.kind === 'instant' && t.data.resultType === 'matrix') {
      for (const s of t.data.result) {
        if (s.histograms?.length) hist++;
        if (s.values.length) floats++;
      }
    }
  }
  if (hist === 0) return null;
  const what = hist === 1 ? 'a native histogram series' : `${hist} native histogram series`;
  const text =
    `This query returns ${what}, which a ${PANEL_TYPE_NAMES[type].toLowerCase()} panel does not draw` +
    `${floats > 0 ? ' (its float series are shown)' : ''}. ` +
    'Turn histograms into numbers with histogram_quantile(0.9, …), histogram_count(…), histogram_sum(…) or ' +
    'histogram_avg(…), or show the buckets with a heatmap or histogram panel.';
  return { histogramSeries: hist, floatSeries: floats, text };
}
