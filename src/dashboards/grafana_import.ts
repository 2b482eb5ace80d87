/**
 * Grafana dashboard import: classic dashboard JSON of any schema version (migrated first, see migrate/),
 * grafana.com `__inputs` resolved to Promtab, every field validated. A panel Promtab cannot show (its type,
 * datasource or transformation) or cannot read (a field of a shape it does not know) becomes a placeholder that keeps
 * its title, place and JSON and says why; a variable it cannot read becomes a textbox stand-in with a warning. Only
 * text that is not JSON, JSON that is not an object, and files over the limits of json.ts are refused.
 */
import { readFieldConfigBase, readGridPos, readOptions, readPanelLinks, readTarget } from './fields';
import { readGrafanaMappings, readGrafanaOverrides } from './grafana_mappings';
import { isVariableName, readCurrent, readGrafanaVariable } from './grafana_variables';
import {
  DashboardImportError,
  asObject,
  describe,
  field,
  isObject,
  oneOf,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  safeJson,
  stringList,
  type JsonObject,
} from './json';
import { readSettings } from './dashboard_settings';
import { timeOverrideError } from './panel_time';
import { UNREADABLE_KEY, grafanaShows, migrateDashboard } from './migrate';
import { DASHBOARD_VERSION, NO_QUERY_TYPES, PANEL_TYPES, newPanel, type Dashboard, type FieldConfig, type JsonValue, type Panel, type PanelRepeat, type PanelType, type Row, type Transformation, type Variable } from './model';
import { readTransformation } from './transform_json';
import { repeatWarnings } from './repeat';

/** ImportResult is an imported dashboard and what could not be carried over exactly. */
export interface ImportResult {
  dashboard: Dashboard;
  warnings: string[];
}

/** SUPPORTED lists the panel types Promtab draws; any other type is imported as a placeholder. */
export const SUPPORTED: readonly PanelType[] = PANEL_TYPES;

/** Context is what panel conversion knows about the dashboard: which datasource references mean Prometheus. */
interface Context {
  prometheusRefs: Set<string>;
  otherRefs: Map<string, string>;
  warnings: string[];
  ids: Set<number>;
  nextId: number;
  /** variables names the dashboard's variables, which repeats may refer to. */
  variables: Set<string>;
}

function substituteInputs(v: JsonValue, constants: Map<string, string>): JsonValue {
  if (typeof v === 'string') return v.replace(/\$\{(\w+)\}/g, (m, name: string) => constants.get(name) ?? m);
  if (Array.isArray(v)) return v.map((x) => substituteInputs(x, constants));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) out[k] = substituteInputs(v[k], constants);
    return out;
  }
  return v;
}

function readInputs(root: JsonObject, ctx: Context): Map<string, string> {
  const constants = new Map<string, string>();
  listAt(root, '__inputs', '', ctx.warnings).forEach((x) => {
    if (!isObject(x)) return;
    const name = text(x, 'name');
    const type = text(x, 'type');
    if (type === 'constant') constants.set(name, text(x, 'value'));
    else if (type === 'datasource') {
      const plugin = text(x, 'pluginId');
      if (plugin === 'prometheus') ctx.prometheusRefs.add(`\${${name}}`);
      else ctx.otherRefs.set(`\${${name}}`, plugin);
    }
  });
  return constants;
}

/** datasourceProblem returns why a datasource reference is not Promtab, or '' when it is (or is the default). */
function datasourceProblem(ds: JsonValue | undefined, ctx: Context): string {
  if (ds === undefined || ds === null) return '';
  if (typeof ds === 'string') {
    if (ctx.prometheusRefs.has(ds)) return '';
    const other = ctx.otherRefs.get(ds);
    if (other) return `datasource type ${JSON.stringify(other)} is not supported`;
    if (ds === '-- Grafana --' || ds === '-- Dashboard --') return `the ${ds} datasource is not supported`;
    return '';
  }
  if (!isObject(ds)) return 'datasource: expected an object or a name';
  const type = optString(ds, 'type', 'datasource');
  const uid = optString(ds, 'uid', 'datasource');
  if (type === 'prometheus' || ctx.prometheusRefs.has(uid)) return '';
  const other = ctx.otherRefs.get(uid);
  if (other) return `datasource type ${JSON.stringify(other)} is not supported`;
  if (type === 'datasource' && uid === '-- Mixed --') return '';
  if (type === '' || (type === 'datasource' && uid.startsWith('$'))) return '';
  if (type === 'datasource' || type === 'grafana') return `the Grafana built-in datasource ${JSON.stringify(uid)} is not supported`;
  return `datasource type ${JSON.stringify(type)} is not supported`;
}

