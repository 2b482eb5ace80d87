/**
 * Data import (backfill): OpenMetrics or Prometheus text files with timestamps, and binary snapshots, merged into
 * the head through its appender, so the head's out-of-order and duplicate rules apply sample by sample. A file that
 * does not parse (or a damaged snapshot) is refused before anything is appended.
 */
import type { Labels } from '../model/labels';
import { AppendError, type Appendable, type AppendErrorKind } from '../model/storage';
import { ExpositionError, parseAll, type ParsedSample } from '../exposition';
import { wordsFloat } from '../tsdb/chunkenc/words';
import { FileError } from './safejson';
import { isSnapshot, readSnapshot, type SnapshotSeries } from './snapshot';

/** DataFileKind is what a data file holds. */
export type DataFileKind = 'snapshot' | 'openmetrics' | 'prometheus';

/** ImportReport counts what an import added and rejected (by the appender's reason). */
export interface ImportReport {
  kind: DataFileKind;
  series: number;
  added: number;
  rejected: number;
  rejectedBy: Partial<Record<AppendErrorKind, number>>;
  warnings: string[];
}

/** COMMIT_EVERY is how many samples one appender transaction holds during an import. */
const COMMIT_EVERY = 50_000;

const decoder = new TextDecoder();

/**
 * detectDataKind tells a snapshot, an OpenMetrics text (it ends with `# EOF`) and a Prometheus text apart; binary
 * content (a zero byte near the start) counts as a snapshot, so a damaged one is refused as such.
 */
export function detectDataKind(bytes: Uint8Array | string): DataFileKind {
  if (typeof bytes !== 'string' && (isSnapshot(bytes) || bytes.subarray(0, 4096).includes(0))) return 'snapshot';
  const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes.subarray(Math.max(0, bytes.length - 64)));
  return /(^|\n)# EOF\s*$/.test(text) ? 'openmetrics' : 'prometheus';
}

/** parseDataFile reads a data file into series (values as exact words), or throws FileError; nothing is appended. */
export function parseDataFile(bytes: Uint8Array | string, nowMs = Date.now()): { kind: DataFileKind; series: SnapshotSeries[]; warnings: string[] } {
  const kind = detectDataKind(bytes);
  if (kind === 'snapshot') return { kind, series: readSnapshot(bytes as Uint8Array), warnings: [] };
  const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  let samples: ParsedSample[];
  try {
    samples = parseAll(text, kind === 'openmetrics' ? 'openmetrics' : 'text', { strict: false }).samples;
  } catch (e) {
    if (e instanceof ExpositionError) throw new FileError('', e.message);
    throw e;
  }
  return { kind, ...seriesFromSamples(samples, nowMs) };
}

function seriesFromSamples(samples: ParsedSample[], nowMs: number): { series: SnapshotSeries[]; warnings: string[] } {
  const groups = new Map<string, { labels: Labels; at: number[] }>();
  let untimed = 0;
  samples.forEach((s, i) => {
    if (s.timestamp === undefined) untimed++;
    const key = s.labels.join('\xff');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: s.labels, at: [] }));
    g.at.push(i);
  });
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const series: SnapshotSeries[] = [];
  for (const g of groups.values()) {
    const at = g.at.sort((a, b) => (samples[a].timestamp ?? nowMs) - (samples[b].timestamp ?? nowMs) || a - b);
    const ts = new Float64Array(at.length);
    const words = new Uint32Array(at.length * 2);
    at.forEach((idx, k) => {
      ts[k] = samples[idx].timestamp ?? nowMs;
      f64[0] = samples[idx].value;
      words[2 * k] = u32[0];
      words[2 * k + 1] = u32[1];
    });
    series.push({ labels: g.labels, timestamps: ts, words });
  }
  const warnings = untimed > 0 ? [`${untimed} samples had no timestamp and were stored at the import time`] : [];
  return { series, warnings };
}

/** appendSeries appends parsed series through the head's appender and counts what it accepted and rejected. */
export async function appendSeries(db: Appendable, series: readonly SnapshotSeries[]): Promise<Omit<ImportReport, 'kind' | 'warnings'>> {
  const report: Omit<ImportReport, 'kind' | 'warnings'> = { series: series.length, added: 0, rejected: 0, rejectedBy: {} };
  let app = db.appender();
  let pending = 0;
  for (const s of series) {
    let ref = 0;
    for (let i = 0; i < s.timestamps.length; i++) {
      try {
        ref = app.append(ref, s.labels, s.timestamps[i], wordsFloat(s.words[2 * i], s.words[2 * i + 1]));
        report.added++;
        pending++;
      } catch (e) {
        if (!(e instanceof AppendError)) {
          app.rollback();
          throw e;
        }
        report.rejected++;
        report.rejectedBy[e.kind] = (report.rejectedBy[e.kind] ?? 0) + 1;
      }
      if (pending >= COMMIT_EVERY) {
        await app.commit();
        app = db.appender();
        pending = 0;
      }
    }
  }
  await app.commit();
  return report;
}

/** importDataFile parses a whole data file first, then appends it; a bad file throws FileError with nothing added. */
export async function importDataFile(db: Appendable, bytes: Uint8Array | string, nowMs = Date.now()): Promise<ImportReport> {
  const { kind, series, warnings } = parseDataFile(bytes, nowMs);
  return { kind, warnings, ...(await appendSeries(db, series)) };
}

