/**
 * StateService (`storage.state` in the worker API) moves Promtab's state and data in and out of the storage worker:
 * state files (configuration, dashboards, rule files, silences, settings) with a preview and an all-or-nothing
 * apply, data exports streamed in pieces, data imports through the head's appender, and dashboards with their data.
 */
import type { Dashboard } from '../dashboards';
import { resolveTimeRange } from '../dashboards';
import type { Matcher } from '../model/matcher';
import { parseMetricSelector } from '../promql/parser';
import type { Silence } from '../rules';
import { exportData, collectExport, omittedNotes, type ChunkSource, type ExportPiece } from '../state/data_export';
import { appendSeries, importDataFile } from '../state/data_import';
import { dashboardSelectors, readDashboardWithData, writeDashboardWithData } from '../state/dashboard_data';
import { exportStateText, planState, type CurrentState, type StatePreview, type StateRecords } from '../state/plan';
import { readSnapshot } from '../state/snapshot';
import { DEFAULT_SETTINGS, readSettings, type RuleFile, type Settings } from '../state/statefile';
import type { DashboardDataImport, DataExportRequest, DataExportStep, DataImportReport } from '../state/api_types';
import type { DashboardsApi } from './dashboards_service';
import type { Parts } from './server';
import type { ApiResponse, RulesApi, StateApi } from './types';

/** StatePeers are the sibling services that cache what a state import rewrites; they are told after an apply. */
export interface StatePeers {
  readonly dashboards?: Pick<DashboardsApi, 'save'>;
  readonly rules?: Pick<RulesApi, 'setRuleFile'>;
}

function ok<T>(data: T, warnings?: string[]): ApiResponse<T> {
  return warnings && warnings.length > 0 ? { status: 'success', data, warnings } : { status: 'success', data };
}

function fail<T>(e: unknown): ApiResponse<T> {
  return { status: 'error', errorType: 'bad_data', error: (e as Error)?.message ?? String(e) };
}

interface Running {
  pieces: AsyncGenerator<ExportPiece>;
  last?: ExportPiece;
}

/** StateService implements StateApi over the storage worker's parts. */
export class StateService implements StateApi {
  private readonly exports = new Map<string, Running>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  /** parts is a function so the owner can build this service before its own fields are set. */
  constructor(
    private readonly partsOf: () => Promise<Parts>,
    private readonly peers: StatePeers = {},
  ) {}

  private get parts(): Promise<Parts> {
    return this.partsOf();
  }

  /** serial runs state changes one after another. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async current(secrets: boolean): Promise<CurrentState> {
    const { scrape, config } = await this.parts;
    const [dashboards, ruleFiles, silences, settings] = await Promise.all([
      config.get<Dashboard[]>('dashboards'),
      config.get<RuleFile[]>('ruleFiles'),
      config.get<Silence[]>('silences'),
      config.get<Settings>('settings'),
    ]);
    return {
      scrapeYaml: scrape.configYaml({ secrets }),
      dashboards: dashboards ?? [],
      ruleFiles: ruleFiles ?? [],
      silences: silences ?? [],
      settings: { ...DEFAULT_SETTINGS, ...settings },
    };
  }

  async exportState(opts: { secrets: boolean }): Promise<ApiResponse<string>> {
    try {
      return ok(exportStateText(await this.current(opts.secrets), opts.secrets));
    } catch (e) {
      return fail(e);
    }
  }

  async previewState(text: string): Promise<ApiResponse<StatePreview>> {
    try {
      const { preview } = planState(text, await this.current(true));
      return ok(preview, preview.warnings);
    } catch (e) {
      return fail(e);
    }
  }

  async applyState(text: string): Promise<ApiResponse<StatePreview>> {
    return this.serial(async () => {
      try {
        const before = await this.current(true);
        const plan = planState(text, before);
        await this.write(plan.records, before);
        await this.tellPeers(plan.records, before);
        return ok(plan.preview, plan.preview.warnings);
      } catch (e) {
        return fail(e);
      }
    });
  }

  /** write stores every record in one transaction, then applies the scrape configuration; on failure it restores. */
  private async write(records: StateRecords, before: CurrentState): Promise<void> {
    const { scrape, config } = await this.parts;
    await config.putAll({ ...records });
    try {
      await scrape.applyConfig(records.scrapeConfig);
    } catch (e) {
      await config.putAll({
        scrapeConfig: before.scrapeYaml,
        dashboards: before.dashboards,
        ruleFiles: before.ruleFiles,
        silences: before.silences,
        settings: before.settings,
      });
      throw e;
    }
  }

