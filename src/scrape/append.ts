/**
 * Appending one scrape: parse the body with the pull parser, look each series up in the target's cache by its raw
 * text (so a known series is never re-decoded), apply honor_labels, metric relabeling and the limits, and write
 * stale markers for series that disappeared. A parse error or a limit hit throws, and the caller rolls back.
 */
import { newParser, NhcbParser, ProtoParser, type ExpositionParser, type ScrapeFormat } from '../exposition';
import { AppendError, ExemplarError, type Appender, type SeriesRef } from '../model/storage';
import { compareExemplars, type Exemplar } from '../model/exemplar';
import { labelsGet, labelsHas, labelsKey, LabelsBuilder, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricMetadata } from '../model/metadata';
import { STALE_NAN } from '../model/value';
import type { ScrapeLimits } from './config';
import { ScrapeError } from './errors';
import { limitHistogram } from './histograms';
import { relabel, type CompiledRelabel } from './relabel';

/** CacheEntry is one known series of a target: its storage ref and final labels (null labels: dropped). */
interface CacheEntry {
  ref: SeriesRef;
  readonly labels: Labels | null;
  readonly key: string;
  /** seen is the iteration of the last scrape that took this series (-1: none yet). */
  seen: number;
  /** seenBefore is seen as it was before the scrape in progress marked the entry, restored if that scrape fails. */
  seenBefore: number;
}

/**
 * ScrapeCache is a target's memory between scrapes: raw series text to entry, and the series of the last
 * successful scrape (keyed by final labels) for staleness.
 */
export class ScrapeCache {
  readonly series = new Map<string, CacheEntry>();
  /** prev holds the series the last successful scrape wrote without an explicit timestamp. */
  prev = new Map<string, CacheEntry>();
  /** iter counts successful scrapes. */
  iter = 0;

  /** markAllStale appends a stale marker at t for every series of the last successful scrape and forgets them. */
  markAllStale(app: Appender, t: number): void {
    for (const e of this.prev.values()) appendStale(app, e, t);
    this.prev = new Map();
  }

  /**
   * forget undoes what a rejected scrape at iteration iter did to the cache: it removes the series it created and
   * puts back the seen marks it set, so the next scrape (which reuses iter) finds the cache as the last good one
   * left it and does not take the rejected scrape's series for duplicates.
   */
  forget(iter: number, created: readonly string[]): void {
    for (const raw of created) this.series.delete(raw);
    for (const e of this.series.values()) if (e.seen === iter) e.seen = e.seenBefore;
  }

  /** sweep forgets series not seen in the last successful scrape. */
  sweep(): void {
    for (const [k, e] of this.series) if (e.seen < this.iter) this.series.delete(k);
  }
}

function appendStale(app: Appender, e: CacheEntry, t: number): void {
  try {
    e.ref = app.append(e.ref, e.labels!, t, STALE_NAN);
  } catch (err) {
    if (!(err instanceof AppendError)) throw err;
  }
}

/** TargetContext is what appending needs to know about the target and its job. */
export interface TargetContext {
  /** labels are the target's public labels. */
  readonly labels: Labels;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly metricRelabel: readonly CompiledRelabel[];
  readonly limits: ScrapeLimits;
  /** histograms is how the job ingests histograms (absent: classic series only, as without native histograms). */
  readonly histograms?: ScrapeHistograms;
}

/** ScrapeHistograms are a job's histogram settings as a scrape uses them. */
export interface ScrapeHistograms {
  /** native ingests native histograms (scrape_native_histograms). */
  readonly native: boolean;
  /** classic keeps classic series beside native or converted ones (always_scrape_classic_histograms). */
  readonly classic: boolean;
  /** nhcb converts classic histograms to custom-bucket ones (convert_classic_histograms_to_nhcb). */
  readonly nhcb: boolean;
  /** bucketLimit and minBucketFactor are native_histogram_bucket_limit and native_histogram_min_bucket_factor. */
  readonly bucketLimit: number;
  readonly minBucketFactor: number;
}

const NO_NATIVE: ScrapeHistograms = { native: false, classic: false, nhcb: false, bucketLimit: 0, minBucketFactor: 0 };

/** scrapeParser is the pull parser for a scrape body in its negotiated format, with the job's histogram settings. */
export function scrapeParser(body: string | Uint8Array, format: ScrapeFormat, h: ScrapeHistograms = NO_NATIVE): ExpositionParser {
  if (format === 'protobuf') {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return new ProtoParser(bytes, { nativeHistograms: h.native, classicHistograms: h.classic, nhcb: h.nhcb });
  }
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (format === 'openmetrics2') {
    return newParser(text, format, { histograms: { nativeHistograms: h.native, classicHistograms: h.classic, nhcb: h.nhcb } });
  }
  // Lenient like Prometheus's own scrape parser: the strict OpenMetrics family checks are for the conformance suite.
  const p = newParser(text, format, { strict: false });
  return h.nhcb ? new NhcbParser(p, h.classic) : p;
}

