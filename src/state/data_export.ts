/**
 * Data export: the stored samples (all, or a time range and matchers) streamed in pieces with progress, either as
 * OpenMetrics text with timestamps (what `promtool tsdb create-blocks-from openmetrics` reads) or as the binary
 * snapshot (bit-exact). OpenMetrics has no stale marker, so stale markers are left out of the text and counted.
 */
import { compareLabels, isLegacyMetricName, labelsGet, METRIC_NAME } from '../model/labels';
import type { Matcher } from '../model/matcher';
import { isStaleNaN } from '../model/value';
import { escapeLabelValue, formatFloat, formatSeconds, seriesText } from '../exposition';
import { decodeChunkSeries, type ChunkSeries } from '../tsdb';
import { concat, encodeChunks, SnapshotWriter } from './snapshot';

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

/** exportData streams the export in pieces; stop iterating to cancel. */
export async function* exportData(src: ChunkSource, req: ExportRequest): AsyncGenerator<ExportPiece> {
  const { series, mint, maxt } = await selectForExport(src, req);
  const body = req.format === 'snapshot' ? snapshotPieces(series, mint, maxt, req) : openMetricsPieces(series, mint, maxt, req);
  yield* body;
}

function familyName(name: string): string {
  return isLegacyMetricName(name) ? name : `"${escapeLabelValue(name)}"`;
}

function* openMetricsPieces(series: ChunkSeries[], mint: number, maxt: number, req: ExportRequest): Generator<ExportPiece> {
  const limit = req.pieceBytes ?? 1 << 20;
  const progress = { seriesDone: 0, seriesTotal: series.length, samples: 0, staleOmitted: 0 };
  let lines: string[] = [];
  let size = 0;
  let family = '';
  for (const cs of series) {
    const s = decodeChunkSeries(cs, mint, maxt);
    const name = labelsGet(s.labels, METRIC_NAME);
    if (name !== family) {
      family = name;
      const l = `# TYPE ${familyName(name)} unknown\n`;
      lines.push(l);
      size += l.length;
    }
    const prefix = `${seriesText(s.labels)} `;
    for (let i = 0; i < s.timestamps.length; i++) {
      const v = s.values[i];
      if (v !== v && isStaleNaN(v)) {
        progress.staleOmitted++;
        continue;
      }
      const l = `${prefix}${formatFloat(v)} ${formatSeconds(s.timestamps[i])}\n`;
      lines.push(l);
      size += l.length;
      progress.samples++;
    }
    progress.seriesDone++;
    if (size >= limit) {
      yield { data: lines.join(''), ...progress };
      lines = [];
      size = 0;
    }
  }
  lines.push('# EOF\n');
  yield { data: lines.join(''), ...progress };
}

function* snapshotPieces(series: ChunkSeries[], mint: number, maxt: number, req: ExportRequest): Generator<ExportPiece> {
  const limit = req.pieceBytes ?? 1 << 20;
  const progress = { seriesDone: 0, seriesTotal: series.length, samples: 0, staleOmitted: 0 };
  const w = new SnapshotWriter();
  yield { data: w.header(series.length), ...progress };
  for (const cs of series) {
    const s = decodeChunkSeries(cs, mint, maxt);
    const words = new Uint32Array(s.values.buffer, s.values.byteOffset, s.values.length * 2);
    w.series(s.labels, encodeChunks(s.timestamps, words));
    progress.samples += s.timestamps.length;
    progress.seriesDone++;
    if (w.pending >= limit) yield { data: w.flush(), ...progress };
  }
  yield { data: w.end(), ...progress };
}

/** collectExport runs an export to the end and joins its pieces (for tests and small exports). */
export async function collectExport(src: ChunkSource, req: ExportRequest): Promise<{ data: string | Uint8Array; last: ExportPiece }> {
  const texts: string[] = [];
  const bins: Uint8Array[] = [];
  let last: ExportPiece | null = null;
  for await (const p of exportData(src, req)) {
    if (typeof p.data === 'string') texts.push(p.data);
    else bins.push(p.data);
    last = p;
  }
  if (!last) throw new Error('export produced nothing');
  if (req.format === 'openmetrics') return { data: texts.join(''), last };
  return { data: concat(bins), last };
}
