/**
 * StorageService serves the storage worker's API (Prometheus `/api/v1` shapes) over the parts the composition
 * root wires: the TSDB head, the scrape manager, the configuration store and the self-metrics.
 */
import { ScrapeSignal } from './scrape_signal';
import { expose, proxy, transfer, type ProxyMarked } from 'comlink';
import { labelsToObject, type Labels, type LabelsObject } from '../model/labels';
import type { Matcher } from '../model/matcher';
import { parseDuration } from '../model/time';
import type { Queryable, SelectHints } from '../model/storage';
import type { Head, StorageNotice } from '../tsdb';
import type { ScrapeManager } from '../scrape/manager';
import { parseMetricSelector } from '../promql/parser';
import { ParseError } from '../promql/ast';
import { buildInfo } from './buildinfo';
import type { ConfigStore } from './config_store';
import { DashboardsService } from './dashboards_service';
import { RulesService } from './rules_service';
import { StateService } from './state_service';
import { PushService } from './push_service';
import { RemoteWriteService } from './remote_write_service';
import type { RemoteWriteStorage } from '../remote/storage';
import type { ExemplarStore } from '../tsdb/exemplar_store';
import type { SelfMetrics } from './self_metrics';
import { serveSelect, type KnownRefs, type PackedSelect, type SelectApi } from './remote_querier';
import { queryExemplars } from './exemplars';
import type {
  AddTargetsRequest,
  ExemplarData,
  ApiResponse,
  BuildInfo,
  MetadataEntry,
  RuntimeInfo,
  StorageApi,
  DiscoveryView,
  RelabelStepView,
  TargetsResult,
  TsdbStatus,
} from './types';

/** Parts are what the composition root hands the service once they are open. */
export interface Parts {
  head: Head;
  /** queryable is what reads go to: the head, or the writer's head while this worker is a follower. */
  queryable: Queryable;
  scrape: ScrapeManager;
  config: ConfigStore;
  /** quota reports the origin's storage estimate. */
  quota(): Promise<{ usage: number; quota: number }>;
  /** isLeader reports whether this worker is the one writer. */
  isLeader(): boolean;
  /** pauseForUpdate stops scraping and saves everything (writer only), resuming after holdMs. */
  pauseForUpdate(holdMs: number): Promise<void>;
  notices: StorageNotice[];
  self: SelfMetrics;
  /** remote holds the remote-write queues (fed by the appendable the scrape manager writes through). */
  remote: RemoteWriteStorage;
  /** exemplars is the exemplar ring the scrape manager's appenders feed (the writer's, read through FORWARDED). */
  exemplars: ExemplarStore;
  workerRestarts: number;
  retentionMs: number;
}

/** StorageServiceOptions configures the service. */
export interface StorageServiceOptions {
  mode: 'shared' | 'dedicated';
}

function ok<T>(data: T): ApiResponse<T> {
  return { status: 'success', data };
}

function fail<T>(errorType: 'bad_data' | 'execution' | 'internal', e: unknown): ApiResponse<T> {
  return { status: 'error', errorType, error: (e as Error)?.message ?? String(e) };
}

const HOUR = 3_600_000;

/** parseMatchers turns `match[]` selectors into matcher lists, as Prometheus's API does. */
export function parseMatchers(match: string[] | undefined): Matcher[][] {
  if (!match || match.length === 0) return [[]];
  return match.map((m) => {
    try {
      return parseMetricSelector(m);
    } catch (err) {
      throw new Error(`invalid parameter "match[]": ${err instanceof ParseError ? err.message : (err as Error).message}`);
    }
  });
}

function range(start?: number, end?: number): [number, number] {
  const e = end === undefined ? Date.now() : Math.round(end * 1000);
  const s = start === undefined ? e - 12 * HOUR : Math.round(start * 1000);
  return [s, e];
}

/** StorageService implements StorageApi and the select API the query worker reads through. */
export class StorageService implements StorageApi, SelectApi {
  private readonly startTime = new Date().toISOString();
  private readonly select_: Promise<SelectApi>;
  readonly dashboards: DashboardsService & ProxyMarked;
  readonly rules: RulesService;
  readonly state = proxy(new StateService(() => this.parts, this));
  readonly push = proxy(new PushService(async () => (await this.parts).config));
  readonly remote: RemoteWriteService & ProxyMarked;
  private signal: ScrapeSignal | null = null;

