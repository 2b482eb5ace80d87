/**
 * The dashboard runtime: resolves template variables through the worker API in dependency order and runs each
 * panel's queries with Grafana's interval rules. Pure glue between the dashboards model and the workers.
 */
import type { Remote } from 'comlink';
import {
  builtins,
  interpolate,
  pickCurrent,
  queryStep,
  requestTexts,
  resolveOrder,
  scopedVars,
  cappedVariableOptions,
  MAX_VARIABLE_OPTIONS,
  variableRequest,
  type Panel,
  type Target,
  type Variable,
  type VariableOption,
  type ScopedVars,
  type QueryResult as VarQueryResult,
} from '../../dashboards';
import type { ApiResponse, MatrixSeries, QueryApi, QueryData, RangeData, StorageApi } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import { findDataSource, type DataSource } from '../../remote/datasource_config';

/** Apis are the worker proxies the runtime calls. */
export interface Apis {
  storage: Remote<StorageApi>;
  query: Remote<QueryApi>;
}

/** Range is a resolved time range in ms. */
export interface Range {
  from: number;
  to: number;
}

function data<T>(r: { status: 'success'; data: T } | { status: 'error'; error: string }): T {
  if (r.status === 'error') throw new Error(r.error);
  return r.data;
}

/** Endpoints are where one query goes: Promtab's workers, or a remote data source through the query worker. */
interface Endpoints {
  labels(match: string[] | undefined, start: number, end: number): Promise<ApiResponse<string[]>>;
  labelValues(name: string, match: string[] | undefined, start: number, end: number): Promise<ApiResponse<string[]>>;
  series(match: string[], start: number, end: number): Promise<ApiResponse<LabelsObject[]>>;
  query(expr: string, time: number): Promise<ApiResponse<QueryData>>;
  queryRange(expr: string, start: number, end: number, step: number): Promise<ApiResponse<RangeData>>;
}

function endpoints(apis: Apis, ds: DataSource | null): Endpoints {
  if (!ds) {
    return {
      labels: (m, s, e) => apis.storage.labels(m, s, e),
      labelValues: (n, m, s, e) => apis.storage.labelValues(n, m, s, e),
      series: (m, s, e) => apis.storage.series(m, s, e),
      query: (x, t) => apis.query.query(x, t),
      queryRange: (x, s, e, step) => apis.query.queryRange(x, s, e, step),
    };
  }
  const r = apis.query.datasources;
  return {
    labels: (m, s, e) => r.labels(ds, m, s, e),
    labelValues: (n, m, s, e) => r.labelValues(ds, n, m, s, e),
    series: (m, s, e) => r.series(ds, m, s, e),
    query: (x, t) => r.query(ds, x, t),
    queryRange: (x, s, e, step) => r.queryRange(ds, x, s, e, step),
  };
}

const sourcesCache = new WeakMap<object, { at: number; list: Promise<DataSource[]> }>();

/** dataSources reads the configured remote data sources (at most once a second per connection). */
async function dataSources(apis: Pick<Apis, 'storage'>): Promise<DataSource[]> {
  let cached = sourcesCache.get(apis.storage);
  if (!cached || Date.now() - cached.at > 1000) {
    cached = { at: Date.now(), list: apis.storage.state.settings().then((s) => s.dataSources ?? [], () => []) };
    sourcesCache.set(apis.storage, cached);
  }
  return cached.list;
}

/**
 * dataSourceFor finds the remote data source a panel or variable names (a name, or a datasource variable resolved
 * through scope), or null for Promtab.
 */
export async function dataSourceFor(ref: string | undefined, scope: ScopedVars, apis: Pick<Apis, 'storage'>): Promise<DataSource | null> {
  if (!ref) return null;
  return findDataSource(await dataSources(apis), interpolate(ref, scope, new Map(), 'raw'));
}

/** variableTexts runs a query variable's query with the variables resolved before it; throws the query's error. */
async function variableTexts(v: Variable, done: Variable[], range: Range, apis: Apis, scrapeMs: number): Promise<string[]> {
  const scope = scopedVars(done, range.to - range.from);
  const req = variableRequest(v, scope, builtins(range, 60_000, scrapeMs));
  const start = range.from / 1000;
  const end = range.to / 1000;
  const ep = endpoints(apis, await dataSourceFor(v.datasource, scope, apis));
  if (req.api === 'labels') return requestTexts(req, data(await ep.labels(req.match.length ? req.match : undefined, start, end)));
  if (req.api === 'labelValues') return requestTexts(req, data(await ep.labelValues(req.name, req.match.length ? req.match : undefined, start, end)));
  if (req.api === 'series') return requestTexts(req, data(await ep.series(req.match, start, end)));
  return requestTexts(req, data(await ep.query(req.expr, end)) as VarQueryResult);
}

