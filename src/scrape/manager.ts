/**
 * ScrapeManager owns the scrape side of one Promtab: the configuration, one pool of targets per job fed by static
 * configs, http_sd and imported file_sd contents, and one ScrapeLoop per active target. It answers in the
 * Prometheus API's shapes (`targets`, `metadata`) and tells listeners when anything changed.
 */
import { labelsKey, labelsToObject, type Labels, type LabelsObject } from '../model/labels';
import type { MetricMetadata } from '../model/metadata';
import type { Appendable } from '../model/storage';
import { formatDuration } from '../model/time';
import { realClock, type Clock, type FetchFn } from './clock';
import { emptyConfig, validateConfig, type PromConfig, type ScrapeConfig, type TargetGroup } from './config';
import { configToYaml, type ExportOptions } from './config_export';
import { ConfigError, parseConfig } from './config_parse';
import { globMatches, HttpSD, parseFileSD } from './discovery';
import type { ScrapeErrorKind } from './errors';
import { loopTarget, ScrapeLoop } from './loop';
import { compileRelabel, relabelSteps, type CompiledRelabel, type RelabelStep } from './relabel';
import { addPastedTargets, removeStaticTarget, type AddTargetsOptions } from './edit';
import { discoveredLabels, targetsFromGroup, type TargetSpec } from './targets';

/** TargetInfo is one entry of `activeTargets`, in Prometheus's shape plus Promtab's error explanation. */
export interface TargetInfo {
  discoveredLabels: LabelsObject;
  labels: LabelsObject;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
  health: 'up' | 'down' | 'unknown';
  scrapeInterval: string;
  scrapeTimeout: string;
  paused: boolean;
  /** errorKind and errorFix explain lastError for a browser user. */
  errorKind?: ScrapeErrorKind;
  errorFix?: string;
}

/** TargetsInfo is the data of `targets`. */
export interface TargetsInfo {
  activeTargets: TargetInfo[];
  droppedTargets: { discoveredLabels: LabelsObject; scrapePool: string }[];
  droppedTargetCounts: Record<string, number>;
}

/** DiscoveryStatus reports one discovery source of a pool. */
export interface DiscoveryStatus {
  scrapePool: string;
  source: string;
  lastError: string;
  targetGroups: number;
}

/** ScrapeManagerOptions wires the manager to storage, network, time and the page. */
export interface ScrapeManagerOptions {
  appendable: Appendable;
  fetch?: FetchFn;
  clock?: Clock;
  /** pageOrigin is the origin Promtab is served from, for error advice (default: the global's location). */
  pageOrigin?: string;
  offsetSeed?: number;
}

interface Pool {
  cfg: ScrapeConfig;
  /** settings identifies everything but discovery: a loop built under other settings is rebuilt. */
  settings: string;
  sdKey: string;
  rules: CompiledRelabel[];
  metricRules: CompiledRelabel[];
  sds: HttpSD[];
  loops: Map<string, { loop: ScrapeLoop; settings: string }>;
  specs: Map<string, TargetSpec>;
  dropped: Labels[];
  errors: string[];
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const MAX_WATCHED = 4;

function settingsKey(sc: ScrapeConfig): string {
  return JSON.stringify({ ...sc, line: 0, staticConfigs: [], httpSdConfigs: [], fileSdConfigs: [] });
}

/** ScrapeManager runs every scrape of one Promtab. */
export class ScrapeManager {
  private cfg: PromConfig = emptyConfig();
  private readonly pools = new Map<string, Pool>();
  private readonly files = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private readonly watched: ScrapeLoop[] = [];
  private running = false;
  private readonly fetchFn: FetchFn;
  private readonly clock: Clock;
  private readonly pageOrigin: string;
  private readonly offsetSeed: number;

  constructor(private readonly opts: ScrapeManagerOptions) {
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = opts.clock ?? realClock;
    this.pageOrigin = opts.pageOrigin ?? (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
    this.offsetSeed = opts.offsetSeed ?? (Math.random() * 2 ** 32) >>> 0;
  }

  /** subscribe calls fn after every scrape, discovery update and config change (a throwing fn is unsubscribed). */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) {
      try {
        fn();
      } catch {
        this.listeners.delete(fn);
      }
    }
  }

