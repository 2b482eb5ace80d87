/**
 * Y axis ranges as Grafana's time series computes them: min and max are hard limits, soft min and soft max widen
 * the range only when the data does not reach them, the rest is padded by 10 % to round numbers (uPlot's rangeNum),
 * a centred zero makes the range symmetric, and percent stacking fixes the range to 0..1 (or -1..1).
 */
import uPlot from 'uplot';

/** AxisLimits are the range options of the series on one axis. */
export interface AxisLimits {
  min?: number;
  max?: number;
  softMin?: number;
  softMax?: number;
  centeredZero?: boolean;
  /** decimals 0 rounds the range out to whole numbers. */
  decimals?: number;
}

function pick(a: number | undefined, b: number | undefined, lower: boolean): number | undefined {
  if (a === undefined || !Number.isFinite(a)) return b;
  if (b === undefined || !Number.isFinite(b)) return a;
  return lower ? Math.min(a, b) : Math.max(a, b);
}

/** mergeLimits combines the limits of the series sharing an axis: the lowest min and the highest max win. */
export function mergeLimits(all: readonly (AxisLimits | undefined)[]): AxisLimits {
  const out: AxisLimits = {};
  for (const l of all) {
    if (!l) continue;
    out.min = pick(out.min, l.min, true);
    out.max = pick(out.max, l.max, false);
    out.softMin = pick(out.softMin, l.softMin, true);
    out.softMax = pick(out.softMax, l.softMax, false);
    out.centeredZero ||= l.centeredZero;
    if (l.decimals !== undefined) out.decimals = l.decimals;
  }
  return out;
}

/** yRange is the drawn range of an axis for data between dataMin and dataMax (nulls: no data). */
export function yRange(dataMin: number | null, dataMax: number | null, l: AxisLimits): [number | null, number | null] {
  const { min: hardMin, max: hardMax, softMin, softMax } = l;
  const hardMinOnly = softMin === undefined && hardMin !== undefined;
  const hardMaxOnly = softMax === undefined && hardMax !== undefined;
  if (!(hardMinOnly && hardMaxOnly) && dataMin === null && dataMax === null) return [dataMin, dataMax];
  let lo = dataMin ?? hardMin ?? 0;
  let hi = dataMax ?? hardMax ?? lo;
  if (l.centeredZero) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 80;
    [lo, hi] = [-m, m];
  }
  const cfg: uPlot.Range.Config = {
    min: { pad: 0.1, hard: hardMin ?? -Infinity, soft: softMin ?? 0, mode: softMin === undefined ? 3 : 1 },
    max: { pad: 0.1, hard: hardMax ?? Infinity, soft: softMax ?? 0, mode: softMax === undefined ? 3 : 1 },
  };
  const r = uPlot.rangeNum(hardMinOnly ? hardMin : lo, hardMaxOnly ? hardMax : hi, cfg);
  let [a, b] = [r[0] as number, r[1] as number];
  if (l.decimals === 0) [a, b] = [Math.floor(a), Math.ceil(b)];
  if (hardMinOnly) a = hardMin;
  if (hardMaxOnly) b = hardMax;
  if (!(a < b)) return [0, 100];
  return [a, b];
}

/** percentLimits are the fixed limits of a percent-stacked axis: 0..1, or -1..1 when a stack goes downwards. */
export function percentLimits(anyDownwards: boolean): AxisLimits {
  return { min: anyDownwards ? -1 : 0, max: 1 };
}
