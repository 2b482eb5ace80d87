/**
 * The Grafana dashboard schema migration, modelled on Grafana's DashboardMigrator: a table of steps, one per
 * schemaVersion, each rewriting JSON to JSON, run in order from the file's version to CURRENT_SCHEMA_VERSION; then
 * the panel handlers Grafana runs when it loads a panel (graph, singlestat, table-old; Grafana 6/7.0 stat, gauge
 * and bar gauge options). Nothing here refuses a file: a
 * step that cannot rewrite one panel leaves that panel as it was and marks it (see UNREADABLE_KEY) for a placeholder.
 */
import { field, isObject, looseNumber, type JsonObject } from '../json';
import { migrateGraph } from './panel_graph';
import { ANGULAR_PANELS as STAT_AND_TABLE, hasFieldOptions, migrateFieldOptions } from './panel_stat_table';
import type { SchemaStep } from './step';
import { STEPS_09_16 } from './steps_09_16';
import { STEPS_17_27 } from './steps_17_27';
import { STEPS_28_42 } from './steps_28_42';
import { mapPanels, type Note } from './walk';

export type { SchemaStep } from './step';

/** SCHEMA_STEPS lists every upgrade step in version order (9 to 42; older files are read as version 8). */
export const SCHEMA_STEPS: readonly SchemaStep[] = [...STEPS_09_16, ...STEPS_17_27, ...STEPS_28_42];

/** CURRENT_SCHEMA_VERSION is the schemaVersion a migrated dashboard has, and the one export writes. */
export const CURRENT_SCHEMA_VERSION = SCHEMA_STEPS[SCHEMA_STEPS.length - 1].version;

/** OLDEST_SCHEMA_VERSION is the version a file without a (readable) schemaVersion is taken to have. */
export const OLDEST_SCHEMA_VERSION = SCHEMA_STEPS[0].version - 1;

/** ANGULAR_PANELS maps each Angular panel type that Grafana migrates when it loads a panel to its handler. */
export const ANGULAR_PANELS: Readonly<Record<string, (p: JsonObject, path: string, note: Note) => JsonObject>> = {
  graph: migrateGraph,
  ...STAT_AND_TABLE,
};

/** UNREADABLE_KEY marks a panel a step could not rewrite: `{ step, message }`; the importer shows it as a placeholder. */
export const UNREADABLE_KEY = '__promtabUnreadable';

/** schemaVersionOf reads a dashboard's schemaVersion (a number or numeric text), or OLDEST_SCHEMA_VERSION. */
export function schemaVersionOf(d: JsonObject): number {
  try {
    const v = looseNumber(field(d, 'schemaVersion'), 'schemaVersion');
    return v === undefined ? OLDEST_SCHEMA_VERSION : Math.max(OLDEST_SCHEMA_VERSION, Math.floor(v));
  } catch {
    return OLDEST_SCHEMA_VERSION;
  }
}

function guarded(step: string, fn: (p: JsonObject, path: string) => JsonObject): (p: JsonObject, path: string) => JsonObject {
  return (p, path) => {
    if (isObject(field(p, UNREADABLE_KEY) ?? null)) return p;
    try {
      return fn(p, path);
    } catch (e) {
      return { ...p, [UNREADABLE_KEY]: { step, message: (e as Error).message } };
    }
  };
}

/** MigrationResult is the migrated dashboard JSON and the version it came from. */
export interface MigrationResult {
  dashboard: JsonObject;
  from: number;
}

/**
 * migrateDashboard upgrades dashboard JSON to CURRENT_SCHEMA_VERSION and runs the Angular panel handlers. Steps
 * above the file's version run; a file newer than Promtab knows is read as it is (with a note).
 */
export function migrateDashboard(input: JsonObject, note: Note): MigrationResult {
  const from = schemaVersionOf(input);
  let d = input;
  if (from > CURRENT_SCHEMA_VERSION) note(`schemaVersion ${from} is newer than ${CURRENT_SCHEMA_VERSION}, the newest Promtab knows; read as ${CURRENT_SCHEMA_VERSION}`);
  for (const step of SCHEMA_STEPS) {
    if (step.version <= from) continue;
    if (step.dashboard) {
      try {
        d = step.dashboard(d, note);
      } catch (e) {
        note(`schema step ${step.version} (${step.summary}) could not be applied: ${(e as Error).message}`);
      }
    }
    const panel = step.panel;
    if (panel) d = mapPanels(d, guarded(`schema step ${step.version}`, (p, path) => panel(p, note, path)));
  }
  d = mapPanels(d, guarded('panel migration', (p, path) => {
    const type = typeof p.type === 'string' ? p.type : '';
    const handler = Object.prototype.hasOwnProperty.call(ANGULAR_PANELS, type) ? ANGULAR_PANELS[type] : undefined;
    if (handler) {
      const out = handler(p, path, note);
      note(`${path}: ${type} panel migrated to ${String(out.type)}`);
      return out;
    }
    return hasFieldOptions(p) ? migrateFieldOptions(p, path, note) : p;
  }));
  return { dashboard: { ...d, schemaVersion: Math.max(from, CURRENT_SCHEMA_VERSION) }, from };
}

/** GRAFANA_SHOWS names the visualization Grafana shows for a panel type that it migrates on load. */
const GRAFANA_SHOWS: Record<string, string> = { graph: 'time series', singlestat: 'stat', 'grafana-singlestat-panel': 'stat', 'table-old': 'table', timeseries: 'time series' };

/** grafanaShows names the visualization Grafana would show for a panel (after its own migration). */
export function grafanaShows(p: JsonObject): string {
  const type = typeof p.type === 'string' ? p.type : '';
  if ((type === 'singlestat' || type === 'grafana-singlestat-panel') && isObject(p.gauge ?? null) && (p.gauge as JsonObject).show === true) return 'a gauge panel';
  if (type === '') return 'a panel';
  return `a ${Object.prototype.hasOwnProperty.call(GRAFANA_SHOWS, type) ? GRAFANA_SHOWS[type] : type} panel`;
}