  /**
   * start begins scraping and discovery. With `atOnce` (a page's first start) every target is scraped now; a worker
   * taking over from another writer passes false and keeps the shared offsets, so no target is scraped twice within
   * an interval across the hand-over.
   */
  start(atOnce = true): void {
    this.running = true;
    for (const p of this.pools.values()) {
      for (const sd of p.sds) sd.start();
      for (const { loop } of p.loops.values()) loop.start(atOnce);
    }
  }

  /** stop ends all loops and discovery; with stale, every target's series get stale markers. */
  async stop(stale = false): Promise<void> {
    this.running = false;
    const all: Promise<void>[] = [];
    for (const p of this.pools.values()) {
      for (const sd of p.sds) sd.stop();
      for (const { loop } of p.loops.values()) all.push(loop.stop(stale));
    }
    await Promise.all(all);
  }

  /** config returns the current configuration. */
  config(): PromConfig {
    return this.cfg;
  }

  /** configYaml writes the configuration as prometheus.yml (secrets hidden unless asked). */
  configYaml(opts?: ExportOptions): string {
    return configToYaml(this.cfg, opts);
  }

  /** applyConfig replaces the configuration (YAML text or parsed); targets that stay keep scraping. */
  async applyConfig(input: PromConfig | string): Promise<void> {
    const cfg = typeof input === 'string' ? parseConfig(input) : input;
    const bad = validateConfig(cfg);
    if (bad) throw new ConfigError(bad.line, bad.message);
    const next = new Map(cfg.scrapeConfigs.map((sc) => [sc.jobName, sc]));
    const stopping: Promise<void>[] = [];
    for (const [name, pool] of this.pools) {
      if (next.has(name)) continue;
      for (const sd of pool.sds) sd.stop();
      for (const { loop } of pool.loops.values()) stopping.push(loop.stop(true));
      this.pools.delete(name);
    }
    await Promise.all(stopping);
    this.cfg = cfg;
    for (const sc of cfg.scrapeConfigs) this.updatePool(sc);
    this.changed();
  }

  private updatePool(sc: ScrapeConfig): void {
    let pool = this.pools.get(sc.jobName);
    if (!pool) {
      pool = { cfg: sc, settings: '', sdKey: '', rules: [], metricRules: [], sds: [], loops: new Map(), specs: new Map(), dropped: [], errors: [] };
      this.pools.set(sc.jobName, pool);
    }
    const p = pool;
    p.cfg = sc;
    p.settings = settingsKey(sc);
    p.rules = compileRelabel(sc.relabelConfigs);
    p.metricRules = compileRelabel(sc.metricRelabelConfigs);
    const sdKey = JSON.stringify(sc.httpSdConfigs);
    if (sdKey !== p.sdKey) {
      for (const sd of p.sds) sd.stop();
      p.sdKey = sdKey;
      p.sds = sc.httpSdConfigs.map((h) => new HttpSD(h, this.fetchFn, this.clock, () => this.sync(p)));
      if (this.running) for (const sd of p.sds) sd.start();
    }
    this.sync(p);
  }

  private groups(pool: Pool): TargetGroup[] {
    const out: TargetGroup[] = [...pool.cfg.staticConfigs];
    for (const sd of pool.sds) out.push(...sd.groups);
    for (const f of pool.cfg.fileSdConfigs) {
      for (const [name, text] of this.files) {
        if (f.files.some((pattern) => globMatches(pattern, name))) out.push(...parseFileSD(text, name));
      }
    }
    return out;
  }

