/**
 * The remote data source client: Prometheus's `/api/v1` endpoints called over HTTP and answered in the shapes of
 * Promtab's own API, so the table, graph and dashboards show a remote result as they show a local one. A range
 * result's values become typed arrays (timestamps in ms), and its native histogram points histogram columns, as the
 * query worker returns local matrices; instant histograms keep the API's `histogram` shape, checked.
 */
import { packHistogramJSON } from '../api/histogram_columns';
import type { HistogramJSON } from '../model/histogram_json';
import type { LabelsObject } from '../model/labels';
import type { ApiResponse, ExemplarData, InstantSample, MatrixSeries, MetadataEntry, QueryData, RangeData, RangeSeries } from '../api/types';
import type { DataSource } from './datasource_config';
import { callApi, type CallOptions, type Param } from './datasource_http';

/** RemoteShapeError says a successful answer did not have the shape the endpoint promises. */
export class RemoteShapeError extends Error {}

const SPECIAL_VALUES: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity, Inf: Infinity };

/** parseSampleValue reads a sample value as the API writes it ("1.5", "NaN", "+Inf", "-Inf"). */
export function parseSampleValue(s: unknown): number {
  if (typeof s !== 'string') throw new RemoteShapeError(`expected a sample value as a string, got ${JSON.stringify(s)}`);
  const v = Number(s);
  return v === v || !Object.hasOwn(SPECIAL_VALUES, s) ? v : SPECIAL_VALUES[s];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new RemoteShapeError(`expected ${what} to be a list`);
  return v;
}

function metricOf(v: unknown): LabelsObject {
  if (!isObject(v)) throw new RemoteShapeError('expected a series metric to be an object');
  const out: LabelsObject = {};
  for (const k of Object.keys(v)) out[k] = String(v[k]);
  return out;
}

function point(v: unknown): [number, string] {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number') throw new RemoteShapeError('expected a [time, "value"] pair');
  parseSampleValue(v[1]);
  return [v[0], v[1] as string];
}

/** histogramPoints checks a list of [time, histogram] points in the API's shape (a malformed one is a shape error). */
function histogramPoints(v: unknown, what: string): [number, HistogramJSON][] {
  const points = list(v, what) as [number, HistogramJSON][];
  try {
    packHistogramJSON(points);
  } catch (e) {
    throw new RemoteShapeError((e as Error).message);
  }
  return points;
}

/** toMatrixSeries converts a matrix answer's series to typed arrays, native histogram points to histogram columns. */
export function toMatrixSeries(result: unknown): MatrixSeries[] {
  const series: MatrixSeries[] = [];
  for (const raw of list(result, 'the matrix result')) {
    if (!isObject(raw)) throw new RemoteShapeError('expected a series to be an object');
    const values = raw.values === undefined ? [] : list(raw.values, 'a series\' values');
    const ts = new Float64Array(values.length);
    const vs = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const p = values[i];
      if (!Array.isArray(p) || typeof p[0] !== 'number') throw new RemoteShapeError('expected a [time, "value"] pair');
      ts[i] = Math.round(p[0] * 1000);
      vs[i] = parseSampleValue(p[1]);
    }
    const s: MatrixSeries = { metric: metricOf(raw.metric), timestamps: ts, values: vs };
    if (raw.histograms !== undefined) {
      try {
        s.histograms = packHistogramJSON(list(raw.histograms, "a series' histograms") as [number, HistogramJSON][]);
      } catch (e) {
        throw e instanceof RemoteShapeError ? e : new RemoteShapeError((e as Error).message);
      }
    }
    series.push(s);
  }
  return series;
}

/** toQueryData converts an instant query's answer; samples and series keep their native histograms in the API's shape. */
export function toQueryData(data: unknown): { data: QueryData; warnings: string[] } {
  if (!isObject(data)) throw new RemoteShapeError('expected the query data to be an object');
  switch (data.resultType) {
    case 'vector': {
      const out: InstantSample[] = [];
      for (const s of list(data.result, 'the vector result')) {
        if (!isObject(s)) throw new RemoteShapeError('expected a sample to be an object');
        if (s.value === undefined && s.histogram !== undefined) {
          const [h] = histogramPoints([s.histogram], 'a sample\'s histogram');
          out.push({ metric: metricOf(s.metric), histogram: h });
        } else out.push({ metric: metricOf(s.metric), value: point(s.value) });
      }
      return { data: { resultType: 'vector', result: out }, warnings: [] };
    }
    case 'matrix':
      return { data: { resultType: 'matrix', result: matrixAsJson(data.result) }, warnings: [] };
    case 'scalar':
      return { data: { resultType: 'scalar', result: point(data.result) }, warnings: [] };
    case 'string': {
      const r = data.result;
      if (!Array.isArray(r) || typeof r[0] !== 'number') throw new RemoteShapeError('expected a [time, "string"] pair');
      return { data: { resultType: 'string', result: [r[0], String(r[1])] }, warnings: [] };
    }
    default:
      throw new RemoteShapeError(`unknown result type ${JSON.stringify(data.resultType)}`);
  }
}

