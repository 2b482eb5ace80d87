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
}

/** chartOptions returns uPlot's options for one graph. */
export function chartOptions(o: ChartOptionsInput): uPlot.Options {
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
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatUnit(v, o.unit)),
          spanGaps: false,
        };
      }),
    ],
    axes: [{}, { values: (_u: uPlot, vals: number[]) => vals.map((v) => formatUnit(v, o.unit)), size: 70 }],
    cursor: { drag: { x: true, y: false }, ...(o.syncKey ? { sync: { key: o.syncKey } } : {}) },
    legend: { live: true },
    hooks: o.hooks ?? {},
  };
}
