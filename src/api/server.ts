/** StorageService serves the storage worker's API (Prometheus `/api/v1` shapes) over the wired parts. */
import { expose } from 'comlink';
import type { LabelsObject } from '../model/labels';
import { buildInfo } from './buildinfo';
import type {
  AddTargetsRequest,
  ApiResponse,
  BuildInfo,
  MetadataEntry,
  RuntimeInfo,
  StorageApi,
  TargetsResult,
  TsdbStatus,
} from './types';

/** StorageServiceOptions configures the service. */
export interface StorageServiceOptions {
  mode: 'shared' | 'dedicated';
}

function ok<T>(data: T): ApiResponse<T> {
  return { status: 'success', data };
}

/** StorageService implements StorageApi. */
export class StorageService implements StorageApi {
  private readonly startTime = new Date().toISOString();

  constructor(private readonly opts: StorageServiceOptions) {}

  async attach(port: MessagePort): Promise<void> {
    expose(this, port);
  }

  async whoami(): Promise<{ global: string; isWorker: boolean }> {
    const g = globalThis as { constructor?: { name?: string }; document?: unknown };
    return { global: g.constructor?.name ?? 'unknown', isWorker: typeof g.document === 'undefined' };
  }

  async targets(): Promise<ApiResponse<TargetsResult>> {
    return ok({ activeTargets: [], droppedTargets: [] });
  }

  async labels(): Promise<ApiResponse<string[]>> {
    return ok([]);
  }

  async labelValues(): Promise<ApiResponse<string[]>> {
    return ok([]);
  }

  async series(): Promise<ApiResponse<LabelsObject[]>> {
    return ok([]);
  }

  async metadata(): Promise<ApiResponse<Record<string, MetadataEntry[]>>> {
    return ok({});
  }

  async runtimeinfo(): Promise<ApiResponse<RuntimeInfo>> {
    const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number } }).navigator;
    return ok({
      startTime: this.startTime,
      reloadConfigSuccess: true,
      lastConfigTime: this.startTime,
      storageRetention: '7d',
      storageWorker: this.opts.mode === 'shared' ? 'SharedWorker' : 'dedicated worker (Web Locks leader)',
      userAgent: nav?.userAgent ?? '',
      hardwareConcurrency: nav?.hardwareConcurrency ?? 0,
      storageUsedBytes: 0,
      storageQuotaBytes: 0,
      workerRestarts: 0,
      timeSeriesCount: 0,
    });
  }

  async buildinfo(): Promise<ApiResponse<BuildInfo>> {
    return ok(buildInfo());
  }

  async tsdbStatus(): Promise<ApiResponse<TsdbStatus>> {
    return ok({
      headStats: { numSeries: 0, numLabelPairs: 0, chunkCount: 0, minTime: 0, maxTime: 0 },
      seriesCountByMetricName: [],
      labelValueCountByLabelName: [],
      memoryInBytesByLabelName: [],
      seriesCountByLabelValuePair: [],
    });
  }

  async addTargets(req: AddTargetsRequest): Promise<ApiResponse<{ added: string[] }>> {
    void req;
    return { status: 'error', errorType: 'unavailable', error: 'scraping is not wired yet' };
  }

  async removeTarget(): Promise<ApiResponse<null>> {
    return ok(null);
  }
}
