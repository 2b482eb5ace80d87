/**
 * Chart colours from the theme tokens (`--chart-axis`, `--chart-grid` in app.css), for canvases that cannot use CSS.
 * Reading `theme.resolved` first makes any Svelte effect that builds a chart run again when the theme changes.
 * Outside a browser (the render benchmark's Node side) nothing is read and uPlot keeps its own colours.
 */
import type uPlot from 'uplot';
import { theme } from './theme.svelte';

/** ChartColors are the canvas colours of the current theme. */
export interface ChartColors {
  axis: string;
  grid: string;
  fg: string;
  bg: string;
}

/** chartColors reads the current theme's chart tokens, or null where there is no document. */
export function chartColors(): ChartColors | null {
  void theme.resolved;
  if (typeof document === 'undefined' || typeof getComputedStyle === 'undefined') return null;
  const css = getComputedStyle(document.documentElement);
  const read = (name: string) => css.getPropertyValue(name).trim();
  return { axis: read('--chart-axis'), grid: read('--chart-grid'), fg: read('--fg'), bg: read('--bg-panel') };
}

/** themedAxes gives uPlot axes the theme's label, tick and grid colours (each axis keeps what it sets itself). */
export function themedAxes(axes: uPlot.Axis[]): uPlot.Axis[] {
  const c = chartColors();
  if (!c) return axes;
  return axes.map((a) => ({
    stroke: c.axis,
    ...a,
    grid: { stroke: c.grid, width: 1, ...a.grid },
    ticks: { stroke: c.grid, width: 1, ...a.ticks },
    border: { stroke: c.grid, width: 1, ...a.border },
  }));
}
