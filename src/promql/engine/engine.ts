/**
 * Engine runs PromQL queries against any Queryable in two phases: preparation (parse, resolve query-dependent
 * parts, fetch every selector's series with one awaited select each) and synchronous evaluation over the step
 * grid. Results have the shapes of Prometheus's /api/v1/query data; annotations are returned, never thrown.
 */
import type { Queryable, Series, SeriesCursor } from '../../model/storage';
import { ParseError, type Call, type Expr, type VectorSelector } from '../ast';
import { parseExpr, typeOf } from '../parser';
import { EvalContext } from './context';
import { evaluate } from './eval';
import { statsSelectors, withStatsHints } from './histogram_stats';
import { plainSelector, selectorMatrix } from './plain_selector';
import { finalize, finalizeMatrix } from './result';
import { resolveQueryContext, selectRanges, type InfoFetch, type QueryWindow } from './prepare';
import { QueryError, gridOf, type QueryResult } from './types';

/** EngineOptions configure an Engine; every field has Prometheus's default. */
export interface EngineOptions {
  /** lookbackDelta is how far back an instant selector looks for a sample (ms, default 5m). */
  readonly lookbackDelta?: number;
  /** timeoutMs bounds one query's run time (default 2m). */
  readonly timeoutMs?: number;
  /** maxSamples bounds the samples a query may hold in memory (default 50,000,000). */
  readonly maxSamples?: number;
  /** experimental enables experimental functions and syntax in the parser. */
  readonly experimental?: boolean;
  /** enableAtModifier allows `@` (default true, as in Prometheus 3.x). */
  readonly enableAtModifier?: boolean;
  /** noStepSubqueryIntervalMs is the step of a subquery written without one (default 1m). */
  readonly noStepSubqueryIntervalMs?: number;
}

function usesAt(e: Expr): boolean {
  switch (e.type) {
    case 'vectorSelector':
      return e.at !== null;
    case 'matrixSelector':
      return e.vectorSelector.at !== null;
    case 'subquery':
      return e.at !== null || usesAt(e.expr);
    case 'call':
      return e.args.some(usesAt);
    case 'aggregation':
      return usesAt(e.expr) || (e.param !== null && usesAt(e.param));
    case 'binaryExpr':
      return usesAt(e.lhs) || usesAt(e.rhs);
    case 'parenExpr':
    case 'unaryExpr':
      return usesAt(e.expr);
    default:
      return false;
  }
}

/** Engine evaluates instant and range queries. */
export class Engine {
  private readonly lookbackDelta: number;
  private readonly timeoutMs: number;
  private readonly maxSamples: number;
  private readonly experimental: boolean;
  private readonly enableAtModifier: boolean;
  private readonly noStepSubqueryIntervalMs: number;

  constructor(opts: EngineOptions = {}) {
    this.lookbackDelta = opts.lookbackDelta || 300_000;
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.maxSamples = opts.maxSamples ?? 50_000_000;
    this.experimental = opts.experimental ?? false;
    this.enableAtModifier = opts.enableAtModifier ?? true;
    this.noStepSubqueryIntervalMs = opts.noStepSubqueryIntervalMs ?? 60_000;
  }

  /** instantQuery evaluates query at timeMs. */
  instantQuery(q: Queryable, query: string | Expr, timeMs: number, signal?: AbortSignal): Promise<QueryResult> {
    return this.run(q, query, { start: timeMs, end: timeMs, step: 0 }, signal);
  }

