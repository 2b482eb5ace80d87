/**
 * chartOptions builds the uPlot options of every Promtab graph (series colours, unit-aware values and axes, live
 * legend, drag to zoom, a shared crosshair), so the Chart component and the render benchmark use the same code.
 */
import uPlot from 'uplot';
import { CLASSIC_PALETTE, colorValue } from '../../dashboards/colors';
import type { StackingMode, Thresholds } from '../../dashboards/model';
import { mergeLimits, percentLimits, yRange, type AxisLimits } from './axisrange';
import { stackColumns, stackGroups, type StackBand, type StackGroup } from './stacking';
import { formatUnit } from './units';
import { themedAxes } from './chart_theme';

const pathCache = new Map<string, uPlot.Series.PathBuilder | null>();
function cachedPath(key: string, make: () => uPlot.Series.PathBuilder | undefined): uPlot.Series.PathBuilder | undefined {
  if (!pathCache.has(key)) pathCache.set(key, make() ?? null);
  return pathCache.get(key) ?? undefined;
}

/** PALETTE is the series colour cycle: Grafana's classic palette. */
export const PALETTE: readonly string[] = CLASSIC_PALETTE;

/** ThresholdsStyle is how a series' thresholds are drawn on the graph. */
export type ThresholdsStyle = 'off' | 'line' | 'dashed' | 'area' | 'line+area' | 'dashed+area';

