/**
 * Grafana export: a Promtab dashboard as Grafana dashboard JSON (the newest schemaVersion the importer migrates to) with a `DS_PROMETHEUS` input,
 * so Grafana asks for a Prometheus datasource on import. importGrafana(exportGrafana(d)) gives d back.
 */
import { writeGrafanaSettings } from './dashboard_settings';
import { writeGrafanaMappings, writeGrafanaOverrides } from './grafana_mappings';
import { writeGrafanaVariable } from './grafana_variables';
import type { JsonObject } from './json';
import { NO_QUERY_TYPES, type Dashboard, type FieldConfig, type JsonValue, type Panel, type Row, type Target } from './model';
import { CURRENT_SCHEMA_VERSION } from './migrate';
import { writeTransformation } from './transform_json';

/** GRAFANA_SCHEMA_VERSION is the dashboard schema version written on export. */
export const GRAFANA_SCHEMA_VERSION = CURRENT_SCHEMA_VERSION;

const DATASOURCE: JsonObject = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

function plain<T>(v: T): JsonValue {
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}

function writeTarget(t: Target, ds: JsonObject): JsonObject {
  return {
    datasource: { ...ds },
    refId: t.refId,
    expr: t.expr,
    legendFormat: t.legendFormat,
    instant: t.instant,
    range: t.range,
    interval: t.interval,
    hide: t.hide,
    format: t.format,
    editorMode: 'code',
  };
}

/** dataSourceRef names the panel's data source by uid (its Promtab name), or Prometheus's import input for Promtab. */
function dataSourceRef(p: Panel): JsonObject {
  return p.datasource ? { type: 'prometheus', uid: p.datasource } : DATASOURCE;
}

function writeDefaults(fc: FieldConfig): JsonObject {
  const out = plain({ ...fc, mappings: undefined }) as JsonObject;
  out.mappings = writeGrafanaMappings(fc.mappings ?? []);
  return out;
}

/** exportGrafanaPanel writes one panel; a placeholder writes back the JSON it was imported from. */
export function exportGrafanaPanel(p: Panel): JsonObject {
  if (p.placeholder) {
    const original = p.placeholder.original;
    const base = typeof original === 'object' && original !== null && !Array.isArray(original) ? original : {};
    return { ...(plain(base) as JsonObject), id: p.id, title: p.title, gridPos: { ...p.gridPos } };
  }
  const out: JsonObject = {
    id: p.id,
    type: p.type,
    title: p.title,
    description: p.description,
    gridPos: { ...p.gridPos },
    datasource: { ...dataSourceRef(p) },
    targets: p.targets.map((t) => writeTarget(t, dataSourceRef(p))),
    fieldConfig: { defaults: writeDefaults(p.fieldConfig.defaults), overrides: writeGrafanaOverrides(p.fieldConfig.overrides) },
    options: plain(p.options),
    transformations: p.transformations.map(writeTransformation),
  };
  // Grafana's heatmap keeps its y axis unit in options.yAxis (its standard options are off).
  if (p.type === 'heatmap' && p.fieldConfig.defaults.unit) out.options = { ...(out.options as JsonObject), yAxis: { unit: p.fieldConfig.defaults.unit } };
  if (p.repeat) {
    out.repeat = p.repeat.variable;
    out.repeatDirection = p.repeat.direction;
    if (p.repeat.maxPerRow !== undefined) out.maxPerRow = p.repeat.maxPerRow;
  }
  if (p.transparent) out.transparent = true;
  if (p.timeFrom) out.timeFrom = p.timeFrom;
  if (p.timeShift) out.timeShift = p.timeShift;
  if (p.links?.length) out.links = p.links.map((l) => ({ title: l.title, url: l.url, targetBlank: l.targetBlank }));
  if (p.interval) out.interval = p.interval;
  if (p.maxDataPoints !== null) out.maxDataPoints = p.maxDataPoints;
  if (NO_QUERY_TYPES.has(p.type)) delete out.datasource;
  return out;
}

function exportRow(r: Row): JsonObject {
  const out: JsonObject = { id: r.id, type: 'row', title: r.title, collapsed: r.collapsed, gridPos: { ...r.gridPos }, panels: r.panels.map(exportGrafanaPanel) };
  if (r.repeat) out.repeat = r.repeat;
  return out;
}

/** exportGrafana writes a dashboard as Grafana dashboard JSON (a plain object; JSON.stringify it to save). */
export function exportGrafana(d: Dashboard): JsonObject {
  return {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    __requires: [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }],
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: [...d.tags],
    time: { from: d.time.from, to: d.time.to },
    refresh: d.refresh,
    timezone: d.timezone,
    graphTooltip: d.graphTooltip,
    editable: true,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    annotations: { list: [] },
    panels: d.panels.map((p) => (p.kind === 'row' ? exportRow(p) : exportGrafanaPanel(p))),
    templating: { list: d.variables.map(writeGrafanaVariable) },
    ...writeGrafanaSettings(d),
  };
}
