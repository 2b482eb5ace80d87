/**
 * Repeating panels and rows as Grafana does it: one copy per selected value of a multi-value or All variable, the
 * variable bound to that value in the copy's queries and title. Horizontal copies share grid lines (24 / n columns
 * each, at most maxPerRow to a line, 4 by default), vertical copies stack; what lies below moves down by the height
 * the copies add. Expansion is a view of the dashboard: the saved dashboard keeps one panel with its `repeat`.
 *
 * Differences from Grafana: widths are whole columns (24 / 5 copies are 4 columns wide, not 4.8), and the grid is
 * not compacted, so panels below move down by exactly the added lines.
 */
import { ALL_VALUE, interpolate } from './interpolate';
import { GRID_COLUMNS, type Dashboard, type Panel, type Row, type Variable } from './model';
import { nextPanelId, packDashboard } from './layout';
import { customOptions, scopedVars } from './variables';

/** MAX_REPEAT_COPIES caps the copies one repeated panel or row makes (a variable may hold thousands of values). */
export const MAX_REPEAT_COPIES = 100;

/** DEFAULT_MAX_PER_ROW is how many horizontal copies share a grid line when a panel sets no maxPerRow. */
export const DEFAULT_MAX_PER_ROW = 4;

/** RepeatBinding binds a variable to one of its values in a repeated copy. */
export interface RepeatBinding {
  name: string;
  value: string;
  text: string;
}

/** RepeatCopy says where a shown panel or row comes from: its saved id, the bindings, and whether it is the first copy. */
export interface RepeatCopy {
  sourceId: number;
  bindings: RepeatBinding[];
  first: boolean;
}

/** RepeatLimit records a repeat cut to MAX_REPEAT_COPIES: the saved panel or row, its variable, copies shown and values. */
export interface RepeatLimit {
  sourceId: number;
  variable: string;
  shown: number;
  total: number;
}

/** ExpandedDashboard is a dashboard as shown, packed, with every copy made by a repeat described by id. */
export interface ExpandedDashboard {
  dashboard: Dashboard;
  copies: ReadonlyMap<number, RepeatCopy>;
  /** limited lists the repeats that made fewer copies than their variable has values. */
  limited: RepeatLimit[];
}

/** repeatValues lists the values a variable repeats over: its selection, or every option when All is selected. */
export function repeatValues(v: Variable): { value: string; text: string }[] {
  const selected = Array.isArray(v.current.value) ? v.current.value : v.current.value === '' ? [] : [v.current.value];
  const texts = new Map(v.options.map((o) => [o.value, o.text]));
  const values = selected.includes(ALL_VALUE) ? v.options.map((o) => o.value).filter((x) => x !== ALL_VALUE) : selected;
  return values.map((value) => ({ value, text: texts.get(value) ?? value }));
}

/**
 * bindVariables gives variables with each bound one set to its single value (flags kept, so PromQL escaping matches
 * Grafana). A bound variable keeps only that option: a copy never needs the others, and a variable may have thousands.
 */
export function bindVariables(vars: Variable[], bindings: readonly RepeatBinding[]): Variable[] {
  if (bindings.length === 0) return vars;
  return vars.map((v) => {
    const b = bindings.find((x) => x.name === v.name);
    return b ? { ...v, current: { text: b.text, value: b.value }, options: [{ text: b.text, value: b.value }] } : v;
  });
}

/** displayTitle is a panel or row title with variables replaced in the glob format, Grafana's default outside queries. */
export function displayTitle(title: string, vars: Variable[], rangeMs: number): string {
  return title.includes('$') || title.includes('[[') ? interpolate(title, scopedVars(vars, rangeMs), new Map(), 'glob') : title;
}

type Item = Panel | Row;

interface Context {
  vars: Map<string, Variable>;
  nextId: number;
  copies: Map<number, RepeatCopy>;
  limited: Map<number, RepeatLimit>;
}

const byPosition = (a: Item, b: Item) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x;
const bottomOf = (items: readonly Item[]) => items.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);

function valuesOf(sourceId: number, name: string | undefined, ctx: Context): { value: string; text: string }[] {
  const v = name ? ctx.vars.get(name) : undefined;
  const values = v ? repeatValues(v) : [];
  if (values.length <= MAX_REPEAT_COPIES) return values;
  ctx.limited.set(sourceId, { sourceId, variable: v!.name, shown: MAX_REPEAT_COPIES, total: values.length });
  return values.slice(0, MAX_REPEAT_COPIES);
}

function place<T extends Item>(item: T, dy: number, ctx: Context, copy: RepeatCopy | null, across?: { x: number; w: number }): T {
  const id = copy && !copy.first ? ctx.nextId++ : item.id;
  if (copy) ctx.copies.set(id, copy);
  else if (dy === 0 && across === undefined) return item;
  const g = item.gridPos;
  return { ...item, id, gridPos: { x: across?.x ?? g.x, y: g.y + dy, w: across?.w ?? g.w, h: g.h } };
}