/** typed writes datasource references resolved through `__inputs` as `{type, uid}`, so an export still names them. */
function typed(ds: JsonValue | undefined, ctx: Context): JsonValue | undefined {
  if (isObject(ds) && typeof ds.uid === 'string' && !ds.type) {
    const plugin = ctx.otherRefs.get(ds.uid);
    return plugin ? { ...ds, type: plugin } : ds;
  }
  const plugin = typeof ds === 'string' ? ctx.otherRefs.get(ds) : undefined;
  return plugin ? { type: plugin, uid: ds as string } : ds;
}

function withTypedDatasources(p: JsonObject, ctx: Context): JsonObject {
  const out: JsonObject = { ...p };
  if (field(p, 'datasource') !== undefined) out.datasource = typed(p.datasource, ctx) ?? null;
  if (Array.isArray(field(p, 'targets'))) {
    out.targets = (p.targets as JsonValue[]).map((t) => (isObject(t) && field(t, 'datasource') !== undefined ? { ...t, datasource: typed(t.datasource, ctx) ?? null } : t));
  }
  return out;
}

/** lenient runs a read and returns its fallback when the read throws (the field is then left out). */
function lenient<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function placeholder(raw: JsonObject, path: string, id: number, originalType: string, reason: string, ctx: Context): Panel {
  const p: JsonObject = { ...raw };
  delete p[UNREADABLE_KEY];
  const gridPos = readGridPos(p, path, []);
  const title = text(p, 'title');
  ctx.warnings.push(`${path}: ${JSON.stringify(title || path)} imported as a placeholder: ${reason}`);
  return {
    ...newPanel('placeholder', id, gridPos),
    title,
    description: text(p, 'description'),
    placeholder: { originalType, reason, original: { ...withTypedDatasources(p, ctx), id, title, gridPos: { ...gridPos } } },
  };
}

/**
 * placeholderMessage is the text a placeholder panel shows: its reason, introduced as "Not supported in Promtab"
 * unless the reason already says so ("... is not supported", "Promtab could not read ...").
 */
export function placeholderMessage(ph: Panel['placeholder']): string {
  const reason = ph?.reason || `panel type ${JSON.stringify(ph?.originalType ?? '')} is not supported`;
  if (reason.startsWith('Promtab ')) return reason;
  if (/\bnot supported\b/.test(reason)) return `${reason[0].toUpperCase()}${reason.slice(1)} in Promtab`;
  return `Not supported in Promtab: ${reason}`;
}

/** unreadableReason says which field of a panel could not be read and what Grafana would have shown instead. */
export function unreadableReason(e: unknown, path: string, shown: string): string {
  const err = e instanceof DashboardImportError ? e : null;
  const message = e instanceof Error ? e.message : String(e);
  if (!err) return `Promtab could not read this panel (${message}); Grafana would show ${shown}`;
  const rel = err.path.startsWith(`${path}.`) ? err.path.slice(path.length + 1) : err.path === path ? '' : err.path;
  const detail = message.slice(err.path ? err.path.length + 2 : 0);
  return `Promtab could not read ${rel || 'this panel'} (${detail}); Grafana would show ${shown}`;
}

function panelId(p: JsonObject, path: string, ctx: Context): number {
  let id = lenient(() => optNumber(p, 'id', path), undefined);
  if (id === undefined || !Number.isInteger(id) || ctx.ids.has(id)) {
    while (ctx.ids.has(ctx.nextId)) ctx.nextId++;
    id = ctx.nextId;
  }
  ctx.ids.add(id);
  return id;
}

const NON_PROMQL_KEYS = ['target', 'query', 'rawSql', 'rawQuery', 'queryText'];

