/**
 * Stacking as Grafana's time series draws it: series are stacked per group (same stacking mode and group name, same
 * axis, draw style and direction, where negative-Y series stack downwards), a hidden series stacks with no one, and
 * percent groups are divided by the group's total at each point. Pure functions over uPlot's columns.
 */
import type { StackingMode } from '../../dashboards/model';

/** StackSeries is what decides a series' stack group. */
export interface StackSeries {
  mode: StackingMode;
  group: string;
  /** scale is the series' y scale (one per unit). */
  scale: string;
  negate?: boolean;
  hidden?: boolean;
  draw?: string;
}

/** StackGroup is one stack: its series (column indexes in draw order), direction and whether it is in percent. */
export interface StackGroup {
  key: string;
  series: number[];
  dir: 1 | -1;
  percent: boolean;
}

/** StackBand fills between two stacked series (uPlot column indexes from 0): upper, lower, fill direction. */
export interface StackBand {
  series: [number, number];
  dir: 1 | -1;
}

/** mostlyNegative reports whether more of a column's values are below zero than above it. */
function mostlyNegative(col: readonly (number | null)[]): boolean {
  let neg = 0;
  let pos = 0;
  for (const v of col) {
    if (v === null || v === undefined) continue;
    if (v < 0 || Object.is(v, -0)) neg++;
    else if (v > 0) pos++;
  }
  return neg > pos;
}

/**
 * stackGroups groups the stacked series; cols are the columns as drawn (negative-Y already applied), so a series
 * drawn mostly below zero stacks downwards in a group of its own direction.
 */
export function stackGroups(series: readonly StackSeries[], cols: readonly (readonly (number | null)[])[]): StackGroup[] {
  const groups = new Map<string, StackGroup>();
  series.forEach((s, i) => {
    if (s.hidden || s.mode === 'none') return;
    const dir: 1 | -1 = mostlyNegative(cols[i] ?? []) ? -1 : 1;
    const key = `${dir}|${s.mode}|${s.group}|${s.scale}|${s.draw ?? 'line'}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, series: [], dir, percent: s.mode === 'percent' };
      groups.set(key, g);
    }
    g.series.push(i);
  });
  return [...groups.values()];
}

/**
 * stackColumns returns the drawn columns: each stacked series becomes the running total of its group (a gap stays
 * a gap unless another series of the group has a value there), percent groups as fractions of the group total
 * (signed by the group's direction); other columns are returned as they are. Bands fill between neighbours.
 */
export function stackColumns(cols: readonly (readonly (number | null)[])[], groups: readonly StackGroup[]): { cols: (number | null)[][]; bands: StackBand[] } {
  const out = cols.map((c) => c as (number | null)[]);
  const bands: StackBand[] = [];
  for (const g of groups) {
    const n = Math.max(0, ...g.series.map((i) => cols[i].length));
    const acc = new Array<number>(n).fill(0);
    const any = new Array<boolean>(n).fill(false);
    for (const i of g.series) cols[i].forEach((v, x) => (any[x] ||= v !== null && v !== undefined));
    for (const i of g.series) {
      out[i] = cols[i].map((v, x) => {
        if (v !== null && v !== undefined) return (acc[x] += v);
        return any[x] ? acc[x] : null;
      });
    }
    if (g.percent) {
      for (const i of g.series) out[i] = out[i].map((v, x) => (v === null ? null : acc[x] === 0 ? 0 : g.dir * (v / acc[x])));
    }
    const rev = [...g.series].reverse();
    for (let k = 0; k < rev.length - 1; k++) bands.push({ series: [rev[k], rev[k + 1]], dir: g.dir === 1 ? -1 : 1 });
  }
  return { cols: out, bands };
}
