/**
 * Bar chart model as Grafana's bar chart reads its frame: categories from the x field (xField, else the first string
 * field, else the time field) and one bar series per numeric field, grouped or stacked (normal or percent). Several
 * one-row frames (instant series) become one frame: a category per series, a `Value` field.
 */
import { displayName, fieldType, type Cell, type Field, type Frame, type Panel } from '../../../dashboards';
import { fieldConfigOf, valueLook } from './fieldcolor';

/** BarSeries is one numeric field: its values per category, their texts and colour. */
export interface BarSeries {
  name: string;
  values: (number | null)[];
  texts: string[];
  color: string;
  colors: string[];
}

/** BarModel is what the bar chart draws. */
export interface BarModel {
  categories: string[];
  series: BarSeries[];
  /** lo and hi bound the value axis (stacked sums included; 0 always inside). */
  lo: number;
  hi: number;
  stacking: 'none' | 'normal' | 'percent';
  error?: string;
}

function oneFrame(frames: readonly Frame[]): Frame | undefined {
  if (frames.length <= 1) return frames[0];
  if (frames.every((f) => f.fields.filter((x) => fieldType(x) === 'number').length === 1 && (f.fields[0]?.values.length ?? 0) >= 1)) {
    const fields: Field[] = [
      { name: 'Series', type: 'string', values: frames.map((f) => displayName(f.fields.find((x) => fieldType(x) === 'number')!)) },
      { name: 'Value', type: 'number', values: frames.map((f) => f.fields.find((x) => fieldType(x) === 'number')!.values.at(-1) ?? null) },
    ];
    return { refId: frames[0].refId, fields };
  }
  return frames[0];
}

/** barModel builds the bars of a panel's frames. */
export function barModel(panel: Panel, frames: readonly Frame[]): BarModel {
  const stacking = panel.options.stacking ?? 'none';
  const frame = oneFrame(frames);
  const empty: BarModel = { categories: [], series: [], lo: 0, hi: 1, stacking };
  if (!frame) return empty;
  const x =
    frame.fields.find((f) => panel.options.xField && displayName(f) === panel.options.xField) ??
    frame.fields.find((f) => fieldType(f) === 'string') ??
    frame.fields.find((f) => fieldType(f) === 'time');
  if (!x) return { ...empty, error: 'Bar charts need a string or time field for the x axis' };
  const isTime = fieldType(x) === 'time';
  const categories = x.values.map((v: Cell) => (isTime && typeof v === 'number' ? new Date(v).toLocaleTimeString() : String(v ?? '')));
  const numeric = frame.fields.filter((f) => f !== x && fieldType(f) === 'number');
  const raw = numeric.map((f) => f.values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)));
  const totals = categories.map((_, c) => raw.reduce((t, vs) => t + Math.abs(vs[c] ?? 0), 0));
  const shown = stacking === 'percent' ? raw.map((vs) => vs.map((v, c) => (v === null || !totals[c] ? v : v / totals[c]))) : raw;
  const all = shown.flat().filter((v): v is number => v !== null);
  const min = all.length ? Math.min(...all) : 0;
  const max = all.length ? Math.max(...all) : 1;
  const series = numeric.map((f, i): BarSeries => {
    const fc = fieldConfigOf(panel, displayName(f), frame.refId);
    const looks = raw[i].map((v) => valueLook(stacking === 'percent' ? { ...fc, unit: fc.unit } : fc, v, i, min, max));
    const base = valueLook({ ...fc, mappings: [] }, null, i, min, max).color;
    return { name: fc.displayName || displayName(f), values: shown[i], texts: looks.map((l) => l.text), color: base, colors: looks.map((l) => l.color) };
  });
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (stacking !== 'none') {
    const pos = categories.map((_, c) => shown.reduce((t, vs) => t + Math.max(0, vs[c] ?? 0), 0));
    const neg = categories.map((_, c) => shown.reduce((t, vs) => t + Math.min(0, vs[c] ?? 0), 0));
    hi = Math.max(hi, ...pos);
    lo = Math.min(lo, ...neg);
  }
  if (hi === lo) hi = lo + 1;
  return { categories, series, lo, hi, stacking };
}
