/**
 * A query panel's downloads: its answer as CSV (a row per point, label columns first) and as Prometheus's JSON,
 * native histogram points written as their API JSON.
 */
import { histogramPointJSON } from '../../api/histogram_columns';
import type { QueryData, RangeData } from '../../api/types';
import { labelColumns, toCsv } from './csv';

/** rangeCsv writes a range answer as CSV; a native histogram point's value is its API JSON, as in the table's CSV. */
export function rangeCsv(data: RangeData): string {
  const cols = labelColumns(data.result.map((s) => s.metric));
  const rows: string[][] = [];
  for (const s of data.result) {
    const labels = cols.map((c) => s.metric[c] ?? '');
    for (let i = 0; i < s.timestamps.length; i++) rows.push([...labels, String(s.timestamps[i] / 1000), String(s.values[i])]);
    const h = s.histograms;
    for (let i = 0; h && i < h.timestamps.length; i++) {
      const [t, json] = histogramPointJSON(h, i);
      rows.push([...labels, String(t), JSON.stringify(json)]);
    }
  }
  return toCsv([...cols, 'timestamp', 'value'], rows);
}

/** instantCsv writes an instant answer as CSV (null for a matrix, which has no instant table). */
export function instantCsv(data: QueryData): string | null {
  if (data.resultType === 'vector') {
    const cols = labelColumns(data.result.map((s) => s.metric));
    const rows = data.result.map((s) => [
      ...cols.map((c) => s.metric[c] ?? ''),
      ...(s.value ? [String(s.value[0]), s.value[1]] : [String(s.histogram[0]), JSON.stringify(s.histogram[1])]),
    ]);
    return toCsv([...cols, 'timestamp', 'value'], rows);
  }
  if (data.resultType === 'scalar' || data.resultType === 'string') return toCsv(['timestamp', 'value'], [[String(data.result[0]), data.result[1]]]);
  return null;
}

/** rangeJSON turns a range answer back into the API's matrix JSON (`values` and `histograms`). */
export function rangeJSON(data: RangeData): unknown {
  return {
    resultType: 'matrix',
    result: data.result.map((s) => ({
      metric: s.metric,
      values: Array.from(s.timestamps, (t, i) => [t / 1000, formatNum(s.values[i])]),
      ...(s.histograms ? { histograms: Array.from(s.histograms.timestamps, (_, i) => histogramPointJSON(s.histograms!, i)) } : {}),
    })),
  };
}

function formatNum(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}
