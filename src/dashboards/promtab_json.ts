/**
 * Promtab's own dashboard JSON: `{"promtab": "dashboard", "version": 1, "dashboard": {...}}` holding the model as
 * is. Import checks the version and validates every field like the Grafana importer (same limits, same errors).
 */
import { readFieldConfigBase, readGridPos, readOptions, readPanelLinks, readTarget } from './fields';
import { readOverrideProperty } from './grafana_mappings';
import { readTransformation, writeTransformation } from './transform_json';
import {
  DashboardImportError,
  asObject,
  field,
  isObject,
  oneOf,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  reqNumber,
  safeJson,
  stringList,
  type JsonObject,
} from './json';
import {
  DASHBOARD_VERSION,
  FIELD_TYPES,
  PANEL_TYPES,
  type Dashboard,
  type FieldMatcher,
  type FieldType,
  type JsonValue,
  type MappingResult,
  type Override,
  type Panel,
  type PanelRepeat,
  type PanelType,
  type Row,
  type SpecialMatch,
  type Transformation,
  type ValueMapping,
  type ValueMatchOp,
  type Variable,
  type VariableType,
} from './model';
import { isVariableName, readCurrent, readVariableOptions } from './grafana_variables';
import { readSettings } from './dashboard_settings';
import { timeOverrideError } from './panel_time';

/** exportPromtab writes a dashboard as Promtab dashboard JSON text. */
export function exportPromtab(d: Dashboard): string {
  const panel = (p: Panel) => ({ ...p, transformations: p.transformations.map(writeTransformation) });
  const panels = d.panels.map((p) => (p.kind === 'row' ? { ...p, panels: p.panels.map(panel) } : panel(p)));
  const variables = d.variables.map((v) => {
    const { optionsTotal, ...saved } = v;
    void optionsTotal;
    return saved;
  });
  return JSON.stringify({ promtab: 'dashboard', version: DASHBOARD_VERSION, dashboard: { ...d, panels, variables } }, null, 2);
}

function result(o: JsonObject, path: string): MappingResult {
  const r = optObject(o, 'result', path);
  const out: MappingResult = {};
  const text = field(r, 'text');
  const color = optString(r, 'color', `${path}.result`);
  const index = optNumber(r, 'index', `${path}.result`);
  if (typeof text === 'string') out.text = text;
  if (color) out.color = color;
  if (index !== undefined) out.index = index;
  return out;
}

const SPECIAL: readonly SpecialMatch[] = ['null', 'nan', 'null+nan', 'true', 'false', 'empty'];

function readMappings(list: JsonValue[], path: string): ValueMapping[] {
  return list.map((x, i) => {
    const p = `${path}[${i}]`;
    const m = asObject(x, p);
    const type = optString(m, 'type', p);
    if (type === 'value') return { type, value: optString(m, 'value', p), result: result(m, p) };
    if (type === 'range') return { type, from: optNumber(m, 'from', p) ?? null, to: optNumber(m, 'to', p) ?? null, result: result(m, p) };
    if (type === 'regex') return { type, pattern: optString(m, 'pattern', p), result: result(m, p) };
    const match = optString(m, 'match', p);
    if (type === 'special' && (SPECIAL as readonly string[]).includes(match)) return { type, match: match as SpecialMatch, result: result(m, p) };
    throw new DashboardImportError(`${p}.type`, `unknown value mapping ${JSON.stringify(type)}`);
  });
}

function readMatcher(o: JsonObject, path: string): FieldMatcher {
  const type = optString(o, 'type', path);
  if (type === 'byName') return { type, names: stringList(o, 'names', path), exclude: optBool(o, 'exclude', path) };
  if (type === 'byRegexp') return { type, pattern: optString(o, 'pattern', path) };
  if (type === 'byFrameRefID') return { type, refId: optString(o, 'refId', path) };
  if (type === 'byType') {
    const t = optString(o, 'fieldType', path);
    return { type, fieldType: (FIELD_TYPES as readonly string[]).includes(t) ? (t as FieldType) : 'other' };
  }
  if (type === 'byValue') {
    const op = optString(o, 'op', path);
    const value = optNumber(o, 'value', path);
    if (['gt', 'gte', 'lt', 'lte', 'eq', 'ne'].includes(op) && value !== undefined) return { type, reducer: optString(o, 'reducer', path), op: op as ValueMatchOp, value };
  }
  throw new DashboardImportError(`${path}.type`, `unknown field matcher ${JSON.stringify(type)}`);
}

