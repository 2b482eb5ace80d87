/**
 * Options of the pie chart, state timeline, status history, bar chart, histogram, dashboard list and alert list
 * panels, read from Grafana's `options` (Promtab keeps Grafana's option names, so export writes them back as they
 * are). Read leniently: a value of the wrong type is left out with a warning, and the panel's default applies.
 */
import { field, isObject, type JsonObject } from './json';
import type { AlertStateFilter, JsonValue, PanelOptions } from './model';

type Reader = (v: JsonValue) => unknown;

const bool: Reader = (v) => (typeof v === 'boolean' ? v : undefined);
const num: Reader = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const text: Reader = (v) => (typeof v === 'string' ? v : undefined);
const oneOf = (allowed: readonly string[]): Reader => (v) => (typeof v === 'string' && allowed.includes(v) ? v : undefined);
const listOf = (allowed?: readonly string[]): Reader => (v) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && (!allowed || allowed.includes(x))) : undefined;
const stateFilter: Reader = (v) => {
  if (!isObject(v)) return undefined;
  const keys: (keyof AlertStateFilter)[] = ['firing', 'pending', 'inactive', 'noData', 'normal', 'error'];
  return Object.fromEntries(keys.map((k) => [k, field(v, k) === true]));
};

/** OPTION_READERS reads each panel-type option by its Grafana name. */
const OPTION_READERS: [keyof PanelOptions, Reader][] = [
  ['pieType', oneOf(['pie', 'donut'])],
  ['displayLabels', listOf(['name', 'value', 'percent'])],
  ['showValue', oneOf(['auto', 'always', 'never'])],
  ['mergeValues', bool],
  ['rowHeight', num],
  ['colWidth', num],
  ['alignValue', oneOf(['left', 'center', 'right'])],
  ['stacking', oneOf(['none', 'normal', 'percent'])],
  ['groupWidth', num],
  ['barWidth', num],
  ['xTickLabelRotation', num],
  ['xField', text],
  ['bucketSize', num],
  ['bucketOffset', num],
  ['bucketCount', num],
  ['combine', bool],
  ['showStarred', bool],
  ['showRecentlyViewed', bool],
  ['showSearch', bool],
  ['showHeadings', bool],
  ['maxItems', num],
  ['query', text],
  ['tags', listOf()],
  ['stateFilter', stateFilter],
  ['alertName', text],
  ['sortOrder', num],
];

/** readPanelTypeOptions reads the options of the newer panel types that are present in o. */
export function readPanelTypeOptions(o: JsonObject, path: string, warnings: string[]): Partial<PanelOptions> {
  const out: Record<string, unknown> = {};
  for (const [key, read] of OPTION_READERS) {
    const v = field(o, key);
    if (v === undefined || v === null) continue;
    const r = read(v);
    if (r === undefined) warnings.push(`${path}.${key}: unsupported value ${JSON.stringify(v)} ignored`);
    else out[key] = r;
  }
  return out as Partial<PanelOptions>;
}

/** readLegendValues reads a pie chart legend's `values` (value, percent). */
export function readLegendValues(legend: JsonObject): ('value' | 'percent')[] | undefined {
  return listOf(['value', 'percent'])(field(legend, 'values') ?? null) as ('value' | 'percent')[] | undefined;
}