  constructor(
    private readonly opts: StorageServiceOptions,
    private readonly parts: Promise<Parts>,
  ) {
    this.select_ = parts.then((p) => serveSelect(p.queryable, transfer));
    this.dashboards = proxy(new DashboardsService(parts.then((p) => p.config)));
    this.rules = new RulesService(parts);
    this.remote = proxy(new RemoteWriteService(parts, () => this.saveConfig()));
  }

  async attach(port: MessagePort): Promise<void> {
    expose(this, port);
  }

  async whoami(): Promise<{ global: string; isWorker: boolean }> {
    const g = globalThis as { constructor?: { name?: string }; document?: unknown };
    return { global: g.constructor?.name ?? 'unknown', isWorker: typeof g.document === 'undefined' };
  }

  async select(matchers: Matcher[], mint: number, maxt: number, hints?: SelectHints, known?: KnownRefs): Promise<PackedSelect> {
    return (await this.select_).select(matchers, mint, maxt, hints, known);
  }

  async selectLabelNames(matchers: Matcher[], mint: number, maxt: number): Promise<string[]> {
    return (await this.select_).selectLabelNames(matchers, mint, maxt);
  }

  async selectLabelValues(name: string, matchers: Matcher[], mint: number, maxt: number): Promise<string[]> {
    return (await this.select_).selectLabelValues(name, matchers, mint, maxt);
  }

  async selectSeries(matchers: Matcher[], mint: number, maxt: number): Promise<Labels[]> {
    return (await this.select_).selectSeries(matchers, mint, maxt);
  }

