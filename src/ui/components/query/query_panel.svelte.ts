/**
 * QueryPanelRun is the state of one Query view panel and what it does: run the panel's expression as a table
 * (instant), graph (range) or explain query against Promtab or a remote data source, the newest run winning; the
 * history, the range and zoom controls, formatting, the exemplars switch and the downloads.
 */
import type { ApiResponse, ParseErrorInfo, QueryData, RangeData } from '../../../api/types';
import type { ExplainNode } from '../../../promql/explain';
import { formatDuration, parseDuration } from '../../../model/time';
import { LOCAL_DATASOURCE_NAME, type DataSource } from '../../../remote/datasource_config';
import { api } from '../../lib/api';
import { autoStep, floatSeries, toChartData, type ChartData } from '../../lib/chartdata';
import { download } from '../../lib/download';
import { ExemplarQuery } from '../../lib/exemplars.svelte';
import { isBucketShaped } from '../../lib/heatmap';
import { addToHistory, loadHistory } from '../../lib/history';
import { instantCsv, rangeCsv, rangeJSON } from '../../lib/query_downloads';
import { RANGES, type PanelState } from '../../lib/querystate';
import type { MenuItem } from '../ui/types';

type Answer<T> = ApiResponse<T> & { parseError?: ParseErrorInfo };

/** GraphWindow is a graph run's time window and step, in seconds. */
export interface GraphWindow {
  start: number;
  end: number;
  step: number;
}

/** QueryPanelRun holds one panel's answers and runs its queries (see the file comment). */
export class QueryPanelRun {
  /** panel returns the panel's state (a prop the component may rebind); onchange says it changed. */
  private readonly panel: () => PanelState;
  private readonly onchange: () => void;
  instant = $state<QueryData | null>(null);
  range = $state<{ data: RangeData; chart: ChartData; w: GraphWindow } | null>(null);
  error = $state('');
  parseError = $state<ParseErrorInfo | null>(null);
  warnings = $state<string[]>([]);
  running = $state(false);
  /** width is the result area's width in pixels (the graph's automatic step depends on it). */
  width = $state(800);
  history = $state<string[]>(loadHistory());
  tree = $state<ExplainNode | null>(null);
  sources = $state<DataSource[]>([]);
  sourcesReady = $state(false);
  /** beforeZoom is the range a drag-zoom left, for Reset zoom. */
  beforeZoom = $state<{ endMs: number | null; rangeMs: number } | null>(null);
  readonly exemplars = new ExemplarQuery();
  private ran = $state('');
  private currentId = '';
  private seq = 0;
  private readonly sourcesLoaded: Promise<unknown>;

  readonly bucketShaped = $derived(this.range ? isBucketShaped(this.range.data.result) : false);
  /** stale says the shown answer is of another expression or tab than the panel's now. */
  readonly stale = $derived.by(() => this.ran !== '' && this.ran !== `${this.panel().tab}|${this.panel().expr}`);
  readonly remote = $derived(this.sources.find((s) => s.name === this.panel().datasource) ?? null);
  readonly sourceOptions = $derived.by(() => {
    const current = this.panel().datasource;
    return [
      { value: '', label: LOCAL_DATASOURCE_NAME },
      ...this.sources.map((s) => ({ value: s.name, label: s.name })),
      ...(current && !this.sources.some((s) => s.name === current)
        ? [{ value: current, label: `${current}${this.sourcesReady ? ' (not configured)' : ''}` }]
        : []),
    ];
  });
  readonly rangeOptions = $derived.by(() => {
    const current = formatDuration(this.panel().rangeMs);
    const all = RANGES.includes(current) ? RANGES : [...RANGES, current];
    return all.map((r) => ({ value: r, label: r }));
  });
  readonly historyItems = $derived<MenuItem[]>(
    this.history.length
      ? this.history.map((h) => ({ label: h.length > 80 ? `${h.slice(0, 80)}…` : h, onSelect: () => (this.panel().expr = h) }))
      : [{ label: 'No queries yet', onSelect: () => {}, disabled: true }],
  );

  constructor(panel: () => PanelState, onchange: () => void) {
    this.panel = panel;
    this.onchange = onchange;
    this.sourcesLoaded = api()
      .storage.state.settings()
      .then((s) => (this.sources = s.dataSources))
      .finally(() => (this.sourcesReady = true));
  }

  /** target picks where the panel's queries go: Promtab's query worker, or a remote data source through it. */
  private async target(): Promise<{ ds: DataSource | null; missing: string }> {
    await this.sourcesLoaded.catch(() => undefined);
    const name = this.panel().datasource;
    if (!name) return { ds: null, missing: '' };
    const ds = this.sources.find((s) => s.name === name);
    if (!ds) return { ds: null, missing: `data source ${name} is not configured (add it under Settings → Data sources)` };
    return { ds: $state.snapshot(ds) as DataSource, missing: '' };
  }

  private window(): GraphWindow {
    const p = this.panel();
    const end = (p.endMs ?? Date.now()) / 1000;
    const start = end - p.rangeMs / 1000;
    const step = p.stepS ?? autoStep(p.rangeMs / 1000, this.width);
    return { start, end, step };
  }

