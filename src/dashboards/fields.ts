/**
 * Readers for the parts of a panel that Promtab's JSON and Grafana's JSON write the same way: gridPos, targets,
 * thresholds, graph styles and panel options. Each validates field by field and names the path of a bad field.
 */
import {
  DashboardImportError,
  field,
  isObject,
  looseBool,
  looseNumber,
  oneOf,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  reqNumber,
  stringList,
  type JsonObject,
} from './json';
import type { ColorConfig, CustomFieldConfig, FieldConfig, GridPos, JsonValue, PanelLink, PanelOptions, Target, Thresholds } from './model';
import { GRID_COLUMNS } from './model';
import { readLegendValues, readPanelTypeOptions } from './panel_options';

/** DEFAULT_GRID_POS is where a panel without a (readable) position goes: 12 × 8 at the top left. */
const DEFAULT_GRID_POS: GridPos = { x: 0, y: 0, w: 12, h: 8 };

/**
 * readGridPos reads and clamps a gridPos to the 24-column grid (12 × 8 at the top left when absent). Given a
 * warnings list it is lenient, as Grafana is: a coordinate it cannot read takes its default and is reported.
 */
export function readGridPos(o: JsonObject, path: string, warnings?: string[]): GridPos {
  if (field(o, 'gridPos') === undefined || (warnings && field(o, 'gridPos') === null)) return { ...DEFAULT_GRID_POS };
  const p = `${path}.gridPos`;
  if (warnings && !isObject(field(o, 'gridPos'))) {
    warnings.push(`${p}: not a position, placed at the top left`);
    return { ...DEFAULT_GRID_POS };
  }
  const g = optObject(o, 'gridPos', path);
  const num = (key: keyof GridPos): number => {
    if (!warnings) return reqNumber(g, key, p);
    try {
      return reqNumber(g, key, p);
    } catch (e) {
      warnings.push(`${(e as Error).message}; using ${DEFAULT_GRID_POS[key]}`);
      return DEFAULT_GRID_POS[key];
    }
  };
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(num('w'))));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(num('x'))));
  return { x, y: Math.max(0, Math.round(num('y'))), w, h: Math.max(1, Math.round(num('h'))) };
}

/** readPanelLinks reads a panel's header links, leniently: entries without a url are skipped, not refused. */
export function readPanelLinks(o: JsonObject): PanelLink[] {
  const v = field(o, 'links');
  if (!Array.isArray(v)) return [];
  const out: PanelLink[] = [];
  for (const l of v) {
    if (!isObject(l) || typeof l.url !== 'string' || !l.url) continue;
    out.push({ title: typeof l.title === 'string' ? l.title : '', url: l.url, targetBlank: l.targetBlank === true });
  }
  return out;
}

/** readTarget reads one PromQL target; expr must be a string. */
export function readTarget(t: JsonObject, path: string, index: number, warnings: string[]): Target {
  const instant = optBool(t, 'instant', path);
  const format = optString(t, 'format', path, 'time_series');
  const expr = field(t, 'expr');
  if (expr !== undefined && expr !== null && typeof expr !== 'string') throw new DashboardImportError(`${path}.expr`, 'expected a string');
  return {
    refId: optString(t, 'refId', path, String.fromCharCode(65 + (index % 26))),
    expr: optString(t, 'expr', path),
    legendFormat: optString(t, 'legendFormat', path),
    instant,
    range: optBool(t, 'range', path, !instant),
    interval: optString(t, 'interval', path),
    hide: optBool(t, 'hide', path),
    format: oneOf(format, ['time_series', 'table', 'heatmap'] as const, 'time_series', `${path}.format`, warnings),
  };
}

/** readThresholds reads a step list; a missing or null value marks the base step. */
export function readThresholds(o: JsonObject, path: string, warnings: string[]): Thresholds | undefined {
  const v = field(o, 'thresholds');
  if (!isObject(v)) return undefined;
  const p = `${path}.thresholds`;
  const steps = optArray(v, 'steps', p).map((s, i) => {
    if (!isObject(s)) throw new DashboardImportError(`${p}.steps[${i}]`, 'expected an object');
    const value = optNumber(s, 'value', `${p}.steps[${i}]`);
    return { value: value === undefined ? null : value, color: optString(s, 'color', `${p}.steps[${i}]`, 'green') };
  });
  return { mode: oneOf(optString(v, 'mode', p, 'absolute'), ['absolute', 'percentage'] as const, 'absolute', `${p}.mode`, warnings), steps };
}