function readOverrides(list: JsonValue[], path: string, warnings: string[]): Override[] {
  return list.map((x, i) => {
    const p = `${path}[${i}]`;
    const o = asObject(x, p);
    const properties = optArray(o, 'properties', p).flatMap((y, j) => {
      const pp = `${p}.properties[${j}]`;
      const prop = asObject(y, pp);
      const id = optString(prop, 'id', pp);
      const value = field(prop, 'value') ?? null;
      const read = id === 'mappings' ? (readMappings(Array.isArray(value) ? value : [], `${pp}.value`) as unknown as JsonValue) : readOverrideProperty(id, value, `${pp}.value`, warnings);
      return read === undefined ? [] : [{ id, value: read }];
    });
    return { matcher: readMatcher(optObject(o, 'matcher', p), `${p}.matcher`), properties };
  });
}

function pairs<T>(o: JsonObject, key: string, path: string, second: (v: JsonValue | undefined, p: string) => T): [string, T][] {
  return optArray(o, key, path).map((x, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!Array.isArray(x) || x.length !== 2 || typeof x[0] !== 'string') throw new DashboardImportError(p, 'expected a [name, value] pair');
    return [x[0], second(x[1], `${p}[1]`)];
  });
}

function readTransformations(list: JsonValue[], path: string): Transformation[] {
  return list.map((x, i) => {
    const p = `${path}[${i}]`;
    const t = asObject(x, p);
    const id = optString(t, 'id', p);
    if (field(t, 'options') !== undefined) {
      const read = readTransformation(t, p, []);
      if (read === null || typeof read === 'string') throw new DashboardImportError(`${p}.id`, read ?? 'disabled transformation');
      return read;
    }
    if (id === 'merge') return { id };
    if (id === 'joinByField') return { id, byField: optString(t, 'byField', p), mode: optString(t, 'mode', p) === 'inner' ? 'inner' : 'outer' };
    if (id !== 'organize') throw new DashboardImportError(`${p}.id`, `unknown transformation ${JSON.stringify(id)}`);
    return {
      id,
      excludeByName: stringList(t, 'excludeByName', p),
      indexByName: pairs(t, 'indexByName', p, (v, pp) => reqNumber({ v: v ?? null }, 'v', pp)),
      renameByName: pairs(t, 'renameByName', p, (v, pp) => optString({ v: v ?? null }, 'v', pp)),
    };
  });
}

function readPanel(o: JsonObject, path: string, warnings: string[]): Panel {
  const type = optString(o, 'type', path) as PanelType;
  if (type !== 'placeholder' && !PANEL_TYPES.includes(type)) throw new DashboardImportError(`${path}.type`, `unknown panel type ${JSON.stringify(type)}`);
  const fc = optObject(o, 'fieldConfig', path);
  const dRaw = optObject(fc, 'defaults', `${path}.fieldConfig`);
  const defaults = readFieldConfigBase(dRaw, `${path}.fieldConfig.defaults`, warnings);
  if (field(dRaw, 'mappings') !== undefined) defaults.mappings = readMappings(optArray(dRaw, 'mappings', `${path}.fieldConfig.defaults`), `${path}.fieldConfig.defaults.mappings`);
  const panel: Panel = {
    kind: 'panel',
    id: reqNumber(o, 'id', path),
    type,
    title: optString(o, 'title', path),
    description: optString(o, 'description', path),
    gridPos: readGridPos(o, path),
    targets: optArray(o, 'targets', path).map((t, i) => readTarget(asObject(t, `${path}.targets[${i}]`), `${path}.targets[${i}]`, i, warnings)),
    interval: optString(o, 'interval', path),
    maxDataPoints: optNumber(o, 'maxDataPoints', path) ?? null,
    fieldConfig: { defaults, overrides: readOverrides(optArray(fc, 'overrides', `${path}.fieldConfig`), `${path}.fieldConfig.overrides`, warnings) },
    options: readOptions(optObject(o, 'options', path), `${path}.options`, warnings),
    transformations: readTransformations(optArray(o, 'transformations', path), `${path}.transformations`),
  };
  const repeat = readRepeat(o, path, warnings);
  if (repeat) panel.repeat = repeat;
  const ds = field(o, 'datasource');
  if (typeof ds === 'string' && ds) panel.datasource = ds;
  if (optBool(o, 'transparent', path)) panel.transparent = true;
  for (const key of ['timeFrom', 'timeShift'] as const) {
    const t = optString(o, key, path).trim();
    if (t && !timeOverrideError(t)) panel[key] = t;
  }
  const links = readPanelLinks(o);
  if (links.length) panel.links = links;
  const ph = field(o, 'placeholder');
  if (isObject(ph)) {
    const p = `${path}.placeholder`;
    panel.placeholder = { originalType: optString(ph, 'originalType', p), reason: optString(ph, 'reason', p), original: field(ph, 'original') ?? null };
  }
  return panel;
}

