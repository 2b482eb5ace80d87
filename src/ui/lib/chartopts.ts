/**
 * chartOptions builds the uPlot options of every Promtab graph (series colours, unit-aware values and axes, live
 * legend, drag to zoom, a shared crosshair), so the Chart component and the render benchmark use the same code.
 */
import type uPlot from 'uplot';
import { formatUnit } from './units';

/** PALETTE is the series colour cycle. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

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
}

/** chartOptions returns uPlot's options for one graph. */
export function chartOptions(o: ChartOptionsInput): uPlot.Options {
  return {
    title: o.title || undefined,
    width: o.width,
    height: o.height,
    series: [
      { label: 'Time' },
      ...o.labels.map((label, i) => ({
        label,
        stroke: PALETTE[i % PALETTE.length],
        width: 1,
        fill: o.stacked ? PALETTE[i % PALETTE.length] + '55' : undefined,
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatUnit(v, o.unit)),
        spanGaps: false,
      })),
    ],
    axes: [{}, { values: (_u: uPlot, vals: number[]) => vals.map((v) => formatUnit(v, o.unit)), size: 70 }],
    cursor: { drag: { x: true, y: false }, ...(o.syncKey ? { sync: { key: o.syncKey } } : {}) },
    legend: { live: true },
    hooks: o.hooks ?? {},
  };
}
