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
  let i = 0;
  while (i < ls.length && !METADATA_LABELS.has(ls[i])) i += 2;
  if (i >= ls.length) return ls;
  const out: string[] = ls.slice(0, i);
  for (; i < ls.length; i += 2) if (!METADATA_LABELS.has(ls[i])) out.push(ls[i], ls[i + 1]);
  return out;
}

function countOk(ok: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < ok.length; i++) n += ok[i];
  return n;
}

/**
 * packAll turns step series into matrix series whose values are views of one new buffer (one transfer per result).
 * A series with a value at every step shares one timestamps array, the step times; the others get theirs in a
 * second buffer.
 */
function packAll(series: StepSeries[], g: Grid): MatrixSeries[] {
  const counts = new Int32Array(series.length);
  let total = 0;
  let partial = 0;
  for (let k = 0; k < series.length; k++) {
    const c = countOk(series[k].ok);
    counts[k] = c;
    total += c;
    if (c !== g.n) partial += c;
  }
  const buf = new Float64Array(total);
  const times = new Float64Array(partial);
  const grid = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) grid[i] = g.start + i * g.step;
  const out: MatrixSeries[] = [];
  let at = 0;
  let tat = 0;
  let onlyHistograms = false;
  for (let k = 0; k < series.length; k++) {
    const s = series[k];
    const n = counts[k];
    if (n === 0) {
      if (s.h) onlyHistograms = true;
      continue;
    }
    const values = buf.subarray(at, at + n);
    at += n;
    let timestamps: Float64Array;
    if (n === g.n) {
      timestamps = grid;
      values.set(s.v);
    } else {
      timestamps = times.subarray(tat, tat + n);
      tat += n;
      const v = s.v;
      const ok = s.ok;
      let j = 0;
      for (let i = 0; i < g.n; i++) {
        if (!ok[i]) continue;
        timestamps[j] = grid[i];
        values[j++] = v[i];
      }
    }
    out.push(s.h ? { labels: s.labels, timestamps, values, ...histogramsOf(s, grid) } : { labels: s.labels, timestamps, values });
  }
  if (!onlyHistograms) return out;
  for (let k = 0; k < series.length; k++) {
    const s = series[k];
    if (counts[k] === 0 && s.h) out.push({ labels: s.labels, timestamps: new Float64Array(0), values: new Float64Array(0), ...histogramsOf(s, grid) });
  }
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
  const named: StepSeries[] = new Array(series.length);
  let ordered = true;
  for (let k = 0; k < series.length; k++) {
    const s = series[k];
    const labels = s.dropName ? dropNameLabels(s.labels) : s.labels;
    named[k] = !s.dropName ? s : s.h ? { labels, dropName: false, v: s.v, ok: s.ok, h: s.h } : { labels, dropName: false, v: s.v, ok: s.ok };
    if (ordered && k > 0 && compareLabels(named[k - 1].labels, labels) >= 0) ordered = false;
  }
  // Selected series come sorted and usually stay so: then no two share labels and there is nothing to merge.
  if (ordered) return packAll(named, g);
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
  return withAnnotations(ctx, data(value, g, isRange));
}

/** finalizeMatrix builds the query result from a matrix answer made without step series (see plain_selector.ts). */
export function finalizeMatrix(ctx: EvalContext, result: MatrixSeries[]): QueryResult {
  return withAnnotations(ctx, { resultType: 'matrix', result });
}

function withAnnotations(ctx: EvalContext, d: QueryData): QueryResult {
  const { warnings, infos } = ctx.annotations;
  return {
    ...d,
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    ...(infos.length > 0 ? { infos: [...infos] } : {}),
  } as QueryResult;
}
