/**
 * QueryService serves the query worker's API: PromQL over the storage worker's data, off the main thread, with
 * Prometheus's result shapes. Range results travel back as typed arrays (native histogram points packed beside the
 * floats, see histogram_columns.ts); a newer request may cancel an older one.
 */
import { proxy, transfer, wrap } from 'comlink';
import { labelsToObject } from '../model/labels';
import { formatValue } from '../model/value';
import { histogramJSON, type HistogramJSON } from '../model/histogram_json';
import { histogramBuffers, packHistograms } from './histogram_columns';
import { ParseError, type Expr } from '../promql/ast';
import { Engine, type EngineOptions } from '../promql/engine/engine';
import { QueryError, type QueryResult } from '../promql/engine/types';
import { parseExpr, prettyFormat } from '../promql/parser';
import { explain, type ExplainNode } from '../promql/explain';
import type { Queryable } from '../model/storage';
import { RemoteQueryable, type SelectApi } from './remote_querier';
import { DataSourceService } from '../remote/datasource_service';
import type { ApiResponse, ParseErrorInfo, QueryApi, QueryData, QueryStats, RangeData } from './types';

type WithParseError<T> = ApiResponse<T> & { parseError?: ParseErrorInfo };

/** QueryService implements QueryApi over any Queryable. */
export class QueryService implements QueryApi {
  private queryable: Promise<Queryable>;
  private setQueryable!: (q: Queryable) => void;
  private readonly running = new Map<string, AbortController>();
  private engine: Engine;
  /** datasources sends queries to remote Prometheus-compatible APIs (see DataSourceApi). */
  readonly datasources = proxy(new DataSourceService());

  constructor(
    private engineOpts: EngineOptions = {},
    private observe: (seconds: number) => void = () => {},
  ) {
    this.engine = new Engine(engineOpts);
    this.queryable = new Promise((resolve) => (this.setQueryable = resolve));
  }

  /** attachStorage connects to the storage worker through a MessagePort. */
  attachStorage(port: MessagePort): void {
    const remote = wrap<SelectApi & { observeQuery(seconds: number): Promise<void> }>(port);
    this.observe = (seconds) => void remote.observeQuery(seconds);
    this.setQueryable(new RemoteQueryable(remote));
  }

  /** useQueryable sets the data source directly (tests, or a worker that owns the TSDB). */
  useQueryable(q: Queryable): void {
    this.setQueryable(q);
  }

  /** setExperimental switches experimental PromQL functions on or off. */
  setExperimental(on: boolean): void {
    this.engineOpts = { ...this.engineOpts, experimental: on };
    this.engine = new Engine(this.engineOpts);
  }

  async query(expr: string, time: number, id?: string): Promise<WithParseError<QueryData>> {
    return this.run(id, expr, async (e, signal) => {
      const r = await this.engine.instantQuery(await this.queryable, e, Math.round(time * 1000), signal);
      return { data: toApiData(r), r };
    });
  }

  async queryRange(expr: string, start: number, end: number, step: number, id?: string): Promise<WithParseError<RangeData>> {
    const res = await this.run(id, expr, async (e, signal) => {
      const r = await this.engine.rangeQuery(
        await this.queryable,
        e,
        Math.round(start * 1000),
        Math.round(end * 1000),
        Math.round(step * 1000),
        signal,
      );
      if (r.resultType !== 'matrix') throw new QueryError('execution', `unexpected ${r.resultType} result for a range query`);
      const data: RangeData = {
        resultType: 'matrix',
        result: r.result.map((s) => ({
          metric: labelsToObject(s.labels),
          timestamps: s.timestamps,
          values: s.values,
          ...(s.histograms ? { histograms: packHistograms(s.histograms.timestamps, s.histograms.values) } : {}),
        })),
      };
      return { data, r };
    });
    if (res.status !== 'success') return res;
    const buffers = res.data.result.flatMap((s) => [s.timestamps.buffer, s.values.buffer, ...(s.histograms ? histogramBuffers(s.histograms) : [])] as ArrayBuffer[]);
    return transfer(res, [...new Set(buffers)]);
  }