function targetProblem(targets: JsonValue[], path: string, ctx: Context): string {
  for (let i = 0; i < targets.length; i++) {
    const t = asObject(targets[i], `${path}.targets[${i}]`);
    const problem = datasourceProblem(field(t, 'datasource'), ctx);
    if (problem) return problem;
    if (field(t, 'expr') === undefined && NON_PROMQL_KEYS.some((k) => field(t, k) !== undefined)) return `targets[${i}] is not a PromQL query`;
  }
  return '';
}

/**
 * convertPanel reads one (migrated) panel; whatever it cannot read costs that panel only: it becomes a placeholder
 * that names the field and what Grafana would have shown.
 */
function convertPanel(p: JsonObject, path: string, ctx: Context): Panel {
  const id = panelId(p, path, ctx);
  const originalType = lenient(() => optString(p, 'type', path), '');
  const unreadable = field(p, UNREADABLE_KEY);
  if (isObject(unreadable)) {
    const reason = `Promtab could not migrate this ${originalType || 'panel'} (${String(unreadable.message)}); Grafana would show ${grafanaShows(p)}`;
    return placeholder(p, path, id, originalType, reason, ctx);
  }
  const warnings = ctx.warnings.length;
  try {
    return readPanel(p, path, id, originalType, ctx);
  } catch (e) {
    ctx.warnings.length = warnings;
    return placeholder(p, path, id, originalType, unreadableReason(e, path, grafanaShows(p)), ctx);
  }
}

function readPanel(p: JsonObject, path: string, id: number, originalType: string, ctx: Context): Panel {
  const hold = (reason: string, type: string): Panel => placeholder(p, path, id, type, reason, ctx);
  const type = originalType as PanelType;
  if (field(p, 'libraryPanel') !== undefined && field(p, 'targets') === undefined) return hold('library panels are not supported', originalType || 'library panel');
  if (!SUPPORTED.includes(type)) return hold(`panel type ${JSON.stringify(originalType)} is not supported`, originalType);
  const targets = optArray(p, 'targets', path);
  const dsProblem = datasourceProblem(field(p, 'datasource'), ctx) || targetProblem(targets, path, ctx);
  if (dsProblem && !NO_QUERY_TYPES.has(type)) return hold(dsProblem, originalType);
  const transformations: Transformation[] = [];
  const rawTransforms = optArray(p, 'transformations', path);
  for (let i = 0; i < rawTransforms.length; i++) {
    const t = readTransformation(rawTransforms[i], `${path}.transformations[${i}]`, ctx.warnings);
    if (typeof t === 'string') return hold(t, originalType);
    if (t) transformations.push(t);
  }
  const fc = optObject(p, 'fieldConfig', path);
  const defaultsRaw = optObject(fc, 'defaults', `${path}.fieldConfig`);
  const defaults = readFieldConfigBase(defaultsRaw, `${path}.fieldConfig.defaults`, ctx.warnings);
  defaults.mappings = readGrafanaMappings(optArray(defaultsRaw, 'mappings', `${path}.fieldConfig.defaults`), `${path}.fieldConfig.defaults.mappings`, ctx.warnings);
  const base = newPanel(type, id, readGridPos(p, path, ctx.warnings));
  const options = { ...base.options, ...readOptions(optObject(p, 'options', path), `${path}.options`, ctx.warnings) };
  if (type === 'heatmap') readHeatmapAxis(optObject(p, 'options', path), defaults, path);
  if (type === 'text' && typeof field(p, 'content') === 'string' && !optString(optObject(p, 'options', path), 'content', path)) {
    options.content = optString(p, 'content', path);
    if (optString(p, 'mode', path) === 'html') options.mode = 'html';
  }
  if (options.mode === 'html') ctx.warnings.push(`${path}: HTML text is shown as text (links kept, other tags removed)`);
  const repeat = readGrafanaRepeat(p, path, ctx);
  const links = readPanelLinks(p);
  const times: Pick<Panel, 'timeFrom' | 'timeShift'> = {};
  for (const key of ['timeFrom', 'timeShift'] as const) {
    const v = field(p, key);
    const t = typeof v === 'string' ? v.trim() : '';
    if (!t) continue;
    const problem = timeOverrideError(t);
    if (problem) ctx.warnings.push(`${path}.${key}: ${problem}, ignored`);
    else times[key] = t;
  }
  const datasource = NO_QUERY_TYPES.has(type) ? '' : datasourceName([field(p, 'datasource'), ...targets.map((t) => (isObject(t) ? field(t, 'datasource') : undefined))], ctx);
  return {
    ...base,
    title: text(p, 'title'),
    description: text(p, 'description'),
    targets: targets.map((t, i) => readTarget(asObject(t, `${path}.targets[${i}]`), `${path}.targets[${i}]`, i, ctx.warnings)),
    interval: optString(p, 'interval', path),
    maxDataPoints: optNumber(p, 'maxDataPoints', path) ?? null,
    fieldConfig: { defaults, overrides: readGrafanaOverrides(optArray(fc, 'overrides', `${path}.fieldConfig`), `${path}.fieldConfig.overrides`, ctx.warnings) },
    options,
    transformations,
    ...(repeat ? { repeat } : {}),
    ...(datasource ? { datasource } : {}),
    ...(optBool(p, 'transparent', path) ? { transparent: true } : {}),
    ...times,
    ...(links.length ? { links } : {}),
  };
}

