/**
 * A panel's query results as data frames (Grafana's Prometheus data source shapes, see dashboards/frames.ts),
 * with the panel's transformations applied: what tables, pie charts, bar charts and state timelines draw.
 */
import {
  applyTransformations,
  displayName,
  fieldType,
  framesFromQueries,
  histogramFrame,
  legendName,
  type Frame,
  type FrameSeries,
  type HistogramCell,
  type Panel,
  type QueryFrames,
} from '../../dashboards';
import { parseValue } from '../../model/value';
import type { PanelResult, TargetResult } from './dashboard_runtime';

function seriesOf(r: TargetResult): FrameSeries[] {
  if (r.kind === 'range') return r.series;
  if (r.kind !== 'instant') return [];
  const d = r.data;
  if (d.resultType === 'vector') return d.result.flatMap((s) => (s.value ? [{ metric: s.metric, timestamps: [s.value[0] * 1000], values: [Number(s.value[1])] }] : []));
  if (d.resultType === 'matrix') return d.result.map((s) => ({ metric: s.metric, timestamps: s.values.map((v) => v[0] * 1000), values: s.values.map((v) => Number(v[1])) }));
  if (d.resultType === 'scalar') return [{ metric: {}, timestamps: [d.result[0] * 1000], values: [Number(d.result[1])] }];
  return [];
}

/** histogramsOf lists a result's native histogram series as bucket cells, as a table lists them. */
function histogramsOf(r: TargetResult): { metric: Record<string, string>; cells: HistogramCell[] }[] {
  if (r.kind === 'range') {
    return r.series.flatMap(({ metric, histograms: h }) => {
      if (!h || h.timestamps.length === 0) return [];
      const cells: HistogramCell[] = [];
      for (let p = 0; p < h.timestamps.length; p++) {
        for (let j = h.offsets[p]; j < h.offsets[p + 1]; j++) {
          const k = h.bucket[j];
          cells.push({ t: h.timestamps[p], rule: h.bucketRule[k], lower: h.bucketLower[k], upper: h.bucketUpper[k], count: h.bucketCount[j] });
        }
      }
      return [{ metric, cells }];
    });
  }
  if (r.kind !== 'instant' || r.data.resultType !== 'vector') return [];
  return r.data.result.flatMap((s) => {
    if (!s.histogram) return [];
    const [t, h] = s.histogram;
    const cells = (h.buckets ?? []).map(([rule, lower, upper, count]) => ({ t: t * 1000, rule, lower: parseValue(lower), upper: parseValue(upper), count: parseValue(count) }));
    return [{ metric: s.metric, cells }];
  });
}

/**
 * panelFrames builds the frames of a panel's results and runs its transformations over them. A table panel also
 * gets each native histogram series as Grafana's Prometheus data source frames it (a row per bucket and sample).
 */
export function panelFrames(panel: Panel, results: readonly TargetResult[]): Frame[] {
  const hist =
    panel.type === 'table'
      ? results.flatMap((r) => {
          const target = panel.targets.find((t) => t.refId === r.refId);
          return histogramsOf(r).map((h) => histogramFrame(r.refId, legendName(r.legendFormat, h.metric, target?.expr ?? ''), h.metric, h.cells));
        })
      : [];
  const queries: QueryFrames[] = results
    .filter((r) => r.kind !== 'error')
    .map((r) => {
      const target = panel.targets.find((t) => t.refId === r.refId);
      return {
        refId: r.refId,
        format: target?.format === 'table' ? 'table' : 'time_series',
        series: seriesOf(r),
        legend: (m) => legendName(r.legendFormat, m, target?.expr ?? ''),
      };
    });
  const floats = framesFromQueries(queries).filter((f) => !hist.length || f.fields.some((x) => fieldType(x) !== 'time' && x.values.length > 0));
  return applyTransformations([...floats, ...hist], panel.transformations);
}

/**
 * transformResults runs a chart or stat panel's transformations: its results become frames, are transformed, and
 * every numeric field comes back as a series named by its display name (against the frame's time field; a frame
 * without one gives its values in row order, which stat-like panels reduce and a time series panel cannot draw).
 */
export function transformResults(panel: Panel, r: PanelResult): PanelResult {
  if (!panel.transformations.length || panel.type === 'table') return r;
  const base = r.targets.find((t) => t.kind === 'range');
  const targets: TargetResult[] = r.targets.filter((t) => t.kind === 'error');
  for (const f of panelFrames(panel, r.targets)) {
    const time = f.fields.find((x) => fieldType(x) === 'time');
    if (!time && panel.type === 'timeseries') continue;
    const timestamps = Float64Array.from(time ? time.values.map(Number) : f.fields[0].values.map((_, i) => i));
    for (const x of f.fields) {
      if (x === time || fieldType(x) !== 'number') continue;
      const series = [{ metric: { ...x.labels }, timestamps, values: Float64Array.from(x.values.map((v) => (typeof v === 'number' ? v : NaN))) }];
      const legendFormat = displayName(x).replace(/\{\{/g, '{ {');
      targets.push({ refId: f.refId ?? 'A', legendFormat, kind: 'range', series, start: base?.kind === 'range' ? base.start : timestamps[0] / 1000, end: base?.kind === 'range' ? base.end : timestamps.at(-1)! / 1000, step: base?.kind === 'range' ? base.step : 1 });
    }
  }
  return { ...r, targets };
}
