/**
 * The queries a panel runs, as Grafana's Prometheus datasource builds them: visible targets only, step from the
 * range, max data points and min interval, range start and end aligned down to the step, variables and built-ins
 * interpolated. The view sends each one to the worker API (`query` or `query_range`) and renders the answers.
 */
import { builtins, interpolate, queryStep, type ScopedVars } from './interpolate';
import type { Panel, Target } from './model';

/** PanelQuery is one query ready for the API: times in epoch ms, the step in ms. */
export interface PanelQuery {
  refId: string;
  expr: string;
  legendFormat: string;
  format: Target['format'];
  /** instant asks for `query` at end; otherwise `query_range` from start to end by step (a target asking for both runs as a range). */
  instant: boolean;
  start: number;
  end: number;
  stepMs: number;
}

/** QueryOptions are what the view knows: the panel's width in points and the scrape interval of the data. */
export interface QueryOptions {
  /** maxDataPoints is used when the panel sets none (Grafana uses the panel's width in pixels). */
  maxDataPoints: number;
  scrapeIntervalMs: number;
}

/** panelQueries builds the API queries of a panel's visible targets for a resolved time range. */
export function panelQueries(panel: Panel, vars: ScopedVars, range: { from: number; to: number }, opts: QueryOptions): PanelQuery[] {
  const points = panel.maxDataPoints ?? opts.maxDataPoints;
  const rangeMs = Math.max(1, range.to - range.from);
  const panelInterval = interpolate(panel.interval, vars, new Map(), 'raw');
  return panel.targets
    .filter((t) => !t.hide && t.expr.trim() !== '')
    .map((t) => {
      const interval = /__rate_interval/.test(t.interval) ? t.interval : interpolate(t.interval, vars, new Map(), 'raw');
      const stepMs = queryStep(rangeMs, points, interval, panelInterval, opts.scrapeIntervalMs);
      const expr = interpolate(t.expr, vars, builtins(range, stepMs, opts.scrapeIntervalMs));
      const instant = t.instant && !t.range;
      return {
        refId: t.refId,
        expr,
        legendFormat: t.legendFormat,
        format: t.format,
        instant,
        start: instant ? range.to : Math.floor(range.from / stepMs) * stepMs,
        end: instant ? range.to : Math.floor(range.to / stepMs) * stepMs,
        stepMs,
      };
    });
}