/**
 * datasourceName keeps the first name or uid among refs (a panel's, then its targets'), so the panel goes to a
 * Promtab data source of that name when there is one; a reference to a datasource variable is kept too (it picks
 * the data source at run time); default, mixed and import-input references (`${DS_PROMETHEUS}`) give '' (Promtab).
 */
function datasourceName(refs: (JsonValue | undefined)[], ctx: Context): string {
  for (const ds of refs) {
    const ref = typeof ds === 'string' ? ds : isObject(ds) && typeof ds.uid === 'string' ? ds.uid : '';
    const variable = /^(?:\$(\w+)|\$\{(\w+)\}|\[\[(\w+)\]\])$/.exec(ref);
    if (variable) {
      if (ctx.prometheusRefs.has(ref) && ctx.variables.has(variable[1] ?? variable[2] ?? variable[3])) return ref;
    } else if (ref && !ref.startsWith('-- ') && ref !== 'default') return ref;
  }
  return '';
}

/** setVariableDatasources keeps each query variable's datasource reference as panels keep theirs. */
function setVariableDatasources(root: JsonObject, variables: Variable[], ctx: Context): void {
  const raw = new Map<string, JsonValue | undefined>();
  for (const x of listAt(objectAt(root, 'templating'), 'list', 'templating', [])) if (isObject(x)) raw.set(String(field(x, 'name')), field(x, 'datasource'));
  for (const v of variables) {
    const ref = v.type === 'query' ? datasourceName([raw.get(v.name)], ctx) : '';
    if (ref) v.datasource = ref;
  }
}

/** readGrafanaRepeat reads `repeat`, `repeatDirection` and `maxPerRow`; a repeat by an unknown variable is a warning. */
function readGrafanaRepeat(p: JsonObject, path: string, ctx: Context): PanelRepeat | undefined {
  const variable = repeatVariable(p, path, ctx);
  if (!variable) return undefined;
  const direction = oneOf(optString(p, 'repeatDirection', path, 'h'), ['h', 'v'] as const, 'h', `${path}.repeatDirection`, ctx.warnings);
  const maxPerRow = optNumber(p, 'maxPerRow', path);
  return { variable, direction, ...(maxPerRow !== undefined && maxPerRow >= 1 ? { maxPerRow: Math.floor(maxPerRow) } : {}) };
}

function repeatVariable(p: JsonObject, path: string, ctx: Context): string {
  const variable = optString(p, 'repeat', path).replace(/^\$/, '');
  if (variable && !ctx.variables.has(variable)) {
    ctx.warnings.push(`${path}: repeating by unknown variable ${JSON.stringify(variable)}; shown once`);
    return '';
  }
  return variable;
}

