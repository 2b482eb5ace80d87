/**
 * Data import (backfill): OpenMetrics or Prometheus text files with timestamps, and binary snapshots (floats, native
 * histograms, start timestamps), merged into the head through its appender, so the head's out-of-order and
 * duplicate rules apply sample by sample. A file that
 * does not parse (or a damaged snapshot) is refused before anything is appended.
 */
import type { Labels } from '../model/labels';
import { AppendError, ExemplarError, type Appendable, type AppendErrorKind } from '../model/storage';
import { ExpositionError, newParser } from '../exposition';
import { wordsFloat } from '../tsdb/chunkenc/words';
import { FileError } from './safejson';
import { isSnapshot, readSnapshotFile, type SnapshotSeries } from './snapshot';
import { compareExemplars, type ExemplarQueryResult } from '../model/exemplar';

/** DataFileKind is what a data file holds. */
export type DataFileKind = 'snapshot' | 'openmetrics' | 'prometheus';

/** ImportReport counts what an import added and rejected (by the appender's reason). */
export interface ImportReport {
  kind: DataFileKind;
  series: number;
  added: number;
  rejected: number;
  rejectedBy: Partial<Record<AppendErrorKind, number>>;
  /** exemplars counts the file's exemplars that are stored now (new, or the newest already there); others were older. */
  exemplars?: number;
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
export function parseDataFile(
  bytes: Uint8Array | string,
  nowMs = Date.now(),
): { kind: DataFileKind; series: SnapshotSeries[]; exemplars?: ExemplarQueryResult[]; warnings: string[] } {
  const kind = detectDataKind(bytes);
  if (kind === 'snapshot') return { kind, ...readSnapshotFile(bytes as Uint8Array), warnings: [] };
  const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  try {
    return { kind, ...readText(text, kind === 'openmetrics', nowMs) };
  } catch (e) {
    if (e instanceof ExpositionError) throw new FileError('', e.message);
    throw e;
  }
}

interface Group {
  labels: Labels;
  ts: number[];
  words: number[];
  sorted: boolean;
}

/**
 * readText reads exposition text with the pull parser, grouping samples by series (untimed ones at nowMs). In
 * OpenMetrics, a counter family's `_created` samples are not series of their own: each gives the start timestamp of
 * the `_total` sample with the same labels and timestamp (as Promtab's export writes them, and as Prometheus reads
 * created timestamps); one with no such sample is counted in a warning.
 */
function readText(text: string, openMetrics: boolean, nowMs: number): { series: SnapshotSeries[]; warnings: string[] } {
  const p = newParser(text, openMetrics ? 'openmetrics' : 'text', { strict: false });
  const byKey = new Map<string, Group>();
  const counters = new Set<string>();
  const created = new Map<string, number>();
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  let lastKey = '';
  let g: Group | undefined;
  let untimed = 0;
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e === 'type') {
      if (openMetrics && p.type() === 'counter') counters.add(p.family());
      continue;
    }
    if (e !== 'series') continue;
    let t = p.timestamp();
    if (t === undefined) {
      untimed++;
      t = nowMs;
    }
    const name = p.metricName();
    if (name.endsWith(CREATED) && counters.has(name.slice(0, -CREATED.length))) {
      const total = withName(p.labels(), `${name.slice(0, -CREATED.length)}_total`);
      const start = Math.round(p.value() * 1000);
      if (Number.isSafeInteger(start) && start !== 0) created.set(`${total.join('\xff')}\xfe${t}`, start);
      continue;
    }
    const key = p.seriesKey();
    if (key !== lastKey || !g) {
      g = byKey.get(key);
      if (!g) byKey.set(key, (g = { labels: p.labels(), ts: [], words: [], sorted: true }));
      lastKey = key;
    }
    if (g.ts.length > 0 && t < g.ts[g.ts.length - 1]) g.sorted = false;
    f64[0] = p.value();
    g.ts.push(t);
    g.words.push(u32[0], u32[1]);
  }
  const byLabels = new Map<string, Group[]>();
  for (const grp of byKey.values()) {
    const k = grp.labels.join('\xff');
    const list = byLabels.get(k);
    if (list) list.push(grp);
    else byLabels.set(k, [grp]);
  }
  const series = [...byLabels.values()].map(toSeries);
  const warnings = untimed > 0 ? [`${untimed} samples had no timestamp and were stored at the import time`] : [];
  if (created.size > 0) {
    let matched = 0;
    for (const s of series) {
      const k = s.labels.join('\xff');
      let st: Float64Array | undefined;
      for (let i = 0; i < s.timestamps.length; i++) {
        const v = created.get(`${k}\xfe${s.timestamps[i]}`);
        if (v === undefined) continue;
        st ??= new Float64Array(s.timestamps.length);
        st[i] = v;
        matched++;
      }
      if (st) s.startTimestamps = st;
    }
    if (matched < created.size) warnings.push(`${created.size - matched} _created samples had no _total sample with the same labels and time and were not kept`);
  }
  return { series, warnings };
}

