/**
 * Standard options at display time, as Grafana applies them: a series' field config (defaults, then every matching
 * override in order), the active threshold colour, and value mappings (value, range, regex, special; first wins).
 */
import type { CustomFieldConfig, FieldConfig, FieldMatcher, FieldType, MappingResult, Panel, Thresholds, ValueMapping } from './model';
import { colorValue, continuousColor, nameColor, seriesColor } from './colors';
import { compileVariableRegex } from './variables';

function regexMatches(pattern: string, name: string): boolean {
  try {
    return compileVariableRegex(pattern).matcher(name).find();
  } catch {
    return false;
  }
}

/** FieldRef is what override matchers look at: the field's name (before any displayName), query, type, labels. */
export interface FieldRef {
  name: string;
  refId: string;
  /** type is Grafana's field type: number (default), string, time, boolean. */
  type?: FieldType;
  labels?: Readonly<Record<string, string>>;
  /** reduce computes a calculation over the field's values, for byValue matchers. */
  reduce?: (calc: string) => number | null;
}

const VALUE_OPS: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/** matchField reports whether an override matcher selects a field, as Grafana's field matchers do. */
export function matchField(m: FieldMatcher, f: FieldRef): boolean {
  switch (m.type) {
    case 'byName':
      return m.names.includes(f.name) !== m.exclude;
    case 'byRegexp':
      return regexMatches(m.pattern, f.name);
    case 'byFrameRefID':
      return m.refId === f.refId;
    case 'byType':
      return m.fieldType === (f.type ?? 'number');
    case 'byValue': {
      if ((f.type ?? 'number') !== 'number' || !f.reduce) return false;
      const v = f.reduce(m.reducer === 'allValues' ? 'max' : m.reducer);
      return v !== null && Number.isFinite(v) && VALUE_OPS[m.op](v, m.value);
    }
  }
}

/**
 * fieldMatches reports whether an override matcher selects a field by its display name, query refId and value type
 * (a Prometheus series is a number field).
 */
export function fieldMatches(m: FieldMatcher, seriesName: string, refId: string, fieldType: FieldType = 'number'): boolean {
  return matchField(m, { name: seriesName, refId, type: fieldType });
}

/**
 * setProperty sets one override property the way Grafana's setDynamicConfigValue does: `custom.x` sets a graph style
 * option, any other id a standard option; a null value removes the option.
 */
function setProperty(out: FieldConfig, id: string, value: unknown): void {
  if (id === 'custom' || id === '') return;
  const custom = id.startsWith('custom.');
  const target = (custom ? { ...(out.custom ?? {}) } : out) as Record<string, unknown>;
  const key = custom ? id.slice(7) : id;
  if (value === null || value === undefined) delete target[key];
  else target[key] = value;
  if (custom) out.custom = target as CustomFieldConfig;
}

/** resolveField is one field's config: the panel's defaults with every matching override applied in order. */
export function resolveField(panel: Panel, f: FieldRef): FieldConfig {
  const d = panel.fieldConfig.defaults;
  const out: FieldConfig = { ...d, ...(d.custom ? { custom: { ...d.custom } } : {}) };
  for (const o of panel.fieldConfig.overrides) {
    if (!matchField(o.matcher, f)) continue;
    for (const p of o.properties) setProperty(out, p.id, p.value);
  }
  return out;
}

/** resolveFieldConfig is the field config of one number series by its name and query refId. */
export function resolveFieldConfig(panel: Panel, seriesName: string, refId: string): FieldConfig {
  return resolveField(panel, { name: seriesName, refId });
}

/**
 * fieldDisplayName expands a displayName template for one field: `${__field.name}`, `${__field.displayName}`,
 * `${__series.name}`, `${__field.labels.X}` and `${__field.labels}` (all labels as `{a="b"}`); no template: the name.
 */
export function fieldDisplayName(template: string | undefined, name: string, labels: Readonly<Record<string, string>> = {}): string {
  if (!template) return name;
  return template.replace(/\$\{(__field|__series)\.([A-Za-z]+)(?:\.([^}]+))?\}/g, (whole, scope: string, prop: string, label?: string) => {
    if (prop === 'name' || prop === 'displayName') return name;
    if (scope === '__field' && prop === 'labels') {
      if (label !== undefined) return labels[label] ?? '';
      const keys = Object.keys(labels).filter((k) => k !== '__name__');
      return keys.length ? `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}` : '';
    }
    return whole;
  });
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

/**
 * fieldColor is a field's colour by its colour mode, as Grafana picks a series colour: fixed and shades use the
 * fixed colour, palette-classic the field's position, palette-classic-by-name its name, thresholds and continuous
 * schemes the field's value (its last value for a series) within min..max. Returns a CSS colour.
 */
export function fieldColor(fc: FieldConfig, index: number, name: string, value: number | null, min = 0, max = 100): string {
  const mode = fc.color?.mode ?? 'palette-classic';
  if (mode === 'fixed' || mode === 'shades') return colorValue(fc.color?.fixedColor) || seriesColor(index);
  if (mode === 'palette-classic-by-name') return nameColor(name);
  if (mode === 'thresholds') {
    const c = value === null ? fc.thresholds?.steps[0]?.color : thresholdColor(value, fc.thresholds, min, max);
    return colorValue(c) || seriesColor(index);
  }
  if (mode.startsWith('continuous-')) {
    const frac = value === null || max === min ? 0 : (value - min) / (max - min);
    return continuousColor(mode.slice(11), frac) || seriesColor(index);
  }
  return seriesColor(index);
}