function convertRow(p: JsonObject, path: string, ctx: Context): Row {
  const gridPos = isObject(field(p, 'gridPos')) ? readGridPos(p, path, ctx.warnings) : { x: 0, y: 0, w: 24, h: 1 };
  const repeat = lenient(() => repeatVariable(p, path, ctx), '');
  return {
    kind: 'row',
    id: panelId(p, path, ctx),
    title: text(p, 'title'),
    gridPos: { x: 0, y: gridPos.y, w: 24, h: 1 },
    collapsed: lenient(() => optBool(p, 'collapsed', path), false),
    panels: panelList(p, 'panels', path, ctx).map(([x, xp]) => convertPanel(x, xp, ctx)),
    ...(repeat ? { repeat } : {}),
  };
}

/** panelList reads a list of panels, skipping (with a warning) whatever is not a panel object. */
function panelList(o: JsonObject, key: string, path: string, ctx: Context): [JsonObject, string][] {
  const list = field(o, key);
  if (list === undefined || list === null) return [];
  const at = path ? `${path}.${key}` : key;
  if (!Array.isArray(list)) {
    ctx.warnings.push(`${at}: expected a list of panels, ignored`);
    return [];
  }
  const out: [JsonObject, string][] = [];
  list.forEach((x, i) => {
    if (isObject(x)) out.push([x, `${at}[${i}]`]);
    else ctx.warnings.push(`${at}[${i}]: not a panel object, ignored`);
  });
  return out;
}

/** listAt reads an array field leniently: anything else is an empty list (with a warning when it was set). */
function listAt(o: JsonObject, key: string, path: string, warnings: string[]): JsonValue[] {
  const v = field(o, key);
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  warnings.push(`${path ? `${path}.` : ''}${key}: expected a list, ignored`);
  return [];
}

function objectAt(o: JsonObject, key: string): JsonObject {
  const v = field(o, key);
  return isObject(v) ? v : {};
}

/** standIn keeps a variable Promtab cannot read as a textbox (or, when hidden, a constant) holding its current text. */
function standIn(x: JsonObject, name: string): Variable {
  const current = lenient(() => readCurrent(x, ''), { text: '', value: '' });
  const first = (v: string | string[]) => (Array.isArray(v) ? (v[0] ?? '') : v);
  const value = first(current.value) || lenient(() => optString(x, 'query', ''), '');
  const hidden = field(x, 'hide') === 2 || field(x, 'hide') === '2';
  return {
    type: hidden ? 'constant' : 'textbox',
    name,
    label: lenient(() => optString(x, 'label', ''), ''),
    description: '',
    hide: hidden ? 2 : 0,
    query: value,
    regex: '',
    sort: 0,
    refresh: 1,
    multi: false,
    includeAll: false,
    allValue: null,
    auto: false,
    autoCount: 30,
    autoMin: '10s',
    current: { text: value, value },
    options: [{ text: value, value }],
  };
}

function readVariables(root: JsonObject, warnings: string[]): Variable[] {
  const out: Variable[] = [];
  const seen = new Set<string>();
  listAt(objectAt(root, 'templating'), 'list', 'templating', warnings).forEach((x, i) => {
    const path = `templating.list[${i}]`;
    if (!isObject(x)) return warnings.push(`${path}: not a variable object, ignored`);
    const name = typeof x.name === 'string' ? x.name : typeof x.name === 'number' ? String(x.name) : '';
    if (!isVariableName(name)) return warnings.push(`${path}: a variable without a usable name (${JSON.stringify(x.name ?? null)}) ignored; nothing can refer to it`);
    if (seen.has(name)) return warnings.push(`${path}: a second variable named ${JSON.stringify(name)} ignored, as Grafana uses the first`);
    seen.add(name);
    let v: Variable | string;
    try {
      v = readGrafanaVariable(x, path, warnings);
    } catch (e) {
      const stand = standIn(x, name);
      warnings.push(`${path}: variable ${JSON.stringify(name)} could not be read (${(e as Error).message}); kept as a ${stand.type} with its current value ${JSON.stringify(stand.query)}`);
      v = stand;
    }
    if (typeof v === 'string') warnings.push(`${path}: ${v}; variable ${JSON.stringify(name)} dropped`);
    else out.push(v);
  });
  return out;
}

