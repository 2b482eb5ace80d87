/**
 * Panel editing as Grafana's panel editor does it, as plain functions over the model (no DOM): query rows (add,
 * duplicate, remove, refIds A, B, ... Z, AA), visualization changes that keep what both types share, threshold steps
 * kept in order, and field overrides with their properties. Each function changes the panel it is given in place,
 * so the editor's reactive draft updates where it stands.
 */
import { nextPanelId } from './layout';
import {
  GRID_COLUMNS,
  newPanel,
  newTarget,
  type Dashboard,
  type FieldMatcher,
  type GridPos,
  type JsonValue,
  type Override,
  type Panel,
  type PanelType,
  type Target,
  type Thresholds,
} from './model';

/** refIdAt names the n-th query as Grafana does: A..Z, then AA, AB, ... */
export function refIdAt(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

/** nextRefId is the first refId (in A, B, ... order) that no target uses. */
export function nextRefId(targets: readonly Pick<Target, 'refId'>[]): string {
  const used = new Set(targets.map((t) => t.refId));
  for (let n = 0; ; n++) if (!used.has(refIdAt(n))) return refIdAt(n);
}

/** addTarget appends an empty range query with the next free refId and returns it. */
export function addTarget(panel: Panel): Target {
  const t = newTarget(nextRefId(panel.targets));
  const last = panel.targets.at(-1);
  if (last) Object.assign(t, { instant: last.instant, range: last.range, format: last.format });
  panel.targets.push(t);
  return t;
}

/** duplicateTarget inserts a copy of target i right after it, under the next free refId. */
export function duplicateTarget(panel: Panel, i: number): Target | undefined {
  const src = panel.targets[i];
  if (!src) return undefined;
  const copy: Target = { ...src, refId: nextRefId(panel.targets) };
  panel.targets.splice(i + 1, 0, copy);
  return copy;
}

/** removeTarget removes target i, and the overrides that selected it by refId. */
export function removeTarget(panel: Panel, i: number): void {
  const [gone] = panel.targets.splice(i, 1);
  if (!gone) return;
  panel.fieldConfig.overrides = panel.fieldConfig.overrides.filter((o) => !(o.matcher.type === 'byFrameRefID' && o.matcher.refId === gone.refId));
}

/** QueryType is how a target runs: a range query, an instant query, or both (Grafana's Type radio). */
export type QueryType = 'range' | 'instant' | 'both';

/** queryType reads a target's type. */
export function queryType(t: Pick<Target, 'instant' | 'range'>): QueryType {
  if (t.instant && t.range) return 'both';
  return t.instant ? 'instant' : 'range';
}

/** setQueryType sets a target's range and instant flags from a type. */
export function setQueryType(t: Target, type: QueryType): void {
  t.range = type !== 'instant';
  t.instant = type !== 'range';
}

const VALUE_TYPES: ReadonlySet<PanelType> = new Set(['stat', 'gauge', 'bargauge']);

/**
 * changePanelType switches a panel to another visualization: title, description, queries, links, repeat, standard
 * options, thresholds, mappings and overrides stay; the options take the new type's defaults, keeping the legend,
 * tooltip and value calculation when both types have them; graph styles are kept only between types that draw them.
 */
export function changePanelType(panel: Panel, type: PanelType): void {
  if (panel.type === type) return;
  const fresh = newPanel(type, panel.id, panel.gridPos);
  const old = panel.options;
  const options = fresh.options;
  if (options.legend && old.legend) options.legend = old.legend;
  if (options.tooltip && old.tooltip) options.tooltip = old.tooltip;
  if (options.reduceOptions && old.reduceOptions) options.reduceOptions = old.reduceOptions;
  const defaults = { ...panel.fieldConfig.defaults };
  const keepCustom = panel.type === 'timeseries' && type === 'timeseries';
  if (!keepCustom) {
    if (fresh.fieldConfig.defaults.custom) defaults.custom = fresh.fieldConfig.defaults.custom;
    else delete defaults.custom;
  }
  if (type === 'text') panel.targets = [];
  else if (panel.targets.length === 0) panel.targets = fresh.targets;
  else if (VALUE_TYPES.has(type) !== VALUE_TYPES.has(panel.type) && panel.targets.every((t) => t.expr === '')) panel.targets = fresh.targets;
  if (panel.type === 'text' && !panel.title.trim()) panel.title = fresh.title;
  panel.type = type;
  panel.options = options;
  panel.fieldConfig.defaults = defaults;
}

/** THRESHOLD_COLORS are the colours new threshold steps take in turn, as Grafana's editor offers them. */
export const THRESHOLD_COLORS: readonly string[] = ['green', 'red', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642'];

/** sortThresholds keeps the base step (value null) first and the others in ascending order of value. */
export function sortThresholds(t: Thresholds): void {
  t.steps.sort((a, b) => (a.value === null ? -1 : b.value === null ? 1 : a.value - b.value));
}

/** addThresholdStep adds a step 10 above the highest one (Grafana's rule) in the next unused colour. */
export function addThresholdStep(t: Thresholds): void {
  if (t.steps.length === 0) {
    t.steps.push({ value: null, color: 'green' });
    return;
  }
  const values = t.steps.map((s) => s.value).filter((v): v is number => v !== null);
  const top = values.length ? Math.max(...values) : 0;
  const used = new Set(t.steps.map((s) => s.color));
  const color = THRESHOLD_COLORS.find((c) => !used.has(c)) ?? THRESHOLD_COLORS[t.steps.length % THRESHOLD_COLORS.length];
  t.steps.push({ value: top + 10, color });
  sortThresholds(t);
}

/** removeThresholdStep removes step i; the base step stays. */
export function removeThresholdStep(t: Thresholds, i: number): void {
  if (t.steps[i] && t.steps[i].value !== null) t.steps.splice(i, 1);
}

/** setThresholdValue changes step i's value (a finite number) and re-sorts; the base step keeps null. */
export function setThresholdValue(t: Thresholds, i: number, value: number): void {
  const s = t.steps[i];
  if (!s || s.value === null || !Number.isFinite(value)) return;
  s.value = value;
  sortThresholds(t);
}

/** MatcherType is the kind of field selection an override makes. */
export type MatcherType = FieldMatcher['type'];

/** MATCHER_NAMES are Grafana's names for the override matchers, in the order its editor lists them. */
export const MATCHER_NAMES: ReadonlyMap<MatcherType, string> = new Map<MatcherType, string>([
  ['byName', 'Fields with name'],
  ['byRegexp', 'Fields with name matching regex'],
  ['byType', 'Fields with type'],
  ['byFrameRefID', 'Fields returned by query'],
  ['byValue', 'Fields with values'],
]);

/** newMatcher is an empty matcher of a kind (the first query for byFrameRefID, numbers for byType). */
export function newMatcher(type: MatcherType, panel: Panel): FieldMatcher {
  if (type === 'byRegexp') return { type, pattern: '' };
  if (type === 'byType') return { type, fieldType: 'number' };
  if (type === 'byFrameRefID') return { type, refId: panel.targets[0]?.refId ?? 'A' };
  if (type === 'byValue') return { type, reducer: 'max', op: 'gte', value: 0 };
  return { type: 'byName', names: [], exclude: false };
}

/** addOverride appends an override with a matcher of the given kind and no properties. */
export function addOverride(panel: Panel, type: MatcherType): Override {
  const o: Override = { matcher: newMatcher(type, panel), properties: [] };
  panel.fieldConfig.overrides.push(o);
  return o;
}

/** setOverrideProperty sets (or adds, at the end) a property; undefined removes it. */
export function setOverrideProperty(o: Override, id: string, value: JsonValue | undefined): void {
  const i = o.properties.findIndex((p) => p.id === id);
  if (value === undefined) {
    if (i >= 0) o.properties.splice(i, 1);
  } else if (i >= 0) o.properties[i].value = value;
  else o.properties.push({ id, value });
}

function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * duplicatePanel copies a panel (on the top level or in an open row) under a new id, as Grafana does: beside the
 * original when that space is free, otherwise just below it, moving what lies below down by the panel's height.
 * Returns the new dashboard and the copy's id, or null when no such panel is on the grid.
 */
export function duplicatePanel(d: Dashboard, id: number): { dashboard: Dashboard; id: number } | null {
  const at = d.panels.findIndex((p) => p.kind === 'panel' && p.id === id);
  if (at < 0) return null;
  const src = d.panels[at] as Panel;
  const copy = JSON.parse(JSON.stringify(src)) as Panel;
  copy.id = nextPanelId(d);
  const { x, y, w, h } = src.gridPos;
  const right: GridPos = { x: x + w, y, w, h };
  let panels = d.panels;
  if (x + 2 * w <= GRID_COLUMNS && !d.panels.some((p) => p.kind === 'panel' && overlaps(p.gridPos, right))) copy.gridPos = right;
  else {
    copy.gridPos = { x, y: y + h, w, h };
    panels = d.panels.map((p) => (p !== src && p.gridPos.y >= y + h ? { ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + h } } : p));
  }
  return { dashboard: { ...d, panels: [...panels.slice(0, at + 1), copy, ...panels.slice(at + 1)] }, id: copy.id };
}
