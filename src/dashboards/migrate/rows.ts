/**
 * Schema 16: the old row model (top-level `rows`, panels with a 12-column `span` and a pixel `height`) to row panels
 * and panels placed on the 24-column grid. Panels fill a row left to right and wrap when a line is full; a row panel
 * is added for every row when any row is collapsed, repeated or shows its title; a collapsed row keeps its panels.
 */
import { field, isObject, looseNumber, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import { truthy, without, type Note } from './walk';

/** GRID_CELL_PX is the height of a grid unit plus its margin in pixels, which old pixel heights are divided by. */
const GRID_CELL_PX = 38;
const MIN_PANEL_HEIGHT_PX = 90;
const DEFAULT_ROW_HEIGHT_PX = 250;
const DEFAULT_SPAN = 4;

function px(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'string') {
    const n = parseInt(v.replace('px', ''), 10);
    return Number.isFinite(n) ? n : undefined;
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** gridHeight converts a pixel height (a number or text such as "250px") to grid units. */
export function gridHeight(height: JsonValue | undefined, fallbackPx = DEFAULT_ROW_HEIGHT_PX): number {
  return Math.ceil(Math.max(MIN_PANEL_HEIGHT_PX, px(height) ?? fallbackPx) / GRID_CELL_PX);
}

function span(p: JsonObject): number {
  let s: number | undefined;
  try {
    s = looseNumber(field(p, 'span'), '');
  } catch {
    s = undefined;
  }
  return Math.max(1, Math.min(24, Math.floor(s ?? DEFAULT_SPAN) * 2));
}

/** upgradeRows is schema step 16: it replaces `rows` by `panels` laid out on the grid. */
export function upgradeRows(d: JsonObject, note: Note): JsonObject {
  const raw = field(d, 'rows');
  if (!Array.isArray(raw)) return d;
  const rows = raw.filter(isObject).filter((r) => !truthy(field(r, 'repeatIteration')));
  const showRows = rows.some((r) => truthy(field(r, 'collapse')) || truthy(field(r, 'showTitle')) || truthy(field(r, 'repeat')));
  let nextId = 1;
  for (const r of rows) {
    for (const p of Array.isArray(field(r, 'panels')) ? (r.panels as JsonValue[]) : []) {
      if (isObject(p) && typeof field(p, 'id') === 'number') nextId = Math.max(nextId, (p.id as number) + 1);
    }
  }
  const panels: JsonValue[] = Array.isArray(field(d, 'panels')) ? [...(d.panels as JsonValue[])] : [];
  let y = 0;
  for (const row of rows) {
    const collapsed = truthy(field(row, 'collapse'));
    const rowH = gridHeight(field(row, 'height'));
    const inside: JsonValue[] = [];
    let rowPanel: JsonObject | undefined;
    if (showRows) {
      rowPanel = { type: 'row', id: nextId++, title: typeof row.title === 'string' ? row.title : '', collapsed, gridPos: { x: 0, y, w: 24, h: rowH }, panels: inside };
      if (typeof field(row, 'repeat') === 'string' && row.repeat) rowPanel.repeat = row.repeat;
      y++;
    }
    const rowStart = y;
    let x = 0;
    let lineH = 0;
    for (const p of Array.isArray(field(row, 'panels')) ? (row.panels as JsonValue[]) : []) {
      if (!isObject(p)) continue;
      const w = span(p);
      const h = field(p, 'height') !== undefined && field(p, 'height') !== null ? gridHeight(field(p, 'height')) : rowH;
      if (x + w > 24) {
        x = 0;
        y += lineH;
        lineH = 0;
      }
      const panel: JsonObject = { ...without(p, 'span'), gridPos: { x, y, w, h } };
      if (rowPanel && collapsed) inside.push(panel);
      else panels.push(panel);
      x += w;
      lineH = Math.max(lineH, h);
    }
    if (rowPanel) panels.push(rowPanel);
    y = rowPanel && collapsed ? rowStart : y + lineH;
  }
  if (rows.length) note(`rows: ${rows.length} old-style rows placed on the grid`);
  return { ...without(d, 'rows'), panels: sortRowsFirst(panels) };
}

/** sortRowsFirst orders panels by position so that a row panel comes before the panels below it. */
function sortRowsFirst(panels: JsonValue[]): JsonValue[] {
  const pos = (p: JsonValue): [number, number] => {
    const g = isObject(p) && isObject(field(p, 'gridPos')) ? (p.gridPos as JsonObject) : {};
    return [Number(g.y ?? 0), Number(g.x ?? 0)];
  };
  return panels
    .map((p, i) => ({ p, i }))
    .sort((a, b) => pos(a.p)[0] - pos(b.p)[0] || pos(a.p)[1] - pos(b.p)[1] || a.i - b.i)
    .map(({ p }) => p);
}
