/**
 * ScrapeLoop scrapes one target on its interval, at a stable offset inside the interval so that targets spread
 * out, and writes the scrape with its report series (`up`, `scrape_duration_seconds`, ...) in one transaction.
 * A failed scrape writes `up` 0 and stale markers for the target's series; stopping writes stale markers for all.
 */
import { toJsonString } from '@bufbuild/protobuf';
import { decodeBody, decodeBodyBytes, decodeMetricFamilies, formatFromContentType, type ScrapeFormat } from '../exposition';
import { MetricFamilySchema } from '../proto/io/prometheus/client/metrics_pb';
import { labelsHash, labelsFromPairs, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricMetadata } from '../model/metadata';
import { AppendError, type Appendable, type Appender, type SeriesRef } from '../model/storage';
import { STALE_NAN } from '../model/value';
import { appendScrape, newAppendStats, ScrapeCache, type TargetContext } from './append';
import type { Clock, FetchFn, TimerHandle } from './clock';
import type { HttpClientConfig, ScrapeConfig, ScrapeProtocol } from './config';
import { classifyFailure, ScrapeError, type ScrapeFailure } from './errors';
import { acceptHeader, requestInit, statusLine } from './http';
import { compileRelabel, type CompiledRelabel } from './relabel';
import { publicLabels, type TargetSpec } from './targets';

/** REPORT_NAMES are the synthetic series every scrape writes, in order. */
export const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

const FORMATS: Record<ScrapeProtocol, ScrapeFormat> = {
  'OpenMetricsText2.0.0': 'openmetrics2',
  'OpenMetricsText1.0.0': 'openmetrics',
  'OpenMetricsText0.0.1': 'openmetrics',
  'PrometheusText1.0.0': 'text',
  'PrometheusText0.0.4': 'text',
  PrometheusProto: 'protobuf',
};

/**
 * keptBody is what a watched loop shows as a target's last body: the text itself, or for protobuf one JSON line per
 * MetricFamily (or the decoding error), since the bytes are not readable as they are.
 */
function keptBody(body: string | Uint8Array): string {
  if (typeof body === 'string') return body.length > MAX_KEPT_BODY ? body.slice(0, MAX_KEPT_BODY) : body;
  let text = `# protobuf body, ${body.length} bytes, shown as one JSON object per MetricFamily\n`;
  try {
    for (const f of decodeMetricFamilies(body)) {
      text += `${toJsonString(MetricFamilySchema, f)}\n`;
      if (text.length > MAX_KEPT_BODY) return text.slice(0, MAX_KEPT_BODY);
    }
  } catch (e) {
    text += `# ${(e as Error).message}\n`;
  }
  return text;
}

/** LoopTarget is what one loop scrapes and how. */
export interface LoopTarget extends TargetContext {
  readonly url: string;
  readonly interval: number;
  readonly timeout: number;
  readonly http: HttpClientConfig;
  readonly accept: string;
  readonly fallbackScrapeProtocol?: ScrapeProtocol;
  /** openMetrics2 parses an OpenMetrics 2.0 body as such: the job lists OpenMetricsText2.0.0 (experimental). */
  readonly openMetrics2?: boolean;
}

/** loopTarget builds what a loop needs from a target and its job (metric relabeling compiled once per job). */
export function loopTarget(
  spec: TargetSpec,
  cfg: ScrapeConfig,
  metricRelabel: readonly CompiledRelabel[] = compileRelabel(cfg.metricRelabelConfigs),
): LoopTarget {
  return {
    url: spec.url,
    interval: spec.interval,
    timeout: spec.timeout,
    labels: publicLabels(spec.labels),
    honorLabels: cfg.honorLabels,
    honorTimestamps: cfg.honorTimestamps,
    metricRelabel,
    histograms: {
      native: cfg.scrapeNativeHistograms,
      classic: cfg.alwaysScrapeClassicHistograms,
      nhcb: cfg.convertClassicHistogramsToNhcb,
      bucketLimit: cfg.nativeHistogramBucketLimit,
      minBucketFactor: cfg.nativeHistogramMinBucketFactor,
    },
    limits: {
      sampleLimit: cfg.sampleLimit,
      labelLimit: cfg.labelLimit,
      labelNameLengthLimit: cfg.labelNameLengthLimit,
      labelValueLengthLimit: cfg.labelValueLengthLimit,
      bodySizeLimit: cfg.bodySizeLimit,
      keepDroppedTargets: cfg.keepDroppedTargets,
    },
    http: cfg.http,
    accept: acceptHeader(cfg.scrapeProtocols),
    fallbackScrapeProtocol: cfg.fallbackScrapeProtocol,
    openMetrics2: cfg.scrapeProtocols.includes('OpenMetricsText2.0.0') || cfg.fallbackScrapeProtocol === 'OpenMetricsText2.0.0',
  };
}

/** LoopEnv is the loop's outside world: storage, network, time, and the page origin for error advice. */
export interface LoopEnv {
  readonly appendable: Appendable;
  readonly fetch: FetchFn;
  readonly clock: Clock;
  readonly pageOrigin: string;
  readonly offsetSeed: number;
  readonly onScrape: (loop: ScrapeLoop) => void;
}