/** copiesOf lays out the copies of one repeated panel from its top-left corner; returns them and the lines they add. */
function copiesOf(p: Panel, dy: number, bindings: RepeatBinding[], first: boolean, ctx: Context): { panels: Panel[]; extra: number } {
  const values = valuesOf(p.id, p.repeat?.variable, ctx);
  const copy = (i: number, value?: { value: string; text: string }): RepeatCopy | null =>
    value || bindings.length || !first ? { sourceId: p.id, bindings: value ? [...bindings, { name: p.repeat!.variable, ...value }] : bindings, first: first && i === 0 } : null;
  if (values.length === 0) return { panels: [place(p, dy, ctx, copy(0))], extra: 0 };
  const { h } = p.gridPos;
  if (p.repeat!.direction === 'v') {
    const panels = values.map((v, i) => place(p, dy + i * h, ctx, copy(i, v)));
    return { panels, extra: (values.length - 1) * h };
  }
  const perRow = Math.max(1, Math.min(values.length, p.repeat!.maxPerRow ?? DEFAULT_MAX_PER_ROW));
  const w = GRID_COLUMNS / perRow;
  const panels = values.map((v, i) => place(p, dy + Math.floor(i / perRow) * h, ctx, copy(i, v), { x: ((i % perRow) * GRID_COLUMNS) / perRow, w }));
  return { panels, extra: (Math.ceil(values.length / perRow) - 1) * h };
}

/** expandPanels expands the panel repeats of one section; panels below a repeat move down by the lines it adds. */
function expandPanels(panels: readonly Panel[], dy: number, bindings: RepeatBinding[], first: boolean, ctx: Context): Panel[] {
  const shifts: { bottom: number; extra: number }[] = [];
  const out: Panel[] = [];
  for (const p of [...panels].sort(byPosition)) {
    const shift = dy + shifts.reduce((s, e) => (e.bottom <= p.gridPos.y ? s + e.extra : s), 0);
    const { panels: placed, extra } = copiesOf(p, shift, bindings, first, ctx);
    out.push(...placed);
    if (extra > 0) shifts.push({ bottom: p.gridPos.y + p.gridPos.h, extra });
  }
  return out;
}

/** expandSection expands a row (repeated or not) with its panels, starting dy lines lower; returns items and lines added. */
function expandSection(row: Row, inner: readonly Panel[], dy: number, ctx: Context): { items: Item[]; extra: number } {
  const values = valuesOf(row.id, row.repeat, ctx);
  const runs = values.length ? values : [null];
  const carried = row.collapsed ? row.panels : inner;
  const height = row.collapsed ? 1 : Math.max(1, bottomOf(inner) - row.gridPos.y);
  const items: Item[] = [];
  let offset = 0;
  runs.forEach((v, k) => {
    const bindings = v ? [{ name: row.repeat!, ...v }] : [];
    const placedRow = place(row, dy + offset, ctx, v ? { sourceId: row.id, bindings, first: k === 0 } : null);
    const expanded = expandPanels(carried, row.collapsed ? 0 : dy + offset, bindings, k === 0, ctx);
    if (row.collapsed) items.push({ ...placedRow, panels: expanded });
    else items.push(placedRow, ...expanded);
    offset += row.collapsed ? 1 : Math.max(height, bottomOf(expanded) - placedRow.gridPos.y);
  });
  if (row.collapsed) items.push(...expandPanels(inner, dy + offset - height, [], true, ctx));
  return { items, extra: offset - height };
}

/**
 * repeatWarnings names the repeats that will be cut to MAX_REPEAT_COPIES because their variable lists more values
 * (known at import for custom variables; query variables are counted when the dashboard opens).
 */
export function repeatWarnings(d: Dashboard): string[] {
  const counts = new Map(d.variables.filter((v) => v.type === 'custom').map((v) => [v.name, customOptions(v.query).length]));
  const out: string[] = [];
  const check = (kind: string, title: string, name: string | undefined) => {
    const n = name ? (counts.get(name) ?? 0) : 0;
    if (n > MAX_REPEAT_COPIES) out.push(`${kind} ${JSON.stringify(title)} repeats by $${name} over ${n} values: Promtab draws the first ${MAX_REPEAT_COPIES} copies`);
  };
  for (const p of d.panels) {
    if (p.kind === 'row') {
      check('row', p.title, p.repeat);
      for (const q of p.panels) check('panel', q.title, q.repeat?.variable);
    } else check('panel', p.title, p.repeat?.variable);
  }
  return out;
}

function hasRepeats(d: Dashboard): boolean {
  return d.panels.some((p) => (p.kind === 'row' ? Boolean(p.repeat) || p.panels.some((q) => q.repeat) : Boolean(p.repeat)));
}

/**
 * expandRepeats lays out a dashboard with its repeated panels and rows copied once per selected variable value
 * (at most MAX_REPEAT_COPIES each), packed as Grafana's grid packs it. The first copy keeps the saved id; other
 * copies get fresh ids.
 */
export function expandRepeats(d: Dashboard, vars: Variable[]): ExpandedDashboard {
  const copies = new Map<number, RepeatCopy>();
  if (!hasRepeats(d)) return { dashboard: packDashboard(d), copies, limited: [] };
  const ctx: Context = { vars: new Map(vars.map((v) => [v.name, v])), nextId: nextPanelId(d), copies, limited: new Map() };
  const items = [...d.panels].sort(byPosition);
  const out: Item[] = [];
  let i = 0;
  const top: Panel[] = [];
  while (i < items.length && items[i].kind === 'panel') top.push(items[i++] as Panel);
  out.push(...expandPanels(top, 0, [], true, ctx));
  let dy = Math.max(0, bottomOf(out) - bottomOf(top));
  while (i < items.length) {
    const row = items[i++] as Row;
    const inner: Panel[] = [];
    while (i < items.length && items[i].kind === 'panel') inner.push(items[i++] as Panel);
    const { items: placed, extra } = expandSection(row, inner, dy, ctx);
    out.push(...placed);
    dy += extra;
  }
  return { dashboard: packDashboard({ ...d, panels: out }), copies, limited: [...ctx.limited.values()] };
}