function readTime(root: JsonObject, warnings: string[]): { from: string; to: string } {
  const t = objectAt(root, 'time');
  const at = (key: string, fallback: string) => {
    const v = field(t, key);
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
    if (v !== undefined && v !== null) warnings.push(`time.${key}: ${describe(v)} is not a time, using ${fallback}`);
    return fallback;
  };
  return { from: at('from', 'now-6h'), to: at('to', 'now') };
}

/** settings reads links and time options (see dashboard_settings.ts); if they cannot be read, the defaults. */
function settings(root: JsonObject, warnings: string[]): ReturnType<typeof readSettings> {
  try {
    return readSettings(root, '', warnings, true);
  } catch (e) {
    warnings.push(`${(e as Error).message}; dashboard links and time options left at their defaults`);
    return readSettings({}, '', warnings, true);
  }
}

function readTags(root: JsonObject, warnings: string[]): string[] {
  return listAt(root, 'tags', '', warnings).filter((t): t is string | number => typeof t === 'string' || typeof t === 'number').map(String);
}

function text(root: JsonObject, key: string, fallback = ''): string {
  const v = field(root, key);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

/**
 * importGrafana converts Grafana dashboard JSON (text or parsed) to a Promtab dashboard. It throws
 * DashboardImportError only for text that is not JSON, JSON that is not an object, and input over JSON_LIMITS.
 */
export function importGrafana(json: unknown): ImportResult {
  const warnings: string[] = [];
  let root = asObject(safeJson(json, warnings), '');
  if (isObject(field(root, 'dashboard')) && field(root, 'panels') === undefined && field(root, 'rows') === undefined) root = asObject(root.dashboard, 'dashboard');
  const ctx: Context = { prometheusRefs: new Set(), otherRefs: new Map(), warnings, ids: new Set(), nextId: 1, variables: new Set() };
  const constants = readInputs(root, ctx);
  if (constants.size) root = asObject(substituteInputs(root, constants), '');
  root = migrateDashboard(root, (m) => warnings.push(m)).dashboard;
  const variables = readVariables(root, warnings);
  for (const v of variables) ctx.variables.add(v.name);
  for (const v of variables) if (v.type === 'datasource') for (const ref of [`$${v.name}`, `\${${v.name}}`, `[[${v.name}]]`]) ctx.prometheusRefs.add(ref);
  setVariableDatasources(root, variables, ctx);
  const panels = panelList(root, 'panels', '', ctx).map(([p, path]) => (p.type === 'row' ? convertRow(p, path, ctx) : convertPanel(p, path, ctx)));
  const tooltip = lenient(() => optNumber(root, 'graphTooltip', ''), undefined);
  const annotations = listAt(objectAt(root, 'annotations'), 'list', 'annotations', warnings).filter((a) => isObject(a) && field(a, 'builtIn') !== 1);
  if (annotations.length) warnings.push(`annotations: ${annotations.length} annotation queries are not supported, ignored`);
  const dashboard: Dashboard = {
    version: DASHBOARD_VERSION,
    uid: text(root, 'uid') || `import-${Math.abs(hash(text(root, 'title'))).toString(36)}`,
    title: text(root, 'title') || 'Imported dashboard',
    description: text(root, 'description'),
    tags: readTags(root, warnings),
    time: readTime(root, warnings),
    timezone: text(root, 'timezone') || 'browser',
    graphTooltip: tooltip === 1 || tooltip === 2 ? tooltip : 0,
    panels,
    variables,
    ...settings(root, warnings),
  };
  warnings.push(...repeatWarnings(dashboard));
  return { dashboard, warnings };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export { DashboardImportError };

/**
 * readHeatmapAxis takes a Grafana heatmap's y axis unit (`options.yAxis.unit`, where Grafana keeps it) as the
 * panel's unit, and drops the `scaleDistribution: linear` Grafana writes by default: Grafana draws native
 * histograms on a log 2 axis regardless, which is Promtab's `auto`.
 */
function readHeatmapAxis(options: JsonObject, defaults: FieldConfig, path: string): void {
  const unit = optString(optObject(options, 'yAxis', `${path}.options`), 'unit', `${path}.options.yAxis`);
  if (unit && !defaults.unit) defaults.unit = unit;
  if (defaults.custom?.scaleDistribution?.type === 'linear') delete defaults.custom.scaleDistribution;
}
