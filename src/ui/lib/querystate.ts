/**
 * The query page's state in the URL, in the style of Prometheus's `g0.expr=...&g0.tab=...` parameters, so a link
 * reproduces every panel with no server.
 */
import { formatDuration, parseDuration } from '../../model/time';

/** PanelTab is a query panel's tab. */
export type PanelTab = 'table' | 'graph' | 'explain';

/** PanelState is one query panel. */
export interface PanelState {
  expr: string;
  tab: PanelTab;
  /** rangeMs is the graph's range. */
  rangeMs: number;
  /** endMs is the graph's end (or the table's evaluation time); null means now. */
  endMs: number | null;
  /** stepS is a fixed resolution in seconds; null means automatic. */
  stepS: number | null;
  stacked: boolean;
  heatmap: boolean;
  /** exemplars shows the exemplars of the graph's series as markers ("Show exemplars"). */
  exemplars: boolean;
  /** datasource names the remote data source the panel queries ('' for Promtab's own storage). */
  datasource: string;
}

/** defaultPanel is a new empty panel. */
export function defaultPanel(expr = ''): PanelState {
  return { expr, tab: 'table', rangeMs: 3_600_000, endMs: null, stepS: null, stacked: false, heatmap: false, exemplars: false, datasource: '' };
}

const TABS: readonly PanelTab[] = ['table', 'graph', 'explain'];

/** encodePanels writes panels into URL parameters. */
export function encodePanels(panels: readonly PanelState[]): URLSearchParams {
  const p = new URLSearchParams();
  panels.forEach((s, i) => {
    const g = `g${i}.`;
    p.set(`${g}expr`, s.expr);
    p.set(`${g}tab`, s.tab);
    p.set(`${g}range_input`, formatDuration(s.rangeMs));
    if (s.endMs !== null) p.set(`${g}end_input`, new Date(s.endMs).toISOString());
    if (s.stepS !== null) p.set(`${g}step_input`, String(s.stepS));
    if (s.stacked) p.set(`${g}stacked`, '1');
    if (s.heatmap) p.set(`${g}heatmap`, '1');
    if (s.exemplars) p.set(`${g}show_exemplars`, '1');
    if (s.datasource) p.set(`${g}datasource`, s.datasource);
  });
  return p;
}

/** decodePanels reads panels from URL parameters; bad values fall back to defaults, never throw. */
export function decodePanels(p: URLSearchParams): PanelState[] {
  const out: PanelState[] = [];
  for (let i = 0; i < 100 && p.has(`g${i}.expr`); i++) {
    const g = `g${i}.`;
    const s = defaultPanel(p.get(`${g}expr`) ?? '');
    const tab = p.get(`${g}tab`) as PanelTab;
    if (TABS.includes(tab)) s.tab = tab;
    try {
      const r = parseDuration(p.get(`${g}range_input`) ?? '');
      if (r > 0) s.rangeMs = r;
    } catch {
      /* keep the default range */
    }
    const end = Date.parse(p.get(`${g}end_input`) ?? '');
    if (Number.isFinite(end)) s.endMs = end;
    const step = Number(p.get(`${g}step_input`));
    if (Number.isFinite(step) && step > 0) s.stepS = step;
    s.stacked = p.get(`${g}stacked`) === '1';
    s.heatmap = p.get(`${g}heatmap`) === '1';
    s.exemplars = p.get(`${g}show_exemplars`) === '1';
    s.datasource = p.get(`${g}datasource`) ?? '';
    out.push(s);
  }
  return out;
}

/** RANGES are the range control's choices. */
export const RANGES: readonly string[] = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '2d', '1w', '2w'];
