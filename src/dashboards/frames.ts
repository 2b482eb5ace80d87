/**
 * Data frames as Grafana's transformations see them: columns (fields) of equal length, a field typed time, number,
 * string or boolean, with labels and a display name. Prometheus results become frames as Grafana's Prometheus data
 * source makes them: `table` format one frame per query (Time, one column per label, `Value` or `Value #refId`),
 * `time_series` format one frame per series (Time and a `Value` field carrying the labels and the legend name).
 */

/** Cell is one value of a field. */
export type Cell = number | string | boolean | null;

import type { FieldType } from './model';

/** Field is one column of a frame. */
export interface Field {
  name: string;
  type?: FieldType;
  values: Cell[];
  labels?: Record<string, string>;
  /** config.displayName is the name shown (a legend name, a rename); absent: the name. */
  config?: { displayName?: string };
}

/** Frame is a table: fields of equal length. */
export interface Frame {
  refId?: string;
  name?: string;
  fields: Field[];
}

/** fieldType is a field's type: the one it was given, else Time for `Time`, else guessed from its first value. */
export function fieldType(f: Field): FieldType {
  if (f.type) return f.type;
  if (f.name === 'Time') return 'time';
  const v = f.values.find((x) => x !== null);
  return v === undefined ? 'other' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
}

/** displayName is the name a field is shown and matched by: its display name, else its name. */
export function displayName(f: Field): string {
  return f.config?.displayName || f.name;
}

/** frameLength is the number of rows of a frame. */
export function frameLength(f: Frame): number {
  return f.fields.length ? f.fields[0].values.length : 0;
}

/** timeField is the first time field of a frame, if any. */
export function timeField(f: Frame): Field | undefined {
  return f.fields.find((x) => fieldType(x) === 'time');
}

/** FrameSeries is one series of a query result: labels and samples (timestamps in ms). */
export interface FrameSeries {
  metric: Record<string, string>;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** QueryFrames is one query's result to turn into frames. */
export interface QueryFrames {
  refId: string;
  format: 'time_series' | 'table' | 'heatmap';
  series: FrameSeries[];
  /** legend names a series as the panel's legend does. */
  legend: (metric: Record<string, string>) => string;
}

/** framesFromQueries builds the frames of a panel's queries the way Grafana's Prometheus data source does. */
export function framesFromQueries(queries: QueryFrames[]): Frame[] {
  const tables = queries.filter((q) => q.format === 'table').length;
  return queries.flatMap((q): Frame[] => {
    if (q.format === 'table') return [tableFrame(q.refId, q.series, queries.length > 1 || tables > 1)];
    return q.series.map((s) => ({
      refId: q.refId,
      fields: [
        { name: 'Time', type: 'time', values: Array.from(s.timestamps) },
        { name: 'Value', type: 'number', values: Array.from(s.values), labels: { ...s.metric }, config: { displayName: q.legend(s.metric) } },
      ],
    }));
  });
}

function tableFrame(refId: string, series: FrameSeries[], several: boolean): Frame {
  const names = [...new Set(series.flatMap((s) => Object.keys(s.metric)))].sort();
  const rows: { s: FrameSeries; i: number }[] = [];
  for (const s of series) for (let i = 0; i < s.values.length; i++) rows.push({ s, i });
  const fields: Field[] = [{ name: 'Time', type: 'time', values: rows.map(({ s, i }) => s.timestamps[i]) }];
  for (const n of names) fields.push({ name: n, type: 'string', values: rows.map(({ s }) => s.metric[n] ?? '') });
  fields.push({ name: several ? `Value #${refId}` : 'Value', type: 'number', values: rows.map(({ s, i }) => s.values[i]) });
  return { refId, fields };
}

/** HistogramCell is one bucket of one native histogram sample: time (ms), boundary rule, bounds and count. */
export interface HistogramCell {
  t: number;
  rule: number;
  lower: number;
  upper: number;
  count: number;
}

/**
 * histogramFrame is one native histogram series as Grafana's Prometheus data source frames it (a `heatmap-cells`
 * frame, what its table panel lists): a row per bucket per sample, with the fields xMax (time), yMin (carrying the
 * series' labels), yMax, count and yLayout (the boundary rule).
 */
export function histogramFrame(refId: string, name: string, metric: Record<string, string>, cells: readonly HistogramCell[]): Frame {
  return {
    refId,
    name,
    fields: [
      { name: 'xMax', type: 'time', values: cells.map((c) => c.t) },
      { name: 'yMin', type: 'number', values: cells.map((c) => c.lower), labels: { ...metric } },
      { name: 'yMax', type: 'number', values: cells.map((c) => c.upper) },
      { name: 'count', type: 'number', values: cells.map((c) => c.count) },
      { name: 'yLayout', type: 'number', values: cells.map((c) => c.rule) },
    ],
  };
}

/** InstantResult is one query's instant vector: a refId and its samples (time in seconds). */
export interface InstantResult {
  refId: string;
  series: { metric: Record<string, string>; value: [number, number] }[];
}

/** framesFromInstantVectors builds one table frame per query: Time, one column per label, then the value column. */
export function framesFromInstantVectors(results: InstantResult[]): Frame[] {
  return results.map(({ refId, series }) =>
    tableFrame(
      refId,
      series.map((s) => ({ metric: s.metric, timestamps: [s.value[0] * 1000], values: [s.value[1]] })),
      results.length > 1,
    ),
  );
}