  /** sync recomputes a pool's targets from its groups, starting new loops and stopping vanished ones. */
  private sync(pool: Pool): void {
    if (this.pools.get(pool.cfg.jobName) !== pool) return;
    const specs = new Map<string, TargetSpec>();
    pool.dropped = [];
    pool.errors = [];
    for (const g of this.groups(pool)) {
      const r = targetsFromGroup(g, pool.cfg, pool.rules);
      for (const s of r.active) specs.set(`${s.url}\xff${labelsKey(s.labels)}`, s);
      pool.dropped.push(...r.dropped);
      pool.errors.push(...r.errors);
    }
    const replaced = new Map<string, ScrapeLoop>();
    for (const [key, entry] of pool.loops) {
      const spec = specs.get(key);
      if (spec && entry.settings === pool.settings) continue;
      void entry.loop.stop(!spec);
      if (spec) replaced.set(key, entry.loop);
      pool.loops.delete(key);
    }
    for (const [key, spec] of specs) {
      if (pool.loops.has(key)) continue;
      const loop = new ScrapeLoop(loopTarget(spec, pool.cfg, pool.metricRules), {
        appendable: this.opts.appendable,
        fetch: this.fetchFn,
        clock: this.clock,
        pageOrigin: this.pageOrigin,
        offsetSeed: this.offsetSeed,
        onScrape: () => this.changed(),
      });
      const old = replaced.get(key);
      if (old) loop.inherit(old);
      pool.loops.set(key, { loop, settings: pool.settings });
      // A target new to this page scrapes at once; a replaced loop keeps its predecessor's schedule.
      if (this.running) loop.start(!old);
    }
    pool.specs = specs;
    this.changed();
  }

  /** importFileSD supplies the contents of a file named in file_sd_configs (JSON or YAML target groups). */
  importFileSD(filename: string, text: string): { groups: number; scrapePools: string[] } {
    const groups = parseFileSD(text, filename).length;
    this.files.set(filename, text);
    const pools = [...this.pools.values()].filter((p) => p.cfg.fileSdConfigs.some((f) => f.files.some((g) => globMatches(g, filename))));
    for (const p of pools) this.sync(p);
    return { groups, scrapePools: pools.map((p) => p.cfg.jobName) };
  }

  /** fileSDContents returns the imported file_sd contents by file name, for persisting them. */
  fileSDContents(): Record<string, string> {
    return Object.fromEntries(this.files);
  }

  /** removeFileSD forgets an imported file_sd file; its targets go away. */
  removeFileSD(filename: string): void {
    if (!this.files.delete(filename)) return;
    for (const p of this.pools.values()) if (p.cfg.fileSdConfigs.length > 0) this.sync(p);
  }

  /**
   * addTargets adds pasted URLs (separated by newlines, spaces or commas) as static targets of a job (by default
   * one job per host name). A new job scrapes every 15s with a timeout of min(10s, interval) unless told otherwise.
   */
  async addTargets(urls: string, job?: string, opts: AddTargetsOptions = {}): Promise<{ added: string[]; errors: string[]; hints: string[] }> {
    const { config, added, errors, hints } = addPastedTargets(this.cfg, urls, job, opts);
    if (config !== this.cfg) await this.applyConfig(config);
    return { added, errors, hints };
  }

  /** removeTarget removes a static target by pool and scrape URL; a discovered target cannot be removed this way. */
  async removeTarget(scrapePool: string, scrapeUrl: string): Promise<boolean> {
    const config = removeStaticTarget(this.cfg, scrapePool, scrapeUrl);
    if (config) await this.applyConfig(config);
    return config !== null;
  }

  private findLoops(scrapePool?: string, scrapeUrl?: string): ScrapeLoop[] {
    const out: ScrapeLoop[] = [];
    for (const [name, p] of this.pools) {
      if (scrapePool !== undefined && name !== scrapePool) continue;
      for (const { loop } of p.loops.values()) if (scrapeUrl === undefined || loop.target.url === scrapeUrl) out.push(loop);
    }
    return out;
  }

  /** pause stops scraping matching targets (their series go stale) until resume. */
  async pause(scrapePool?: string, scrapeUrl?: string): Promise<void> {
    await Promise.all(this.findLoops(scrapePool, scrapeUrl).map((l) => l.pause()));
    this.changed();
  }

  /** resume restarts scraping of paused targets. */
  resume(scrapePool?: string, scrapeUrl?: string): void {
    for (const l of this.findLoops(scrapePool, scrapeUrl)) l.resume();
    this.changed();
  }

  /** scrapeNow scrapes matching targets at once (all when no argument). */
  async scrapeNow(scrapePool?: string, scrapeUrl?: string): Promise<void> {
    await Promise.all(this.findLoops(scrapePool, scrapeUrl).map((l) => l.scrapeNow()));
  }

