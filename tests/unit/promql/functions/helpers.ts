/** Test helpers: windows built from promqltest-style series notation (`0+10x4 NaN _ 5`). */
import { labelsFromObject } from '../../../../src/model/labels';
import { parseDuration } from '../../../../src/model/time';
import type { Annotation, Window, WindowContext } from '../../../../src/promql/window';

function num(s: string): number {
  if (s === 'Inf' || s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** expandSeries expands promqltest notation into one value (or null for `_`, a gap) per step. */
export function expandSeries(text: string): (number | null)[] {
  const out: (number | null)[] = [];
  for (const item of text.trim().split(/\s+/)) {
    if (item === '_') {
      out.push(null);
      continue;
    }
    const m = /^(-?[\d.e+]+|[+-]?Inf|NaN)(?:([+-])([\d.e+]+)x(\d+))?$/.exec(item);
    if (!m) throw new Error(`bad series item ${item}`);
    const first = num(m[1]);
    if (!m[2]) {
      out.push(first);
      continue;
    }
    const step = (m[2] === '-' ? -1 : 1) * num(m[3]);
    for (let i = 0; i <= Number(m[4]); i++) out.push(first + i * step);
  }
  return out;
}

/** SeriesWindow describes a window: the series loaded every `interval` from 0, evaluated at `at` over `range`. */
export interface SeriesWindow {
  series: string;
  interval: string;
  at: string;
  range: string;
  name?: string;
}

/** windowOf selects the points in (at - range, at] of the expanded series. */
export function windowOf(s: SeriesWindow): Window {
  const step = parseDuration(s.interval);
  const end = parseDuration(s.at);
  const start = end - parseDuration(s.range);
  const t: number[] = [];
  const v: number[] = [];
  expandSeries(s.series).forEach((x, i) => {
    const ts = i * step;
    if (x !== null && ts > start && ts <= end) {
      t.push(ts);
      v.push(x);
    }
  });
  return {
    t: Float64Array.from(t),
    v: Float64Array.from(v),
    start: 0,
    end: t.length,
    rangeStart: start,
    rangeEnd: end,
    labels: labelsFromObject({ __name__: s.name ?? 'metric_total' }),
  };
}

/** rawWindow builds a window from explicit points, placed at an offset inside larger arrays to test indices. */
export function rawWindow(points: [number, number][], rangeStart: number, rangeEnd: number, name = 'x_total'): Window {
  const t = [-1e9, ...points.map((p) => p[0]), 1e12];
  const v = [12345, ...points.map((p) => p[1]), 54321];
  return {
    t: Float64Array.from(t),
    v: Float64Array.from(v),
    start: 1,
    end: 1 + points.length,
    rangeStart,
    rangeEnd,
    labels: labelsFromObject({ __name__: name }),
  };
}

/** recordingContext returns a WindowContext and the annotations it received. */
export function recordingContext(args: number[] = [], evalTime?: number) {
  const annotations: Annotation[] = [];
  const ctx: WindowContext & { evalTime?: number } = {
    args,
    evalTime,
    annotate: (a) => {
      if (!annotations.some((x) => x.message === a.message)) annotations.push(a);
    },
  };
  return { ctx, annotations };
}

/** closeTo compares as promqltest does: NaN equals NaN, infinities exactly, otherwise 1e-6 relative tolerance. */
export function closeTo(got: number | undefined, want: number | undefined): boolean {
  if (got === undefined || want === undefined) return got === want;
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= 1e-6 * Math.max(Math.abs(want), 1e-300) || got === want;
}