  private async tellPeers(records: StateRecords, before: CurrentState): Promise<void> {
    const { dashboards, rules } = this.peers;
    const old = new Map(before.dashboards.map((d) => [d.uid, JSON.stringify(d)]));
    if (dashboards) for (const d of records.dashboards) if (old.get(d.uid) !== JSON.stringify(d)) await dashboards.save(d);
    const oldRules = new Map(before.ruleFiles.map((f) => [f.name, f.content]));
    if (rules) for (const f of records.ruleFiles) if (oldRules.get(f.name) !== f.content) await rules.setRuleFile(f.name, f.content);
  }

  async settings(): Promise<Settings> {
    return (await this.current(false)).settings;
  }

  async setSettings(patch: Partial<Settings>): Promise<ApiResponse<Settings>> {
    return this.serial(async () => {
      try {
        const next = readSettings({ ...(await this.settings()), ...patch });
        await (await this.parts).config.put('settings', next);
        return ok(next);
      } catch (e) {
        return fail(e);
      }
    });
  }

  async exportDataStart(req: DataExportRequest): Promise<ApiResponse<{ id: string }>> {
    try {
      const { head, exemplars } = await this.parts;
      const matchers: Matcher[] = req.match && req.match.trim() !== '' ? parseMetricSelector(req.match) : [];
      const id = String(this.nextId++);
      const pieces = exportData(
        head,
        {
          format: req.format,
          matchers,
          mint: req.start === undefined ? undefined : Math.round(req.start * 1000),
          maxt: req.end === undefined ? undefined : Math.round(req.end * 1000),
        },
        exemplars ? (start, end, sets) => exemplars.select(start, end, sets) : undefined,
      );
      this.exports.set(id, { pieces });
      return ok({ id });
    } catch (e) {
      return fail(e);
    }
  }

  async exportDataNext(id: string): Promise<ApiResponse<DataExportStep>> {
    const run = this.exports.get(id);
    if (!run) return { status: 'error', errorType: 'not_found', error: `no running export ${id}` };
    try {
      const r = await run.pieces.next();
      if (r.done) {
        this.exports.delete(id);
        const last = run.last ?? { data: '', seriesDone: 0, seriesTotal: 0, samples: 0, staleOmitted: 0, histogramsOmitted: 0, startsOmitted: 0 };
        return ok({ ...last, done: true, data: '', notes: omittedNotes(last) });
      }
      run.last = r.value;
      return ok({ done: false, ...r.value, notes: [] });
    } catch (e) {
      this.exports.delete(id);
      return fail(e);
    }
  }

  async exportDataCancel(id: string): Promise<void> {
    const run = this.exports.get(id);
    this.exports.delete(id);
    await run?.pieces.return(undefined);
  }

  async importData(bytes: Uint8Array | string): Promise<ApiResponse<DataImportReport>> {
    try {
      const { head, exemplars } = await this.parts;
      const r = await importDataFile(exemplars ? exemplars.appendable(head) : head, bytes);
      return ok(r, r.warnings);
    } catch (e) {
      return fail(e);
    }
  }

  async exportDashboardWithData(uid: string): Promise<ApiResponse<string>> {
    try {
      const { head, config } = await this.parts;
      const d = ((await config.get<Dashboard[]>('dashboards')) ?? []).find((x) => x.uid === uid);
      if (!d) throw new Error(`no dashboard with uid ${JSON.stringify(uid)}`);
      const { from, to } = resolveTimeRange(d.time, Date.now(), d.timezone);
      const { selectors, warnings } = dashboardSelectors(d);
      const union: ChunkSource = {
        async selectChunks(_m, mint, maxt) {
          const all = new Map<string, Awaited<ReturnType<typeof head.selectChunks>>[number]>();
          for (const ms of selectors) for (const cs of await head.selectChunks(ms, mint, maxt)) all.set(cs.labels.join('\xff'), cs);
          return [...all.values()];
        },
      };
      const { data } = await collectExport(union, { format: 'snapshot', mint: from, maxt: to });
      return ok(writeDashboardWithData(d, data as Uint8Array), warnings);
    } catch (e) {
      return fail(e);
    }
  }

  async importDashboardWithData(text: string): Promise<ApiResponse<DashboardDataImport>> {
    return this.serial(async () => {
      try {
        const { dashboard, snapshot, warnings } = readDashboardWithData(text);
        const series = readSnapshot(snapshot);
        const { head, config } = await this.parts;
        const report = await appendSeries(head, series);
        const list = ((await config.get<Dashboard[]>('dashboards')) ?? []).filter((x) => x.uid !== dashboard.uid);
        if (this.peers.dashboards) await this.peers.dashboards.save(dashboard);
        else await config.put('dashboards', [...list, dashboard]);
        return ok({ uid: dashboard.uid, title: dashboard.title, ...report }, warnings);
      } catch (e) {
        return fail(e);
      }
    });
  }
}
