/**
 * The composition root: the one place that wires the TSDB, the scrape manager, the writer lease, the
 * configuration store and the self-metrics for the storage worker. Each workers/*.ts file only calls into here.
 */
import { Head, type StorageNotice } from '../tsdb';
import { ScrapeManager } from '../scrape/manager';
import type { FetchFn } from '../scrape/clock';
import { ConfigStore } from './config_store';
import { WriterLease, type LockManagerLike } from './lease';
import { SelfMetrics, SELF_HOST } from './self_metrics';
import { StorageService, type Parts, type StorageServiceOptions } from './server';
import { PUSH_HOST, pushFetch, type PushService } from './push_service';

/**
 * DEFAULT_SCRAPE_CONFIG is a fresh profile's prometheus.yml: Promtab scrapes itself as job `promtab` and what was
 * pushed into the tab as job `pushgateway` (honoring the pushed job and grouping labels).
 */
export const DEFAULT_SCRAPE_CONFIG = `global:
  scrape_interval: 15s
  scrape_timeout: 10s
scrape_configs:
  - job_name: promtab
    scrape_interval: 5s
    scrape_timeout: 5s
    static_configs:
      - targets: ['${SELF_HOST}']
  - job_name: pushgateway
    honor_labels: true
    scrape_interval: 5s
    scrape_timeout: 5s
    static_configs:
      - targets: ['${PUSH_HOST}']
`;

const FLUSH_MS = 5_000;
const RETENTION_MS = 60_000;

/** selfFetch answers scrapes of Promtab's own metrics in-process and passes every other request to fetch. */
export function selfFetch(self: SelfMetrics, next: FetchFn): FetchFn {
  return async (input, init) => {
    const url = new URL(String(input));
    if (url.host !== SELF_HOST) return next(input, init);
    return new Response(self.text(), { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } });
  };
}

async function open(push: () => PushService | undefined): Promise<Parts> {
  const notices: StorageNotice[] = [];
  const self = new SelfMetrics();
  const config = await ConfigStore.open();
  const retentionMs = 7 * 86_400_000;
  const head = await Head.open('promtab-tsdb', {
    retentionMs,
    onNotice: (n) => {
      notices.push(n);
      self.notice(n.kind);
    },
  });
  const scrape = new ScrapeManager({
    appendable: self.instrument(head),
    fetch: pushFetch(push, selfFetch(self, (input, init) => fetch(input, init))),
  });
  const quota = async () => {
    const nav = globalThis as { navigator?: { storage?: { estimate(): Promise<{ usage?: number; quota?: number }> } } };
    const est = (await nav.navigator?.storage?.estimate()) ?? {};
    return { usage: est.usage ?? 0, quota: est.quota ?? 0 };
  };
  self.observe(head, scrape, quota);
  const yaml = (await config.get<string>('scrapeConfig')) ?? DEFAULT_SCRAPE_CONFIG;
  try {
    await scrape.applyConfig(yaml);
  } catch (e) {
    notices.push({ kind: 'flush_failed', message: `the saved scrape configuration is invalid: ${(e as Error).message}` });
    await scrape.applyConfig(DEFAULT_SCRAPE_CONFIG);
  }

  let leader = false;
  let flushTimer: ReturnType<typeof setInterval> | undefined;
  let retentionTimer: ReturnType<typeof setInterval> | undefined;
  const onLeader = (isLeader: boolean) => {
    leader = isLeader;
    if (isLeader) {
      scrape.start();
      flushTimer = setInterval(() => void head.flush(), FLUSH_MS);
      retentionTimer = setInterval(() => void head.applyRetention(), RETENTION_MS);
    } else {
      void scrape.stop();
      clearInterval(flushTimer);
      clearInterval(retentionTimer);
    }
  };
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks && typeof BroadcastChannel !== 'undefined') {
    new WriterLease(locks, new BroadcastChannel('promtab-writer'), onLeader).start();
  } else onLeader(true);

  return { head, scrape, config, quota, isLeader: () => leader, notices, self, workerRestarts: 0, retentionMs };
}

/** createStorageService builds the storage worker's API object; its parts open in the background. */
export function createStorageService(opts: StorageServiceOptions): StorageService {
  let service: StorageService | undefined = undefined;
  service = new StorageService(opts, open(() => service?.push));
  return service;
}
