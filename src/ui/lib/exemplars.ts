/**
 * Exemplars on the Query view's graph: a query_exemplars answer turned into markers (time, value, the graph series
 * each belongs to, the text its tooltip shows). Pure, so the conversion is tested without a browser.
 */
import type { ExemplarData } from '../../api/types';
import type { LabelsObject } from '../../model/labels';
import { seriesDisplayLabel } from './chartdata';
import { sampleValue } from './format';

/** MAX_EXEMPLAR_MARKS bounds the markers one graph draws (the newest are kept). */
export const MAX_EXEMPLAR_MARKS = 1000;

/** ExemplarMark is one marker: where it goes and what its tooltip says. */
export interface ExemplarMark {
  /** t is the exemplar's time in seconds, value its value (the marker's y). */
  t: number;
  value: number;
  /** valueText is the value as people read it. */
  valueText: string;
  /** labels are the exemplar's own labels (trace_id, ...), as name/value pairs. */
  labels: [string, string][];
  /** seriesText names the series the exemplar was scraped with. */
  seriesText: string;
  /** series is the index of the graph series it belongs to (its colour), or -1 when none matches. */
  series: number;
}

/**
 * graphSeriesOf finds the graph series an exemplar's series belongs to: the first whose labels (other than the
 * metric name, which functions drop) all appear in it with the same values; -1 when none does.
 */
export function graphSeriesOf(seriesLabels: LabelsObject, graph: readonly LabelsObject[]): number {
  return graph.findIndex((m) => Object.keys(m).every((k) => k === '__name__' || seriesLabels[k] === m[k]));
}

function parseValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** exemplarMarks lists the markers for an answer, oldest first, at most `max` of them (the newest). */
export function exemplarMarks(data: readonly ExemplarData[] | null, graph: readonly LabelsObject[], max = MAX_EXEMPLAR_MARKS): { marks: ExemplarMark[]; total: number } {
  const marks: ExemplarMark[] = [];
  for (const s of data ?? []) {
    const series = graphSeriesOf(s.seriesLabels, graph);
    const seriesText = seriesDisplayLabel(s.seriesLabels);
    for (const e of s.exemplars) {
      const value = parseValue(e.value);
      if (!Number.isFinite(value) || !Number.isFinite(e.timestamp)) continue;
      marks.push({ t: e.timestamp, value, valueText: sampleValue(e.value), labels: Object.entries(e.labels), seriesText, series });
    }
  }
  marks.sort((a, b) => a.t - b.t);
  return { marks: marks.length > max ? marks.slice(marks.length - max) : marks, total: marks.length };
}

/** exemplarName is a marker's accessible name: its labels, value and time. */
export function exemplarName(m: ExemplarMark): string {
  const labels = m.labels.map(([k, v]) => `${k}=${v}`).join(', ');
  return `Exemplar ${labels || '(no labels)'}, value ${m.valueText} at ${new Date(m.t * 1000).toLocaleString()}`;
}

/** PlotFrame is where a graph's plotting area lies (CSS px, from the chart's corner) and how values map into it. */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** x maps a time (seconds) and y a value to px from the area's corner. */
  x(t: number): number;
  y(v: number): number;
}

/** PlacedMark is a marker with its position; outside says its value lies beyond the y range (drawn at the edge). */
export interface PlacedMark {
  i: number;
  x: number;
  y: number;
  outside: boolean;
}

/** placeMarks positions the markers inside the frame, leaving out those outside its time range. */
export function placeMarks(marks: readonly ExemplarMark[], f: PlotFrame): PlacedMark[] {
  const out: PlacedMark[] = [];
  marks.forEach((m, i) => {
    const x = f.x(m.t);
    if (!(x >= 0 && x <= f.width)) return;
    const y = f.y(m.value);
    const clamped = Number.isNaN(y) ? f.height : Math.min(f.height, Math.max(0, y));
    out.push({ i, x, y: clamped, outside: clamped !== y });
  });
  return out;
}
