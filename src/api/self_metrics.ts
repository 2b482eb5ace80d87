/**
 * SelfMetrics: Promtab instruments itself with its own client library and serves the result as the `promtab` job,
 * scraped through the same scrape path as any other target (the composition root answers fetches of SELF_HOST).
 */
import { Registry } from '../client';
import type { Appendable, Appender } from '../model/storage';
import type { ExemplarStats } from '../tsdb/exemplar';
import type { Head } from '../tsdb';
import type { ScrapeManager } from '../scrape/manager';
import type { RemoteWriteStorage } from '../remote/storage';
import type { QueueStats } from '../remote/queue';

/** SELF_HOST is the address of Promtab's own metrics endpoint; it never reaches the network. */
export const SELF_HOST = 'promtab.self';

/** REMOTE_METRICS are the per-queue remote-write metrics: name without prefix, help, value, type. */
const REMOTE_METRICS: readonly [string, string, (s: QueueStats) => number, 'counter' | 'gauge'][] = [
  ['samples_total', 'Total number of samples sent to remote storage.', (s) => s.sent - s.histogramsSent, 'counter'],
  ['histograms_total', 'Total number of native histogram samples sent to remote storage.', (s) => s.histogramsSent, 'counter'],
  ['samples_failed_total', 'Samples that failed on send to remote storage with a non-recoverable error.', (s) => s.failed, 'counter'],
  ['samples_retried_total', 'Samples that failed on send to remote storage with a recoverable error and were retried.', (s) => s.retried, 'counter'],
  ['bytes_total', 'Compressed bytes of samples sent to remote storage.', (s) => s.bytes, 'counter'],
  ['samples_pending', 'Samples waiting in the queue to be sent to remote storage.', (s) => s.pending, 'gauge'],
  ['queue_highest_sent_timestamp_seconds', 'Highest timestamp sent successfully by this queue, in seconds since epoch.', (s) => s.highestSent / 1000, 'gauge'],
  ['queue_highest_timestamp_seconds', 'Highest timestamp enqueued by this queue, in seconds since epoch.', (s) => s.highestEnqueued / 1000, 'gauge'],
];

/** SelfMetrics holds Promtab's own metrics. */
export class SelfMetrics {
  readonly registry = new Registry();
  private readonly appended = this.registry.counter({
    name: 'promtab_tsdb_head_samples_appended',
    help: 'Samples appended to the head (committed).',
  });
  private readonly appendErrors = this.registry.counter({
    name: 'promtab_tsdb_out_of_order_samples',
    help: 'Samples rejected as out of order or duplicate.',
  });
  private readonly notices = this.registry.counter({
    name: 'promtab_storage_notices',
    help: 'Storage notices raised (quota exceeded, flush failed).',
    labelNames: ['kind'],
  });
  // Both durations are native histograms (bucket factor 1.1: schema 3) with classic buckets beside them.
  private readonly scrapeDuration = this.registry.histogram({
    name: 'promtab_scrape_duration_seconds',
    help: 'Duration of scrapes, all targets.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    nativeBucketFactor: 1.1,
    nativeMaxBuckets: 160,
  });
  private readonly queryDuration = this.registry.histogram({
    name: 'promtab_query_duration_seconds',
    help: 'Duration of PromQL queries evaluated by query workers.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    nativeBucketFactor: 1.1,
    nativeMaxBuckets: 160,
  });
  readonly workerRestarts = this.registry.counter({
    name: 'promtab_worker_restarts',
    help: 'Storage worker restarts seen by this worker.',
  });

  /** instrument wraps an Appendable so committed samples are counted. */
  instrument(inner: Appendable): Appendable {
    const appended = this.appended;
    const errors = this.appendErrors;
    return {
      appender(): Appender {
        const a = inner.appender();
        let n = 0;
        return {
          append(ref, labels, t, v, st) {
            try {
              const r = a.append(ref, labels, t, v, st);
              n++;
              return r;
            } catch (e) {
              errors.inc();
              throw e;
            }
          },
          appendHistogram(ref, labels, t, h, st) {
            try {
              const r = a.appendHistogram(ref, labels, t, h, st);
              n++;
              return r;
            } catch (e) {
              errors.inc();
              throw e;
            }
          },
          ...(a.appendExemplar ? { appendExemplar: a.appendExemplar.bind(a) } : {}),
          async commit() {
            await a.commit();
            appended.inc(n);
          },
          rollback: () => a.rollback(),
        };
      },
    };
  }

