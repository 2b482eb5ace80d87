/**
 * The heatmap canvas: where the plot, its rows and its y ticks go (a true value axis for native histograms, an
 * ordinal one for classic `le` buckets), drawing it, and which cell lies under the pointer.
 */
import { bucketAxis, chooseBucketScale, rowAt, type BucketScale, type BucketScaleChoice } from '../../dashboards/bucket_axis';
import { bucketRangeText } from '../../model/histogram_json';
import { heatColor, type HeatmapGrid } from './heatmap';
import { timeTicks } from './time_ticks';
import { formatUnit } from './units';

/** HEATMAP_MARGIN is the room around the plot: y labels on the left, the colour scale on the right, time below. */
export const HEATMAP_MARGIN = { left: 66, right: 56, top: 7, bottom: 20 };

/** HeatmapGeometry is the plot rectangle, each row's vertical span (fractions, 0 at the bottom) and the y ticks. */
export interface HeatmapGeometry {
  width: number;
  height: number;
  plotW: number;
  plotH: number;
  /** scale is the value axis drawn, or null for the ordinal axis of classic buckets. */
  scale: BucketScale | null;
  rows: { y0: number; y1: number }[];
  ticks: { y: number; label: string }[];
  breaks: number[];
}

const boundText = (v: number, unit: string) => (v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : formatUnit(v, unit));

/** heatmapGeometry lays out a grid in a width × height canvas on the asked-for y scale. */
export function heatmapGeometry(grid: HeatmapGrid, width: number, height: number, unit: string, choice: BucketScaleChoice = 'auto'): HeatmapGeometry {
  const plotW = Math.max(1, width - HEATMAP_MARGIN.left - HEATMAP_MARGIN.right);
  const plotH = Math.max(1, height - HEATMAP_MARGIN.top - HEATMAP_MARGIN.bottom);
  const base = { width, height, plotW, plotH };
  if (grid.lowers) {
    const bounds = grid.lowers.map((lower, i) => ({ lower, upper: grid.bounds[i] }));
    const scale = chooseBucketScale(bounds, choice);
    const axis = bucketAxis(bounds, scale, plotH);
    return { ...base, scale, rows: axis.rows, ticks: axis.ticks.map((t) => ({ y: t.y, label: boundText(t.value, unit) })), breaks: axis.breaks };
  }
  // Classic buckets: one equal row per `le`, labelled by its upper bound at its middle.
  const nb = grid.bounds.length;
  const every = Math.max(1, Math.ceil(nb / Math.max(1, plotH / 14)));
  const rows = grid.bounds.map((_, b) => ({ y0: b / nb, y1: (b + 1) / nb }));
  const ticks = grid.bounds.flatMap((le, b) => (b % every === 0 ? [{ y: (b + 0.5) / nb, label: boundText(le, unit) }] : []));
  return { ...base, scale: null, rows, ticks, breaks: [] };
}

/** HeatmapColors are the canvas colours: labels and ticks, and whether the theme is dark. */
export interface HeatmapColors {
  axis: string;
  grid: string;
  dark: boolean;
}

/** drawHeatmap paints the cells, the y and time axes, axis breaks and the colour scale. */
export function drawHeatmap(ctx: CanvasRenderingContext2D, grid: HeatmapGrid, g: HeatmapGeometry, colors: HeatmapColors): void {
  const { left, top } = HEATMAP_MARGIN;
  const nt = grid.times.length;
  ctx.clearRect(0, 0, g.width, g.height);
  if (g.rows.length === 0 || nt === 0) return;
  const cw = g.plotW / nt;
  const yOf = (f: number) => top + g.plotH * (1 - f);
  // Grid lines at the ticks, under the cells.
  ctx.fillStyle = colors.grid;
  for (const t of g.ticks) ctx.fillRect(left, Math.round(yOf(t.y)), g.plotW, 1);
  g.rows.forEach(({ y0, y1 }, b) => {
    const y = yOf(y1);
    const h = Math.max(1, yOf(y0) - y);
    for (let t = 0; t < nt; t++) {
      const v = grid.cells[b][t];
      if (!(v > 0)) continue;
      ctx.fillStyle = heatColor(grid.max ? v / grid.max : 0, colors.dark);
      ctx.fillRect(left + t * cw, y, Math.ceil(cw), Math.ceil(h));
    }
  });
  ctx.fillStyle = colors.axis;
  ctx.strokeStyle = colors.axis;
  ctx.font = '11px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of g.ticks) {
    const y = yOf(t.y);
    ctx.fillRect(left - 4, Math.round(y), 4, 1);
    ctx.fillText(t.label, left - 6, Math.min(Math.max(y, 6), g.height - HEATMAP_MARGIN.bottom));
  }
  // Axis breaks (the zero band's edges, an infinite bucket's band): a short double slash on the axis.
  for (const f of g.breaks) {
    const y = yOf(f);
    ctx.beginPath();
    for (const dy of [-2, 2]) {
      ctx.moveTo(left - 5, y + dy + 2);
      ctx.lineTo(left + 1, y + dy - 2);
    }
    ctx.stroke();
  }
  ctx.textBaseline = 'alphabetic';
  const t0 = grid.times[0];
  const t1 = grid.times[nt - 1] + (nt > 1 ? grid.times[1] - grid.times[0] : 0);
  ctx.textAlign = 'center';
  for (const tick of timeTicks(t0, t1, g.plotW)) {
    const x = left + ((tick.t - t0) / (t1 - t0 || 1)) * g.plotW;
    ctx.fillRect(x, top + g.plotH, 1, 4);
    ctx.fillText(tick.label, Math.min(Math.max(x, left + 20), left + g.plotW - 20), g.height - 5);
  }
  // Colour scale: the cells' gradient, 0 at the bottom and the largest value at the top.
  const barX = g.width - HEATMAP_MARGIN.right + 10;
  for (let y = 0; y < g.plotH; y++) {
    ctx.fillStyle = heatColor(1 - y / g.plotH, colors.dark);
    ctx.fillRect(barX, top + y, 10, 1);
  }
  ctx.fillStyle = colors.axis;
  ctx.textAlign = 'left';
  ctx.fillText(formatUnit(grid.max), barX + 13, top + 8);
  ctx.fillText('0', barX + 13, top + g.plotH);
}

/** HeatmapCell is the cell under the pointer: its step and row, and the tooltip's lines. */
export interface HeatmapCell {
  t: number;
  b: number;
  time: number;
  bucket: string;
  value: string;
}

/** cellAt finds the non-empty cell at (x, y) in canvas pixels, the narrowest bucket where rows overlap. */
export function cellAt(grid: HeatmapGrid, g: HeatmapGeometry, x: number, y: number, unit: string): HeatmapCell | null {
  const nt = grid.times.length;
  const t = Math.floor(((x - HEATMAP_MARGIN.left) / g.plotW) * nt);
  const f = 1 - (y - HEATMAP_MARGIN.top) / g.plotH;
  if (t < 0 || t >= nt || f < 0 || f > 1) return null;
  const b = rowAt(g.rows, f, (i) => grid.cells[i][t] > 0);
  if (b < 0) return null;
  const upper = grid.bounds[b];
  const bucket =
    grid.lowers && grid.rules ? bucketRangeText(grid.rules[b], boundText(grid.lowers[b], unit), boundText(upper, unit)) : `le ${upper === Infinity ? '+Inf' : boundText(upper, unit)}`;
  return { t, b, time: grid.times[t], bucket, value: formatUnit(grid.cells[b][t]) };
}
