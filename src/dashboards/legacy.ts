/**
 * Grafana's old dashboard shapes migrated, JSON to JSON, to the current ones the importer reads, the way Grafana's
 * own migrator does: top-level `rows` (schema < 16) to row panels with gridPos, `graph` to `timeseries`,
 * `singlestat` to `stat` or `gauge`, and `table-old` to `table`. Anything without an equivalent is a warning.
 */
import { field, isObject, optArray, optBool, optNumber, optObject, optString, type JsonObject } from './json';
import type { JsonValue } from './model';

const GRID_HEIGHT_STEP = 38;
const MIN_PANEL_HEIGHT = 90;

function gridHeight(height: JsonValue | undefined, fallback: number): number {
  const px = typeof height === 'number' ? height : typeof height === 'string' ? parseInt(height, 10) : NaN;
  return Math.ceil(Math.max(MIN_PANEL_HEIGHT, Number.isFinite(px) ? px : fallback) / GRID_HEIGHT_STEP);
}

/** migrateRows turns schema < 16 top-level rows (12-column spans) into row panels and panels with gridPos. */
export function migrateRows(root: JsonObject, warnings: string[]): JsonValue[] {
  const rows = optArray(root, 'rows', '').filter(isObject);
  const showRows = rows.some((r) => optBool(r, 'collapse', 'rows') || optBool(r, 'showTitle', 'rows') || field(r, 'repeat'));
  let nextId = 1;
  for (const r of rows) for (const p of optArray(r, 'panels', 'rows')) if (isObject(p)) nextId = Math.max(nextId, (optNumber(p, 'id', 'rows') ?? 0) + 1);
  const out: JsonValue[] = [];
  let y = 0;
  rows.forEach((row, i) => {
    const collapsed = optBool(row, 'collapse', `rows[${i}]`);
    const rowPanel: JsonObject = { type: 'row', id: nextId++, title: optString(row, 'title', `rows[${i}]`), collapsed, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] };
    const repeat = optString(row, 'repeat', `rows[${i}]`);
    if (repeat) rowPanel.repeat = repeat;
    if (showRows) {
      out.push(rowPanel);
      y++;
    }
    const rowH = gridHeight(field(row, 'height'), 250);
    const rowStart = y;
    let x = 0;
    let lineH = 0;
    for (const p of optArray(row, 'panels', `rows[${i}]`)) {
      if (!isObject(p)) continue;
      const w = Math.max(1, Math.min(24, Math.round((optNumber(p, 'span', 'panel') ?? 4) * 2)));
      const h = field(p, 'height') !== undefined ? gridHeight(field(p, 'height'), 250) : rowH;
      if (x + w > 24) {
        x = 0;
        y += lineH;
        lineH = 0;
      }
      const panel: JsonObject = { ...p, gridPos: { x, y, w, h } };
      if (collapsed) (rowPanel.panels as JsonValue[]).push(panel);
      else out.push(panel);
      x += w;
      lineH = Math.max(lineH, h);
    }
    y = collapsed ? rowStart : y + lineH;
  });
  if (rows.length) warnings.push(`rows: migrated ${rows.length} old-style rows to the grid`);
  return out;
}

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

function aliasMatcher(alias: string): JsonObject {
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
export function migrateGraph(p: JsonObject, path: string, warnings: string[]): JsonObject {
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
      else warnings.push(`${path}.seriesOverrides[${i}].${key}: not supported, ignored`);
    }
    if (properties.length) overrides.push({ matcher: aliasMatcher(alias), properties });
  });
  if (optArray(p, 'thresholds', path).length) warnings.push(`${path}.thresholds: graph threshold lines are not migrated`);

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

const SINGLESTAT_CALCS: Record<string, string> = {
  avg: 'mean',
  current: 'lastNotNull',
  min: 'min',
  max: 'max',
  total: 'sum',
  first: 'firstNotNull',
  delta: 'delta',
  diff: 'diff',
  range: 'range',
};

function oldMappings(p: JsonObject, path: string): JsonValue[] {
  const out: JsonValue[] = [];
  for (const m of optArray(p, 'valueMaps', path).filter(isObject)) {
    const value = optString(m, 'value', path);
    const text = optString(m, 'text', path);
    if (value === 'null') out.push({ type: 'special', options: { match: 'null', result: { text } } });
    else out.push({ type: 'value', options: { [value]: { text } } });
  }
  for (const m of optArray(p, 'rangeMaps', path).filter(isObject)) {
    out.push({ type: 'range', options: { from: optNumber(m, 'from', path) ?? null, to: optNumber(m, 'to', path) ?? null, result: { text: optString(m, 'text', path) } } });
  }
  return out;
}