/** AppendStats are the counts a scrape reports. */
export interface AppendStats {
  /** total is scrape_samples_scraped. */
  total: number;
  /** added is scrape_samples_post_metric_relabeling. */
  added: number;
  /** seriesAdded is scrape_series_added. */
  seriesAdded: number;
  /** rejected counts samples the storage refused, by reason (out_of_order, duplicate, ...). */
  rejected: Record<string, number>;
  /** exemplarsOutOfOrder counts out-of-order exemplars of series whose exemplars were all out of order. */
  exemplarsOutOfOrder: number;
  metadata: Map<string, MetricMetadata>;
}

/** mutateSampleLabels attaches the target's labels to a scraped label set (honor_labels) and metric-relabels it. */
export function mutateSampleLabels(scraped: Labels, t: TargetContext): Labels | null {
  const lb = new LabelsBuilder(scraped);
  const conflicts: [string, string][] = [];
  for (let i = 0; i < t.labels.length; i += 2) {
    const name = t.labels[i];
    const existing = lb.get(name);
    if (t.honorLabels) {
      if (existing === '') lb.set(name, t.labels[i + 1]);
      continue;
    }
    if (existing !== '') conflicts.push([name, existing]);
    lb.set(name, t.labels[i + 1]);
  }
  conflicts.sort((a, b) => a[0].length - b[0].length);
  for (const [name, value] of conflicts) {
    let exported = name;
    do exported = `exported_${exported}`;
    while (lb.get(exported) !== '');
    lb.set(exported, value);
  }
  const ls = relabel(lb.labels(), t.metricRelabel);
  return ls === null || ls.length === 0 ? null : ls;
}

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c < 0xdc00 ? 0 : 2;
  }
  return n;
}

/** checkLabelLimits throws the Prometheus error for the first label limit a series breaks. */
export function checkLabelLimits(ls: Labels, l: ScrapeLimits): void {
  const metric = labelsGet(ls, METRIC_NAME).slice(0, 50);
  const count = ls.length / 2;
  if (l.labelLimit > 0 && count > l.labelLimit) {
    throw new ScrapeError('limit', `label_limit exceeded (metric: ${metric}, number of labels: ${count}, limit: ${l.labelLimit})`);
  }
  for (let i = 0; i < ls.length; i += 2) {
    const nameLen = utf8Length(ls[i]);
    if (l.labelNameLengthLimit > 0 && nameLen > l.labelNameLengthLimit) {
      throw new ScrapeError('limit', `label_name_length_limit exceeded (metric: ${metric}, label name: ${ls[i].slice(0, 50)}, length: ${nameLen}, limit: ${l.labelNameLengthLimit})`);
    }
    const valueLen = utf8Length(ls[i + 1]);
    if (l.labelValueLengthLimit > 0 && valueLen > l.labelValueLengthLimit) {
      throw new ScrapeError('limit', `label_value_length_limit exceeded (metric: ${metric}, label name: ${ls[i].slice(0, 50)}, value: ${JSON.stringify(ls[i + 1].slice(0, 50))}, length: ${valueLen}, limit: ${l.labelValueLengthLimit})`);
    }
  }
}

function newEntry(scraped: Labels, t: TargetContext, iter: number): CacheEntry {
  const ls = mutateSampleLabels(scraped, t);
  if (ls === null) return { ref: 0, labels: null, key: '', seen: iter, seenBefore: -1 };
  if (!labelsHas(ls, METRIC_NAME)) throw new ScrapeError('parse', 'missing metric name (__name__ label)');
  checkLabelLimits(ls, t.limits);
  return { ref: 0, labels: ls, key: labelsKey(ls), seen: -1, seenBefore: -1 };
}

type MetaKey = keyof MetricMetadata;

/**
 * appendExemplars appends the current sample's exemplars as Prometheus's scrape loop does: one without a timestamp
 * takes the sample's (except on a native histogram, where it is dropped), they go in time order, and a refused
 * exemplar never fails the scrape; out-of-order ones are counted only when all of a sample's were.
 */
