/**
 * Pie chart model as Grafana's pie chart builds it: each numeric field reduced to one value (reduceOptions.calcs,
 * lastNotNull by default; every value with `values: true`), slices sorted by value, largest first, with percent of
 * the total, and SVG paths for pie and donut.
 */
import { displayName, fieldType, type Frame, type Panel } from '../../../dashboards';
import { reduce } from '../reduce';
import { fieldConfigOf, valueLook } from './fieldcolor';

/** Slice is one pie slice. */
export interface Slice {
  name: string;
  value: number;
  percent: number;
  text: string;
  color: string;
}

/** pieSlices reduces a panel's frames to slices (non-positive and missing values take no room). */
export function pieSlices(panel: Panel, frames: readonly Frame[]): Slice[] {
  const calc = panel.options.reduceOptions?.calcs?.[0] ?? 'lastNotNull';
  const every = panel.options.reduceOptions?.values ?? false;
  const raw: { name: string; value: number; refId: string }[] = [];
  for (const f of frames) {
    const label = f.fields.find((x) => fieldType(x) === 'string');
    for (const x of f.fields) {
      if (fieldType(x) !== 'number') continue;
      const nums = x.values.map((v) => (typeof v === 'number' ? v : NaN));
      if (every) nums.forEach((v, r) => raw.push({ name: label ? String(label.values[r]) : `${displayName(x)} ${r + 1}`, value: v, refId: f.refId ?? '' }));
      else raw.push({ name: displayName(x), value: reduce(calc, nums) ?? NaN, refId: f.refId ?? '' });
    }
  }
  const limit = panel.options.reduceOptions?.limit;
  const kept = (every && limit ? raw.slice(0, limit) : raw).filter((s) => Number.isFinite(s.value));
  const total = kept.reduce((t, s) => t + Math.max(0, s.value), 0);
  const max = Math.max(0, ...kept.map((s) => s.value));
  return kept
    .map((s, i) => {
      const fc = fieldConfigOf(panel, s.name, s.refId);
      const look = valueLook(fc, s.value, i, 0, max);
      return { name: fc.displayName || s.name, value: s.value, percent: total > 0 ? Math.max(0, s.value) / total : 0, text: look.text, color: look.color };
    })
    .sort((a, b) => b.value - a.value);
}

/** formatPercent writes a share as Grafana's pie legend does: `42%`, `4.2%`, `0.42%`. */
export function formatPercent(p: number): string {
  const v = p * 100;
  const digits = v >= 10 || v === 0 ? 0 : v >= 1 ? 1 : 2;
  return `${v.toFixed(digits)}%`;
}

function point(cx: number, cy: number, r: number, a: number): string {
  return `${(cx + r * Math.sin(a)).toFixed(2)} ${(cy - r * Math.cos(a)).toFixed(2)}`;
}

/**
 * arcPath is the SVG path of a slice from angle a0 to a1 (radians, clockwise from 12 o'clock); inner > 0 makes a
 * donut ring. A full circle is drawn as two halves.
 */
export function arcPath(cx: number, cy: number, r: number, inner: number, a0: number, a1: number): string {
  if (a1 - a0 >= Math.PI * 2 - 1e-9) {
    const mid = a0 + Math.PI;
    return arcPath(cx, cy, r, inner, a0, mid) + ' ' + arcPath(cx, cy, r, inner, mid, a0 + Math.PI * 2);
  }
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const outer = `M ${point(cx, cy, r, a0)} A ${r} ${r} 0 ${large} 1 ${point(cx, cy, r, a1)}`;
  if (inner <= 0) return `${outer} L ${cx} ${cy} Z`;
  return `${outer} L ${point(cx, cy, inner, a1)} A ${inner} ${inner} 0 ${large} 0 ${point(cx, cy, inner, a0)} Z`;
}

/** sliceAngles lays slices around the circle: [start, end] angles in radians. */
export function sliceAngles(slices: readonly Slice[]): [number, number][] {
  let a = 0;
  return slices.map((s) => {
    const start = a;
    a += s.percent * Math.PI * 2;
    return [start, a];
  });
}