async function withOptions(v: Variable, texts: string[], apis: Apis): Promise<Variable> {
  const remotes = v.type === 'datasource' ? (await dataSources(apis)).map((d) => ({ text: d.name, value: d.name })) : [];
  const capped = cappedVariableOptions(v, texts);
  const options = [...capped.options, ...remotes];
  const { optionsTotal: _old, ...rest } = v;
  void _old;
  const cut = capped.total > MAX_VARIABLE_OPTIONS ? { optionsTotal: capped.total } : {};
  return { ...rest, ...cut, options, current: pickCurrent(v, options) };
}

/** resolveVariables fills each variable's options and current value, in dependency order. */
export async function resolveVariables(vars: Variable[], range: Range, apis: Apis, scrapeMs: number): Promise<Variable[]> {
  const { order } = resolveOrder(vars);
  const done = new Map<string, Variable>();
  for (const v of order) {
    const texts = v.type === 'query' ? await variableTexts(v, [...done.values()], range, apis, scrapeMs).catch(() => []) : [];
    done.set(v.name, await withOptions(v, texts, apis).catch(() => ({ ...v, options: [], current: pickCurrent(v, []) })));
  }
  return vars.map((v) => done.get(v.name) ?? v);
}

/** VariablePreview is what a variable would offer now: its options, or why its query failed. */
export interface VariablePreview {
  options: VariableOption[];
  error: string;
}

/**
 * previewVariable resolves the variables the one at index i depends on (with their current values), then runs its
 * query and returns its options or the query's error (or the regex's), as the variables editor shows them.
 */
export async function previewVariable(vars: Variable[], i: number, range: Range, apis: Apis, scrapeMs: number): Promise<VariablePreview> {
  const resolved = await resolveVariables(vars.filter((_, j) => j !== i), range, apis, scrapeMs);
  const v = vars[i];
  try {
    const texts = v.type === 'query' ? await variableTexts(v, resolved, range, apis, scrapeMs) : [];
    return { options: (await withOptions(v, texts, apis)).options, error: '' };
  } catch (e) {
    return { options: [], error: (e as Error).message };
  }
}

/** TargetResult is one query's outcome for a panel. */
export type TargetResult =
  | { refId: string; legendFormat: string; kind: 'range'; series: MatrixSeries[]; start: number; end: number; step: number }
  | { refId: string; legendFormat: string; kind: 'instant'; data: QueryData }
  | { refId: string; legendFormat: string; kind: 'error'; error: string };

/** PanelResult is all of a panel's query outcomes plus annotations. */
export interface PanelResult {
  targets: TargetResult[];
  warnings: string[];
}

/** isInstant says whether a target runs as an instant query (explicitly, or for panels that only show one value). */
export function isInstant(panel: Panel, t: Target): boolean {
  if (t.instant && !t.range) return true;
  if (panel.type === 'table' && t.format === 'table') return t.instant || !t.range;
  return false;
}

let slots = 6;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((r) => waiting.push(r));
  else slots--;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  }
}

/** runPanel runs a panel's visible targets (six queries at a time across the page). */
export async function runPanel(
  panel: Panel,
  vars: Variable[],
  range: Range,
  widthPx: number,
  scrapeMs: number,
  apis: Apis,
): Promise<PanelResult> {
  const rangeMs = range.to - range.from;
  const scope = scopedVars(vars, rangeMs);
  const maxPoints = panel.maxDataPoints ?? Math.max(100, Math.round(widthPx));
  const warnings: string[] = [];
  const ep = endpoints(apis, await dataSourceFor(panel.datasource, scope, apis));
  const targets = await Promise.all(
    panel.targets
      .filter((t) => !t.hide && t.expr.trim() !== '')
      .map(async (t): Promise<TargetResult> => {
        const stepMs = queryStep(rangeMs, maxPoints, t.interval, panel.interval, scrapeMs);
        const expr = interpolate(t.expr, scope, builtins(range, stepMs, scrapeMs), 'promql');
        const legendFormat = t.legendFormat;
        return limited(async () => {
          if (isInstant(panel, t)) {
            const r = await ep.query(expr, range.to / 1000);
            if (r.status === 'error') return { refId: t.refId, legendFormat, kind: 'error', error: r.error };
            warnings.push(...(r.warnings ?? []));
            return { refId: t.refId, legendFormat, kind: 'instant', data: r.data };
          }
          const step = stepMs / 1000;
          const start = Math.floor(range.from / stepMs) * step;
          const end = Math.ceil(range.to / stepMs) * step;
          const r = await ep.queryRange(expr, start, end, step);
          if (r.status === 'error') return { refId: t.refId, legendFormat, kind: 'error', error: r.error };
          warnings.push(...(r.warnings ?? []));
          return { refId: t.refId, legendFormat, kind: 'range', series: r.data.result, start, end, step };
        });
      }),
  );
  return { targets, warnings: [...new Set(warnings)] };
}

/**
 * scrapeIntervalOf picks the scrape interval $__rate_interval uses: the longest interval among the jobs (so a rate
 * window holds at least four samples of every job), or 15 s when none is known.
 */
export function scrapeIntervalOf(intervals: Record<string, number>): number {
  const vs = Object.values(intervals).filter((v) => v > 0);
  return vs.length ? Math.max(...vs) : 15_000;
}
