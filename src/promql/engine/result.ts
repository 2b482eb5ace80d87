/**
 * Turning an evaluated value into a query result: delayed `__name__` removal, merging series that end up with
 * the same labels, sorting matrices by labels, and attaching the annotations.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, compareLabels, labelsKey, type Labels } from '../../model/labels';
import { evalError, type EvalContext } from './context';
import type { Grid, MatrixSeries, PointSeries, QueryData, QueryResult, StepSeries, Value, VectorSample } from './types';

const METADATA_LABELS = new Set([METRIC_NAME, '__type__', '__unit__']);

function dropNameLabels(ls: Labels): Labels {
  const out: string[] = [];
  for (let i = 0; i < ls.length; i += 2) if (!METADATA_LABELS.has(ls[i])) out.push(ls[i], ls[i + 1]);
  return out;
}

function countOk(ok: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < ok.length; i++) n += ok[i];
  return n;
}

/** packAll turns step series into matrix series whose arrays are views of one new buffer (one transfer per result). */
function packAll(series: StepSeries[], g: Grid): MatrixSeries[] {
  const counts = series.map((s) => countOk(s.ok));
  const total = counts.reduce((a, b) => a + b, 0);
  const buf = new Float64Array(total * 2);
  const grid = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) grid[i] = g.start + i * g.step;
  const out: MatrixSeries[] = [];
  let at = 0;
  series.forEach((s, k) => {
    const n = counts[k];
    if (n === 0) return;
    const timestamps = buf.subarray(at, at + n);
    const values = buf.subarray(total + at, total + at + n);
    at += n;
    if (n === g.n) {
      timestamps.set(grid);
      values.set(s.v);
    } else {
      let j = 0;
      for (let i = 0; i < g.n; i++) {
        if (!s.ok[i]) continue;
        timestamps[j] = grid[i];
        values[j++] = s.v[i];
      }
    }
    out.push({ labels: s.labels, timestamps, values, ...histogramsOf(s, grid) });
  });
  const onlyHistograms = series.filter((s, k) => counts[k] === 0 && s.h);
  if (onlyHistograms.length === 0) return out;
  for (const s of onlyHistograms) out.push({ labels: s.labels, timestamps: new Float64Array(0), values: new Float64Array(0), ...histogramsOf(s, grid) });
  return out.filter((s) => s.values.length > 0 || s.histograms).sort((a, b) => compareLabels(a.labels, b.labels));
}

function histogramsOf(s: StepSeries, grid: Float64Array): Pick<MatrixSeries, 'histograms'> {
  if (!s.h) return {};
  const values: FloatHistogram[] = [];
  const times: number[] = [];
  s.h.forEach((h, i) => {
    if (!h) return;
    values.push(h);
    times.push(grid[i]);
  });
  return values.length === 0 ? {} : { histograms: { timestamps: Float64Array.from(times), values } };
}

/** stepSeriesToMatrix applies delayed name removal, sorts by labels and merges series that now share labels. */
function stepSeriesToMatrix(series: StepSeries[], g: Grid): MatrixSeries[] {
  const named = series.map((s) => (s.dropName ? { ...s, labels: dropNameLabels(s.labels), dropName: false } : s));
  named.sort((a, b) => compareLabels(a.labels, b.labels));
  const merged: StepSeries[] = [];
  for (const s of named) {
    const last = merged.length - 1;
    if (last < 0 || compareLabels(merged[last].labels, s.labels) !== 0) {
      merged.push(s);
      continue;
    }
    const prev = merged[last];
    const m: StepSeries = { labels: s.labels, dropName: false, v: prev.v.slice(), ok: prev.ok.slice(), h: prev.h?.slice() };
    for (let i = 0; i < g.n; i++) {
      const sh = s.h?.[i];
      if (!s.ok[i] && !sh) continue;
      if (m.ok[i] || m.h?.[i]) throw evalError('vector cannot contain metrics with the same labelset');
      if (sh) (m.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = sh;
      else {
        m.v[i] = s.v[i];
        m.ok[i] = 1;
      }
    }
    merged[last] = m;
  }
  return packAll(merged, g);
}

function pointsToMatrix(series: PointSeries[]): MatrixSeries[] {
  const out = series.map(
    (s): MatrixSeries => ({
      labels: s.dropName ? dropNameLabels(s.labels) : s.labels,
      timestamps: s.t,
      values: s.v,
      ...(s.ht && s.hv ? { histograms: { timestamps: s.ht, values: s.hv } } : {}),
    }),
  );
  const seen = new Set<string>();
  for (const s of out) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw evalError('vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels));
}

function instantVector(series: StepSeries[], t: number): VectorSample[] {
  const out: VectorSample[] = [];
  const seen = new Set<string>();
  for (const s of series) {
    const h = s.h?.[0];
    if (!s.ok[0] && !h) continue;
    const labels = s.dropName ? dropNameLabels(s.labels) : s.labels;
    const k = labelsKey(labels);
    if (seen.has(k)) throw evalError('vector cannot contain metrics with the same labelset');
    seen.add(k);
    out.push(h ? { labels, t, v: 0, h } : { labels, t, v: s.v[0] });
  }
  return out;
}

function data(value: Value, g: Grid, isRange: boolean): QueryData {
  switch (value.type) {
    case 'vector':
      return isRange
        ? { resultType: 'matrix', result: stepSeriesToMatrix(value.series, g) }
        : { resultType: 'vector', result: instantVector(value.series, g.start) };
    case 'scalar':
      if (!isRange) return { resultType: 'scalar', result: { t: g.start, v: value.v[0] } };
      return { resultType: 'matrix', result: stepSeriesToMatrix([{ labels: [], dropName: false, v: value.v, ok: new Uint8Array(g.n).fill(1) }], g) };
    case 'string':
      return { resultType: 'string', result: { t: g.start, v: value.s } };
    case 'matrix':
      return { resultType: 'matrix', result: pointsToMatrix(value.series) };
  }
}

/** finalize builds the query result from the evaluated value. */
export function finalize(ctx: EvalContext, value: Value, g: Grid, isRange: boolean): QueryResult {
  const d = data(value, g, isRange);
  const { warnings, infos } = ctx.annotations;
  return {
    ...d,
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    ...(infos.length > 0 ? { infos: [...infos] } : {}),
  } as QueryResult;
}
