/** Dashboards: the pure model beneath the Dashboards view (import, export, variables, interpolation, display helpers). */
export * from './model';
export { DashboardImportError, JSON_LIMITS } from './json';
export { importGrafana, type ImportResult } from './grafana_import';
export { exportGrafana, exportGrafanaPanel, GRAFANA_SCHEMA_VERSION } from './grafana_export';
export { PROMTAB_DATASOURCE } from './grafana_variables';
export { importPromtab, exportPromtab } from './promtab_json';
export * from './interpolate';
export * from './variables';
export * from './fieldconfig';
export * from './transformations';
export * from './markdown';
export * from './builtin';
export * from './timerange';
export * from './layout';
export * from './queries';
export * from './colors';
export * from './repeat';
export * from './panel_edit';
