/**
 * chartOptions builds the uPlot options of every Promtab graph (series colours, unit-aware values and axes, live
 * legend, drag to zoom, a shared crosshair), so the Chart component and the render benchmark use the same code.
 */
import uPlot from 'uplot';

let bars: uPlot.Series.PathBuilder | null = null;
function barsPath(): uPlot.Series.PathBuilder | undefined {
  bars ??= uPlot.paths.bars?.({ size: [0.6, 100] }) ?? null;
  return bars ?? undefined;
}
import { formatUnit } from './units';
import { themedAxes } from './chart_theme';

/** PALETTE is the series colour cycle. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** SeriesStyle is a series' look from a dashboard's field config and overrides (every field optional). */
export interface SeriesStyle {
  color?: string;
  width?: number;
  /** fill is the fill opacity, 0 to 1. */
  fill?: number;
  dash?: number[];
  draw?: 'line' | 'bars' | 'points';
  hidden?: boolean;
  /** unit is the series' own unit (a unit override); series of another unit than the first get their own axis. */
  unit?: string;
  decimals?: number;
  /** axisPlacement puts the series' axis left, right or nowhere; auto puts the first axis left, the others right. */
  axisPlacement?: 'auto' | 'left' | 'right' | 'hidden';
  /** axisLabel is the text written along the series' axis. */
  axisLabel?: string;
  /** negate draws the series below zero (Grafana's negative-Y transform); values shown stay as they are. */
  negate?: boolean;
  /** hideInLegend and hideInTooltip leave the series out of the legend or the tooltip (Grafana's hideFrom). */
  hideInLegend?: boolean;
  hideInTooltip?: boolean;
}

/** UnitAxis is one y axis: its uPlot scale, the unit it formats with, and its side. */
export interface UnitAxis {
  scale: string;
  unit: string;
  side: 'left' | 'right';
  show: boolean;
  label: string;
}

/** UnitScales gives each series its scale (index-aligned with the series) and lists the y axes. */
export interface UnitScales {
  scaleOf: string[];
  axes: UnitAxis[];
}

/**
 * unitScales groups series by unit as Grafana does: one scale and axis per distinct unit in order of first use (the
 * first is `y`), placed and labelled by the first series of that unit (axisPlacement, axisLabel); auto is left for
 * the first axis shown and right for the next ones.
 */
export function unitScales(count: number, unit: string, styles?: readonly (SeriesStyle | undefined)[]): UnitScales {
  const byUnit = new Map<string, UnitAxis>();
  const scaleOf: string[] = [];
  const placements: (SeriesStyle['axisPlacement'])[] = [];
  for (let i = 0; i < count; i++) {
    const u = styles?.[i]?.unit || unit;
    let axis = byUnit.get(u);
    if (!axis) {
      axis = { scale: byUnit.size === 0 ? 'y' : `y:${u}`, unit: u, side: 'left', show: true, label: styles?.[i]?.axisLabel ?? '' };
      byUnit.set(u, axis);
      placements.push(styles?.[i]?.axisPlacement);
    }
    scaleOf.push(axis.scale);
  }
  if (byUnit.size === 0) byUnit.set(unit, { scale: 'y', unit, side: 'left', show: true, label: '' });
  const axes = [...byUnit.values()];
  let hasLeft = false;
  axes.forEach((a, i) => {
    const p = placements[i] ?? 'auto';
    a.show = p !== 'hidden';
    a.side = p === 'left' || p === 'right' ? p : hasLeft ? 'right' : 'left';
    if (a.show && a.side === 'left') hasLeft = true;
  });
  return { scaleOf, axes };
}

function withAlpha(color: string, a: number): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color + Math.round(a * 255).toString(16).padStart(2, '0');
  return color;
}

/** ChartOptionsInput is what a graph needs besides its data. */
export interface ChartOptionsInput {
  labels: readonly string[];
  width: number;
  height: number;
  unit: string;
  stacked: boolean;
  title?: string;
  syncKey?: string;
  hooks?: uPlot.Hooks.Arrays;
  /** styles are per-series looks (index-aligned with labels). */
  styles?: readonly (SeriesStyle | undefined)[];
  /** ownLegend hides uPlot's legend because the caller draws one. */
  ownLegend?: boolean;
}

/** chartOptions returns uPlot's options for one graph. */
export function chartOptions(o: ChartOptionsInput): uPlot.Options {
  const { scaleOf, axes } = unitScales(o.labels.length, o.unit, o.styles);
  const unitOf = (i: number) => o.styles?.[i]?.unit || o.unit;
  return {
    title: o.title || undefined,
    width: o.width,
    height: o.height,
    series: [
      { label: 'Time' },
      ...o.labels.map((label, i): uPlot.Series => {
        const st = o.styles?.[i] ?? {};
        const color = st.color || PALETTE[i % PALETTE.length];
        const fill = st.fill ?? (o.stacked ? 0.33 : 0);
        return {
          label,
          show: !st.hidden,
          stroke: color,
          width: st.width ?? 1,
          fill: fill > 0 ? withAlpha(color, fill) : undefined,
          dash: st.dash,
          paths: st.draw === 'bars' ? barsPath() : st.draw === 'points' ? () => null : undefined,
          points: st.draw === 'points' ? { show: true, size: 4 } : undefined,
          scale: scaleOf[i],
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatUnit(st.negate ? -v : v, unitOf(i), st.decimals)),
          spanGaps: false,
        };
      }),
    ],
    axes: themedAxes([
      {},
      ...axes.map((a, i): uPlot.Axis => ({
        scale: a.scale,
        side: a.side === 'left' ? 3 : 1,
        show: a.show,
        grid: { show: i === 0 },
        values: (_u: uPlot, vals: number[]) => vals.map((v) => formatUnit(v, a.unit)),
        size: 70,
        ...(a.label ? { label: a.label, labelSize: 18 } : {}),
      })),
    ]),
    cursor: { drag: { x: true, y: false }, ...(o.syncKey ? { sync: { key: o.syncKey } } : {}) },
    legend: { live: true, show: !o.ownLegend },
    hooks: o.hooks ?? {},
  };
}

/** LegendView is a dashboard legend: list or table, where, which calcs (values[series][calc]) and the initial sort. */
export interface LegendView {
  mode: 'list' | 'table';
  placement: 'bottom' | 'right';
  calcs: string[];
  values: (number | null)[][];
  /** units format each series' values (the series' own unit even where the chart shows percent stacking). */
  units: string[];
  sortBy?: string;
  sortDesc?: boolean;
}

/**
 * legendClick is Grafana's legend click: a click shows only that series (or every series again when it already is
 * the only one shown); with Ctrl or Cmd it toggles that series alone.
 */
export function legendClick(shown: readonly boolean[], i: number, toggle: boolean): boolean[] {
  if (toggle) return shown.map((s, j) => (j === i ? !s : s));
  const isolated = shown[i] && shown.every((s, j) => j === i || !s);
  return shown.map((_, j) => isolated || j === i);
}

/** nextLegendSort is Grafana's header click cycle: a new column sorts descending, then ascending, then not at all. */
export function nextLegendSort(sortBy: string | undefined, sortDesc: boolean | undefined, column: string): { sortBy?: string; sortDesc?: boolean } {
  if (column !== sortBy) return { sortBy: column, sortDesc: true };
  if (sortDesc === false) return {};
  return { sortBy: column, sortDesc: false };
}