/** CREATED is the suffix of an OpenMetrics counter's created-timestamp samples. */
const CREATED = '_created';

/** withName returns labels with another metric name (`__name__` sorts first, so the order stays sorted). */
function withName(ls: Labels, name: string): Labels {
  const out = [...ls];
  const i = out.indexOf('__name__');
  if (i >= 0 && i % 2 === 0) out[i + 1] = name;
  return out;
}

/** toSeries joins the groups of one label set into a series in time order (stable for equal timestamps). */
function toSeries(groups: Group[]): SnapshotSeries {
  const ts = groups.flatMap((x) => x.ts);
  const words = groups.flatMap((x) => x.words);
  const n = ts.length;
  const out = { labels: groups[0].labels, timestamps: new Float64Array(n), words: new Uint32Array(2 * n) };
  const order = Array.from({ length: n }, (_, i) => i);
  if (groups.length > 1 || !groups[0].sorted) order.sort((a, b) => ts[a] - ts[b] || a - b);
  order.forEach((from, i) => {
    out.timestamps[i] = ts[from];
    out.words[2 * i] = words[2 * from];
    out.words[2 * i + 1] = words[2 * from + 1];
  });
  return out;
}

/** appendSeries appends parsed series through the head's appender and counts what it accepted and rejected. */
export async function appendSeries(db: Appendable, series: readonly SnapshotSeries[]): Promise<Omit<ImportReport, 'kind' | 'warnings'>> {
  const report: Omit<ImportReport, 'kind' | 'warnings'> = { series: series.length, added: 0, rejected: 0, rejectedBy: {} };
  let app = db.appender();
  let pending = 0;
  for (const s of series) {
    let ref = 0;
    for (let i = 0; i < s.timestamps.length; i++) {
      const h = s.histograms?.[i];
      const st = s.startTimestamps?.[i] ?? 0;
      try {
        if (h) ref = app.appendHistogram(ref, s.labels, s.timestamps[i], h, st);
        else ref = app.append(ref, s.labels, s.timestamps[i], wordsFloat(s.words[2 * i], s.words[2 * i + 1]), st);
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

/**
 * appendExemplars stores exemplars through an appender that takes them (others keep none) and returns how many are
 * stored now (a repeat of a series' newest counts, it is there); refused ones (older than stored ones) are skipped,
 * as a scrape skips them.
 */
export async function appendExemplars(db: Appendable, groups: readonly ExemplarQueryResult[]): Promise<number> {
  const app = db.appender();
  if (!app.appendExemplar || groups.length === 0) {
    app.rollback();
    return 0;
  }
  let n = 0;
  for (const g of groups) {
    for (const e of [...g.exemplars].sort(compareExemplars)) {
      try {
        app.appendExemplar(0, g.seriesLabels, e);
        n++;
      } catch (err) {
        if (!(err instanceof ExemplarError)) {
          app.rollback();
          throw err;
        }
      }
    }
  }
  await app.commit();
  return n;
}

/** importDataFile parses a whole data file first, then appends it; a bad file throws FileError with nothing added. */
export async function importDataFile(db: Appendable, bytes: Uint8Array | string, nowMs = Date.now()): Promise<ImportReport> {
  const { kind, series, exemplars, warnings } = parseDataFile(bytes, nowMs);
  const report: ImportReport = { kind, warnings, ...(await appendSeries(db, series)) };
  if (exemplars && exemplars.length > 0) report.exemplars = await appendExemplars(db, exemplars);
  return report;
}

