/**
 * The singlestat and table-old panel handlers: `singlestat` becomes `stat` or `gauge` (schema 28), `table-old`
 * becomes `table` with its column styles as field options and overrides.
 */
import { isObject, optArray, optBool, optNumber, optObject, optString, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import { aliasMatcher } from './panel_graph';
import { singlestatMappings } from './value_mappings';
import type { Note } from './walk';
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

/**
 * oldThresholds turns singlestat's thresholds (text such as "80,90", a number, or a list) and its colour list (one
 * colour more than thresholds: the first is the base) into threshold steps.
 */
export function oldThresholds(thresholds: JsonValue | undefined, colors: JsonValue[]): JsonObject {
  const palette = colors.filter((c): c is string => typeof c === 'string');
  const parts = Array.isArray(thresholds) ? thresholds.map(String) : thresholds === undefined || thresholds === null ? [] : String(thresholds).split(',');
  const values = parts.map((s) => s.trim()).filter((s) => s !== '').map(Number).filter(Number.isFinite);
  const steps: JsonValue[] = [{ value: null, color: palette[0] ?? 'green' }];
  values.forEach((v, i) => steps.push({ value: v, color: palette[i + 1] ?? palette[palette.length - 1] ?? 'red' }));
  return { mode: 'absolute', steps };
}

/** singlestatCalc maps an old value name (`avg`, `current`...) to a reducer id; unknown names take the last value. */
function singlestatCalc(name: string): string {
  return Object.prototype.hasOwnProperty.call(SINGLESTAT_CALCS, name) ? SINGLESTAT_CALCS[name] : 'lastNotNull';
}

/** migrateSinglestat turns a `singlestat` panel into a `gauge` (when its gauge was shown) or a `stat` panel. */
export function migrateSinglestat(p: JsonObject, path: string, note: Note): JsonObject {
  const gauge = optObject(p, 'gauge', path);
  const isGauge = optBool(gauge, 'show', path);
  const valueName = optString(p, 'valueName', path, 'avg');
  const calc = singlestatCalc(valueName);
  if (!Object.prototype.hasOwnProperty.call(SINGLESTAT_CALCS, valueName)) note(`${path}.valueName: ${JSON.stringify(valueName)} shown as the last value`);
  let unit = optString(p, 'format', path);
  const postfix = optString(p, 'postfix', path);
  const prefix = optString(p, 'prefix', path);
  if ((unit === '' || unit === 'none' || unit === 'short') && (postfix || prefix)) unit = postfix ? `suffix:${postfix}` : `prefix:${prefix}`;
  else if (postfix || prefix) note(`${path}: prefix/postfix text dropped in favour of unit ${JSON.stringify(unit)}`);
  const defaults: JsonObject = {
    thresholds: oldThresholds(p.thresholds, optArray(p, 'colors', path)),
    mappings: singlestatMappings(p),
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
export function migrateTableOld(p: JsonObject, path: string, note: Note): JsonObject {
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
    const type = optString(s, 'type', sp);
    if (type === 'hidden') props.push({ id: 'custom.hidden', value: true });
    if (type === 'date') props.push({ id: 'unit', value: 'dateTimeAsIso' });
    if (isObject(s) && Array.isArray(s.thresholds) && s.thresholds.length) props.push({ id: 'thresholds', value: oldThresholds(s.thresholds, optArray(s, 'colors', sp)) });
    const colorMode = optString(s, 'colorMode', sp);
    if (colorMode === 'cell' || colorMode === 'row') props.push({ id: 'custom.cellOptions', value: { type: 'color-background' } });
    if (colorMode === 'value') props.push({ id: 'custom.cellOptions', value: { type: 'color-text' } });
    const mappings = singlestatMappings(s);
    if (mappings.length) props.push({ id: 'mappings', value: mappings });
    if (pattern === '/.*/') {
      for (const prop of props) if (isObject(prop) && typeof prop.id === 'string' && !prop.id.startsWith('custom.')) defaults[prop.id] = prop.value;
    } else if (pattern && props.length) overrides.push({ matcher: aliasMatcher(pattern), properties: props });
  });
  const transform = optString(p, 'transform', path, 'timeseries_to_rows');
  if (transform !== 'table' && transform !== 'timeseries_to_rows') note(`${path}.transform: ${JSON.stringify(transform)} shown as a plain table`);
  return { ...p, type: 'table', fieldConfig: { defaults, overrides }, options: { showHeader: true } };
}


/** ANGULAR_PANELS maps each Angular panel type Grafana migrates on load to its handler. */
export const ANGULAR_PANELS: Readonly<Record<string, (p: JsonObject, path: string, note: Note) => JsonObject>> = {
  singlestat: migrateSinglestat,
  'grafana-singlestat-panel': migrateSinglestat,
  'table-old': migrateTableOld,
};

/**
 * migrateFieldOptions moves a Grafana 6.x–7.0 stat, gauge or bar gauge's field settings out of its options into
 * fieldConfig, as Grafana's shared single-stat migration does: `options.fieldOptions` (defaults, overrides, calcs,
 * values, limit) and the 6.x gauge's `options.valueOptions` (unit, decimals, stat) and `options.thresholds`.
 */
export function migrateFieldOptions(p: JsonObject, path: string, note: Note): JsonObject {
  const options = optObject(p, 'options', path);
  const fo = optObject(options, 'fieldOptions', `${path}.options`);
  const vo = optObject(options, 'valueOptions', `${path}.options`);
  const fc = optObject(p, 'fieldConfig', path);
  const defaults: JsonObject = { ...optObject(fo, 'defaults', `${path}.options.fieldOptions`), ...optObject(fc, 'defaults', `${path}.fieldConfig`) };
  const unit = optString(vo, 'unit', `${path}.options.valueOptions`);
  if (unit && defaults.unit === undefined) defaults.unit = unit;
  const decimals = optNumber(vo, 'decimals', `${path}.options.valueOptions`);
  if (decimals !== undefined && defaults.decimals === undefined) defaults.decimals = decimals;
  if (Array.isArray(options.thresholds) && defaults.thresholds === undefined) {
    const steps = options.thresholds.filter(isObject).map((t) => ({ value: t.value ?? null, color: t.color ?? 'green' }));
    defaults.thresholds = { mode: 'absolute', steps };
  }
  for (const key of ['minValue', 'maxValue'] as const) {
    const n = optNumber(options, key, `${path}.options`);
    const target = key === 'minValue' ? 'min' : 'max';
    if (n !== undefined && defaults[target] === undefined) defaults[target] = n;
  }
  const stat = optString(vo, 'stat', `${path}.options.valueOptions`);
  const calcs = Array.isArray(fo.calcs) ? fo.calcs : stat ? [singlestatCalc(stat)] : undefined;
  const reduceOptions: JsonObject = { ...optObject(options, 'reduceOptions', `${path}.options`) };
  if (calcs && reduceOptions.calcs === undefined) reduceOptions.calcs = calcs;
  for (const key of ['values', 'limit', 'fields']) if (fo[key] !== undefined && reduceOptions[key] === undefined) reduceOptions[key] = fo[key];
  const rest: JsonObject = { ...options, reduceOptions };
  for (const key of ['fieldOptions', 'valueOptions', 'thresholds', 'minValue', 'maxValue']) delete rest[key];
  const overrides = Array.isArray(fc.overrides) ? fc.overrides : Array.isArray(fo.overrides) ? fo.overrides : [];
  note(`${path}: ${String(p.type)} options of Grafana 6/7.0 moved to fieldConfig`);
  return { ...p, options: rest, fieldConfig: { defaults, overrides } };
}

/** hasFieldOptions reports whether a stat, gauge or bar gauge still keeps its field settings in its options. */
export function hasFieldOptions(p: JsonObject): boolean {
  if (p.type !== 'stat' && p.type !== 'gauge' && p.type !== 'bargauge') return false;
  const options = isObject(p.options ?? null) ? (p.options as JsonObject) : {};
  return (isObject(options.fieldOptions ?? null) && isObject((options.fieldOptions as JsonObject).defaults ?? null)) || isObject(options.valueOptions ?? null);
}