/** readColor reads a field colour setting. */
export function readColor(o: JsonObject, path: string): ColorConfig | undefined {
  const v = field(o, 'color');
  if (!isObject(v)) return undefined;
  const fixed = optString(v, 'fixedColor', `${path}.color`);
  return { mode: optString(v, 'mode', `${path}.color`, 'palette-classic'), ...(fixed ? { fixedColor: fixed } : {}) };
}

type CustomReader = (v: JsonValue, path: string, warnings: string[]) => unknown;

const num: CustomReader = (v, path) => looseNumber(v, path);
const bool: CustomReader = (v, path) => looseBool(v, path);
const str: CustomReader = (v, path) => {
  if (typeof v !== 'string') throw new DashboardImportError(path, 'expected a string');
  return v;
};
const choice =
  (allowed: readonly string[]): CustomReader =>
  (v, path, warnings) => {
    const s = str(v, path, warnings) as string;
    if (allowed.includes(s)) return s;
    warnings.push(`${path}: unknown value ${JSON.stringify(s)} ignored`);
    return undefined;
  };
const STACKING = choice(['none', 'normal', 'percent']);

/** CUSTOM_READERS reads each supported graph style option; other keys are ignored. */
export const CUSTOM_READERS: Readonly<Record<keyof CustomFieldConfig, CustomReader>> = {
  drawStyle: choice(['line', 'bars', 'points']),
  lineWidth: num,
  fillOpacity: num,
  pointSize: num,
  showPoints: choice(['auto', 'always', 'never']),
  lineInterpolation: choice(['linear', 'smooth', 'stepBefore', 'stepAfter']),
  lineStyle: (v, path, w) => {
    if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
    const fill = choice(['solid', 'dash', 'dot'])(v.fill ?? 'solid', `${path}.fill`, w) ?? 'solid';
    const dash = optArray(v, 'dash', path).map((d, i) => num(d, `${path}.dash[${i}]`, w) as number);
    return dash.length ? { fill, dash } : { fill };
  },
  stacking: (v, path, w) => {
    if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
    const group = field(v, 'group');
    // Grafana keys a stack by the group's text, so `false` (Node Exporter Full's way to take a series out of the
    // stack) is a group of its own, not the default group A.
    const key = typeof group === 'string' ? group : typeof group === 'number' || typeof group === 'boolean' ? String(group) : '';
    return { mode: STACKING(v.mode ?? 'none', `${path}.mode`, w) ?? 'none', group: key || 'A' };
  },
  transform: choice(['negative-Y', 'constant']),
  hideFrom: (v, path) => {
    if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
    return { legend: optBool(v, 'legend', path), tooltip: optBool(v, 'tooltip', path), viz: optBool(v, 'viz', path) };
  },
  spanNulls: (v, path, w) => (typeof v === 'number' ? v : bool(v, path, w)),
  axisPlacement: choice(['auto', 'left', 'right', 'hidden']),
  axisLabel: str,
  gradientMode: choice(['none', 'opacity', 'hue', 'scheme']),
  scaleDistribution: (v, path, w) => {
    if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
    const type = choice(['linear', 'log'])(v.type ?? 'linear', `${path}.type`, w) ?? 'linear';
    const log = optNumber(v, 'log', path);
    return type === 'log' ? { type, log: log ?? 2 } : { type };
  },
  axisSoftMin: num,
  axisSoftMax: num,
  axisCenteredZero: bool,
  barAlignment: (v, path) => {
    if (v !== -1 && v !== 0 && v !== 1) throw new DashboardImportError(path, 'expected -1, 0 or 1');
    return v;
  },
  thresholdsStyle: (v, path, w) => {
    if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
    const mode = choice(['off', 'line', 'dashed', 'area', 'line+area', 'dashed+area'])(v.mode ?? 'off', `${path}.mode`, w);
    return { mode: mode ?? 'off' };
  },
  hidden: bool,
};

/** readCustomValue reads one graph style option by key, or undefined when the key is unsupported or invalid. */
export function readCustomValue(key: string, v: JsonValue, path: string, warnings: string[]): unknown {
  if (!Object.prototype.hasOwnProperty.call(CUSTOM_READERS, key)) return undefined;
  return CUSTOM_READERS[key as keyof CustomFieldConfig](v, path, warnings);
}

/** readCustom reads fieldConfig.defaults.custom. */
export function readCustom(o: JsonObject, path: string, warnings: string[]): CustomFieldConfig | undefined {
  const v = field(o, 'custom');
  if (!isObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CUSTOM_READERS)) {
    const x = field(v, key);
    if (x === undefined || x === null) continue;
    const r = readCustomValue(key, x, `${path}.custom.${key}`, warnings);
    if (r !== undefined) out[key] = r;
  }
  return out as CustomFieldConfig;
}

