/**
 * The composition root: the one place that wires the TSDB, the scrape manager, the writer lease, the
 * configuration store and the self-metrics for the storage worker. Each workers/*.ts file only calls into here.
 */
import { Head, type StorageNotice } from '../tsdb';
import { ScrapeManager } from '../scrape/manager';
import type { FetchFn } from '../scrape/clock';
import type { PromConfig } from '../scrape/config';
import { ConfigStore } from './config_store';
import { WriterLease, type LockManagerLike } from './lease';
import { SelfMetrics, SELF_HOST } from './self_metrics';
import { acceptsProtobuf } from '../exposition/protobuf';
import { PROMETHEUS_TEXT_CONTENT_TYPE, PROTOBUF_EXPOSITION_CONTENT_TYPE } from '../client';
import { StorageService, type Parts, type StorageServiceOptions } from './server';
import { PUSH_HOST, pushFetch, type PushService } from './push_service';
import { HeadRole } from './head_role';
import { FOLLOWER_CHANNEL, followWriter } from './follower';
import { QueueStore } from '../remote/queue_store';
import { RemoteWriteStorage } from '../remote/storage';
import { ExemplarStore } from '../tsdb/exemplar_store';
import { DEFAULT_MAX_EXEMPLARS } from '../tsdb/exemplar';
import { IdbExemplarPersistence } from '../tsdb/exemplar_idb';

/**
 * DEFAULT_SCRAPE_CONFIG is a fresh profile's prometheus.yml: Promtab scrapes itself as job `promtab` (in protobuf,
 * keeping its native histograms and their classic buckets, which the built-in dashboard reads) and what was pushed
 * into the tab as job `pushgateway` (honoring the pushed job and grouping labels).
 */
export const DEFAULT_SCRAPE_CONFIG = `global:
  scrape_interval: 15s
  scrape_timeout: 10s
scrape_configs:
  - job_name: promtab
    scrape_interval: 5s
    scrape_timeout: 5s
    scrape_native_histograms: true
    always_scrape_classic_histograms: true
    static_configs:
      - targets: ['${SELF_HOST}']
  - job_name: pushgateway
    honor_labels: true
    scrape_interval: 5s
    scrape_timeout: 5s
    static_configs:
      - targets: ['${PUSH_HOST}']
`;

const NOTICES_KEPT = 50;
// Flushes follow commits (about one a second): a full checkpoint every 20 flushes keeps the sample log short.
const CHECKPOINT_EVERY = 20;
// How long a new worker waits for the lease before reading its head as a follower.
const LEASE_WAIT_MS = 500;

/** commitFlushGap is the least time between commit-caused flushes for these scrape intervals (ms). */
export function commitFlushGap(intervals: readonly number[]): number {
  return Math.min(1_000, Math.max(100, Math.min(...intervals) / 4));
}

/**
 * selfFetch answers scrapes of Promtab's own metrics in-process (protobuf when the Accept header asks for it, the
 * text format otherwise) and passes every other request to fetch.
 */
