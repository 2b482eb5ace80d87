/**
 * DataSourceService serves `query.datasources` in the query worker: remote API calls run there, so parsing their
 * JSON stays off the page's thread; range results (native histogram columns too) travel back as transferred typed
 * arrays; queries can be canceled.
 */
import { transfer } from 'comlink';
import { histogramBuffers } from '../api/histogram_columns';
import type { LabelsObject } from '../model/labels';
import type { ApiResponse, DataSourceApi, ExemplarData, MetadataEntry, QueryData, RangeData } from '../api/types';
import type { DataSource } from './datasource_config';
import type { CallOptions, FetchLike } from './datasource_http';
import {
  remoteLabels,
  remoteLabelValues,
  remoteMetadata,
  remoteQuery,
  remoteQueryExemplars,
  remoteQueryRange,
  remoteSeries,
  testDataSource,
  type DataSourceCheck,
} from './datasource';

/** DataSourceService implements DataSourceApi with fetch (or a given fake). */
export class DataSourceService implements DataSourceApi {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly fetchFn?: FetchLike) {}

  private opts(signal?: AbortSignal): CallOptions {
    return this.fetchFn ? { fetch: this.fetchFn, signal } : { signal };
  }

  private async cancellable<T>(id: string | undefined, fn: (o: CallOptions) => Promise<T>): Promise<T> {
    const ac = new AbortController();
    if (id) this.running.set(id, ac);
    try {
      return await fn(this.opts(ac.signal));
    } finally {
      if (id && this.running.get(id) === ac) this.running.delete(id);
    }
  }

  async query(ds: DataSource, expr: string, time: number, id?: string): Promise<ApiResponse<QueryData>> {
    return this.cancellable(id, (o) => remoteQuery(ds, expr, time, o));
  }

  async queryRange(ds: DataSource, expr: string, start: number, end: number, step: number, id?: string): Promise<ApiResponse<RangeData>> {
    const res = await this.cancellable(id, (o) => remoteQueryRange(ds, expr, start, end, step, o));
    if (res.status !== 'success') return res;
    const buffers = res.data.result.flatMap((s) => [s.timestamps.buffer, s.values.buffer, ...(s.histograms ? histogramBuffers(s.histograms) : [])] as ArrayBuffer[]);
    return transfer(res, [...new Set(buffers)]);
  }

  labels(ds: DataSource, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>> {
    return remoteLabels(ds, match, start, end, this.opts());
  }

  labelValues(ds: DataSource, name: string, match?: string[], start?: number, end?: number): Promise<ApiResponse<string[]>> {
    return remoteLabelValues(ds, name, match, start, end, this.opts());
  }

  series(ds: DataSource, match: string[], start?: number, end?: number): Promise<ApiResponse<LabelsObject[]>> {
    return remoteSeries(ds, match, start, end, this.opts());
  }

  metadata(ds: DataSource, metric?: string, limit?: number): Promise<ApiResponse<Record<string, MetadataEntry[]>>> {
    return remoteMetadata(ds, metric, limit, this.opts());
  }

  queryExemplars(ds: DataSource, query: string, start: number, end: number): Promise<ApiResponse<ExemplarData[] | null>> {
    return remoteQueryExemplars(ds, query, start, end, this.opts());
  }

  test(ds: DataSource): Promise<ApiResponse<DataSourceCheck>> {
    return testDataSource(ds, this.opts());
  }

  async cancel(id: string): Promise<void> {
    this.running.get(id)?.abort();
  }
}
