/**
 * Query statistics shown under each result, as Prometheus 3's query page shows them: evaluation time, result
 * series, samples read and the size of the answer as it reached the page.
 */
import type { QueryData, QueryStats, RangeData } from '../../api/types';
import { bytes } from './format';
import { histogramBuffers } from '../../api/histogram_columns';

/** StatsLine is what the line under a result says. */
export interface StatsLine {
  evalMs: number | null;
  series: number;
  samples: number | null;
  resultBytes: number;
}

const utf8 = new TextEncoder();

/** resultBytes is the answer's size: typed arrays as sent, label sets and instant results as their JSON. */
export function resultBytes(data: QueryData | RangeData): number {
  if ('result' in data && data.resultType === 'matrix' && data.result.length > 0 && 'timestamps' in data.result[0]) {
    let n = 0;
    for (const s of (data as RangeData).result) {
      n += s.timestamps.byteLength + s.values.byteLength + utf8.encode(JSON.stringify(s.metric)).length;
      if (s.histograms) for (const b of histogramBuffers(s.histograms)) n += b.byteLength;
    }
    return n;
  }
  return utf8.encode(JSON.stringify(data.result)).length;
}

/** statsLine summarises a successful answer. */
export function statsLine(data: QueryData | RangeData): StatsLine {
  const stats: QueryStats | undefined = data.stats;
  const series = data.resultType === 'scalar' || data.resultType === 'string' ? 1 : data.result.length;
  return {
    evalMs: stats ? stats.timings.evalTotalTime * 1000 : null,
    series,
    samples: stats ? stats.samples.totalQueryableSamples : null,
    resultBytes: resultBytes(data),
  };
}

/** statsText renders the line: `Evaluation 12.3 ms · 3 series · 1,234 samples read · 4.1 KiB`. */
export function statsText(s: StatsLine): string {
  const parts: string[] = [];
  if (s.evalMs !== null) parts.push(`Evaluation ${s.evalMs < 10 ? s.evalMs.toFixed(1) : Math.round(s.evalMs)} ms`);
  parts.push(`${s.series.toLocaleString('en-US')} series`);
  if (s.samples !== null) parts.push(`${s.samples.toLocaleString('en-US')} samples read`);
  parts.push(bytes(s.resultBytes));
  return parts.join(' · ');
}
