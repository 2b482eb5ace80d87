/**
 * The graph panel handler: an Angular `graph` panel becomes a `timeseries` panel as Grafana's auto-migration makes
 * it (draw style, fill, points, stacking, axes, legend, tooltip, alias colours, series overrides, threshold lines).
 */
import { field, isObject, optArray, optBool, optNumber, optObject, optString, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import type { Note } from './walk';
const LEGEND_VALUES: [string, string][] = [
  ['min', 'min'],
  ['max', 'max'],
  ['avg', 'mean'],
  ['current', 'lastNotNull'],
  ['total', 'sum'],
];

/** LEGACY_SORT_NAMES maps an old graph legend's `sort` key to the column name a table legend sorts by. */
const LEGACY_SORT_NAMES: Record<string, string> = { min: 'Min', max: 'Max', avg: 'Mean', current: 'Last *', total: 'Total' };

function legacySort(legend: JsonObject, path: string): JsonObject {
  const sort = optString(legend, 'sort', path);
  if (!Object.prototype.hasOwnProperty.call(LEGACY_SORT_NAMES, sort)) return {};
  return { sortBy: LEGACY_SORT_NAMES[sort], sortDesc: optBool(legend, 'sortDesc', path) };
}

function fixedColor(color: string): JsonObject {
  return { mode: 'fixed', fixedColor: color };
}

/** aliasMatcher matches a series by name, or by regex when the alias is written `/pattern/`. */
export function aliasMatcher(alias: string): JsonObject {
  return alias.length > 1 && alias.startsWith('/') && alias.lastIndexOf('/') > 0 ? { id: 'byRegexp', options: alias } : { id: 'byName', options: alias };
}

type SeriesOverrideRule = (v: JsonValue, o: JsonObject, ctx: { percent: boolean; rightUnit: string }) => JsonObject[];

/** SERIES_OVERRIDE_RULES maps each graph seriesOverrides key to field override properties. */
const SERIES_OVERRIDE_RULES: Record<string, SeriesOverrideRule> = {
  alias: () => [],
  color: (v) => (typeof v === 'string' ? [{ id: 'color', value: fixedColor(v) }] : []),
  fill: (v) => (typeof v === 'number' ? [{ id: 'custom.fillOpacity', value: v * 10 }] : []),
  linewidth: (v) => (typeof v === 'number' ? [{ id: 'custom.lineWidth', value: v }] : []),
  pointradius: (v) => (typeof v === 'number' ? [{ id: 'custom.pointSize', value: v * 2 + 1 }] : []),
  stack: (v, _o, ctx) => [
    { id: 'custom.stacking', value: { mode: v === false ? 'none' : ctx.percent ? 'percent' : 'normal', group: typeof v === 'string' ? v : 'A' } },
  ],
  transform: (v) => (v === 'negative-Y' || v === 'constant' ? [{ id: 'custom.transform', value: v }] : []),
  yaxis: (v, _o, ctx) =>
    v === 2 ? [{ id: 'custom.axisPlacement', value: 'right' }, ...(ctx.rightUnit ? [{ id: 'unit', value: ctx.rightUnit }] : [])] : [],
  lines: (v, o) => (v === false && field(o, 'bars') !== true && field(o, 'points') === true ? [{ id: 'custom.drawStyle', value: 'points' }] : []),
  bars: (v) => (v === true ? [{ id: 'custom.drawStyle', value: 'bars' }] : []),
  points: (v, o) => (v === true && field(o, 'lines') !== false ? [{ id: 'custom.showPoints', value: 'always' }] : []),
  dashes: (v, o) =>
    v === true
      ? [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [optNumber(o, 'dashLength', '') ?? 10, optNumber(o, 'spaceLength', '') ?? 10] } }]
      : [],
  legend: (v) => (v === false ? [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: false } }] : []),
  hiddenSeries: (v) => (v === true ? [{ id: 'custom.hideFrom', value: { legend: false, tooltip: false, viz: true } }] : []),
  zindex: () => [],
  dashLength: () => [],
  spaceLength: () => [],
};

function graphDrawStyle(p: JsonObject): { drawStyle: string; showPoints: string } {
  const lines = optBool(p, 'lines', 'panel', true);
  const bars = optBool(p, 'bars', 'panel');
  const points = optBool(p, 'points', 'panel');
  if (bars) return { drawStyle: 'bars', showPoints: 'never' };
  if (!lines && points) return { drawStyle: 'points', showPoints: 'always' };
  return { drawStyle: 'line', showPoints: points ? 'always' : 'never' };
}

