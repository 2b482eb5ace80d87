/** The shape of one schema upgrade step. */
import type { JsonObject } from '../json';
import type { Note, PanelFn } from './walk';

/** SchemaStep upgrades dashboard JSON from schemaVersion `version - 1` to `version`. */
export interface SchemaStep {
  /** version is the schemaVersion this step produces. */
  version: number;
  /** summary says in one line what the step changes (or 'no change' for versions Grafana kept for others). */
  summary: string;
  /** dashboard rewrites dashboard-level fields; it runs before panel. */
  dashboard?: (d: JsonObject, note: Note) => JsonObject;
  /** panel rewrites each panel, wherever it sits (see mapPanels). */
  panel?: (p: JsonObject, note: Note, path: string) => JsonObject;
}
