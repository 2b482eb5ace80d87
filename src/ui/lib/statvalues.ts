/**
 * The values a stat, gauge or bar gauge panel shows: each series reduced by the panel's calculation, mapped by value
 * mappings (a missing value too: `N/A`), formatted in its unit and decimals, coloured by its colour mode, placed
 * within min..max, with the series' points kept for a stat's sparkline.
 */
import { applyMappings, colorValue, fieldColor, fieldDisplayName, resolveField, type FieldConfig, type Panel } from '../../dashboards';
import { seriesLabel } from './chartdata';
import type { TargetResult } from './dashboard_runtime';
import { reduce } from './reduce';
import { formatUnit } from './units';

/** StatItem is one shown value. */
export interface StatItem {
  name: string;
  value: number | null;
  text: string;
  color: string;
  /** frac is the value's place between min and max, 0 to 1 (gauges and bars). */
  frac: number;
  min: number;
  max: number;
  /** steps are the threshold bands as fractions of min..max, for a gauge's threshold markers. */
  steps: { from: number; to: number; color: string }[];
  /** spark holds the series' points (seconds, value) for a sparkline; empty for an instant query. */
  spark: { xs: number[]; ys: number[] };
}

interface Row {
  name: string;
  refId: string;
  labels: Record<string, string>;
  values: ArrayLike<number>;
  xs: ArrayLike<number>;
}

function rowsOf(results: readonly TargetResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    if (r.kind === 'range') {
      for (const s of r.series) rows.push({ name: seriesLabel(s.metric, r.legendFormat), refId: r.refId, labels: s.metric, values: s.values, xs: s.timestamps });
    } else if (r.kind === 'instant') {
      if (r.data.resultType === 'vector') {
        for (const s of r.data.result) if (s.value) rows.push({ name: seriesLabel(s.metric, r.legendFormat), refId: r.refId, labels: s.metric, values: [Number(s.value[1])], xs: [] });
      } else if (r.data.resultType === 'scalar') {
        rows.push({ name: r.legendFormat || 'Value', refId: r.refId, labels: {}, values: [Number(r.data.result[1])], xs: [] });
      }
    }
  }
  return rows;
}

function defaultMax(fc: FieldConfig, dataMax: number): number {
  if (fc.unit === 'percent') return 100;
  if (fc.unit === 'percentunit') return 1;
  return Math.max(dataMax, 0);
}

/** statValues lists what a stat, gauge or bar gauge panel shows, one item per series. */
export function statValues(panel: Panel, results: readonly TargetResult[]): StatItem[] {
  const calc = panel.options.reduceOptions?.calcs?.[0] ?? 'lastNotNull';
  const rows = rowsOf(results);
  const reduced = rows.map((r) => reduce(calc, Array.from(r.values)));
  const finite = reduced.filter((v): v is number => v !== null && Number.isFinite(v));
  const dataMin = finite.length ? Math.min(...finite) : 0;
  const dataMax = finite.length ? Math.max(...finite) : 100;
  const out: StatItem[] = rows.map((row, i) => {
    const value = reduced[i];
    const fc = resolveField(panel, { name: row.name, refId: row.refId, labels: row.labels, reduce: (c) => reduce(c, Array.from(row.values)) });
    const min = fc.min ?? Math.min(0, dataMin);
    const max = fc.max ?? defaultMax(fc, dataMax);
    const mapped = applyMappings(value, fc.mappings);
    const text = mapped?.text ?? (value === null ? (fc.noValue ?? 'No data') : formatUnit(value, fc.unit ?? 'short', fc.decimals));
    const byMode = fieldColor({ ...fc, color: fc.color ?? { mode: 'thresholds' } }, i, row.name, value, min, max);
    const color = (mapped?.color ? colorValue(mapped.color) : '') || byMode;
    const frac = value === null || !Number.isFinite(value) ? 0 : Math.min(1, Math.max(0, (value - min) / (max - min || 1)));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < row.xs.length; k++) {
      if (!Number.isFinite(row.values[k])) continue;
      xs.push(row.xs[k] / 1000);
      ys.push(row.values[k]);
    }
    return { name: fieldDisplayName(fc.displayName, row.name, row.labels), value, text, color, frac, min, max, steps: thresholdSteps(fc, min, max), spark: { xs, ys } };
  });
  const limit = panel.options.reduceOptions?.limit;
  return limit !== undefined && limit > 0 ? out.slice(0, limit) : out;
}

/** thresholdSteps places a field's threshold steps between min and max as fractions (0 to 1) with their colours. */
export function thresholdSteps(fc: FieldConfig, min: number, max: number): { from: number; to: number; color: string }[] {
  const steps = fc.thresholds?.steps ?? [];
  const span = max - min || 1;
  const at = (v: number | null) => {
    if (v === null) return 0;
    const abs = fc.thresholds?.mode === 'percentage' ? min + (span * v) / 100 : v;
    return Math.min(1, Math.max(0, (abs - min) / span));
  };
  return steps
    .map((st, i) => ({ from: at(st.value), to: i + 1 < steps.length ? at(steps[i + 1].value) : 1, color: colorValue(st.color) }))
    .filter((b) => b.to > b.from && b.color);
}

/** sparkPath is an SVG path of a sparkline in a width × height box (the line; close it along the bottom to fill). */
export function sparkPath(spark: { xs: number[]; ys: number[] }, width: number, height: number, min?: number, max?: number): string {
  const n = spark.xs.length;
  if (n < 2) return '';
  const x0 = spark.xs[0];
  const x1 = spark.xs[n - 1];
  const lo = min ?? Math.min(...spark.ys);
  const hi = max ?? Math.max(...spark.ys);
  const span = hi - lo || 1;
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const x = ((spark.xs[k] - x0) / (x1 - x0 || 1)) * width;
    const y = height - ((spark.ys[k] - lo) / span) * (height - 2) - 1;
    parts.push(`${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return parts.join(' ');
}
