/**
 * Standard options at display time, as Grafana applies them: a series' field config (defaults, then every matching
 * override in order), the active threshold colour, and value mappings (value, range, regex, special; first wins).
 */
import type { CustomFieldConfig, FieldConfig, FieldMatcher, FieldType, MappingResult, Panel, Thresholds, ValueMapping } from './model';
import { compileVariableRegex } from './variables';

function regexMatches(pattern: string, name: string): boolean {
  try {
    return compileVariableRegex(pattern).matcher(name).find();
  } catch {
    return false;
  }
}

/**
 * fieldMatches reports whether an override matcher selects a field by its display name, query refId and value type
 * (a Prometheus series is a number field).
 */
export function fieldMatches(m: FieldMatcher, seriesName: string, refId: string, fieldType: FieldType = 'number'): boolean {
  if (m.type === 'byName') return m.names.includes(seriesName) !== m.exclude;
  if (m.type === 'byRegexp') return regexMatches(m.pattern, seriesName);
  if (m.type === 'byType') return m.fieldType === fieldType;
  return m.refId === refId;
}

/** resolveFieldConfig is the field config of one series: the panel's defaults with matching overrides applied in order. */
export function resolveFieldConfig(panel: Panel, seriesName: string, refId: string): FieldConfig {
  const d = panel.fieldConfig.defaults;
  const out: FieldConfig = { ...d, ...(d.custom ? { custom: { ...d.custom } } : {}) };
  const target = out as Record<string, unknown>;
  for (const o of panel.fieldConfig.overrides) {
    if (!fieldMatches(o.matcher, seriesName, refId)) continue;
    for (const p of o.properties) {
      if (p.id.startsWith('custom.')) {
        const custom = { ...(out.custom ?? {}) } as Record<string, unknown>;
        custom[p.id.slice(7)] = p.value;
        out.custom = custom as CustomFieldConfig;
      } else if (p.id !== 'custom') target[p.id] = p.value;
    }
  }
  return out;
}

/**
 * thresholdColor is the colour of the highest step at or below value; percentage thresholds are relative to
 * min..max (0..100 when unset). Returns '' without thresholds.
 */
export function thresholdColor(value: number, thresholds: Thresholds | undefined, min = 0, max = 100): string {
  if (!thresholds || thresholds.steps.length === 0) return '';
  const v = thresholds.mode === 'percentage' ? (max === min ? 0 : ((value - min) / (max - min)) * 100) : value;
  let color = thresholds.steps[0].color;
  for (const step of thresholds.steps) {
    if (step.value === null || v >= step.value) color = step.color;
    else break;
  }
  return color;
}

type Raw = number | string | boolean | null | undefined;

const SPECIAL: Record<string, (v: Raw) => boolean> = {
  null: (v) => v === null || v === undefined,
  nan: (v) => typeof v === 'number' && Number.isNaN(v),
  'null+nan': (v) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)),
  true: (v) => v === true,
  false: (v) => v === false,
  empty: (v) => v === '',
};

function asText(v: Raw): string {
  return v === null || v === undefined ? '' : String(v);
}

function numeric(v: Raw): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function matchOne(m: ValueMapping, v: Raw): MappingResult | null {
  if (m.type === 'special') return SPECIAL[m.match](v) ? m.result : null;
  if (v === null || v === undefined) return null;
  if (m.type === 'value') return asText(v) === m.value ? m.result : null;
  if (m.type === 'range') {
    const n = numeric(v);
    if (Number.isNaN(n) || (m.from === null && m.to === null)) return null;
    return n >= (m.from ?? -Infinity) && n <= (m.to ?? Infinity) ? m.result : null;
  }
  if (!m.pattern) return null;
  let re;
  try {
    re = compileVariableRegex(m.pattern);
  } catch {
    return null;
  }
  const text = asText(v);
  if (!re.matcher(text).find()) return null;
  return m.result.text === undefined ? m.result : { ...m.result, text: re.matcher(text).replaceAll(m.result.text) };
}

/** applyMappings returns the result of the first mapping that matches value, or null. */
export function applyMappings(value: Raw, mappings: ValueMapping[] | undefined): MappingResult | null {
  for (const m of mappings ?? []) {
    const r = matchOne(m, value);
    if (r) return r;
  }
  return null;
}