  /** lastBody returns a target's last raw body (up to 1 MiB); it starts keeping bodies on first request. */
  lastBody(scrapePool: string, scrapeUrl: string): string | null {
    const loop = this.findLoops(scrapePool, scrapeUrl)[0];
    if (!loop) return null;
    if (!loop.watched) {
      loop.watched = true;
      this.watched.push(loop);
      const old = this.watched.length > MAX_WATCHED ? this.watched.shift() : undefined;
      if (old) {
        old.watched = false;
        old.lastBody = null;
      }
    }
    return loop.lastBody;
  }

  /** targets returns Prometheus's `/api/v1/targets` data; state filters as its `state` parameter. */
  targets(state: 'active' | 'dropped' | 'any' = 'any'): TargetsInfo {
    const out: TargetsInfo = { activeTargets: [], droppedTargets: [], droppedTargetCounts: {} };
    for (const [name, p] of this.pools) {
      out.droppedTargetCounts[name] = p.dropped.length;
      const keep = p.cfg.keepDroppedTargets > 0 ? p.dropped.slice(0, p.cfg.keepDroppedTargets) : p.dropped;
      if (state !== 'active') for (const d of keep) out.droppedTargets.push({ discoveredLabels: labelsToObject(d), scrapePool: name });
      if (state === 'dropped') continue;
      for (const [key, { loop: l }] of p.loops) {
        const spec = p.specs.get(key)!;
        const f = l.lastFailure;
        const info: TargetInfo = {
          discoveredLabels: labelsToObject(spec.discoveredLabels),
          labels: labelsToObject(l.target.labels),
          scrapePool: name,
          scrapeUrl: spec.url,
          globalUrl: spec.url,
          lastError: f?.message ?? '',
          lastScrape: l.lastScrape ? new Date(l.lastScrape).toISOString() : ZERO_TIME,
          lastScrapeDuration: l.lastDuration,
          health: l.health,
          scrapeInterval: formatDuration(spec.interval),
          scrapeTimeout: formatDuration(spec.timeout),
          paused: l.paused,
        };
        if (f) Object.assign(info, { errorKind: f.kind, errorFix: f.fix });
        out.activeTargets.push(info);
      }
    }
    return out;
  }

  /** discoveryStatus lists each http_sd source with its last error, and each pool's target errors. */
  discoveryStatus(): DiscoveryStatus[] {
    const out: DiscoveryStatus[] = [];
    for (const [name, p] of this.pools) {
      for (const sd of p.sds) out.push({ scrapePool: name, source: sd.cfg.url, lastError: sd.lastError, targetGroups: sd.groups.length });
      for (const e of p.errors) out.push({ scrapePool: name, source: 'targets', lastError: e, targetGroups: 0 });
    }
    return out;
  }

  /**
   * metadata returns Prometheus's `/api/v1/metadata` data: per metric, the distinct metadata targets report, at
   * most limit metrics (negative: all) and limitPerMetric entries each (0 or negative: all), as Prometheus.
   */
  metadata(metric?: string, limit?: number, limitPerMetric?: number): Record<string, MetricMetadata[]> {
    const out: Record<string, MetricMetadata[]> = Object.create(null);
    const perMetric = limitPerMetric !== undefined && limitPerMetric > 0 ? limitPerMetric : Infinity;
    for (const l of this.findLoops()) {
      for (const [name, m] of l.metadata) {
        if (metric !== undefined && metric !== '' && name !== metric) continue;
        const list = (out[name] ??= []);
        if (list.length >= perMetric) continue;
        if (!list.some((x) => x.type === m.type && x.help === m.help && x.unit === m.unit)) list.push(m);
      }
    }
    if (limit === undefined || limit < 0) return out;
    return Object.fromEntries(Object.entries(out).slice(0, limit));
  }

  /** scrapeIntervals returns each job's scrape interval in ms (for $__rate_interval and the UI). */
  scrapeIntervals(): Record<string, number> {
    return Object.fromEntries(this.cfg.scrapeConfigs.map((sc) => [sc.jobName, sc.scrapeInterval]));
  }

  /** relabelSteps shows, for discovered labels in a pool, the labels after each relabel rule. */
  relabelSteps(scrapePool: string, discovered: LabelsObject): RelabelStep[] {
    const p = this.pools.get(scrapePool);
    if (!p) return [];
    const address = discovered.__address__ ?? '';
    const rest = { ...discovered };
    delete rest.__address__;
    return relabelSteps(discoveredLabels(address, rest, p.cfg), p.rules);
  }
}