  private fail(r: { error: string; parseError?: ParseErrorInfo }): void {
    this.error = r.error;
    this.parseError = r.parseError ?? null;
  }

  /** execute runs the panel's expression for its tab; a newer run makes an older one's answer go unused. */
  async execute(): Promise<void> {
    const p = this.panel();
    if (p.expr.trim() === '') return;
    if (this.currentId) void api().query.cancel(this.currentId);
    const id = `q${++this.seq}-${Math.random().toString(36).slice(2)}`;
    this.currentId = id;
    this.running = true;
    this.error = '';
    this.parseError = null;
    this.warnings = [];
    this.onchange();
    this.history = addToHistory(p.expr);
    try {
      const { ds, missing } = await this.target();
      if (missing) throw new Error(missing);
      if (p.tab === 'explain') {
        const r = await api().query.parseQuery(p.expr);
        if (this.currentId !== id) return;
        if (r.status === 'error') {
          this.tree = null;
          this.fail(r);
        } else this.tree = r.data as ExplainNode;
      } else if (p.tab === 'graph') {
        const w = this.window();
        const r: Answer<RangeData> = ds
          ? await api().query.datasources.queryRange(ds, p.expr, w.start, w.end, w.step, id)
          : await api().query.queryRange(p.expr, w.start, w.end, w.step, id);
        if (this.currentId !== id) return;
        if (r.status === 'error') {
          this.range = null;
          this.fail(r);
        } else {
          this.range = { data: r.data, chart: toChartData(floatSeries(r.data.result), w.start, w.end, w.step), w };
          if (p.exemplars) void this.exemplars.load(ds, p.expr, w.start, w.end);
        }
        this.warnings = [...(r.warnings ?? []), ...(r.infos ?? [])];
      } else {
        const t = (p.endMs ?? Date.now()) / 1000;
        const r: Answer<QueryData> = ds ? await api().query.datasources.query(ds, p.expr, t, id) : await api().query.query(p.expr, t, id);
        if (this.currentId !== id) return;
        if (r.status === 'error') {
          this.instant = null;
          this.fail(r);
        } else this.instant = r.data;
        this.warnings = [...(r.warnings ?? []), ...(r.infos ?? [])];
      }
      this.ran = `${p.tab}|${p.expr}`;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      if (this.currentId === id) {
        this.running = false;
        this.currentId = '';
      }
    }
  }

  /** format pretty-prints the expression as Prometheus's /api/v1/format_query does. */
  async format(): Promise<void> {
    const r = await api().query.formatQuery(this.panel().expr);
    if (r.status === 'success') {
      this.panel().expr = r.data;
      this.error = '';
      this.parseError = null;
    } else this.fail(r);
  }

  /** showExemplars follows the switch: on, the shown window's exemplars are asked for at once; off, they go. */
  async showExemplars(on: boolean): Promise<void> {
    this.onchange();
    if (!on) return this.exemplars.clear();
    if (!this.range) return;
    const { ds } = await this.target();
    void this.exemplars.load(ds, this.panel().expr, this.range.w.start, this.range.w.end);
  }

  /** cancel stops the running query. */
  cancel(): void {
    if (this.currentId) void api().query.cancel(this.currentId);
  }

  /** setTab switches the result view and runs the query for it. */
  setTab(t: string): void {
    this.panel().tab = t as PanelState['tab'];
    void this.execute();
  }

  /** setRange takes any Prometheus duration (`90m`, `2h30m`) besides the offered ones; a typo says so and runs nothing. */
  setRange(v: string): void {
    let ms: number;
    try {
      ms = parseDuration(v.trim());
    } catch {
      this.error = `Range: "${v}" is not a duration (write e.g. 90m, 2h30m or 1w)`;
      this.parseError = null;
      return;
    }
    if (!(ms > 0)) {
      this.error = 'Range: the range must be longer than zero';
      return;
    }
    this.panel().rangeMs = ms;
    void this.execute();
  }

  /** zoom keeps whole seconds (a range of 8m59s, not 8m59s856ms) and remembers the range it left for Reset zoom. */
  zoom(start: number, end: number): void {
    const p = this.panel();
    this.beforeZoom ??= { endMs: p.endMs, rangeMs: p.rangeMs };
    p.endMs = Math.round(end) * 1000;
    p.rangeMs = Math.max(1, Math.round(end - start)) * 1000;
    void this.execute();
  }

  /** resetZoom goes back to the range before the first zoom. */
  resetZoom(): void {
    if (!this.beforeZoom) return;
    const p = this.panel();
    p.endMs = this.beforeZoom.endMs;
    p.rangeMs = this.beforeZoom.rangeMs;
    this.beforeZoom = null;
    void this.execute();
  }

  /** csv downloads the shown answer as query.csv. */
  csv(): void {
    const text = this.panel().tab === 'graph' && this.range ? rangeCsv(this.range.data) : this.instant ? instantCsv(this.instant) : null;
    if (text !== null) download('query.csv', 'text/csv', text);
  }

  /** json downloads the shown answer as query.json, in the API's shape. */
  json(): void {
    const data = this.panel().tab === 'graph' && this.range ? rangeJSON(this.range.data) : this.instant;
    download('query.json', 'application/json', JSON.stringify({ status: 'success', data }, null, 2));
  }
}