  async labelValues(name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>> {
    try {
      const [s, e] = range(start, end);
      const q = (await this.parts).queryable.querier();
      const all = new Set<string>();
      for (const ms of parseMatchers(match)) for (const v of await q.labelValues(name, ms, s, e)) all.add(v);
      return ok([...all].sort());
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async targets(): Promise<ApiResponse<TargetsResult>> {
    const { scrape } = await this.parts;
    return ok(scrape.targets() as TargetsResult);
  }

  async labels(match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>> {
    try {
      const [s, e] = range(start, end);
      const q = (await this.parts).queryable.querier();
      const all = new Set<string>();
      for (const ms of parseMatchers(match)) for (const v of await q.labelNames(ms, s, e)) all.add(v);
      return ok([...all].sort());
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async series(match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>> {
    try {
      if (!match || match.length === 0) throw new Error('no match[] parameter provided');
      const [s, e] = range(start, end);
      const q = (await this.parts).queryable.querier();
      const seen = new Map<string, LabelsObject>();
      for (const ms of parseMatchers(match)) {
        for (const ls of await q.series(ms, s, e)) seen.set(ls.join('\xff'), labelsToObject(ls));
      }
      return ok([...seen.values()]);
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async metadata(metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>> {
    const { scrape } = await this.parts;
    return ok(scrape.metadata(metric, limit) as Record<string, MetadataEntry[]>);
  }

  async runtimeinfo(): Promise<ApiResponse<RuntimeInfo>> {
    const p = await this.parts;
    const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number } }).navigator;
    const q = await p.quota();
    return ok({
      startTime: this.startTime,
      reloadConfigSuccess: true,
      lastConfigTime: this.startTime,
      storageRetention: `${Math.round(p.retentionMs / 86_400_000)}d`,
      storageWorker: `${this.opts.mode === 'shared' ? 'SharedWorker' : 'dedicated worker'}${p.isLeader() ? ' (writer)' : ' (follower)'}`,
      userAgent: nav?.userAgent ?? '',
      hardwareConcurrency: nav?.hardwareConcurrency ?? 0,
      storageUsedBytes: q.usage,
      storageQuotaBytes: q.quota,
      storageQuotaInForceBytes: p.head.storageLimitBytes(),
      workerRestarts: p.workerRestarts,
      timeSeriesCount: p.head.numSeries(),
    });
  }

  async buildinfo(): Promise<ApiResponse<BuildInfo>> {
    return ok(buildInfo());
  }

  async tsdbStatus(): Promise<ApiResponse<TsdbStatus>> {
    const p = await this.parts;
    const q = await p.quota();
    return ok({ ...p.head.status(), quotaBytes: q.quota });
  }

  async queryExemplars(query: string, start?: number, end?: number): Promise<ApiResponse<ExemplarData[] | null>> {
    try {
      const { exemplars } = await this.parts;
      return ok(queryExemplars((s, e, sets) => exemplars.select(s, e, sets), query, start, end));
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async waitForScrape(since: number, timeoutMs: number): Promise<number> {
    const p = await this.parts;
    if (!this.signal) {
      this.signal = new ScrapeSignal();
      const signal = this.signal;
      p.scrape.subscribe(() => signal.bump());
    }
    return this.signal.wait(since, Math.min(Math.max(timeoutMs, 0), 60_000));
  }

  async notices(): Promise<{ kind: string; message: string }[]> {
    return (await this.parts).notices.slice(-20);
  }

  async prepareUpdate(holdMs: number): Promise<void> {
    await (await this.parts).pauseForUpdate(Math.min(Math.max(holdMs, 0), 60_000));
  }

  async addTargets(req: AddTargetsRequest): Promise<ApiResponse<{ added: string[]; hints: string[] }>> {
    try {
      const { scrape } = await this.parts;
      // A short interval with no timeout gets a timeout that fits in it (Prometheus refuses timeout > interval).
      let timeout: string | number | undefined = req.timeout;
      if (req.interval && !timeout) timeout = Math.min(parseDuration(req.interval), 10_000);
      const r = await scrape.addTargets(req.urls, req.job, {
        interval: req.interval,
        timeout,
        labels: req.labels,
        honorLabels: req.honorLabels,
        scrapeProtocols: req.scrapeProtocols,
        scrapeNativeHistograms: req.scrapeNativeHistograms,
      });
      if (r.added.length === 0 && r.errors.length > 0) return fail('bad_data', new Error(r.errors.join('\n')));
      await this.saveConfig();
      const out: ApiResponse<{ added: string[]; hints: string[] }> = ok({ added: r.added, hints: r.hints });
      if (r.errors.length) out.warnings = r.errors;
      return out;
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async removeTarget(scrapePool: string, scrapeUrl: string): Promise<ApiResponse<null>> {
    const { scrape } = await this.parts;
    if (!(await scrape.removeTarget(scrapePool, scrapeUrl))) {
      return fail('bad_data', new Error(`${scrapeUrl} is not a static target of ${scrapePool}`));
    }
    await this.saveConfig();
    return ok(null);
  }

  async scrapeIntervals(): Promise<Record<string, number>> {
    return (await this.parts).scrape.scrapeIntervals();
  }

  async targetAction(action: 'scrape' | 'pause' | 'resume', scrapePool?: string, scrapeUrl?: string): Promise<ApiResponse<null>> {
    const { scrape } = await this.parts;
    if (action === 'scrape') await scrape.scrapeNow(scrapePool, scrapeUrl);
    else if (action === 'pause') await scrape.pause(scrapePool, scrapeUrl);
    else scrape.resume(scrapePool, scrapeUrl);
    return ok(null);
  }

  async lastBody(scrapePool: string, scrapeUrl: string): Promise<ApiResponse<string | null>> {
    return ok((await this.parts).scrape.lastBody(scrapePool, scrapeUrl));
  }

  async relabelSteps(scrapePool: string, discovered: LabelsObject): Promise<ApiResponse<RelabelStepView[]>> {
    const steps = (await this.parts).scrape.relabelSteps(scrapePool, discovered);
    return ok(
      steps.map((st) => ({
        rule: JSON.stringify({ ...st.rule, regex: String(st.rule.regex) }),
        labels: labelsToObject(st.labels),
        keep: st.keep,
      })),
    );
  }

  async discovery(): Promise<ApiResponse<DiscoveryView[]>> {
    return ok((await this.parts).scrape.discoveryStatus());
  }

  async config(secrets = false): Promise<ApiResponse<{ yaml: string }>> {
    return ok({ yaml: (await this.parts).scrape.configYaml({ secrets }) });
  }

  async applyConfig(yaml: string): Promise<ApiResponse<null>> {
    try {
      if (yaml.includes('<secret>')) {
        throw new Error('the configuration still contains <secret> placeholders; reveal the secrets (or type them) before applying');
      }
      await (await this.parts).scrape.applyConfig(yaml);
      await this.saveConfig();
      return ok(null);
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async importFileSD(name: string, text: string): Promise<ApiResponse<{ groups: number; scrapePools: string[] }>> {
    try {
      return ok((await this.parts).scrape.importFileSD(name, text));
    } catch (err) {
      return fail('bad_data', err);
    }
  }

  async observeQuery(seconds: number): Promise<void> {
    (await this.parts).self.observeQuery(seconds);
  }

  private async saveConfig(): Promise<void> {
    const { scrape, config } = await this.parts;
    await config.put('scrapeConfig', scrape.configYaml({ secrets: true }));
  }
}