  /** rangeQuery evaluates query at every step from startMs to endMs. */
  rangeQuery(
    q: Queryable,
    query: string | Expr,
    startMs: number,
    endMs: number,
    stepMs: number,
    signal?: AbortSignal,
  ): Promise<QueryResult> {
    if (stepMs <= 0) throw new QueryError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMs < startMs) throw new QueryError('bad_data', 'end timestamp must not be before start time');
    return this.run(q, query, { start: startMs, end: endMs, step: stepMs }, signal);
  }

  /** parse parses a query with this engine's options, turning syntax errors into bad_data query errors. */
  parse(query: string): Expr {
    try {
      return parseExpr(query, { experimental: this.experimental });
    } catch (e) {
      if (e instanceof ParseError) throw new QueryError('bad_data', e.message);
      throw e;
    }
  }

  /**
   * run evaluates a query; every failure leaves it as a QueryError, a stack overflow included (the parser's depth
   * limit keeps any accepted query well within the stack, so this is the last line, not the plan).
   */
  private async run(q: Queryable, query: string | Expr, w: QueryWindow, signal?: AbortSignal): Promise<QueryResult> {
    try {
      return await this.execute(q, query, w, signal);
    } catch (e) {
      if (e instanceof QueryError) throw e;
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new QueryError('execution', 'query too complex to evaluate: the call stack overflowed');
      }
      throw new QueryError('execution', e instanceof Error ? e.message : String(e));
    }
  }

  private async execute(q: Queryable, query: string | Expr, w: QueryWindow, signal?: AbortSignal): Promise<QueryResult> {
    const deadline = Date.now() + this.timeoutMs;
    const parsed = typeof query === 'string' ? this.parse(query) : query;
    const isRange = w.step > 0;
    const type = typeOf(parsed);
    if (isRange && type !== 'scalar' && type !== 'vector') {
      const name = type === 'matrix' ? 'range vector' : type;
      throw new QueryError('bad_data', `invalid expression type "${name}" for range query, must be Scalar or instant Vector`);
    }
    if (!this.enableAtModifier && usesAt(parsed)) throw new QueryError('bad_data', '@ modifier is disabled');
    const expr = resolveQueryContext(parsed, w);
    const data = new Map<VectorSelector, Series[] | SeriesCursor>();
    const infos = new Map<Call, InfoFetch>();
    const infoData = new Map<Call, Series[]>();
    const querier = q.querier();
    const stats = statsSelectors(expr);
    for (const [vs, r] of selectRanges(expr, w, this.lookbackDelta, infos)) {
      if (signal?.aborted) throw new QueryError('canceled', 'query was canceled in query preparation');
      // A storage that can be read one series at a time is, except where the stats functions rewrite the series.
      if (querier.selectCursor && !stats.has(vs)) data.set(vs, await querier.selectCursor(vs.matchers, r.mint, r.maxt));
      else data.set(vs, await querier.select(vs.matchers, r.mint, r.maxt, r.hints));
    }
    for (const vs of stats) data.set(vs, ((data.get(vs) as Series[] | undefined) ?? []).map(withStatsHints));
    for (const [call, f] of infos) infoData.set(call, await querier.select(f.matchers, f.mint, f.maxt));
    const ctx = new EvalContext(
      {
        lookbackDelta: this.lookbackDelta,
        maxSamples: this.maxSamples,
        deadline,
        timeoutMs: this.timeoutMs,
        signal,
        noStepSubqueryInterval: () => this.noStepSubqueryIntervalMs,
      },
      data,
      w.start,
      w.end,
      typeof query === 'string' ? query : '',
      infoData,
    );
    const g = isRange ? gridOf(w.start, w.end, w.step) : gridOf(w.start, w.start, 0);
    const vs = isRange ? plainSelector(expr) : null;
    const matrix = vs ? selectorMatrix(ctx, vs, g) : null;
    const result = matrix ? finalizeMatrix(ctx, matrix) : finalize(ctx, evaluate(ctx, expr, g), g, isRange);
    let seriesLoaded = 0;
    let samplesLoaded = 0;
    for (const list of [...data.values(), ...infoData.values()]) {
      if (!Array.isArray(list)) {
        const l = (list as SeriesCursor).loaded();
        seriesLoaded += l.series;
        samplesLoaded += l.samples;
        continue;
      }
      seriesLoaded += list.length;
      for (const s of list) samplesLoaded += s.timestamps.length;
    }
    return { ...result, stats: { seriesLoaded, samplesLoaded } };
  }
}
