/**
 * State timeline and status history models, as Grafana's panels draw them: one row per field over time, coloured
 * by value mappings first and then the colour scheme (thresholds, continuous, palette). The timeline merges equal
 * consecutive values (mergeValues) and holds a state until the next value (the last one until the range's end);
 * status history draws one cell per sample. A null or NaN leaves a gap.
 */
import { displayName, fieldType, type Cell, type Frame, type Panel } from '../../../dashboards';
import { colorValue } from '../../../dashboards';
import { fieldConfigOf, valueLook } from './fieldcolor';

/** Segment is one coloured box of a row, from start to end (ms). */
export interface Segment {
  start: number;
  end: number;
  value: Cell;
  text: string;
  color: string;
}

/** StateRow is one field's row. */
export interface StateRow {
  name: string;
  segments: Segment[];
}

/** LegendItem is one entry of the legend: a mapped text or a threshold step, with its colour. */
export interface LegendItem {
  label: string;
  color: string;
}

function valueOf(v: Cell): Cell {
  return typeof v === 'number' && Number.isNaN(v) ? null : v;
}

function medianStep(times: number[]): number {
  const d = times.slice(1).map((t, i) => t - times[i]).filter((x) => x > 0).sort((a, b) => a - b);
  return d.length ? d[Math.floor(d.length / 2)] : 60_000;
}

/**
 * stateRows builds the rows of a state timeline (`timeline`) or status history (`history`) from time frames.
 * range.to ends the timeline's last state.
 */
export function stateRows(panel: Panel, frames: readonly Frame[], range: { from: number; to: number }, kind: 'timeline' | 'history'): StateRow[] {
  const rows: StateRow[] = [];
  const fields = frames.flatMap((f) => {
    const time = f.fields.find((x) => fieldType(x) === 'time');
    return time ? f.fields.filter((x) => x !== time).map((x) => ({ x, f, times: time.values.map(Number) })) : [];
  });
  const nums = fields.flatMap(({ x }) => x.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const min = nums.length ? Math.min(...nums) : 0;
  const max = nums.length ? Math.max(...nums) : 1;
  fields.forEach(({ x, f, times }, index) => {
    const fc = fieldConfigOf(panel, displayName(x), f.refId);
    const look = (v: Cell) => valueLook(fc, v, index, min, max);
    const segments: Segment[] = [];
    if (kind === 'history') {
      const half = (medianStep(times) / 2) * Math.min(1, Math.max(0.05, panel.options.colWidth ?? 0.9));
      x.values.forEach((raw, i) => {
        const v = valueOf(raw);
        if (v !== null) segments.push({ start: times[i] - half, end: times[i] + half, value: v, ...look(v) });
      });
    } else {
      const merge = panel.options.mergeValues ?? true;
      x.values.forEach((raw, i) => {
        const v = valueOf(raw);
        const end = i + 1 < times.length ? times[i + 1] : Math.max(range.to, times[i]);
        const last = segments.at(-1);
        if (v === null) return;
        if (merge && last && last.value === v && last.end === times[i]) last.end = end;
        else segments.push({ start: times[i], end, value: v, ...look(v) });
      });
    }
    rows.push({ name: fc.displayName || displayName(x), segments });
  });
  return rows;
}

/** stateLegend lists what the colours mean: value mappings (in their `index` order), else the threshold steps (thresholds mode). */
export function stateLegend(panel: Panel): LegendItem[] {
  const fc = fieldConfigOf(panel, '', '');
  const mapped = (fc.mappings ?? []).filter((m) => m.result.color || m.result.text).sort((a, b) => (a.result.index ?? 0) - (b.result.index ?? 0));
  if (mapped.length) {
    return mapped.map((m) => ({
      label: m.result.text ?? (m.type === 'value' ? m.value : m.type === 'range' ? `${m.from ?? ''} – ${m.to ?? ''}` : m.type === 'regex' ? m.pattern : m.match),
      color: colorValue(m.result.color) || 'currentColor',
    }));
  }
  if (fc.color?.mode !== 'thresholds') return [];
  const steps = fc.thresholds?.steps ?? [];
  return steps.map((s, i) => ({
    label: s.value === null ? (steps[i + 1] ? `< ${steps[i + 1].value}` : 'Base') : `${s.value}+`,
    color: colorValue(s.color),
  }));
}
