/** Schema steps 28 to 42 (Grafana 7.4 to 12): singlestat, value mappings, data source references, legends, tables. */
import { field, isObject, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import { migrateSinglestat } from './panel_stat_table';
import type { SchemaStep } from './step';
import { upgradeValueMappings } from './value_mappings';
import { mapVariables, objectField, truthy, without, type Note } from './walk';

function mapFieldConfig(p: JsonObject, fn: (fc: JsonObject) => JsonObject): JsonObject {
  const fc = objectField(p, 'fieldConfig');
  return fc ? { ...p, fieldConfig: fn(fc) } : p;
}

/** mapOverrideProperties applies fn to every override property (objects only) of a field config. */
function mapOverrideProperties(fc: JsonObject, fn: (prop: JsonObject) => JsonObject): JsonObject {
  if (!Array.isArray(field(fc, 'overrides'))) return fc;
  const overrides = (fc.overrides as JsonValue[]).map((o) =>
    isObject(o) && Array.isArray(field(o, 'properties')) ? { ...o, properties: (o.properties as JsonValue[]).map((x) => (isObject(x) ? fn(x) : x)) } : o,
  );
  return { ...fc, overrides };
}

function upgradeMappings(p: JsonObject, note: Note, path: string): JsonObject {
  const drop = (n: number, where: string) => n && note(`${path}.${where}: ${n} value mappings of no known kind ignored`);
  return mapFieldConfig(p, (fc) => {
    let out = fc;
    const defaults = objectField(fc, 'defaults');
    if (defaults && Array.isArray(field(defaults, 'mappings'))) {
      const { mappings, dropped } = upgradeValueMappings(defaults.mappings as JsonValue[], field(defaults, 'thresholds'));
      drop(dropped, 'fieldConfig.defaults.mappings');
      out = { ...out, defaults: { ...defaults, mappings } };
    }
    return mapOverrideProperties(out, (prop) => {
      if (prop.id !== 'mappings' || !Array.isArray(field(prop, 'value'))) return prop;
      const { mappings, dropped } = upgradeValueMappings(prop.value as JsonValue[]);
      drop(dropped, 'fieldConfig.overrides');
      return { ...prop, value: mappings };
    });
  });
}

/** BUILT_IN_DATASOURCES are the data source names of Grafana's own sources and their references. */
const BUILT_IN_DATASOURCES: Record<string, JsonObject> = {
  '-- Grafana --': { type: 'grafana', uid: 'grafana' },
  '-- Mixed --': { type: 'datasource', uid: '-- Mixed --' },
  '-- Dashboard --': { type: 'datasource', uid: '-- Dashboard --' },
};

/** datasourceRef turns a data source name into a reference; null and 'default' stay null (the default). */
export function datasourceRef(v: JsonValue | undefined): JsonValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === 'default') return null;
  if (typeof v !== 'string') return v;
  return Object.prototype.hasOwnProperty.call(BUILT_IN_DATASOURCES, v) ? { ...BUILT_IN_DATASOURCES[v] } : { uid: v };
}

function datasourceRefs(p: JsonObject): JsonObject {
  const out: JsonObject = { ...p };
  if (field(p, 'datasource') !== undefined) out.datasource = datasourceRef(p.datasource) ?? null;
  if (Array.isArray(field(p, 'targets'))) {
    out.targets = (p.targets as JsonValue[]).map((t) => {
      if (!isObject(t) || field(t, 'datasource') === undefined) return t;
      const ref = datasourceRef(t.datasource);
      return ref === null ? t : { ...t, datasource: ref ?? null };
    });
  }
  return out;
}

/** CELL_OPTIONS maps a table's old custom.displayMode to its cellOptions. */
const CELL_OPTIONS: Record<string, JsonObject> = {
  auto: { type: 'auto' },
  'color-text': { type: 'color-text' },
  'color-background': { type: 'color-background', mode: 'gradient' },
  'color-background-solid': { type: 'color-background', mode: 'basic' },
  'gradient-gauge': { type: 'gauge', mode: 'gradient' },
  'lcd-gauge': { type: 'gauge', mode: 'lcd' },
  basic: { type: 'gauge', mode: 'basic' },
  'json-view': { type: 'json-view' },
  image: { type: 'image' },
};

function cellOptions(mode: JsonValue | undefined): JsonObject {
  return typeof mode === 'string' && Object.prototype.hasOwnProperty.call(CELL_OPTIONS, mode) ? { ...CELL_OPTIONS[mode] } : { type: 'auto' };
}

function tableCellOptions(p: JsonObject): JsonObject {
  if (p.type !== 'table') return p;
  return mapFieldConfig(p, (fc) => {
    let out = fc;
    const defaults = objectField(fc, 'defaults');
    const custom = defaults && objectField(defaults, 'custom');
    if (defaults && custom && field(custom, 'displayMode') !== undefined) {
      out = { ...out, defaults: { ...defaults, custom: { ...without(custom, 'displayMode'), cellOptions: cellOptions(custom.displayMode) } } };
    }
    return mapOverrideProperties(out, (prop) => (prop.id === 'custom.displayMode' ? { id: 'custom.cellOptions', value: cellOptions(prop.value) } : prop));
  });
}

