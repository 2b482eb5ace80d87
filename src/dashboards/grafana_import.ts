/**
 * Grafana dashboard import: classic dashboard JSON of any schema version (old shapes migrated first, see
 * legacy.ts), grafana.com `__inputs` resolved to Promtab, every field validated. A panel Promtab cannot show (its
 * type, datasource or transformation) becomes a placeholder that keeps its title and place and names what is missing.
 */
import { readFieldConfigBase, readGridPos, readOptions, readPanelLinks, readTarget } from './fields';
import { readGrafanaMappings, readGrafanaOverrides } from './grafana_mappings';
import { readGrafanaVariable } from './grafana_variables';
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
  safeJson,
  stringList,
  type JsonObject,
} from './json';
import { LEGACY_PANELS, migrateRows } from './legacy';
import { readSettings } from './dashboard_settings';
import { DASHBOARD_VERSION, newPanel, type Dashboard, type JsonValue, type Panel, type PanelRepeat, type PanelType, type Row, type Transformation, type Variable } from './model';
import { readTransformation } from './transform_json';

/** ImportResult is an imported dashboard and what could not be carried over exactly. */
export interface ImportResult {
  dashboard: Dashboard;
  warnings: string[];
}

const SUPPORTED: readonly PanelType[] = ['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'heatmap', 'text'];

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
  optArray(root, '__inputs', '').forEach((x, i) => {
    if (!isObject(x)) return;
    const p = `__inputs[${i}]`;
    const name = optString(x, 'name', p);
    const type = optString(x, 'type', p);
    if (type === 'constant') constants.set(name, optString(x, 'value', p));
    else if (type === 'datasource') {
      const plugin = optString(x, 'pluginId', p);
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

function placeholder(p: JsonObject, path: string, id: number, originalType: string, reason: string, ctx: Context): Panel {
  ctx.warnings.push(`${path}: ${JSON.stringify(optString(p, 'title', path))} imported as a placeholder: ${reason}`);
  const gridPos = readGridPos(p, path);
  const title = optString(p, 'title', path);
  return {
    ...newPanel('placeholder', id, gridPos),
    title,
    description: optString(p, 'description', path),
    placeholder: { originalType, reason, original: { ...withTypedDatasources(p, ctx), id, title, gridPos: { ...gridPos } } },
  };
}

function panelId(p: JsonObject, path: string, ctx: Context): number {
  let id = optNumber(p, 'id', path);
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

function convertPanel(raw: JsonObject, path: string, ctx: Context): Panel {
  const id = panelId(raw, path, ctx);
  let p = raw;
  const hold = (reason: string, type: string): Panel => placeholder(raw, path, id, type, reason, ctx);
  const originalType = optString(p, 'type', path);
  const migrate = Object.prototype.hasOwnProperty.call(LEGACY_PANELS, originalType) ? LEGACY_PANELS[originalType] : undefined;
  if (migrate) {
    p = migrate(p, path, ctx.warnings);
    ctx.warnings.push(`${path}: ${originalType} panel migrated to ${optString(p, 'type', path)}`);
  }
  const type = optString(p, 'type', path) as PanelType;
  if (field(p, 'libraryPanel') !== undefined && field(p, 'targets') === undefined) return hold('library panels are not supported', originalType || 'library panel');
  if (!SUPPORTED.includes(type)) return hold(`panel type ${JSON.stringify(originalType)} is not supported`, originalType);
  const targets = optArray(p, 'targets', path);
  const dsProblem = datasourceProblem(field(p, 'datasource'), ctx) || targetProblem(targets, path, ctx);
  if (dsProblem && type !== 'text') return hold(dsProblem, originalType);
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
  const base = newPanel(type, id, readGridPos(p, path));
  const options = { ...base.options, ...readOptions(optObject(p, 'options', path), `${path}.options`, ctx.warnings) };
  if (type === 'text' && typeof field(p, 'content') === 'string' && !optString(optObject(p, 'options', path), 'content', path)) {
    options.content = optString(p, 'content', path);
    if (optString(p, 'mode', path) === 'html') ctx.warnings.push(`${path}.mode: HTML text is shown as Markdown, with tags as text`);
  }
  const repeat = readGrafanaRepeat(p, path, ctx);
  const links = readPanelLinks(p);
  const datasource = datasourceName([field(p, 'datasource'), ...targets.map((t) => (isObject(t) ? field(t, 'datasource') : undefined))], ctx);
  return {
    ...base,
    title: optString(p, 'title', path),
    description: optString(p, 'description', path),
    targets: targets.map((t, i) => readTarget(asObject(t, `${path}.targets[${i}]`), `${path}.targets[${i}]`, i, ctx.warnings)),
    interval: optString(p, 'interval', path),
    maxDataPoints: optNumber(p, 'maxDataPoints', path) ?? null,
    fieldConfig: { defaults, overrides: readGrafanaOverrides(optArray(fc, 'overrides', `${path}.fieldConfig`), `${path}.fieldConfig.overrides`, ctx.warnings) },
    options,
    transformations,
    ...(repeat ? { repeat } : {}),
    ...(datasource ? { datasource } : {}),
    ...(optBool(p, 'transparent', path) ? { transparent: true } : {}),
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
  for (const x of optArray(optObject(root, 'templating', ''), 'list', 'templating')) if (isObject(x)) raw.set(String(field(x, 'name')), field(x, 'datasource'));
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
  const gridPos = isObject(field(p, 'gridPos')) ? readGridPos(p, path) : { x: 0, y: 0, w: 24, h: 1 };
  const repeat = repeatVariable(p, path, ctx);
  return {
    kind: 'row',
    id: panelId(p, path, ctx),
    title: optString(p, 'title', path),
    gridPos: { x: 0, y: gridPos.y, w: 24, h: 1 },
    collapsed: field(p, 'collapsed') === true,
    panels: optArray(p, 'panels', path).map((x, i) => convertPanel(asObject(x, `${path}.panels[${i}]`), `${path}.panels[${i}]`, ctx)),
    ...(repeat ? { repeat } : {}),
  };
}

function readVariables(root: JsonObject, warnings: string[]): Variable[] {
  const templating = optObject(root, 'templating', '');
  const out: Variable[] = [];
  optArray(templating, 'list', 'templating').forEach((x, i) => {
    const path = `templating.list[${i}]`;
    const v = readGrafanaVariable(asObject(x, path), path, warnings);
    if (typeof v === 'string') warnings.push(`${path}: ${v}; variable ${JSON.stringify(optString(asObject(x, path), 'name', path))} dropped`);
    else out.push(v);
  });
  return out;
}

function readTime(root: JsonObject): { from: string; to: string } {
  const t = optObject(root, 'time', '');
  return { from: optString(t, 'from', 'time', 'now-6h'), to: optString(t, 'to', 'time', 'now') };
}

/** importGrafana converts Grafana dashboard JSON (text or parsed) to a Promtab dashboard; throws DashboardImportError. */
export function importGrafana(json: unknown): ImportResult {
  const warnings: string[] = [];
  let root = asObject(safeJson(json, warnings), '');
  if (isObject(field(root, 'dashboard')) && field(root, 'panels') === undefined && field(root, 'rows') === undefined) root = asObject(root.dashboard, 'dashboard');
  const ctx: Context = { prometheusRefs: new Set(), otherRefs: new Map(), warnings, ids: new Set(), nextId: 1, variables: new Set() };
  const constants = readInputs(root, ctx);
  if (constants.size) root = asObject(substituteInputs(root, constants), '');
  const variables = readVariables(root, warnings);
  for (const v of variables) ctx.variables.add(v.name);
  for (const v of variables) if (v.type === 'datasource') for (const ref of [`$${v.name}`, `\${${v.name}}`, `[[${v.name}]]`]) ctx.prometheusRefs.add(ref);
  setVariableDatasources(root, variables, ctx);
  const rawPanels = field(root, 'panels') === undefined && field(root, 'rows') !== undefined ? migrateRows(root, warnings) : optArray(root, 'panels', '');
  const panels = rawPanels.map((x, i) => {
    const p = asObject(x, `panels[${i}]`);
    return optString(p, 'type', `panels[${i}]`) === 'row' ? convertRow(p, `panels[${i}]`, ctx) : convertPanel(p, `panels[${i}]`, ctx);
  });
  const tooltip = optNumber(root, 'graphTooltip', '');
  const annotations = optArray(optObject(root, 'annotations', ''), 'list', 'annotations').filter((a) => isObject(a) && field(a, 'builtIn') !== 1);
  if (annotations.length) warnings.push(`annotations: ${annotations.length} annotation queries are not supported, ignored`);
  const dashboard: Dashboard = {
    version: DASHBOARD_VERSION,
    uid: optString(root, 'uid', '') || `import-${Math.abs(hash(optString(root, 'title', ''))).toString(36)}`,
    title: optString(root, 'title', '', 'Imported dashboard'),
    description: optString(root, 'description', ''),
    tags: stringList(root, 'tags', ''),
    time: readTime(root),
    timezone: optString(root, 'timezone', '', 'browser') || 'browser',
    graphTooltip: tooltip === 1 || tooltip === 2 ? tooltip : 0,
    panels,
    variables,
    ...readSettings(root, '', warnings, true),
  };
  return { dashboard, warnings };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export { DashboardImportError };