function readRepeat(o: JsonObject, path: string, warnings: string[]): PanelRepeat | undefined {
  const r = field(o, 'repeat');
  if (r === undefined || r === null) return undefined;
  const p = `${path}.repeat`;
  const v = asObject(r, p);
  const variable = optString(v, 'variable', p);
  if (!variable) return undefined;
  const maxPerRow = optNumber(v, 'maxPerRow', p);
  return {
    variable,
    direction: oneOf(optString(v, 'direction', p, 'h'), ['h', 'v'] as const, 'h', `${p}.direction`, warnings),
    ...(maxPerRow !== undefined && maxPerRow >= 1 ? { maxPerRow: Math.floor(maxPerRow) } : {}),
  };
}

function readRow(o: JsonObject, path: string, warnings: string[]): Row {
  const repeat = optString(o, 'repeat', path);
  return {
    ...(repeat ? { repeat } : {}),
    kind: 'row',
    id: reqNumber(o, 'id', path),
    title: optString(o, 'title', path),
    gridPos: readGridPos(o, path),
    collapsed: optBool(o, 'collapsed', path),
    panels: optArray(o, 'panels', path).map((x, i) => readPanel(asObject(x, `${path}.panels[${i}]`), `${path}.panels[${i}]`, warnings)),
  };
}

const VARIABLE_TYPES: readonly VariableType[] = ['query', 'custom', 'constant', 'textbox', 'interval', 'datasource'];

function readVariable(o: JsonObject, path: string, warnings: string[]): Variable {
  const name = optString(o, 'name', path);
  if (!isVariableName(name)) throw new DashboardImportError(`${path}.name`, 'expected a variable name');
  const allValue = field(o, 'allValue');
  const hide = optNumber(o, 'hide', path);
  return {
    type: oneOf(optString(o, 'type', path), VARIABLE_TYPES, 'textbox', `${path}.type`, warnings),
    name,
    label: optString(o, 'label', path),
    description: optString(o, 'description', path),
    hide: hide === 1 || hide === 2 ? hide : 0,
    query: optString(o, 'query', path),
    regex: optString(o, 'regex', path),
    sort: Math.max(0, Math.min(8, Math.round(optNumber(o, 'sort', path) ?? 0))),
    refresh: optNumber(o, 'refresh', path) === 2 ? 2 : 1,
    multi: optBool(o, 'multi', path),
    includeAll: optBool(o, 'includeAll', path),
    allValue: typeof allValue === 'string' ? allValue : null,
    auto: optBool(o, 'auto', path),
    autoCount: optNumber(o, 'autoCount', path) ?? 30,
    autoMin: optString(o, 'autoMin', path, '10s'),
    current: readCurrent(o, path),
    options: readVariableOptions(o, path),
    ...(typeof field(o, 'datasource') === 'string' && field(o, 'datasource') ? { datasource: field(o, 'datasource') as string } : {}),
  };
}

/** importPromtab reads Promtab dashboard JSON (text or parsed); throws DashboardImportError with the path of a bad field. */
export function importPromtab(json: unknown): { dashboard: Dashboard; warnings: string[] } {
  const warnings: string[] = [];
  const root = asObject(safeJson(json, warnings), '');
  if (field(root, 'promtab') !== 'dashboard') throw new DashboardImportError('promtab', 'not a Promtab dashboard file');
  const version = reqNumber(root, 'version', '');
  if (version !== DASHBOARD_VERSION) throw new DashboardImportError('version', `dashboard version ${version} is not supported (this Promtab reads version ${DASHBOARD_VERSION})`);
  const d = asObject(field(root, 'dashboard'), 'dashboard');
  const time = optObject(d, 'time', 'dashboard');
  const tooltip = optNumber(d, 'graphTooltip', 'dashboard');
  const dashboard: Dashboard = {
    version: DASHBOARD_VERSION,
    uid: optString(d, 'uid', 'dashboard'),
    title: optString(d, 'title', 'dashboard'),
    description: optString(d, 'description', 'dashboard'),
    tags: stringList(d, 'tags', 'dashboard'),
    time: { from: optString(time, 'from', 'dashboard.time', 'now-6h'), to: optString(time, 'to', 'dashboard.time', 'now') },
    timezone: optString(d, 'timezone', 'dashboard', 'browser'),
    graphTooltip: tooltip === 1 || tooltip === 2 ? tooltip : 0,
    panels: optArray(d, 'panels', 'dashboard').map((x, i) => {
      const path = `dashboard.panels[${i}]`;
      const o = asObject(x, path);
      return field(o, 'kind') === 'row' ? readRow(o, path, warnings) : readPanel(o, path, warnings);
    }),
    variables: optArray(d, 'variables', 'dashboard').map((x, i) => readVariable(asObject(x, `dashboard.variables[${i}]`), `dashboard.variables[${i}]`, warnings)),
    ...readSettings(d, 'dashboard', warnings, false),
  };
  return { dashboard, warnings };
}