  async cancel(id: string): Promise<void> {
    this.running.get(id)?.abort();
    await this.datasources.cancel(id);
  }

  async formatQuery(expr: string): Promise<WithParseError<string>> {
    try {
      return { status: 'success', data: prettyFormat(parseExpr(expr, { experimental: this.engineOpts.experimental })) };
    } catch (e) {
      return errorResponse(e, expr);
    }
  }

  async parseQuery(expr: string): Promise<WithParseError<ExplainNode>> {
    try {
      return { status: 'success', data: explain(parseExpr(expr, { experimental: this.engineOpts.experimental })) };
    } catch (e) {
      return errorResponse(e, expr);
    }
  }

  private async run<T>(
    id: string | undefined,
    expr: string,
    fn: (e: Expr, signal: AbortSignal) => Promise<{ data: T; r: QueryResult }>,
  ): Promise<WithParseError<T>> {
    const ac = new AbortController();
    if (id) this.running.set(id, ac);
    const started = performance.now();
    try {
      const parsed = parseExpr(expr, { experimental: this.engineOpts.experimental });
      const { data, r } = await fn(parsed, ac.signal);
      if (r.stats) {
        const stats: QueryStats = {
          timings: { evalTotalTime: (performance.now() - started) / 1000 },
          samples: { totalQueryableSamples: r.stats.samplesLoaded },
          seriesLoaded: r.stats.seriesLoaded,
        };
        (data as { stats?: QueryStats }).stats = stats;
      }
      const out: WithParseError<T> = { status: 'success', data };
      if (r.warnings?.length) out.warnings = [...r.warnings];
      if (r.infos?.length) out.infos = [...r.infos];
      return out;
    } catch (e) {
      return errorResponse(e, expr);
    } finally {
      if (id) this.running.delete(id);
      this.observe((performance.now() - started) / 1000);
    }
  }
}

/** BAD_PARAMETER names the request parameter Prometheus's API blames for each bad_data error found before evaluation. */
const BAD_PARAMETER: readonly [RegExp, string][] = [
  [/^zero or negative query resolution step widths/, 'step'],
  [/^end timestamp must not be before start time/, 'end'],
  [/^invalid expression type /, 'query'],
];

function errorResponse(e: unknown, expr: string): WithParseError<never> {
  if (e instanceof ParseError) {
    return {
      status: 'error',
      errorType: 'bad_data',
      error: `invalid parameter "query": ${e.message}`,
      parseError: { start: e.pos.start, end: e.pos.end, message: e.msg },
    };
  }
  if (e instanceof QueryError) {
    const t = e.errorType === 'too_many_samples' ? 'execution' : e.errorType;
    const param = t === 'bad_data' ? BAD_PARAMETER.find(([re]) => re.test(e.message))?.[1] : undefined;
    return { status: 'error', errorType: t, error: param ? `invalid parameter ${JSON.stringify(param)}: ${e.message}` : e.message };
  }
  void expr;
  return { status: 'error', errorType: 'internal', error: (e as Error)?.message ?? String(e) };
}

/** toApiData converts an engine result to Prometheus's JSON shapes (seconds, values as strings, native histograms as `histogram`/`histograms`). */
export function toApiData(r: QueryResult): QueryData {
  switch (r.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((s) =>
          s.h
            ? { metric: labelsToObject(s.labels), histogram: [s.t / 1000, histogramJSON(s.h)] }
            : { metric: labelsToObject(s.labels), value: [s.t / 1000, formatValue(s.v)] },
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => {
          const hs = s.histograms;
          return {
            metric: labelsToObject(s.labels),
            values: Array.from(s.timestamps, (t, i) => [t / 1000, formatValue(s.values[i])] as [number, string]),
            ...(hs ? { histograms: Array.from(hs.timestamps, (t, i) => [t / 1000, histogramJSON(hs.values[i])] as [number, HistogramJSON]) } : {}),
          };
        }),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [r.result.t / 1000, formatValue(r.result.v)] };
    case 'string':
      return { resultType: 'string', result: [r.result.t / 1000, r.result.v] };
  }
}