function oldThresholds(thresholds: string, colors: JsonValue[]): JsonObject {
  const palette = colors.filter((c): c is string => typeof c === 'string');
  const values = thresholds.trim() === '' ? [] : thresholds.split(',').map((s) => Number(s.trim())).filter(Number.isFinite);
  const steps: JsonValue[] = [{ value: null, color: palette[0] ?? 'green' }];
  values.forEach((v, i) => steps.push({ value: v, color: palette[i + 1] ?? palette[palette.length - 1] ?? 'red' }));
  return { mode: 'absolute', steps };
}

/** migrateSinglestat turns a `singlestat` panel into a `gauge` (when its gauge was shown) or a `stat` panel. */
export function migrateSinglestat(p: JsonObject, path: string, warnings: string[]): JsonObject {
  const gauge = optObject(p, 'gauge', path);
  const isGauge = optBool(gauge, 'show', path);
  const valueName = optString(p, 'valueName', path, 'avg');
  const calc = SINGLESTAT_CALCS[valueName] ?? 'lastNotNull';
  if (!Object.prototype.hasOwnProperty.call(SINGLESTAT_CALCS, valueName)) warnings.push(`${path}.valueName: ${JSON.stringify(valueName)} shown as the last value`);
  let unit = optString(p, 'format', path);
  const postfix = optString(p, 'postfix', path);
  const prefix = optString(p, 'prefix', path);
  if ((unit === '' || unit === 'none' || unit === 'short') && (postfix || prefix)) unit = postfix ? `suffix:${postfix}` : `prefix:${prefix}`;
  else if (postfix || prefix) warnings.push(`${path}: prefix/postfix text dropped in favour of unit ${JSON.stringify(unit)}`);
  const defaults: JsonObject = {
    thresholds: oldThresholds(optString(p, 'thresholds', path), optArray(p, 'colors', path)),
    mappings: oldMappings(p, path),
    color: { mode: 'thresholds' },
  };
  if (unit) defaults.unit = unit;
  const decimals = optNumber(p, 'decimals', path);
  if (decimals !== undefined) defaults.decimals = decimals;
  if (isGauge) {
    defaults.min = optNumber(gauge, 'minValue', path) ?? 0;
    defaults.max = optNumber(gauge, 'maxValue', path) ?? 100;
  }
  const colored = optBool(p, 'colorBackground', path) ? 'background' : optBool(p, 'colorValue', path) ? 'value' : 'none';
  const reduceOptions = { calcs: [calc], values: false };
  const options: JsonObject = isGauge
    ? { reduceOptions, showThresholdMarkers: optBool(gauge, 'thresholdMarkers', path, true), showThresholdLabels: optBool(gauge, 'thresholdLabels', path), orientation: 'auto' }
    : { reduceOptions, colorMode: colored, graphMode: optBool(optObject(p, 'sparkline', path), 'show', path) ? 'area' : 'none', textMode: 'auto', orientation: 'auto' };
  return { ...p, type: isGauge ? 'gauge' : 'stat', fieldConfig: { defaults, overrides: [] }, options };
}

/** migrateTableOld turns a `table-old` panel's column styles into field options and overrides. */
export function migrateTableOld(p: JsonObject, path: string, warnings: string[]): JsonObject {
  const defaults: JsonObject = {};
  const overrides: JsonValue[] = [];
  optArray(p, 'styles', path).forEach((s, i) => {
    if (!isObject(s)) return;
    const sp = `${path}.styles[${i}]`;
    const pattern = optString(s, 'pattern', sp);
    const props: JsonValue[] = [];
    const unit = optString(s, 'unit', sp);
    const decimals = optNumber(s, 'decimals', sp);
    const alias = optString(s, 'alias', sp);
    if (unit) props.push({ id: 'unit', value: unit });
    if (decimals !== undefined) props.push({ id: 'decimals', value: decimals });
    if (alias) props.push({ id: 'displayName', value: alias });
    if (optString(s, 'type', sp) === 'hidden') props.push({ id: 'custom.hidden', value: true });
    if (pattern === '/.*/') {
      for (const prop of props) if (isObject(prop) && typeof prop.id === 'string' && !prop.id.startsWith('custom.')) defaults[prop.id] = prop.value;
    } else if (pattern && props.length) overrides.push({ matcher: aliasMatcher(pattern), properties: props });
  });
  const transform = optString(p, 'transform', path, 'timeseries_to_rows');
  if (transform !== 'table' && transform !== 'timeseries_to_rows') warnings.push(`${path}.transform: ${JSON.stringify(transform)} shown as a plain table`);
  return { ...p, type: 'table', fieldConfig: { defaults, overrides }, options: { showHeader: true } };
}

/** LEGACY_PANELS maps each old panel type to its migration. */
export const LEGACY_PANELS: Readonly<Record<string, (p: JsonObject, path: string, warnings: string[]) => JsonObject>> = {
  graph: migrateGraph,
  singlestat: migrateSinglestat,
  'grafana-singlestat-panel': migrateSinglestat,
  'table-old': migrateTableOld,
};