function appendExemplars(app: Appender, ref: SeriesRef, labels: Labels, p: ExpositionParser, t: number, native: boolean, stats: AppendStats): void {
  const parsed = p.exemplars ? p.exemplars() : p.exemplar() ? [p.exemplar()!] : [];
  if (parsed.length === 0) return;
  const exs: Exemplar[] = [];
  for (const e of parsed) {
    if (e.ts === undefined && native) continue;
    exs.push({ labels: e.labels, value: e.value, ts: e.ts ?? t, hasTs: e.ts !== undefined });
  }
  if (exs.length > 1) exs.sort(compareExemplars);
  let outOfOrder = 0;
  for (const e of exs) {
    try {
      app.appendExemplar!(ref, labels, e);
    } catch (err) {
      if (!(err instanceof ExemplarError)) throw err;
      if (err.kind === 'out_of_order') outOfOrder++;
    }
  }
  if (outOfOrder > 0 && outOfOrder === exs.length) stats.exemplarsOutOfOrder += outOfOrder;
}

/** newAppendStats returns zeroed counts. */
export function newAppendStats(): AppendStats {
  return { total: 0, added: 0, seriesAdded: 0, rejected: {}, exemplarsOutOfOrder: 0, metadata: new Map() };
}

/**
 * appendScrape appends one scrape's samples at time t (ms) and stale markers for series gone since the last
 * successful scrape, counting into stats as it goes. It throws ScrapeError or ExpositionError when the scrape must
 * be rejected; stats then hold the counts up to the failure (Prometheus reports them) and the cache is left as it
 * was before the call.
 */
export function appendScrape(
  app: Appender,
  cache: ScrapeCache,
  body: string | Uint8Array,
  format: ScrapeFormat,
  t: number,
  target: TargetContext,
  stats: AppendStats = newAppendStats(),
): AppendStats {
  const hs = target.histograms ?? NO_NATIVE;
  const p = scrapeParser(body, format, hs);
  const iter = cache.iter + 1;
  const cur = new Map<string, CacheEntry>();
  const created: string[] = [];
  const sampleLimit = target.limits.sampleLimit;
  const meta = (key: MetaKey, value: string) => {
    const fam = p.family();
    let m = stats.metadata.get(fam);
    if (!m) stats.metadata.set(fam, (m = { type: 'unknown', help: '', unit: '' }));
    (m as Record<MetaKey, string>)[key] = value;
  };
  try {
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e !== 'series') {
        if (e === 'type') meta('type', p.type());
        else if (e === 'help') meta('help', p.help());
        else if (e === 'unit') meta('unit', p.unit());
        continue;
      }
      stats.total++;
      const raw = p.seriesKey();
      let ce = cache.series.get(raw);
      if (ce === undefined) {
        ce = newEntry(p.labels(), target, iter);
        cache.series.set(raw, ce);
        created.push(raw);
      }
      if (ce.labels === null) {
        if (ce.seen !== iter) ce.seenBefore = ce.seen;
        ce.seen = iter;
        continue;
      }
      const ts = target.honorTimestamps ? p.timestamp() : undefined;
      if (ce.seen === iter && ts === undefined) {
        stats.rejected.duplicate = (stats.rejected.duplicate ?? 0) + 1;
        continue;
      }
      if (sampleLimit > 0 && stats.added >= sampleLimit) {
        stats.added++;
        continue;
      }
      const isNew = ce.seen < 0;
      const h = p.histogram?.();
      const st = p.startTimestamp?.();
      try {
        if (h === undefined) ce.ref = app.append(ce.ref, ce.labels, ts ?? t, p.value(), st);
        else ce.ref = app.appendHistogram(ce.ref, ce.labels, ts ?? t, limitHistogram(h, hs), st);
      } catch (err) {
        if (!(err instanceof AppendError)) throw err;
        stats.rejected[err.kind] = (stats.rejected[err.kind] ?? 0) + 1;
        continue;
      }
      stats.added++;
      if (app.appendExemplar) appendExemplars(app, ce.ref, ce.labels, p, ts ?? t, h !== undefined, stats);
      if (ce.seen !== iter) ce.seenBefore = ce.seen;
      ce.seen = iter;
      if (isNew) stats.seriesAdded++;
      if (ts === undefined) cur.set(ce.key, ce);
    }
    if (sampleLimit > 0 && stats.added > sampleLimit) throw new ScrapeError('limit', 'sample limit exceeded');
  } catch (err) {
    cache.forget(iter, created);
    throw err;
  }
  for (const [key, e] of cache.prev) if (!cur.has(key)) appendStale(app, e, t);
  cache.prev = cur;
  cache.iter = iter;
  if (iter % 8 === 0) cache.sweep();
  return stats;
}
