/**
 * Walking Grafana dashboard JSON for the schema migration: every panel wherever it sits (top level, inside a row
 * panel, inside a pre-16 row) and every template variable, each rewritten by a function that returns a new value.
 */
import { field, isObject, type JsonObject } from '../json';
import type { JsonValue } from '../model';

/** Note records one thing a migration step did or could not do, as an import warning. */
export type Note = (message: string) => void;

/** PanelFn rewrites one panel; path is where it sits (`panels[3]`, `panels[2].panels[0]`, `rows[1].panels[0]`). */
export type PanelFn = (panel: JsonObject, path: string) => JsonObject;

function mapList(list: JsonValue | undefined, path: string, fn: PanelFn, nested: boolean): JsonValue | undefined {
  if (!Array.isArray(list)) return list;
  return list.map((p, i) => {
    if (!isObject(p)) return p;
    const here = `${path}[${i}]`;
    const out = fn(p, here);
    if (!nested || !Array.isArray(field(out, 'panels'))) return out;
    return { ...out, panels: mapList(out.panels, `${here}.panels`, fn, false) ?? [] };
  });
}

/** mapPanels applies fn to every panel of a dashboard: top-level, in row panels and in old-style rows. */
export function mapPanels(d: JsonObject, fn: PanelFn): JsonObject {
  const out: JsonObject = { ...d };
  if (Array.isArray(field(d, 'panels'))) out.panels = mapList(d.panels, 'panels', fn, true) ?? [];
  if (Array.isArray(field(d, 'rows'))) {
    out.rows = (d.rows as JsonValue[]).map((r, i) =>
      isObject(r) && Array.isArray(field(r, 'panels')) ? { ...r, panels: mapList(r.panels, `rows[${i}].panels`, fn, false) ?? [] } : r,
    );
  }
  return out;
}

/** VariableFn rewrites one template variable; returning null removes it. */
export type VariableFn = (variable: JsonObject, path: string) => JsonObject | null;

/** mapVariables applies fn to every object in `templating.list`. */
export function mapVariables(d: JsonObject, fn: VariableFn): JsonObject {
  const templating = field(d, 'templating');
  if (!isObject(templating) || !Array.isArray(field(templating, 'list'))) return d;
  const list: JsonValue[] = [];
  (templating.list as JsonValue[]).forEach((v, i) => {
    if (!isObject(v)) return list.push(v);
    const out = fn(v, `templating.list[${i}]`);
    if (out) list.push(out);
  });
  return { ...d, templating: { ...templating, list } };
}

/** objectField returns the object at key, or undefined when it is absent or not an object. */
export function objectField(o: JsonObject, key: string): JsonObject | undefined {
  const v = field(o, key);
  return isObject(v) ? v : undefined;
}

/** withField returns a copy of o with key set (or removed when value is undefined). */
export function withField(o: JsonObject, key: string, value: JsonValue | undefined): JsonObject {
  const out: JsonObject = { ...o };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** without returns a copy of o without the given keys. */
export function without(o: JsonObject, ...keys: string[]): JsonObject {
  const out: JsonObject = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

/** truthy reads a flag the way Grafana's JavaScript does, except that the strings "false" and "0" are false. */
export function truthy(v: JsonValue | undefined): boolean {
  if (v === 'false' || v === '0') return false;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}
