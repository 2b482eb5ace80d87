/**
 * The OpenMetrics 2.0 text writer (experimental, as the parser): composite values for histograms, gauge histograms
 * and summaries, `st@` start timestamps from created timestamps. It writes protobuf MetricFamily messages, the form
 * in which the client library keeps everything (native buckets, created timestamps), so the two expositions carry
 * the same data.
 */
import { isLegacyLabelName, isLegacyMetricName, labelsFromPairs, METRIC_NAME } from '../model/labels';
import type { FloatHistogram } from '../model/histogram';
import { MetricType as PbType, type Histogram, type Metric, type MetricFamily as PbMetricFamily } from '../proto/io/prometheus/client/metrics_pb';
import { isNativeHistogram, nativeHistogram, timestampMs, TYPE_NAMES } from './proto_parser';
import { escapeHelp, escapeLabelValue, formatFloat, formatSeconds, quoteName, seriesText } from './writer';

/** OPENMETRICS2_CONTENT_TYPE is the Content-Type of OpenMetrics 2.0 text. */
export const OPENMETRICS2_CONTENT_TYPE = 'application/openmetrics-text; version=2.0.0; charset=utf-8';

/** om2Spans writes one sign's sparse buckets as OpenMetrics 2.0 `_spans` and `_buckets` lists (absolute counts). */
function om2Spans(index: readonly number[], count: readonly number[]): [spans: string, buckets: string] {
  const spans: [number, number][] = [];
  for (let i = 0; i < index.length; i++) {
    if (i > 0 && index[i] === index[i - 1] + 1) spans[spans.length - 1][1]++;
    else spans.push([i === 0 ? index[0] : index[i] - index[i - 1] - 1, 1]);
  }
  return [`[${spans.map(([o, l]) => `${o}:${l}`).join(',')}]`, `[${count.map(formatFloat).join(',')}]`];
}

/** classicList writes classic buckets as a composite's `bucket:[le:count,...]` list (a `+Inf` bucket added if absent). */
function classicList(bounds: readonly number[], counts: readonly number[], total: number): string {
  const items = bounds.map((le, i) => `${formatFloat(le)}:${formatFloat(counts[i])}`);
  if (bounds[bounds.length - 1] !== Infinity) items.push(`+Inf:${formatFloat(total)}`);
  return `bucket:[${items.join(',')}]`;
}

/**
 * formatOM2Histogram writes a native histogram as an OpenMetrics 2.0 composite value (`gcount`/`gsum` for a gauge
 * histogram), the fields in the specification's order, empty sides left out, then the classic buckets if given
 * (upper bounds and cumulative counts). Custom-bucket histograms (schema -53) have no OpenMetrics 2.0 syntax yet, so
 * they throw.
 */
export function formatOM2Histogram(h: FloatHistogram, classic?: { readonly bounds: readonly number[]; readonly counts: readonly number[] }): string {
  if (h.schema < -4 || h.schema > 8) throw new Error(`schema ${h.schema} has no OpenMetrics 2.0 syntax`);
  const g = h.counterResetHint === 'gauge' ? 'g' : '';
  let out = `{${g}count:${formatFloat(h.count)},${g}sum:${formatFloat(h.sum)},schema:${h.schema},zero_threshold:${formatFloat(h.zeroThreshold)},zero_count:${formatFloat(h.zeroCount)}`;
  for (const [sign, b] of [['negative', h.negative], ['positive', h.positive]] as const) {
    if (b.index.length === 0) continue;
    const [spans, buckets] = om2Spans(b.index, b.count);
    out += `,${sign}_spans:${spans},${sign}_buckets:${buckets}`;
  }
  if (classic && classic.bounds.length > 0) out += `,${classicList(classic.bounds, classic.counts, h.count)}`;
  return `${out}}`;
}

/** histogramValue writes a protobuf histogram as a composite value: native and classic buckets, or classic only. */
function histogramValue(h: Histogram, gauge: boolean): string {
  const count = h.sampleCountFloat > 0 ? h.sampleCountFloat : Number(h.sampleCount);
  const bounds = h.bucket.map((b) => b.upperBound);
  const counts = h.bucket.map((b) => (b.cumulativeCountFloat > 0 ? b.cumulativeCountFloat : Number(b.cumulativeCount)));
  if (isNativeHistogram(h)) return formatOM2Histogram(nativeHistogram(h, gauge), { bounds, counts });
  const g = gauge ? 'g' : '';
  return `{${g}count:${formatFloat(count)},${g}sum:${formatFloat(h.sampleSum)},${classicList(bounds, counts, count)}}`;
}

/** sampleValue writes one metric's value: a number, or a composite value for summaries and histograms. */
function sampleValue(type: PbType, m: Metric): string {
  switch (type) {
    case PbType.COUNTER:
      return formatFloat(m.counter?.value ?? 0);
    case PbType.GAUGE:
      return formatFloat(m.gauge?.value ?? 0);
    case PbType.SUMMARY: {
      const s = m.summary;
      const q = (s?.quantile ?? []).map((x) => `${formatFloat(x.quantile)}:${formatFloat(x.value)}`).join(',');
      return `{count:${s?.sampleCount ?? 0},sum:${formatFloat(s?.sampleSum ?? 0)},quantile:[${q}]}`;
    }
    case PbType.HISTOGRAM:
    case PbType.GAUGE_HISTOGRAM:
      return m.histogram ? histogramValue(m.histogram, type === PbType.GAUGE_HISTOGRAM) : '{count:0,sum:0,bucket:[+Inf:0]}';
    default:
      return formatFloat(m.untyped?.value ?? 0);
  }
}

/**
 * writeOpenMetrics2 writes protobuf metric families as OpenMetrics 2.0 text: TYPE and HELP per family, one line per
 * metric named as its family, `st@` from a counter's, summary's or histogram's created timestamp, a counter's
 * exemplar when it has a timestamp (OpenMetrics 2.0 requires one).
 */
export function writeOpenMetrics2(families: Iterable<PbMetricFamily>): string {
  const out: string[] = [];
  for (const f of families) {
    const name = quoteName(f.name, isLegacyMetricName);
    out.push(`# TYPE ${name} ${TYPE_NAMES[f.type] ?? 'unknown'}\n`);
    if (f.unit !== '') out.push(`# UNIT ${name} ${f.unit}\n`);
    if (f.help !== '') out.push(`# HELP ${name} ${escapeHelp(f.help, true)}\n`);
    for (const m of f.metric) {
      let line = `${seriesText(labelsFromPairs([[METRIC_NAME, f.name], ...m.label.map((l) => [l.name, l.value] as const)]))} ${sampleValue(f.type, m)}`;
      if (m.timestampMs !== 0n) line += ` ${formatSeconds(Number(m.timestampMs))}`;
      const st = timestampMs(m.counter?.createdTimestamp ?? m.summary?.createdTimestamp ?? m.histogram?.createdTimestamp);
      if (st !== undefined) line += ` st@${formatSeconds(st)}`;
      const ex = m.counter?.exemplar;
      const exTs = timestampMs(ex?.timestamp);
      if (ex && exTs !== undefined) {
        const labels = ex.label.map((l) => `${quoteName(l.name, isLegacyLabelName)}="${escapeLabelValue(l.value)}"`).join(',');
        line += ` # {${labels}} ${formatFloat(ex.value)} ${formatSeconds(exTs)}`;
      }
      out.push(`${line}\n`);
    }
  }
  out.push('# EOF\n');
  return out.join('');
}
