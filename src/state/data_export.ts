/**
 * Data export: the stored samples (all, or a time range and matchers) streamed in pieces with progress, either as
 * OpenMetrics 1.0 text with timestamps (what `promtool tsdb create-blocks-from openmetrics` reads) or as the binary
 * snapshot (bit-exact: floats, native histograms, start timestamps). OpenMetrics 1.0 text has no stale marker and
 * no native histogram, so those are left out of the text and counted; start timestamps go out as `_created` samples
 * of counters (series named `..._total`), and the others are counted as left out.
 */
import { compareLabels, isLegacyMetricName, labelsGet, METRIC_NAME, type Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import { isStaleNaN } from '../model/value';
import { escapeLabelValue, formatFloat, formatSeconds, seriesText } from '../exposition';
import { decodeChunkSeries, type ChunkSeries } from '../tsdb';
import type { Series } from '../model/storage';
import type { ExemplarQueryResult } from '../model/exemplar';
import { concat, encodeChunks, SnapshotWriter, type SnapshotHistogram } from './snapshot';

/** ChunkSource is what export reads: the head's chunk-level select. */
export interface ChunkSource {
  selectChunks(matchers: readonly Matcher[], mint: number, maxt: number): Promise<ChunkSeries[]>;
}

/** DataFormat is an export format. */
export type DataFormat = 'openmetrics' | 'snapshot';

/** ExportRequest chooses what to export; no matchers means every series, no times the whole stored range. */
export interface ExportRequest {
  format: DataFormat;
  matchers?: Matcher[];
  mint?: number;
  maxt?: number;
  /** pieceBytes is the size a piece grows to before it is handed out (default 1 MiB). */
  pieceBytes?: number;
}

/** ExportPiece is one streamed piece with the progress so far. */
export interface ExportPiece {
  data: string | Uint8Array;
  seriesDone: number;
  seriesTotal: number;
  samples: number;
  /** staleOmitted counts stale markers left out (OpenMetrics only). */
  staleOmitted: number;
  /** histogramsOmitted counts native histogram samples left out (OpenMetrics 1.0 text cannot carry them). */
  histogramsOmitted: number;
  /** startsOmitted counts start timestamps left out (OpenMetrics only: of series that are not counters). */
  startsOmitted: number;
}

/** omittedNotes says, for a finished export, what the format left out and where to find it. */
export function omittedNotes(p: Pick<ExportPiece, 'staleOmitted' | 'histogramsOmitted' | 'startsOmitted'>): string[] {
  const out: string[] = [];
  if (p.staleOmitted > 0) out.push(`${p.staleOmitted} stale markers were left out (OpenMetrics cannot carry them; the binary snapshot keeps them).`);
  if (p.histogramsOmitted > 0) {
    out.push(`${p.histogramsOmitted} native histogram samples are not in OpenMetrics 1.0 text and were left out; use the binary snapshot to keep them.`);
  }
  if (p.startsOmitted > 0) {
    out.push(`${p.startsOmitted} start timestamps of series that are not counters were left out (OpenMetrics 1.0 has _created only for counters here; the binary snapshot keeps them).`);
  }
  return out;
}

/** ALL_SERIES matches every series (a name that is never empty). */
export const ALL_SERIES: Matcher[] = [{ type: '=~', name: METRIC_NAME, value: '.+' }];

/** selectForExport selects the series to export, ordered by metric name, then labels. */
export async function selectForExport(src: ChunkSource, req: ExportRequest): Promise<{ series: ChunkSeries[]; mint: number; maxt: number }> {
  const mint = req.mint ?? -Number.MAX_SAFE_INTEGER;
  const maxt = req.maxt ?? Number.MAX_SAFE_INTEGER;
  const matchers = req.matchers && req.matchers.length > 0 ? req.matchers : ALL_SERIES;
  const series = (await src.selectChunks(matchers, mint, maxt)).filter((s) => labelsGet(s.labels, METRIC_NAME) !== '');
  series.sort((a, b) => {
    const na = labelsGet(a.labels, METRIC_NAME);
    const nb = labelsGet(b.labels, METRIC_NAME);
    return na < nb ? -1 : na > nb ? 1 : compareLabels(a.labels, b.labels);
  });
  return { series, mint, maxt };
}

/** ExemplarSource is what a snapshot export reads exemplars from: the exemplar store's select. */
export type ExemplarSource = (start: number, end: number, matcherSets: readonly (readonly Matcher[])[]) => ExemplarQueryResult[];

/**
 * exportData streams the export in pieces; stop iterating to cancel. A snapshot also carries the exemplars of the
 * selected series and range from exemplars, when given (OpenMetrics export leaves exemplars out).
 */
export async function* exportData(src: ChunkSource, req: ExportRequest, exemplars?: ExemplarSource): AsyncGenerator<ExportPiece> {
  const { series, mint, maxt } = await selectForExport(src, req);
  const ex = () => (exemplars ? exemplars(mint, maxt, [req.matchers && req.matchers.length > 0 ? req.matchers : ALL_SERIES]) : []);
  const body = req.format === 'snapshot' ? snapshotPieces(series, mint, maxt, req, ex) : openMetricsPieces(series, mint, maxt, req);
  yield* body;
}

function familyName(name: string): string {
  return isLegacyMetricName(name) ? name : `"${escapeLabelValue(name)}"`;
}

/** COUNTER_SUFFIX marks a counter's sample name; such a series with start timestamps is written as a counter family. */
const COUNTER_SUFFIX = '_total';

function* openMetricsPieces(series: ChunkSeries[], mint: number, maxt: number, req: ExportRequest): Generator<ExportPiece> {
  const limit = req.pieceBytes ?? 1 << 20;
  const progress = { seriesDone: 0, seriesTotal: series.length, samples: 0, staleOmitted: 0, histogramsOmitted: 0, startsOmitted: 0 };
  let lines: string[] = [];
  let size = 0;
  const push = (l: string) => {
    lines.push(l);
    size += l.length;
  };
  // Series come sorted by metric name: one name's series are decoded together, to see whether any has start times.
  for (let from = 0; from < series.length; ) {
    const name = labelsGet(series[from].labels, METRIC_NAME);
    let to = from + 1;
    while (to < series.length && labelsGet(series[to].labels, METRIC_NAME) === name) to++;
    const group = series.slice(from, to).map((cs) => decodeChunkSeries(cs, mint, maxt));
    const hasStarts = group.some((s) => s.startTimestamps?.some((x, i) => x !== 0 && !s.histograms?.[i]));
    const counter = hasStarts && name.endsWith(COUNTER_SUFFIX) && name.length > COUNTER_SUFFIX.length;
    const family = counter ? name.slice(0, -COUNTER_SUFFIX.length) : name;
    push(`# TYPE ${familyName(family)} ${counter ? 'counter' : 'unknown'}\n`);
    for (const s of group) {
      const prefix = `${seriesText(s.labels)} `;
      const created = counter ? `${seriesText(labelsWithName(s.labels, `${family}_created`))} ` : '';
      for (let i = 0; i < s.timestamps.length; i++) {
        const st = s.startTimestamps?.[i] ?? 0;
        if (s.histograms?.[i]) {
          progress.histogramsOmitted++;
          if (st !== 0) progress.startsOmitted++;
          continue;
        }
        const v = s.values[i];
        if (v !== v && isStaleNaN(v)) {
          progress.staleOmitted++;
          if (st !== 0) progress.startsOmitted++;
          continue;
        }
        const at = formatSeconds(s.timestamps[i]);
        push(`${prefix}${formatFloat(v)} ${at}\n`);
        if (st !== 0) {
          if (counter) push(`${created}${formatSeconds(st)} ${at}\n`);
          else progress.startsOmitted++;
        }
        progress.samples++;
      }
      progress.seriesDone++;
      if (size >= limit) {
        yield { data: lines.join(''), ...progress };
        lines = [];
        size = 0;
      }
    }
    from = to;
  }
  lines.push('# EOF\n');
  yield { data: lines.join(''), ...progress };
}

/** labelsWithName returns the labels with another metric name (the label order stays sorted: __name__ sorts first). */
function labelsWithName(ls: Labels, name: string): Labels {
  const out = [...ls];
  const i = out.indexOf(METRIC_NAME);
  if (i >= 0 && i % 2 === 0) out[i + 1] = name;
  return out;
}

/** snapshotParts splits a decoded series into float chunks, histogram samples and (t, start) pairs. */
export function snapshotParts(s: Series): { chunks: ReturnType<typeof encodeChunks>; histograms: SnapshotHistogram[]; starts: number[] } {
  const words = new Uint32Array(s.values.buffer, s.values.byteOffset, s.values.length * 2);
  const starts: number[] = [];
  if (s.startTimestamps) for (let i = 0; i < s.timestamps.length; i++) if (s.startTimestamps[i] !== 0) starts.push(s.timestamps[i], s.startTimestamps[i]);
  if (!s.histograms) return { chunks: encodeChunks(s.timestamps, words), histograms: [], starts };
  const n = s.timestamps.length;
  const ts = new Float64Array(n);
  const fw = new Uint32Array(2 * n);
  const histograms: SnapshotHistogram[] = [];
  let f = 0;
  for (let i = 0; i < n; i++) {
    const h = s.histograms[i];
    if (h) histograms.push({ t: s.timestamps[i], h });
    else {
      ts[f] = s.timestamps[i];
      fw[2 * f] = words[2 * i];
      fw[2 * f + 1] = words[2 * i + 1];
      f++;
    }
  }
  return { chunks: encodeChunks(ts, fw, f), histograms, starts };
}

function* snapshotPieces(series: ChunkSeries[], mint: number, maxt: number, req: ExportRequest, exemplars: () => ExemplarQueryResult[]): Generator<ExportPiece> {
  const limit = req.pieceBytes ?? 1 << 20;
  const progress = { seriesDone: 0, seriesTotal: series.length, samples: 0, staleOmitted: 0, histogramsOmitted: 0, startsOmitted: 0 };
  const w = new SnapshotWriter();
  yield { data: w.header(series.length), ...progress };
  for (const cs of series) {
    const s = decodeChunkSeries(cs, mint, maxt);
    const { chunks, histograms, starts } = snapshotParts(s);
    w.series(s.labels, chunks, histograms, starts);
    progress.samples += s.timestamps.length;
    progress.seriesDone++;
    if (w.pending >= limit) yield { data: w.flush(), ...progress };
  }
  yield { data: w.end(exemplars()), ...progress };
}

/** collectExport runs an export to the end and joins its pieces (for tests and small exports). */
export async function collectExport(src: ChunkSource, req: ExportRequest, exemplars?: ExemplarSource): Promise<{ data: string | Uint8Array; last: ExportPiece }> {
  const texts: string[] = [];
  const bins: Uint8Array[] = [];
  let last: ExportPiece | null = null;
  for await (const p of exportData(src, req, exemplars)) {
    if (typeof p.data === 'string') texts.push(p.data);
    else bins.push(p.data);
    last = p;
  }
  if (!last) throw new Error('export produced nothing');
  if (req.format === 'openmetrics') return { data: texts.join(''), last };
  return { data: concat(bins), last };
}
