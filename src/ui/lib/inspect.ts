/**
 * Panel inspection as Grafana's inspector shows it, as pure functions over a panel's query results: the data as one
 * table (range series joined by time, one column per series; instant results one row per series with its labels),
 * ready for the Data tab and its CSV download, and per-query statistics (series and samples) for the Query tab.
 */
import { seriesLabel } from './chartdata';
import { labelColumns } from './csv';
import type { TargetResult } from './dashboard_runtime';
import type { InstantSample } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import { formatValue } from '../../model/value';

/** DataTable is a table of strings with a header. */
export interface DataTable {
  columns: string[];
  rows: string[][];
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** formatTime writes epoch ms as `YYYY-MM-DD HH:mm:ss` in UTC or local time. */
export function formatTime(ms: number, utc: boolean): string {
  const d = new Date(ms);
  const [y, mo, da, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * dataTable is the inspector's table: range series joined by time (empty cells where a series has no sample; a
 * native histogram point reads `count=… sum=…`), or,
 * when the panel ran only instant queries, one row per series with its labels and value.
 */
export function dataTable(targets: readonly TargetResult[], utc = false): DataTable {
  const ranges = targets.flatMap((t) => (t.kind === 'range' ? t.series.map((s) => ({ s, name: seriesLabel(s.metric, t.legendFormat) })) : []));
  if (ranges.length) {
    const cols = ranges.map(({ s }) => {
      const m = new Map<number, string>();
      s.timestamps.forEach((ts, i) => m.set(ts, num(s.values[i])));
      const h = s.histograms;
      if (h) h.timestamps.forEach((ts, i) => m.set(ts, `count=${formatValue(h.counts[i])} sum=${formatValue(h.sums[i])}`));
      return m;
    });
    const sorted = [...new Set(cols.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    return {
      columns: ['Time', ...ranges.map((r) => r.name)],
      rows: sorted.map((ts) => [formatTime(ts, utc), ...cols.map((m) => m.get(ts) ?? '')]),
    };
  }
  const samples = targets.flatMap((t) =>
    t.kind === 'instant' && t.data.resultType === 'vector' ? t.data.result.map(instantRow) : [],
  );
  const scalars = targets.flatMap((t) => (t.kind === 'instant' && (t.data.resultType === 'scalar' || t.data.resultType === 'string') ? [{ metric: {}, time: t.data.result[0], value: t.data.result[1] }] : []));
  const all = [...samples, ...scalars];
  const labels = labelColumns(all.map((x) => x.metric));
  return {
    columns: ['Time', ...labels, 'Value'],
    rows: all.map((x) => [formatTime(x.time * 1000, utc), ...labels.map((l) => (x.metric as Record<string, string>)[l] ?? ''), x.value]),
  };
}

/** instantRow is one vector sample as an inspector row; a native histogram reads `count=… sum=…`. */
function instantRow(x: InstantSample): { metric: LabelsObject; time: number; value: string } {
  if (x.histogram) return { metric: x.metric, time: x.histogram[0], value: `count=${x.histogram[1].count} sum=${x.histogram[1].sum}` };
  return { metric: x.metric, time: x.value[0], value: x.value[1] };
}

/** QueryStats are one query's outcome counts. */
export interface QueryStats {
  refId: string;
  series: number;
  samples: number;
  error?: string;
}

/** queryStats counts the series and samples each query returned (or its error). */
export function queryStats(targets: readonly TargetResult[]): QueryStats[] {
  return targets.map((t) => {
    if (t.kind === 'error') return { refId: t.refId, series: 0, samples: 0, error: t.error };
    if (t.kind === 'range') return { refId: t.refId, series: t.series.length, samples: t.series.reduce((n, s) => n + s.timestamps.length + (s.histograms?.timestamps.length ?? 0), 0) };
    const d = t.data;
    if (d.resultType === 'vector') return { refId: t.refId, series: d.result.length, samples: d.result.length };
    if (d.resultType === 'matrix') return { refId: t.refId, series: d.result.length, samples: d.result.reduce((n, s) => n + s.values.length + (s.histograms?.length ?? 0), 0) };
    return { refId: t.refId, series: 1, samples: 1 };
  });
}