export function selfFetch(self: SelfMetrics, next: FetchFn): FetchFn {
  return async (input, init) => {
    const url = new URL(String(input));
    if (url.host !== SELF_HOST) return next(input, init);
    const accept = new Headers(init?.headers).get('accept') ?? '';
    if (acceptsProtobuf(accept)) {
      return new Response(self.protobuf() as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': PROTOBUF_EXPOSITION_CONTENT_TYPE } });
    }
    return new Response(self.text(), { headers: { 'Content-Type': PROMETHEUS_TEXT_CONTENT_TYPE } });
  };
}

async function open(push: () => PushService | undefined): Promise<Parts> {
  const notices: StorageNotice[] = [];
  const self = new SelfMetrics();
  // A newer Promtab that upgraded the database in another tab takes over writing: this worker steps down for good.
  let retire = () => {};
  const notify = (n: StorageNotice) => {
    notices.push(n);
    if (notices.length > NOTICES_KEPT) notices.shift();
    self.notice(n.kind);
    if (n.kind === 'replaced') retire();
  };
  const config = await ConfigStore.open();
  // Exemplars keep their own small database: a failed exemplar save (a full quota) never costs a sample.
  const exemplars = new ExemplarStore({
    persistence: typeof indexedDB === 'undefined' ? null : await IdbExemplarPersistence.open().catch((e: unknown) => {
      notify({ kind: 'flush_failed', message: `exemplars are kept in memory only: their database did not open (${(e as Error)?.message ?? e})` });
      return null;
    }),
    onError: (message) => notify({ kind: 'flush_failed', message }),
  });
  const retentionMs = 7 * 86_400_000;
  const channels = typeof BroadcastChannel !== 'undefined';
  const role = new HeadRole({
    openHead: () => Head.open('promtab-tsdb', { retentionMs, checkpointEvery: CHECKPOINT_EVERY, onNotice: notify }),
    channel: channels ? new BroadcastChannel(FOLLOWER_CHANNEL) : null,
    onError: (e) => notify({ kind: 'flush_failed', message: `storage maintenance failed: ${(e as Error).message}` }),
    // Commits are saved within a quarter of the shortest scrape interval (1 s at most, 100 ms at least), so a scrape
    // is on disk before the next one arrives and a killed browser loses at most the scrape it was taking.
    flushGapMs: (): number => commitFlushGap(Object.values(scrape.scrapeIntervals())),
  });

  // The lease decides first, so that a first writer reads the head after winning the lock (and need not read it twice).
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  let decided!: () => void;
  const firstDecision = new Promise<void>((r) => (decided = r));
  let roleChange = Promise.resolve();
  const onLeader = (isLeader: boolean) => {
    if (isLeader) role.granted();
    decided();
    roleChange = roleChange
      .then(async () => {
        await opened;
        if (!isLeader) {
          role.follow();
          exemplars.follow();
          remote.stop();
          await scrape.stop();
          return;
        }
        // A head read again after another writer's turn comes with that writer's configuration too, and scrapes
        // keep that writer's rhythm (same offsets, no scrape at once) so the hand-over scrapes nothing twice.
        const tookOver = await role.lead();
        if (tookOver) await scrape.applyConfig((await config.get<string>('scrapeConfig')) ?? DEFAULT_SCRAPE_CONFIG);
        await exemplars.load();
        remote.start();
        scrape.start(!tookOver);
      })
      .catch((e: unknown) => notify({ kind: 'flush_failed', message: `could not take over writing: ${(e as Error).message}` }));
  };
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks && channels) {
    const lease = new WriterLease(locks, new BroadcastChannel('promtab-writer'), onLeader);
    lease.start();
    retire = () => {
      lease.stop();
      onLeader(false);
    };
  } else onLeader(true);
  await Promise.race([firstDecision, new Promise((r) => setTimeout(r, LEASE_WAIT_MS))]);
  await role.open();

  // Remote write 2.0 sends each series' metadata: the scraped metadata, read once per batch (none before scraping starts).
  let scrapedMetadata: () => ReturnType<ScrapeManager['metadata']> = () => ({});
  const remote = new RemoteWriteStorage({ store: await QueueStore.open(), metadata: () => scrapedMetadata() });
  self.observeRemote(remote);
  self.observeExemplars(() => exemplars.stats());
  const scrape: ScrapeManager = new ScrapeManager({
    // One seed for every tab of the origin: whichever writes, each target is scraped at the same offset.
    offsetSeed: await config.getOrPut('scrapeOffsetSeed', () => (Math.random() * 2 ** 32) >>> 0),
    appendable: remote.appendable(self.instrument(exemplars.appendable(role.appendable))),
    fetch: pushFetch(push, selfFetch(self, (input, init) => fetch(input, init))),
  });
  const quota = async () => {
    const nav = globalThis as { navigator?: { storage?: { estimate(): Promise<{ usage?: number; quota?: number }> } } };
    const est = (await nav.navigator?.storage?.estimate()) ?? {};
    return { usage: est.usage ?? 0, quota: est.quota ?? 0 };
  };
  scrapedMetadata = () => scrape.metadata();
  // A page about to reload into a new build: nothing scraped may be left unsaved when this worker ends with it.
  let resumeTimer: ReturnType<typeof setTimeout> | undefined;
  const pauseForUpdate = async (holdMs: number) => {
    if (!role.leader) return;
    clearTimeout(resumeTimer);
    await scrape.stop();
    await role.flush();
    await exemplars.flush();
    resumeTimer = setTimeout(() => {
      if (role.leader) scrape.start();
    }, holdMs);
  };
  self.observe(
    {
      numSeries: () => role.head.numSeries(),
      status: () => role.head.status(),
      get savedMaxTime() {
        return role.head.savedMaxTime;
      },
    },
    scrape,
    quota,
  );
  // Every configuration change (prometheus.yml import, the Settings form, a state import) reaches the queues.
  let applied: PromConfig | undefined;
  scrape.subscribe(() => {
    const cfg = scrape.config();
    if (cfg === applied) return;
    applied = cfg;
    remote.applyConfig(cfg.remoteWrite ?? [], cfg.global.externalLabels);
    exemplars.resize(cfg.storage?.exemplars?.maxExemplars ?? DEFAULT_MAX_EXEMPLARS);
  });
  const yaml = (await config.get<string>('scrapeConfig')) ?? DEFAULT_SCRAPE_CONFIG;
  try {
    await scrape.applyConfig(yaml);
  } catch (e) {
    notices.push({ kind: 'flush_failed', message: `the saved scrape configuration is invalid: ${(e as Error).message}` });
    await scrape.applyConfig(DEFAULT_SCRAPE_CONFIG);
  }
  ready();

  return {
    get head() {
      return role.head;
    },
    queryable: role.queryable,
    scrape,
    config,
    quota,
    isLeader: () => role.leader,
    pauseForUpdate,
    notices,
    self,
    remote,
    exemplars,
    workerRestarts: 0,
    retentionMs,
  };
}

/** FORWARDED are the calls a follower leaves to the writer, where the scrape state lives. */
const FORWARDED = [
  'targets',
  'addTargets',
  'removeTarget',
  'targetAction',
  'lastBody',
  'relabelSteps',
  'discovery',
  'config',
  'applyConfig',
  'importFileSD',
  'metadata',
  'scrapeIntervals',
  'tsdbStatus',
  'queryExemplars',
  'notices',
  'waitForScrape',
] as const satisfies readonly (keyof StorageService)[];

/** createStorageService builds the storage worker's API object; its parts open in the background. */
export function createStorageService(opts: StorageServiceOptions): StorageService {
  let service: StorageService | undefined = undefined;
  const parts = open(() => service?.push);
  service = new StorageService(opts, parts);
  if (typeof BroadcastChannel === 'undefined') return service;
  let known: Parts | undefined;
  parts.then((p) => (known = p), () => {});
  return followWriter(service, FORWARDED, new BroadcastChannel(FOLLOWER_CHANNEL), parts, () => known?.isLeader() ?? false);
}