function legendShown(p: JsonObject): JsonObject {
  const options = objectField(p, 'options');
  const legend = options && objectField(options, 'legend');
  if (!options || !legend) return p;
  const hidden = legend.displayMode === 'hidden' || legend.showLegend === false || legend.showLegend === 'false';
  return { ...p, options: { ...options, legend: hidden ? { ...legend, displayMode: 'list', showLegend: false } : { ...legend, showLegend: true } } };
}

/** STEPS_28_42 are the schema steps from 28 to 42. */
export const STEPS_28_42: SchemaStep[] = [
  {
    version: 28,
    summary: 'singlestat becomes stat or gauge; variable tag options removed',
    dashboard: (d) => mapVariables(d, (v) => without(v, 'tags', 'tagsQuery', 'tagValuesQuery', 'useTags')),
    panel: (p, note, path) => (p.type === 'singlestat' || p.type === 'grafana-singlestat-panel' ? migrateSinglestat(p, path, note) : p),
  },
  {
    version: 29,
    summary: 'query variables refresh on load or on time change, and their saved options are dropped',
    dashboard: (d) =>
      mapVariables(d, (v) => {
        if (v.type !== 'query') return v;
        const refresh = v.refresh === 1 || v.refresh === 2 ? v.refresh : v.refresh === '2' ? 2 : 1;
        return { ...v, refresh, ...(Array.isArray(field(v, 'options')) && (v.options as JsonValue[]).length ? { options: [] } : {}) };
      }),
  },
  {
    version: 30,
    summary: 'value mappings take the {type, options} shape; time series tooltipOptions become tooltip',
    panel: (p, note, path) => {
      const out = upgradeMappings(p, note, path);
      const options = objectField(out, 'options');
      if ((out.type === 'timeseries' || out.type === 'xychart') && options && isObject(field(options, 'tooltipOptions'))) {
        return { ...out, options: { ...without(options, 'tooltipOptions'), tooltip: options.tooltipOptions } };
      }
      return out;
    },
  },
  {
    version: 31,
    summary: 'a merge follows every labelsToFields transformation',
    panel: (p) => {
      if (!Array.isArray(field(p, 'transformations'))) return p;
      const out: JsonValue[] = [];
      for (const t of p.transformations as JsonValue[]) {
        out.push(t);
        if (isObject(t) && t.id === 'labelsToFields') out.push({ id: 'merge', options: {} });
      }
      return { ...p, transformations: out };
    },
  },
  { version: 32, summary: 'no change' },
  { version: 33, summary: 'data source names become references {type, uid}', panel: datasourceRefs },
  { version: 34, summary: 'no change for Prometheus (CloudWatch queries only)' },
  {
    version: 35,
    summary: 'a time series with hidden axes keeps its time axis (an override by field type)',
    panel: (p) => {
      if (p.type !== 'timeseries') return p;
      return mapFieldConfig(p, (fc) => {
        const custom = objectField(objectField(fc, 'defaults') ?? {}, 'custom');
        if (!custom || custom.axisPlacement !== 'hidden') return fc;
        const overrides = Array.isArray(field(fc, 'overrides')) ? (fc.overrides as JsonValue[]) : [];
        return { ...fc, overrides: [...overrides, { matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] }] };
      });
    },
  },
  { version: 36, summary: 'no change for Promtab: a null data source already means the default (Promtab)' },
  { version: 37, summary: 'a hidden legend is displayMode list with showLegend false', panel: legendShown },
  { version: 38, summary: 'table custom.displayMode becomes custom.cellOptions', panel: tableCellOptions },
  {
    version: 39,
    summary: 'timeSeriesTable refIdToStat becomes per-refId options',
    panel: (p) => {
      if (!Array.isArray(field(p, 'transformations'))) return p;
      const transformations = (p.transformations as JsonValue[]).map((t) => {
        const options = isObject(t) && t.id === 'timeSeriesTable' ? objectField(t, 'options') : undefined;
        const byRef = options && objectField(options, 'refIdToStat');
        if (!isObject(t) || !byRef) return t;
        const next: JsonObject = {};
        for (const refId of Object.keys(byRef)) next[refId] = { stat: byRef[refId] };
        return { ...t, options: next };
      });
      return { ...p, transformations };
    },
  },
  { version: 40, summary: 'refresh is always a string', dashboard: (d) => ({ ...d, refresh: typeof field(d, 'refresh') === 'string' ? d.refresh : '' }) },
  {
    version: 41,
    summary: 'timepicker.time_options removed',
    dashboard: (d) => (objectField(d, 'timepicker') ? { ...d, timepicker: without(d.timepicker as JsonObject, 'time_options') } : d),
  },
  {
    version: 42,
    summary: 'a field hidden from the graph is hidden from the tooltip too',
    panel: (p) =>
      mapFieldConfig(p, (fc) =>
        mapOverrideProperties(fc, (prop) => (prop.id === 'custom.hideFrom' && isObject(prop.value) && truthy(field(prop.value, 'viz')) ? { ...prop, value: { ...prop.value, tooltip: true } } : prop)),
      ),
  },
];