/** MAX_KEPT_BODY bounds the raw body a watched loop keeps (in UTF-16 code units). */
export const MAX_KEPT_BODY = 1 << 20;

function stringHash(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * scrapeOffset returns the delay from now to the target's next slot: a fixed phase inside the interval, from the
 * target's labels and URL mixed with a per-instance seed, pinned to absolute time as Prometheus's Target.offset.
 */
export function scrapeOffset(labels: Labels, url: string, interval: number, seed: number, now: number): number {
  const phase = ((stringHash(url, labelsHash(labels)) ^ seed) >>> 0) % interval;
  let next = interval - (now % interval) + phase;
  if (next > interval) next -= interval;
  return next;
}

/**
 * SCRAPE_TIMESTAMP_TOLERANCE_MS is how late (in ms) a scrape may start and still be stamped with its scheduled time,
 * as Prometheus's --scrape.timestamp-tolerance: evenly spaced timestamps cost almost nothing in a chunk.
 */
export const SCRAPE_TIMESTAMP_TOLERANCE_MS = 2;

/**
 * alignScrapeTime stamps a scrape starting at `now` following Prometheus's scrape loop: `aligned` (NaN before the
 * first scrape, which sets it) advances by whole intervals up to `now`, and a scrape at most the tolerance (capped at
 * 1% of the interval) after it is stamped with it. Returns the timestamp and the new aligned time.
 */
export function alignScrapeTime(now: number, aligned: number, interval: number, tolerance = SCRAPE_TIMESTAMP_TOLERANCE_MS): [number, number] {
  if (Number.isNaN(aligned)) return [now, now];
  if (now - aligned >= interval) aligned += Math.floor((now - aligned) / interval) * interval;
  return [now - aligned <= Math.min(interval / 100, tolerance) ? aligned : now, aligned];
}

/** ScrapeLoop is the lifecycle of one target's scrapes. */
export class ScrapeLoop {
  health: 'up' | 'down' | 'unknown' = 'unknown';
  lastFailure: ScrapeFailure | null = null;
  /** lastScrape is the start of the last scrape in ms (0 before the first). */
  lastScrape = 0;
  /** lastDuration is the last scrape's duration in seconds. */
  lastDuration = 0;
  lastStats: { samples: number; rejected: Record<string, number> } = { samples: 0, rejected: {} };
  metadata = new Map<string, MetricMetadata>();
  paused = false;
  /** watched makes the loop keep its last raw body (bounded by MAX_KEPT_BODY). */
  watched = false;
  lastBody: string | null = null;
  private readonly cache = new ScrapeCache();
  private readonly reportLabels: Labels[];
  private readonly reportRefs: SeriesRef[] = REPORT_NAMES.map(() => 0);
  private timer: TimerHandle = null;
  private next = 0;
  /** aligned is the schedule's time that scrape timestamps snap to (NaN before the first scrape). */
  private aligned = NaN;
  /** lastStamp is the last scrape's timestamp: an extra scrape right after a scheduled one is not snapped onto it. */
  private lastStamp = -Infinity;
  private running: Promise<void> | null = null;
  private stopped = true;
  /** reported is true while the report series hold live values (so stop and pause have something to end). */
  private reported = false;

  constructor(
    readonly target: LoopTarget,
    private readonly env: LoopEnv,
  ) {
    this.reportLabels = REPORT_NAMES.map((n) => labelsFromPairs([...pairs(target.labels), [METRIC_NAME, n]]));
  }

  /**
   * inherit takes over a replaced loop of the same target (after a configuration change): the series it last wrote,
   * so the first scrape here marks stale whatever the new settings no longer produce, and its state for the UI.
   */
  inherit(old: ScrapeLoop): void {
    this.cache.prev = old.cache.prev;
    this.reported = old.reported;
    this.reportRefs.splice(0, this.reportRefs.length, ...old.reportRefs);
    this.health = old.health;
    this.lastFailure = old.lastFailure;
    this.lastScrape = old.lastScrape;
    this.lastDuration = old.lastDuration;
    this.metadata = old.metadata;
    this.paused = old.paused;
  }

  /**
   * start schedules scrapes at the target's offset and every interval after. With `atOnce` (a target new to this
   * page) the first scrape runs now, so its data shows within a second instead of up to an interval later; the offset
   * applies from the second scrape on, which keeps at least half an interval away from the first.
   */
  start(atOnce = false): void {
    if (!this.stopped) return;
    this.stopped = false;
    const now = this.env.clock.now();
    const interval = this.target.interval;
    this.next = now + scrapeOffset(this.target.labels, this.target.url, interval, this.env.offsetSeed, now);
    if (atOnce && !this.paused) {
      if (this.next - now < interval / 2) this.next += interval;
      this.running = this.scrape(true).finally(() => {
        this.running = null;
      });
    }
    this.schedule();
  }

  private schedule(): void {
    const now = this.env.clock.now();
    while (this.next <= now) this.next += this.target.interval;
    this.timer = this.env.clock.setTimeout(() => this.tick(), this.next - now);
  }

  private tick(): void {
    if (this.stopped) return;
    if (!this.paused && !this.running) void this.scrapeNow();
    this.schedule();
  }

  /** scrapeNow scrapes at once (or joins a scrape in progress). */
  scrapeNow(): Promise<void> {
    this.running ??= this.scrape().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** stop ends the loop; with stale it writes stale markers for every series of the target, report series too. */
  async stop(stale = true): Promise<void> {
    this.stopped = true;
    this.env.clock.clearTimeout(this.timer);
    await this.running;
    if (stale) await this.markStale();
  }

  /** pause stops scraping and marks the target's series stale, keeping the loop. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.running;
    await this.markStale();
  }

  /** resume scrapes again from the next slot. */
  resume(): void {
    this.paused = false;
  }

  /** markStale ends the target's series and report series (once: a second call finds nothing to end). */
  private async markStale(): Promise<void> {
    if (!this.reported) return;
    const app = this.env.appendable.appender();
    const t = this.env.clock.now();
    this.cache.markAllStale(app, t);
    for (let i = 0; i < REPORT_NAMES.length; i++) this.appendReport(app, i, t, STALE_NAN);
    this.reported = false;
    try {
      await app.commit();
    } catch (err) {
      this.lastFailure = this.storageFailure(err);
    }
  }

  private storageFailure(err: unknown): ScrapeFailure {
    const e = new ScrapeError('storage', `storage: ${(err as Error)?.message ?? err}`);
    return classifyFailure(e, { url: this.target.url, pageOrigin: this.env.pageOrigin, timedOut: false, timeoutMs: this.target.timeout });
  }

  private async fetchBody(signal: AbortSignal): Promise<{ body: string | Uint8Array; format: ScrapeFormat }> {
    const t = this.target;
    const res = await this.env.fetch(t.url, { ...requestInit(t.http, t.accept), signal });
    if (res.status !== 200) {
      void res.body?.cancel().catch(() => undefined);
      throw new ScrapeError('http_status', `server returned HTTP status ${statusLine(res)}`);
    }
    let format: ScrapeFormat;
    try {
      const fallback = t.fallbackScrapeProtocol ? FORMATS[t.fallbackScrapeProtocol] : undefined;
      format = formatFromContentType(res.headers.get('content-type'), fallback, t.openMetrics2 === true);
    } catch (e) {
      void res.body?.cancel().catch(() => undefined);
      throw new ScrapeError('content_type', (e as Error).message);
    }
    const limit = t.limits.bodySizeLimit;
    return { body: format === 'protobuf' ? await decodeBodyBytes(res, limit) : await decodeBody(res, limit), format };
  }

  /** scrape runs one scrape; an off-schedule one (the first of a new target) is stamped as is and aligns nothing. */
  private async scrape(offSchedule = false): Promise<void> {
    const clock = this.env.clock;
    const start = clock.now();
    let t = start;
    if (!offSchedule) {
      const [snapped, aligned] = alignScrapeTime(start, this.aligned, this.target.interval);
      t = snapped > this.lastStamp ? snapped : start;
      this.aligned = aligned;
    }
    this.lastStamp = t;
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.target.timeout);
    let app: Appender = this.env.appendable.appender();
    const stats = newAppendStats();
    let failure: ScrapeFailure | null = null;
    try {
      const { body, format } = await this.fetchBody(ctrl.signal);
      clock.clearTimeout(timer);
      if (this.watched) this.lastBody = keptBody(body);
      appendScrape(app, this.cache, body, format, t, this.target, stats);
      this.metadata = stats.metadata;
      this.lastStats = { samples: stats.added, rejected: stats.rejected };
    } catch (err) {
      clock.clearTimeout(timer);
      failure = classifyFailure(err, { url: this.target.url, pageOrigin: this.env.pageOrigin, timedOut, timeoutMs: this.target.timeout });
      app.rollback();
      app = this.env.appendable.appender();
      this.cache.markAllStale(app, t);
    }
    const duration = (clock.now() - start) / 1000;
    const values = [failure ? 0 : 1, duration, stats.total, stats.added, stats.seriesAdded];
    for (let i = 0; i < values.length; i++) this.appendReport(app, i, t, values[i]);
    try {
      await app.commit();
      this.reported = true;
    } catch (err) {
      failure = this.storageFailure(err);
    }
    this.health = failure ? 'down' : 'up';
    this.lastFailure = failure;
    this.lastScrape = start;
    this.lastDuration = duration;
    this.env.onScrape(this);
  }

  private appendReport(app: Appender, i: number, t: number, v: number): void {
    try {
      this.reportRefs[i] = app.append(this.reportRefs[i], this.reportLabels[i], t, v);
    } catch (e) {
      if (!(e instanceof AppendError)) throw e;
    }
  }
}

function* pairs(ls: Labels): Generator<[string, string]> {
  for (let i = 0; i < ls.length; i += 2) yield [ls[i], ls[i + 1]];
}