function matrixAsJson(result: unknown): RangeSeries[] {
  return list(result, 'the matrix result').map((raw) => {
    if (!isObject(raw)) throw new RemoteShapeError('expected a series to be an object');
    const series: RangeSeries = { metric: metricOf(raw.metric), values: list(raw.values ?? [], "a series' values").map(point) };
    if (raw.histograms !== undefined) series.histograms = histogramPoints(raw.histograms, "a series' histograms");
    return series;
  });
}

function shaped<T>(r: ApiResponse<unknown>, convert: (data: unknown) => { data: T; warnings?: string[] }, name: string): ApiResponse<T> {
  if (r.status === 'error') return { ...r, data: undefined };
  try {
    const { data, warnings = [] } = convert(r.data);
    const all = [...(r.warnings ?? []), ...warnings];
    return { status: 'success', data, ...(all.length ? { warnings: all } : {}), ...(r.infos ? { infos: r.infos } : {}) };
  } catch (e) {
    const why = e instanceof RemoteShapeError ? e.message : String(e);
    return { status: 'error', errorType: 'internal', error: `${name}: the answer is not in the Prometheus API's shape (${why})` };
  }
}

function strings(v: unknown): string[] {
  return list(v, 'the answer').map((x) => {
    if (typeof x !== 'string') throw new RemoteShapeError('expected a list of strings');
    return x;
  });
}

function timeParams(start?: number, end?: number): Param[] {
  const out: Param[] = [];
  if (start !== undefined) out.push(['start', String(start)]);
  if (end !== undefined) out.push(['end', String(end)]);
  return out;
}

function matchParams(match?: string[]): Param[] {
  return (match ?? []).map((m) => ['match[]', m] as Param);
}

/** remoteQuery runs an instant query (time in seconds) on a data source. */
export async function remoteQuery(ds: DataSource, expr: string, time: number, opts: CallOptions = {}): Promise<ApiResponse<QueryData>> {
  const r = await callApi(ds, '/api/v1/query', [['query', expr], ['time', String(time)]], true, opts);
  return shaped(r, toQueryData, ds.name);
}

/** remoteQueryRange runs a range query (seconds) on a data source; the matrix comes back as typed arrays. */
export async function remoteQueryRange(
  ds: DataSource,
  expr: string,
  start: number,
  end: number,
  step: number,
  opts: CallOptions = {},
): Promise<ApiResponse<RangeData>> {
  const params: Param[] = [['query', expr], ['start', String(start)], ['end', String(end)], ['step', String(step)]];
  const r = await callApi(ds, '/api/v1/query_range', params, true, opts);
  return shaped(
    r,
    (data) => {
      if (!isObject(data) || data.resultType !== 'matrix') throw new RemoteShapeError('expected a matrix from query_range');
      return { data: { resultType: 'matrix', result: toMatrixSeries(data.result) } };
    },
    ds.name,
  );
}

/** remoteLabels lists label names (optionally of the series matching match) on a data source. */
export async function remoteLabels(ds: DataSource, match?: string[], start?: number, end?: number, opts: CallOptions = {}): Promise<ApiResponse<string[]>> {
  const r = await callApi(ds, '/api/v1/labels', [...matchParams(match), ...timeParams(start, end)], true, opts);
  return shaped(r, (d) => ({ data: strings(d) }), ds.name);
}

const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * escapeLabelName writes a label name for the `/api/v1/label/<name>/values` path as Prometheus 3 reads it: a
 * legacy name as it is, any other with the `U__` value encoding (`_` doubled, other characters as `_<hex>_`).
 */
export function escapeLabelName(name: string): string {
  if (name === '' || LEGACY_NAME.test(name)) return name;
  let out = 'U__';
  let i = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (ch === '_') out += '__';
    else if (/[a-zA-Z:]/.test(ch) || (i > 0 && /[0-9]/.test(ch))) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '_FFFD_';
    else out += `_${cp.toString(16)}_`;
    i++;
  }
  return out;
}