/** SeriesStyle is a series' look from a dashboard's field config and overrides (every field optional). */
export interface SeriesStyle {
  color?: string;
  width?: number;
  /** fill is the fill opacity, 0 to 1. */
  fill?: number;
  /** gradient shades the fill: opacity fades it towards the baseline; hue and scheme are drawn as opacity. */
  gradient?: 'none' | 'opacity' | 'hue' | 'scheme';
  dash?: number[];
  draw?: 'line' | 'bars' | 'points';
  interpolation?: 'linear' | 'smooth' | 'stepBefore' | 'stepAfter';
  /** points shows the points always, never, or (auto) when they are far enough apart. */
  points?: 'auto' | 'always' | 'never';
  pointSize?: number;
  /** spanNulls joins the line over missing points. */
  spanNulls?: boolean;
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
  /** stack puts the series in a stack group (Grafana's custom.stacking). */
  stack?: { mode: StackingMode; group: string };
  /** limits are the series' min, max, soft min, soft max (merged per axis). */
  limits?: AxisLimits;
  /** log is the base of a logarithmic axis (scaleDistribution log). */
  log?: number;
  thresholds?: Thresholds;
  thresholdsStyle?: ThresholdsStyle;
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

/** axisUnit is the unit a series' axis formats with: percentunit for percent stacking, else its own or the panel's. */
export function axisUnit(style: SeriesStyle | undefined, unit: string): string {
  return style?.stack?.mode === 'percent' ? 'percentunit' : style?.unit || unit;
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
    const u = axisUnit(styles?.[i], unit);
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

/** withAlpha gives a #rrggbb or #rgb colour an opacity (other colours are returned as they are). */
export function withAlpha(color: string, a: number): string {
  const hex = /^#[0-9a-f]{3}$/i.test(color) ? `#${[...color.slice(1)].map((c) => c + c).join('')}` : color;
  if (/^#[0-9a-f]{6}$/i.test(hex)) return hex + Math.round(Math.min(1, Math.max(0, a)) * 255).toString(16).padStart(2, '0');
  return color;
}

/** effectiveStyles applies the chart-wide `stacked` switch (the Query view's) to series without a stack of their own. */
export function effectiveStyles(count: number, stacked: boolean, styles?: readonly (SeriesStyle | undefined)[]): SeriesStyle[] {
  return Array.from({ length: count }, (_, i) => {
    const st = styles?.[i] ?? {};
    return stacked && !st.stack ? { ...st, fill: st.fill ?? 0.33, stack: { mode: 'normal', group: 'A' } } : st;
  });
}

/** PlotData is what uPlot draws: columns after negative-Y and stacking, the stack groups and the bands between them. */
export interface PlotData {
  data: uPlot.AlignedData;
  groups: StackGroup[];
  bands: StackBand[];
}

/** plotData turns the raw columns into drawn ones: negated where negative-Y, stacked per Grafana's stack groups. */
export function plotData(xs: ArrayLike<number>, raw: readonly (readonly (number | null)[])[], unit: string, styles: readonly SeriesStyle[]): PlotData {
  const negated = raw.map((col, i) => (styles[i]?.negate ? col.map((v) => (v === null || v === undefined ? null : -v)) : col));
  const { scaleOf } = unitScales(raw.length, unit, styles);
  const groups = stackGroups(
    styles.map((st, i) => ({ mode: st.stack?.mode ?? 'none', group: st.stack?.group ?? 'A', scale: scaleOf[i], hidden: st.hidden, draw: st.draw })),
    negated,
  );
  const { cols, bands } = stackColumns(negated, groups);
  return { data: [xs as number[], ...cols] as uPlot.AlignedData, groups, bands };
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
  /** groups and bands come from plotData (stacked series fill down to the series below them). */
  groups?: readonly StackGroup[];
  bands?: readonly StackBand[];
  /** ownLegend hides uPlot's legend because the caller draws one. */
  ownLegend?: boolean;
}

function seriesPaths(st: SeriesStyle): uPlot.Series.PathBuilder | undefined {
  if (st.draw === 'bars') return cachedPath('bars', () => uPlot.paths.bars?.({ size: [0.6, 100] }));
  if (st.draw === 'points') return () => null;
  if (st.interpolation === 'smooth') return cachedPath('spline', () => uPlot.paths.spline?.());
  if (st.interpolation === 'stepBefore') return cachedPath('stepBefore', () => uPlot.paths.stepped?.({ align: -1 }));
  if (st.interpolation === 'stepAfter') return cachedPath('stepAfter', () => uPlot.paths.stepped?.({ align: 1 }));
  return undefined;
}

function seriesFill(st: SeriesStyle, color: string, scale: string): uPlot.Series['fill'] {
  const fill = st.fill ?? 0;
  if (fill <= 0) return undefined;
  if (!st.gradient || st.gradient === 'none') return withAlpha(color, fill);
  // Opacity gradient: full fill opacity at the top of the plot, nothing at the bottom.
  return (u: uPlot) => {
    const top = u.valToPos(u.scales[scale].max ?? 1, scale, true);
    const bottom = u.valToPos(u.scales[scale].min ?? 0, scale, true);
    if (!Number.isFinite(top) || !Number.isFinite(bottom)) return withAlpha(color, fill);
    const g = u.ctx.createLinearGradient(0, top, 0, bottom);
    g.addColorStop(0, withAlpha(color, fill));
    g.addColorStop(1, withAlpha(color, 0));
    return g;
  };
}

function seriesPoints(st: SeriesStyle): uPlot.Series.Points {
  const size = st.pointSize ?? 5;
  if (st.draw === 'points' || st.points === 'always') return { show: true, size };
  if (st.points === 'never') return { show: false };
  return { size };
}

/** scaleLimits merges the limits of each scale's series; a percent-stacked scale is fixed to 0..1 (or -1..1). */
export function scaleLimits(scaleOf: readonly string[], styles: readonly SeriesStyle[], groups: readonly StackGroup[]): Map<string, AxisLimits> {
  const out = new Map<string, AxisLimits>();
  for (const scale of new Set(scaleOf)) {
    const members = scaleOf.map((s, i) => (s === scale ? i : -1)).filter((i) => i >= 0);
    const percent = groups.filter((g) => g.percent && g.series.some((i) => scaleOf[i] === scale));
    out.set(scale, percent.length ? percentLimits(percent.some((g) => g.dir === -1)) : mergeLimits(members.map((i) => styles[i]?.limits)));
  }
  return out;
}

/** thresholdsHook draws the thresholds of the first series that asks for them (lines, dashed lines, areas). */
function thresholdsHook(styles: readonly SeriesStyle[], scaleOf: readonly string[], colorOf: (c: string) => string): ((u: uPlot) => void) | null {
  const i = styles.findIndex((s) => s.thresholds && s.thresholdsStyle && s.thresholdsStyle !== 'off');
  if (i < 0) return null;
  const { thresholds, thresholdsStyle: mode } = styles[i] as Required<Pick<SeriesStyle, 'thresholds' | 'thresholdsStyle'>>;
  const scale = scaleOf[i];
  return (u) => {
    const sc = u.scales[scale];
    if (sc.min === undefined || sc.max === undefined) return;
    const { ctx, bbox } = u;
    const at = (v: number | null) => {
      if (v === null) return -Infinity;
      return thresholds.mode === 'percentage' ? sc.min! + ((sc.max! - sc.min!) * v) / 100 : v;
    };
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    thresholds.steps.forEach((step, k) => {
      const color = colorOf(step.color);
      if (!color) return;
      const lo = Math.max(at(step.value), sc.min!);
      const hi = Math.min(k + 1 < thresholds.steps.length ? at(thresholds.steps[k + 1].value) : Infinity, sc.max!);
      const yLo = u.valToPos(lo, scale, true);
      if (mode.endsWith('area') && hi > lo) {
        const yHi = u.valToPos(hi, scale, true);
        ctx.fillStyle = withAlpha(color, 0.15);
        ctx.fillRect(bbox.left, yHi, bbox.width, yLo - yHi);
      }
      if (step.value !== null && mode !== 'area' && at(step.value) >= sc.min! && at(step.value) <= sc.max!) {
        ctx.strokeStyle = color;
        ctx.lineWidth = 1 * devicePixelRatioOf();
        ctx.setLineDash(mode.startsWith('dashed') ? [10 * devicePixelRatioOf(), 10 * devicePixelRatioOf()] : []);
        ctx.beginPath();
        ctx.moveTo(bbox.left, yLo);
        ctx.lineTo(bbox.left + bbox.width, yLo);
        ctx.stroke();
      }
    });
    ctx.restore();
  };
}

function devicePixelRatioOf(): number {
  return typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
}

/** chartOptions returns uPlot's options for one graph. */
export function chartOptions(o: ChartOptionsInput): uPlot.Options {
  const styles = effectiveStyles(o.labels.length, o.stacked, o.styles);
  const { scaleOf, axes } = unitScales(o.labels.length, o.unit, styles);
  const groups = o.groups ?? [];
  const limits = scaleLimits(scaleOf, styles, groups);
  const unitOf = (i: number) => styles[i]?.unit || o.unit;
  const colorOf = (i: number) => styles[i]?.color || PALETTE[i % PALETTE.length];
  const drawThresholds = thresholdsHook(styles, scaleOf, colorValue);
  const hooks: uPlot.Hooks.Arrays = { ...(o.hooks ?? {}) };
  if (drawThresholds) hooks.drawClear = [...(hooks.drawClear ?? []), drawThresholds];
  const scales: uPlot.Scales = { x: { time: true } };
  for (const [scale, l] of limits) {
    const log = styles.find((s, i) => scaleOf[i] === scale && s.log)?.log;
    const fixed = l.min !== undefined && l.max !== undefined && l.softMin === undefined && l.softMax === undefined;
    scales[scale] = log
      ? { distr: 3, log: log === 10 ? 10 : 2 }
      : { auto: !fixed, range: (_u: uPlot, min: number | null, max: number | null) => yRange(min, max, l) as uPlot.Range.MinMax };
  }
  return {
    title: o.title || undefined,
    width: o.width,
    height: o.height,
    scales,
    bands: (o.bands ?? []).map((b) => ({ series: [b.series[0] + 1, b.series[1] + 1] as [number, number], dir: b.dir })),
    series: [
      { label: 'Time' },
      ...o.labels.map((label, i): uPlot.Series => {
        const st = styles[i];
        const color = colorOf(i);
        return {
          label,
          show: !st.hidden,
          stroke: color,
          width: st.draw === 'points' ? 0 : (st.width ?? 1),
          fill: seriesFill(st, color, scaleOf[i]),
          dash: st.dash,
          paths: seriesPaths(st),
          points: seriesPoints(st),
          scale: scaleOf[i],
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatUnit(st.negate ? -v : v, unitOf(i), st.decimals)),
          spanGaps: st.spanNulls ?? false,
        };
      }),
    ],
    axes: themedAxes([
      { grid: { width: 1 }, ticks: { show: false }, font: '12px system-ui, sans-serif', space: 60, size: 28, values: (_u: uPlot, splits: number[], _i: number, _space: number, incr: number) => splits.map((t) => timeTick(t, incr)) },
      ...axes.map((a, i): uPlot.Axis => ({
        scale: a.scale,
        side: a.side === 'left' ? 3 : 1,
        show: a.show,
        grid: { show: i === 0, width: 1 },
        ticks: { show: false },
        font: '12px system-ui, sans-serif',
        values: (_u: uPlot, vals: number[]) => vals.map((v) => formatUnit(v, a.unit)),
        size: axisSize(a.unit),
        ...(a.label ? { label: a.label, labelSize: 18, labelFont: '12px system-ui, sans-serif' } : {}),
      })),
    ]),
    cursor: { drag: { x: true, y: false }, points: { size: 6 }, ...(o.syncKey ? { sync: { key: o.syncKey } } : {}) },
    legend: { live: true, show: !o.ownLegend },
    hooks,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * timeTick formats an x axis tick (seconds) as Grafana does for the tick spacing: HH:mm:ss under a minute, HH:mm
 * under an hour, MM/DD HH:mm under a day, MM/DD under a month, YYYY-MM under a year, else YYYY (local time).
 */
export function timeTick(t: number, incr: number): string {
  const d = new Date(t * 1000);
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  const md = `${pad2(d.getMonth() + 1)}/${pad2(d.getDate())}`;
  if (incr < 1) return `${hm}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  if (incr < 60) return `${hm}:${pad2(d.getSeconds())}`;
  if (incr < 3600) return hm;
  if (incr < 86400) return `${md} ${hm}`;
  if (incr < 28 * 86400) return md;
  if (incr < 365 * 86400) return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}`;
  return String(d.getFullYear());
}

/** axisSize fits the width of a y axis to the labels it draws (measured in Node-safe character counts). */
function axisSize(unit: string): uPlot.Axis.Size {
  return (u, values, axisIdx) => {
    if (!values) return 40;
    const longest = values.reduce((m, v) => Math.max(m, String(v).length), 0);
    const withLabel = u.axes[axisIdx]?.label ? 18 : 0;
    return Math.max(unit === 'none' ? 24 : 32, Math.ceil(longest * 7 + 14)) + withLabel;
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
  /** width is a right-placed legend's width in px. */
  width?: number;
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
