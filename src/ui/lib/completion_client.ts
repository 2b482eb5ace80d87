/**
 * Completion data for the PromQL editor: codemirror-promql's PrometheusClient over our worker API (Promtab's own
 * data) or over a remote data source through the query worker. No CodeMirror view code here, so it runs in Node.
 */
import type { PrometheusClient } from '@prometheus-io/codemirror-promql';
import { EqlRegex, EqlSingle, Neq, NeqRegex } from '@prometheus-io/lezer-promql';
import type { Remote } from 'comlink';
import type { ApiResponse, DataSourceApi, MetadataEntry, StorageApi } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import type { DataSource } from '../../remote/datasource_config';

interface CmMatcher {
  type: number;
  name: string;
  value: string;
}

const OPS = new Map<number, string>([
  [EqlSingle, '='],
  [Neq, '!='],
  [EqlRegex, '=~'],
  [NeqRegex, '!~'],
]);

/**
 * matchSelectors is the `match[]` list narrowing a completion, or undefined for none. The matcher of the label being
 * completed and matchers still without a value are left out: while the user types `up{job="`, the editor reports
 * `job=""`, which would match only series without a job.
 */
export function matchSelectors(metricName?: string, matchers: CmMatcher[] = [], labelName?: string): string[] | undefined {
  const parts = matchers
    .filter((m) => m.name !== labelName && m.value !== '')
    .map((m) => `${JSON.stringify(m.name)}${OPS.get(m.type) ?? '='}${JSON.stringify(m.value)}`);
  if (metricName) parts.unshift(JSON.stringify(metricName));
  return parts.length ? [`{${parts.join(',')}}`] : undefined;
}

async function data<T>(p: Promise<{ status: 'success'; data: T } | { status: 'error' }>, empty: T): Promise<T> {
  const r = await p;
  return r.status === 'success' ? r.data : empty;
}

/** CompletionApi is what completion reads: the metadata endpoints, from the storage worker or a remote data source. */
export interface CompletionApi {
  labels(match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  labelValues(name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>>;
  series(match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>>;
  metadata(metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>>;
}

/** apiClient adapts a CompletionApi to codemirror-promql's PrometheusClient (over the last 12 hours). */
export function apiClient(api: CompletionApi): PrometheusClient {
  const hour = 3600;
  const range = () => {
    const end = Date.now() / 1000;
    return [end - 12 * hour, end] as const;
  };
  return {
    labelNames: (metricName) => data(api.labels(matchSelectors(metricName), ...range()), [] as string[]),
    labelValues: (labelName, metricName, matchers) =>
      data(api.labelValues(labelName, matchSelectors(metricName, matchers as CmMatcher[], labelName), ...range()), [] as string[]),
    metricMetadata: () => data(api.metadata(), {}),
    series: async (metricName, matchers, labelName) => {
      const match = matchSelectors(metricName, matchers as CmMatcher[], labelName);
      // Without a selector the series endpoint has nothing to match; the label's values answer the same question.
      if (!match) {
        const values = labelName ? await data(api.labelValues(labelName, undefined, ...range()), [] as string[]) : [];
        return values.map((v) => new Map([[labelName as string, v]]));
      }
      const list = await data(api.series(match, ...range()), []);
      return list.map((o) => {
        const m = new Map(Object.entries(o));
        if (labelName) return new Map([[labelName, m.get(labelName) ?? '']]);
        return m;
      });
    },
    metricNames: () => data(api.labelValues('__name__', undefined, ...range()), [] as string[]),
    flags: async () => ({}),
  };
}

/** workerClient completes from the storage worker (Promtab's own data). */
export function workerClient(storage: Remote<StorageApi>): PrometheusClient {
  return apiClient(storage);
}

/** remoteClient completes from a remote data source through the query worker. */
export function remoteClient(datasources: Remote<DataSourceApi>, ds: DataSource): PrometheusClient {
  return apiClient({
    labels: (match, start, end) => datasources.labels(ds, match, start, end),
    labelValues: (name, match, start, end) => datasources.labelValues(ds, name, match, start, end),
    series: (match, start, end) => datasources.series(ds, match, start, end),
    metadata: (metric, limit) => datasources.metadata(ds, metric, limit),
  });
}

/** switchingClient asks pick() for the client to use at each request, so one editor follows a data source select. */
export function switchingClient(pick: () => PrometheusClient): PrometheusClient {
  return {
    labelNames: (...a) => pick().labelNames(...a),
    labelValues: (...a) => pick().labelValues(...a),
    metricMetadata: () => pick().metricMetadata(),
    series: (...a) => pick().series(...a),
    metricNames: (...a) => pick().metricNames(...a),
    flags: () => pick().flags(),
  };
}