/** readFieldConfigBase reads every standard option except value mappings. */
export function readFieldConfigBase(o: JsonObject, path: string, warnings: string[]): FieldConfig {
  const out: FieldConfig = {};
  const unit = optString(o, 'unit', path);
  if (unit) out.unit = unit;
  for (const key of ['decimals', 'min', 'max'] as const) {
    const n = optNumber(o, key, path);
    if (n !== undefined) out[key] = n;
  }
  const displayName = optString(o, 'displayName', path);
  if (displayName) out.displayName = displayName;
  const noValue = optString(o, 'noValue', path);
  if (noValue) out.noValue = noValue;
  const color = readColor(o, path);
  if (color) out.color = color;
  const thresholds = readThresholds(o, path, warnings);
  if (thresholds) out.thresholds = thresholds;
  const custom = readCustom(o, path, warnings);
  if (custom && Object.keys(custom).length) out.custom = custom;
  return out;
}

const LEGEND_MODES = ['list', 'table', 'hidden'] as const;

/** readOptions reads the panel options Promtab supports; others are ignored. */
export function readOptions(o: JsonObject, path: string, warnings: string[]): PanelOptions {
  const out: PanelOptions = {};
  const legend = field(o, 'legend');
  if (isObject(legend)) {
    const p = `${path}.legend`;
    const showLegend = optBool(legend, 'showLegend', p, true);
    out.legend = {
      showLegend,
      displayMode: showLegend ? oneOf(optString(legend, 'displayMode', p, 'list'), LEGEND_MODES, 'list', `${p}.displayMode`, warnings) : 'hidden',
      placement: oneOf(optString(legend, 'placement', p, 'bottom'), ['bottom', 'right'] as const, 'bottom', `${p}.placement`, warnings),
      calcs: stringList(legend, 'calcs', p),
    };
    const sortBy = optString(legend, 'sortBy', p);
    if (sortBy) out.legend.sortBy = sortBy;
    const width = field(legend, 'width');
    if (typeof width === 'number' && Number.isFinite(width) && width > 0) out.legend.width = width;
    if (field(legend, 'sortDesc') !== undefined && field(legend, 'sortDesc') !== null) out.legend.sortDesc = optBool(legend, 'sortDesc', p);
    const values = readLegendValues(legend);
    if (values) out.legend.values = values;
  }
  const tooltip = field(o, 'tooltip');
  if (isObject(tooltip)) {
    const p = `${path}.tooltip`;
    out.tooltip = {
      mode: oneOf(optString(tooltip, 'mode', p, 'single'), ['single', 'multi', 'none'] as const, 'single', `${p}.mode`, warnings),
      sort: oneOf(optString(tooltip, 'sort', p, 'none'), ['none', 'asc', 'desc'] as const, 'none', `${p}.sort`, warnings),
    };
  }
  const reduce = field(o, 'reduceOptions');
  if (isObject(reduce)) {
    const p = `${path}.reduceOptions`;
    const limit = optNumber(reduce, 'limit', p);
    out.reduceOptions = { calcs: stringList(reduce, 'calcs', p), values: optBool(reduce, 'values', p), ...(limit !== undefined ? { limit } : {}) };
  }
  const enums: [keyof PanelOptions, readonly string[]][] = [
    ['orientation', ['auto', 'horizontal', 'vertical']],
    ['colorMode', ['value', 'background', 'none']],
    ['graphMode', ['none', 'area']],
    ['textMode', ['auto', 'value', 'value_and_name', 'name', 'none']],
    ['displayMode', ['basic', 'lcd', 'gradient']],
    ['mode', ['markdown', 'code', 'html']],
  ];
  const target = out as Record<string, unknown>;
  for (const [key, allowed] of enums) {
    const v = optString(o, key, path);
    if (v === '') continue;
    if (allowed.includes(v)) target[key] = v;
    else warnings.push(`${path}.${key}: unsupported value ${JSON.stringify(v)} ignored`);
  }
  for (const key of ['showThresholdLabels', 'showThresholdMarkers', 'showUnfilled', 'showHeader'] as const) {
    if (field(o, key) !== undefined && field(o, key) !== null) out[key] = optBool(o, key, path);
  }
  if (typeof field(o, 'content') === 'string') out.content = optString(o, 'content', path);
  return { ...out, ...readPanelTypeOptions(o, path, warnings) };
}