/** migrateGraph turns an old `graph` panel into a `timeseries` panel with its options mapped. */
export function migrateGraph(p: JsonObject, path: string, note: Note): JsonObject {
  const yaxes = optArray(p, 'yaxes', path).filter(isObject);
  const left = yaxes[0] ?? {};
  const right = yaxes[1] ?? {};
  const percent = optBool(p, 'percentage', path);
  const stack = optBool(p, 'stack', path);
  const custom: JsonObject = {
    ...graphDrawStyle(p),
    lineWidth: optNumber(p, 'linewidth', path) ?? 1,
    fillOpacity: (optNumber(p, 'fill', path) ?? 1) * 10,
    pointSize: (optNumber(p, 'pointradius', path) ?? 2) * 2 + 1,
    stacking: { mode: stack ? (percent ? 'percent' : 'normal') : 'none', group: 'A' },
    lineInterpolation: optBool(p, 'steppedLine', path) ? 'stepAfter' : 'linear',
    spanNulls: optString(p, 'nullPointMode', path) === 'connected',
  };
  if ((optNumber(left, 'logBase', path) ?? 1) > 1) custom.scaleDistribution = { type: 'log', log: optNumber(left, 'logBase', path) ?? 2 };
  const label = optString(left, 'label', path);
  if (label) custom.axisLabel = label;
  const defaults: JsonObject = { custom, color: { mode: 'palette-classic' } };
  const unit = optString(left, 'format', path);
  if (unit) defaults.unit = unit;
  for (const key of ['min', 'max'] as const) {
    const n = optNumber(left, key, `${path}.yaxes[0]`);
    if (n !== undefined) defaults[key] = n;
  }
  const decimals = optNumber(left, 'decimals', path) ?? optNumber(p, 'decimals', path);
  if (decimals !== undefined) defaults.decimals = decimals;

  const overrides: JsonValue[] = [];
  const aliasColors = optObject(p, 'aliasColors', path);
  for (const name of Object.keys(aliasColors)) {
    const c = aliasColors[name];
    if (typeof c === 'string') overrides.push({ matcher: { id: 'byName', options: name }, properties: [{ id: 'color', value: fixedColor(c) }] });
  }
  const ctx = { percent, rightUnit: optString(right, 'format', path) };
  optArray(p, 'seriesOverrides', path).forEach((so, i) => {
    if (!isObject(so)) return;
    const alias = optString(so, 'alias', `${path}.seriesOverrides[${i}]`);
    if (!alias) return;
    const properties: JsonValue[] = [];
    for (const key of Object.keys(so)) {
      const rule = Object.prototype.hasOwnProperty.call(SERIES_OVERRIDE_RULES, key) ? SERIES_OVERRIDE_RULES[key] : undefined;
      if (rule) properties.push(...rule(so[key], so, ctx));
      else note(`${path}.seriesOverrides[${i}].${key}: not supported, ignored`);
    }
    if (properties.length) overrides.push({ matcher: aliasMatcher(alias), properties });
  });
  const lines = graphThresholds(optArray(p, 'thresholds', path));
  if (lines) {
    defaults.thresholds = { mode: 'absolute', steps: lines.steps };
    custom.thresholdsStyle = { mode: lines.style };
  }

  const legend = optObject(p, 'legend', path);
  const show = optBool(legend, 'show', path, true);
  const calcs = LEGEND_VALUES.filter(([k]) => optBool(legend, 'values', path) && optBool(legend, k, path)).map(([, c]) => c);
  const tooltip = optObject(p, 'tooltip', path);
  const sort = optNumber(tooltip, 'sort', path) ?? 0;
  return {
    ...p,
    type: 'timeseries',
    fieldConfig: { defaults, overrides },
    options: {
      legend: {
        showLegend: show,
        displayMode: !show ? 'hidden' : optBool(legend, 'alignAsTable', path) ? 'table' : 'list',
        placement: optBool(legend, 'rightSide', path) ? 'right' : 'bottom',
        calcs,
        ...legacySort(legend, path),
      },
      tooltip: { mode: optBool(tooltip, 'shared', path, true) ? 'multi' : 'single', sort: sort === 1 ? 'asc' : sort === 2 ? 'desc' : 'none' },
    },
  };
}


/** THRESHOLD_COLORS are the colours of a graph threshold's colour modes other than `custom`. */
const THRESHOLD_COLORS: Record<string, string> = { critical: 'red', warning: 'orange', ok: 'green' };

function thresholdColor(t: JsonObject): string {
  const mode = typeof t.colorMode === 'string' ? t.colorMode : 'custom';
  if (Object.prototype.hasOwnProperty.call(THRESHOLD_COLORS, mode)) return THRESHOLD_COLORS[mode];
  const c = t.fill === false ? (t.lineColor ?? t.fillColor) : (t.fillColor ?? t.lineColor);
  return typeof c === 'string' ? c : 'red';
}

/**
 * graphThresholds turns a graph's threshold lines (`{value, op: 'gt'|'lt', colorMode, fill, line}`) into threshold
 * steps and a thresholds style: a `gt` threshold colours from its value up; an `lt` threshold colours below its value
 * (the base step) and clears from it up. Returns undefined when there is no threshold with a numeric value.
 */
export function graphThresholds(list: JsonValue[]): { steps: JsonValue[]; style: string } | undefined {
  const ts = list.filter(isObject).filter((t) => typeof t.value === 'number' || (typeof t.value === 'string' && t.value.trim() !== '' && Number.isFinite(Number(t.value))));
  if (!ts.length) return undefined;
  const sorted = ts.map((t) => ({ t, v: Number(t.value) })).sort((a, b) => a.v - b.v);
  const steps: { value: number | null; color: string }[] = [];
  let area = false;
  let line = false;
  for (const { t, v } of sorted) {
    if (t.fill !== false) area = true;
    if (t.line !== false) line = true;
    if (t.op === 'lt') {
      if (!steps.length) steps.push({ value: null, color: thresholdColor(t) });
      steps.push({ value: v, color: 'transparent' });
    } else steps.push({ value: v, color: thresholdColor(t) });
  }
  if (steps[0].value !== null) steps.unshift({ value: null, color: 'transparent' });
  return { steps, style: area && line ? 'line+area' : area ? 'area' : 'line' };
}