/** remoteLabelValues lists the values of one label on a data source. */
export async function remoteLabelValues(
  ds: DataSource,
  name: string,
  match?: string[],
  start?: number,
  end?: number,
  opts: CallOptions = {},
): Promise<ApiResponse<string[]>> {
  const path = `/api/v1/label/${encodeURIComponent(escapeLabelName(name))}/values`;
  const r = await callApi(ds, path, [...matchParams(match), ...timeParams(start, end)], false, opts);
  return shaped(r, (d) => ({ data: strings(d) }), ds.name);
}

/** remoteSeries lists the label sets of the series matching match on a data source. */
export async function remoteSeries(ds: DataSource, match: string[], start?: number, end?: number, opts: CallOptions = {}): Promise<ApiResponse<LabelsObject[]>> {
  const r = await callApi(ds, '/api/v1/series', [...matchParams(match), ...timeParams(start, end)], true, opts);
  return shaped(r, (d) => ({ data: list(d, 'the series').map(metricOf) }), ds.name);
}

/** remoteMetadata reads metric metadata (one metric, or all up to limit) from a data source. */
export async function remoteMetadata(
  ds: DataSource,
  metric?: string,
  limit?: number,
  opts: CallOptions = {},
): Promise<ApiResponse<Record<string, MetadataEntry[]>>> {
  const params: Param[] = [];
  if (metric) params.push(['metric', metric]);
  if (limit !== undefined) params.push(['limit', String(limit)]);
  const r = await callApi(ds, '/api/v1/metadata', params, false, opts);
  return shaped(
    r,
    (d) => {
      if (!isObject(d)) throw new RemoteShapeError('expected metadata to be an object');
      return { data: d as Record<string, MetadataEntry[]> };
    },
    ds.name,
  );
}

/** toExemplarData checks a query_exemplars answer (null, or a list of series with their exemplars). */
export function toExemplarData(data: unknown): ExemplarData[] | null {
  if (data === null) return null;
  return list(data, 'the exemplar result').map((raw) => {
    if (!isObject(raw)) throw new RemoteShapeError('expected an exemplar series to be an object');
    return {
      seriesLabels: metricOf(raw.seriesLabels),
      exemplars: list(raw.exemplars, "a series' exemplars").map((x) => {
        if (!isObject(x) || typeof x.timestamp !== 'number') throw new RemoteShapeError('expected an exemplar with a numeric timestamp');
        parseSampleValue(x.value);
        return { labels: metricOf(x.labels ?? {}), value: x.value as string, timestamp: x.timestamp };
      }),
    };
  });
}

/** remoteQueryExemplars asks a data source's `/api/v1/query_exemplars` (start and end in seconds). */
export async function remoteQueryExemplars(
  ds: DataSource,
  query: string,
  start: number,
  end: number,
  opts: CallOptions = {},
): Promise<ApiResponse<ExemplarData[] | null>> {
  const r = await callApi(ds, '/api/v1/query_exemplars', [['query', query], ...timeParams(start, end)], true, opts);
  return shaped(r, (d) => ({ data: toExemplarData(d) }), ds.name);
}

/** DataSourceCheck is what a successful test of a data source found. */
export interface DataSourceCheck {
  /** version is the server's version ('' when it has no buildinfo endpoint). */
  version: string;
  /** endpoint names the endpoint that answered. */
  endpoint: string;
}

/** testDataSource asks for /api/v1/status/buildinfo and, where a server has none, runs the query `1`. */
export async function testDataSource(ds: DataSource, opts: CallOptions = {}): Promise<ApiResponse<DataSourceCheck>> {
  const info = await callApi(ds, '/api/v1/status/buildinfo', [], false, opts);
  if (info.status === 'success' && isObject(info.data)) {
    return { status: 'success', data: { version: String(info.data.version ?? ''), endpoint: '/api/v1/status/buildinfo' } };
  }
  if (info.status === 'error' && info.errorType !== 'not_found' && info.errorType !== 'bad_data') return { ...info, data: undefined };
  const q = await remoteQuery(ds, '1', Date.now() / 1000, opts);
  if (q.status === 'error') return { ...q, data: undefined };
  return { status: 'success', data: { version: '', endpoint: '/api/v1/query' } };
}