  /** observe registers gauges read at collection time, and times scrapes as the manager reports them. */
  observe(head: Pick<Head, 'numSeries' | 'status' | 'savedMaxTime'>, scrape: ScrapeManager, quota: () => Promise<{ usage: number; quota: number }>): void {
    let last = { usage: 0, quota: 0 };
    this.registry.gauge({ name: 'promtab_tsdb_head_series', help: 'Series in the head.', onCollect: (g) => g.set(head.numSeries()) });
    this.registry.gauge({
      name: 'promtab_storage_used_bytes',
      help: "Bytes the origin uses in the browser's storage (estimate).",
      onCollect: (g) => {
        void quota().then((q) => (last = q));
        g.set(last.usage);
      },
    });
    this.registry.gauge({
      name: 'promtab_storage_quota_bytes',
      help: "The origin's storage quota (estimate).",
      onCollect: (g) => g.set(last.quota),
    });
    this.registry.gauge({
      name: 'promtab_tsdb_persisted_bytes',
      help: 'Bytes of chunks persisted in IndexedDB.',
      onCollect: (g) => g.set(head.status().storageBytes),
    });
    this.registry.gauge({
      name: 'promtab_tsdb_saved_max_time_seconds',
      help: 'Newest sample time the last successful save to IndexedDB covered (0 before one).',
      onCollect: (g) => g.set(Number.isFinite(head.savedMaxTime) ? head.savedMaxTime / 1000 : 0),
    });
    this.registry.gauge({
      name: 'promtab_targets',
      help: 'Active scrape targets.',
      onCollect: (g) => g.set(scrape.targets('active').activeTargets.length),
    });
    // The manager reports every scrape; reading all targets each time would cost O(n²) per interval, so the
    // durations are collected at most once a second.
    const seen = new Map<string, string>();
    let pending = false;
    scrape.subscribe(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        for (const t of scrape.targets('active').activeTargets) {
          const key = `${t.scrapePool}\xff${t.scrapeUrl}`;
          if (t.lastScrape !== seen.get(key) && t.health !== 'unknown') {
            seen.set(key, t.lastScrape);
            this.scrapeDuration.observe(t.lastScrapeDuration);
          }
        }
      }, 1000);
    });
  }

  /**
   * observeRemote exposes the remote-write queues under Prometheus's metric names, labelled remote_name and url,
   * read from the queues at collection time.
   */
  observeRemote(remote: RemoteWriteStorage): void {
    const perQueue = (name: string, help: string, value: (s: QueueStats) => number, type: 'counter' | 'gauge') => {
      const opts = {
        name: `prometheus_remote_storage_${name}`,
        help,
        labelNames: ['remote_name', 'url'],
      };
      if (type === 'counter') {
        this.registry.counter({
          ...opts,
          onCollect: (c) => {
            c.reset();
            for (const s of remote.stats()) c.labels(s.name, s.url).inc(value(s));
          },
        });
      } else {
        this.registry.gauge({
          ...opts,
          onCollect: (g) => {
            g.reset();
            for (const s of remote.stats()) g.labels(s.name, s.url).set(value(s));
          },
        });
      }
    };
    for (const [name, help, value, type] of REMOTE_METRICS) perQueue(name, help, value, type);
    this.registry.counter({
      name: 'prometheus_remote_storage_samples_dropped_total',
      help: 'Samples dropped before being sent: by write relabeling (dropped_series) or beyond the queue capacity (queue_full).',
      labelNames: ['remote_name', 'url', 'reason'],
      onCollect: (c) => {
        c.reset();
        for (const s of remote.stats()) for (const [reason, n] of Object.entries(s.dropped)) c.labels(s.name, s.url, reason).inc(n);
      },
    });
    this.registry.gauge({
      name: 'prometheus_remote_storage_highest_timestamp_in_seconds',
      help: 'Highest timestamp that came into the remote storage through the appender, in seconds since epoch.',
      onCollect: (g) => g.set(remote.highestTimestamp / 1000),
    });
  }

  /** observeExemplars exposes the exemplar store under Prometheus's prometheus_tsdb_exemplar_* names. */
  observeExemplars(stats: () => ExemplarStats): void {
    const gauges: [string, string, (s: ExemplarStats) => number][] = [
      ['exemplars_in_storage', 'Number of exemplars currently in circular storage.', (s) => s.exemplarsInStorage],
      ['series_with_exemplars_in_storage', 'Number of series with exemplars currently in circular storage.', (s) => s.seriesWithExemplars],
      ['max_exemplars', 'Total number of exemplars the exemplar storage can store (storage.exemplars.max_exemplars).', (s) => s.maxExemplars],
    ];
    for (const [name, help, value] of gauges) {
      this.registry.gauge({ name: `prometheus_tsdb_exemplar_${name}`, help, onCollect: (g) => g.set(value(stats())) });
    }
    const counters: [string, string, (s: ExemplarStats) => number][] = [
      ['exemplars_appended_total', 'Total number of appended exemplars.', (s) => s.appended],
      ['out_of_order_exemplars_total', 'Total number of out of order exemplar ingestion failed attempts.', (s) => s.outOfOrder],
    ];
    for (const [name, help, value] of counters) {
      this.registry.counter({
        name: `prometheus_tsdb_exemplar_${name}`,
        help,
        onCollect: (c) => {
          c.reset();
          c.inc(value(stats()));
        },
      });
    }
  }

  /** notice counts a storage notice. */
  notice(kind: string): void {
    this.notices.labels(kind).inc();
  }

  /** observeQuery records one query's duration in seconds. */
  observeQuery(seconds: number): void {
    this.queryDuration.observe(seconds);
  }

  /** text is the metrics body in the Prometheus text format. */
  text(): string {
    return this.registry.metrics();
  }

  /** protobuf is the same metrics as delimited MetricFamily messages, which carry the native histograms. */
  protobuf(): Uint8Array {
    return this.registry.protobuf();
  }
}
