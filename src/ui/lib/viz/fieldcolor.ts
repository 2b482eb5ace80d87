/**
 * The colour and text Grafana gives one value of a field: a value mapping first, then the field's colour scheme
 * (thresholds, a fixed colour, `continuous-GrYlRd` between min and max, or the classic palette by series index).
 */
import { applyMappings, colorValue, DEFAULT_COLOR_MODE, resolveFieldConfig, seriesColor, thresholdColor, type Cell, type FieldConfig, type Panel } from '../../../dashboards';
import { formatUnit } from '../units';

/** ValueLook is how one value shows: its text and CSS colour. */
export interface ValueLook {
  text: string;
  color: string;
}

/** fieldConfigOf resolves a field's config by display name and refId, with the panel type's default colour scheme. */
export function fieldConfigOf(panel: Panel, name: string, refId = ''): FieldConfig {
  const fc = resolveFieldConfig(panel, name, refId);
  if (!fc.color?.mode && DEFAULT_COLOR_MODE[panel.type]) fc.color = { mode: DEFAULT_COLOR_MODE[panel.type]! };
  return fc;
}

function mix(a: string, b: string, t: number): string {
  const p = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [x, y] = [p(a), p(b)];
  return `#${x.map((v, i) => Math.round(v + (y[i] - v) * t).toString(16).padStart(2, '0')).join('')}`;
}

/** continuousColor picks a colour on Grafana's green-yellow-red scale for a fraction 0..1. */
export function continuousColor(frac: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(frac) ? frac : 0));
  return f < 0.5 ? mix('#73BF69', '#FADE2A', f * 2) : mix('#FADE2A', '#F2495C', (f - 0.5) * 2);
}

/** schemeColor is a numeric value's colour by the field's colour scheme (min and max bound percentage and continuous modes). */
export function schemeColor(fc: FieldConfig, value: number | null, index: number, min: number, max: number): string {
  const mode = fc.color?.mode ?? 'palette-classic';
  if (mode === 'fixed' || mode === 'shades') return colorValue(fc.color?.fixedColor) || seriesColor(index);
  if (mode === 'thresholds' && value !== null) return colorValue(thresholdColor(value, fc.thresholds, fc.min ?? min, fc.max ?? max)) || seriesColor(index);
  if (mode.startsWith('continuous') && value !== null) {
    const lo = fc.min ?? min;
    const hi = fc.max ?? max;
    return continuousColor(hi === lo ? 0 : (value - lo) / (hi - lo));
  }
  return seriesColor(index);
}

/** valueLook gives a value's text and colour: a mapping's text and colour win, then the unit and the colour scheme. */
export function valueLook(fc: FieldConfig, value: Cell, index: number, min: number, max: number): ValueLook {
  const mapped = applyMappings(value, fc.mappings);
  const n = typeof value === 'number' ? value : null;
  const text = mapped?.text ?? (value === null ? (fc.noValue ?? '') : typeof value !== 'number' ? String(value) : formatUnit(value, fc.unit ?? 'short', fc.decimals));
  const color = colorValue(mapped?.color) || schemeColor(fc, n, index, min, max);
  return { text, color };
}

/** contrastText is black or white, whichever reads better on a hex background (other colours get white). */
export function contrastText(bg: string): string {
  const m = /^#([0-9a-f]{6})/i.exec(bg);
  if (!m) return '#ffffff';
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#000000' : '#ffffff';
}
