/**
 * The dashboard grid as Grafana draws it (react-grid-layout with vertical compaction): 24 columns, lines of 30 px
 * with 8 px margins, and items that float up until they meet another item. Pure geometry over `gridPos`; the
 * dashboard edits that use it live in `layout.ts`.
 */
import { GRID_COLUMNS, type GridPos } from './model';

/** GRID_CELL_PX is the height of one grid line, as Grafana's GRID_CELL_HEIGHT. */
export const GRID_CELL_PX = 30;

/** GRID_MARGIN_PX is the gap between grid items, across and down, as Grafana's GRID_CELL_VMARGIN. */
export const GRID_MARGIN_PX = 8;

/** GridItem is anything placed on the grid: a panel or a row. */
export interface GridItem {
  id: number;
  gridPos: GridPos;
}

/** Rect is a grid item's box in pixels inside the grid container. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** gridHeightPx is the pixel height of h grid lines: h * 30 + (h - 1) * 8. */
export function gridHeightPx(h: number): number {
  return h * GRID_CELL_PX + Math.max(0, h - 1) * GRID_MARGIN_PX;
}

/** gridRect places a grid position in a container widthPx wide, rounding as react-grid-layout does. */
export function gridRect(g: GridPos, widthPx: number): Rect {
  const col = (widthPx - GRID_MARGIN_PX * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  return {
    left: Math.round((col + GRID_MARGIN_PX) * g.x),
    top: Math.round((GRID_CELL_PX + GRID_MARGIN_PX) * g.y),
    width: Math.round(col * g.w + Math.max(0, g.w - 1) * GRID_MARGIN_PX),
    height: Math.round(gridHeightPx(g.h)),
  };
}

/** gridPosAt turns a pixel point (the top-left corner of a dragged box) into the nearest grid column and line. */
export function gridPosAt(leftPx: number, topPx: number, widthPx: number): { x: number; y: number } {
  const col = (widthPx - GRID_MARGIN_PX * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  return { x: Math.round(leftPx / (col + GRID_MARGIN_PX)), y: Math.round(topPx / (GRID_CELL_PX + GRID_MARGIN_PX)) };
}

/** gridSpanAt turns a pixel size into whole columns and lines (at least one of each). */
export function gridSpanAt(widthPx: number, heightPx: number, containerPx: number): { w: number; h: number } {
  const col = (containerPx - GRID_MARGIN_PX * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  return {
    w: Math.max(1, Math.round((widthPx + GRID_MARGIN_PX) / (col + GRID_MARGIN_PX))),
    h: Math.max(1, Math.round((heightPx + GRID_MARGIN_PX) / (GRID_CELL_PX + GRID_MARGIN_PX))),
  };
}

/** clampGridPos keeps a position on the grid: whole units, 1 to 24 columns wide, inside the columns, y ≥ 0. */
export function clampGridPos(g: GridPos): GridPos {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(g.w)));
  const h = Math.max(1, Math.round(g.h));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(g.x)));
  return { x, y: Math.max(0, Math.round(g.y)), w, h };
}

/** byGridPos orders items as Grafana's sortPanelsByGridPos: by line, then by column. */
export const byGridPos = (a: GridItem, b: GridItem): number => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x;

/** collides says whether two boxes overlap (touching edges do not). */
export function collides(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** gridBottom is the first free line below every item. */
export function gridBottom(items: readonly GridItem[]): number {
  let y = 0;
  for (const it of items) y = Math.max(y, it.gridPos.y + it.gridPos.h);
  return y;
}

/** settle finds the line an item comes to rest on among placed items: up until it meets one, then below any it overlaps. */
function settle(placed: readonly GridPos[], g: GridPos): number {
  let y = Math.max(0, g.y);
  let bottom = 0;
  for (const p of placed) bottom = Math.max(bottom, p.y + p.h);
  y = Math.min(y, bottom);
  const at = (line: number) => ({ ...g, y: line });
  if (!placed.some((p) => collides(p, at(y)))) {
    // Nothing in the way: rise to just under the lowest item above in the same columns.
    let floor = 0;
    for (const p of placed) if (p.x < g.x + g.w && g.x < p.x + p.w && p.y + p.h <= y) floor = Math.max(floor, p.y + p.h);
    return floor;
  }
  for (let hit = placed.find((p) => collides(p, at(y))); hit; hit = placed.find((p) => collides(p, at(y)))) y = hit.y + hit.h;
  return y;
}

/**
 * compact applies vertical gravity as react-grid-layout's `compactType: 'vertical'`: items in line-then-column order
 * each float up until they meet an item already placed, and move below any they would overlap. A pinned item
 * (the one being dragged) keeps its place and the others make room around it. Returns the items in grid order;
 * items whose position did not change are returned as they were.
 */
export function compact<T extends GridItem>(items: readonly T[], pinned?: number): T[] {
  // Plain copies of the boxes: items may be reactive proxies, and the loops below read each box many times.
  const boxes = items.map((it) => ({ it, g: { x: it.gridPos.x, y: it.gridPos.y, w: it.gridPos.w, h: it.gridPos.h } }));
  boxes.sort((a, b) => a.g.y - b.g.y || a.g.x - b.g.x);
  const fixed = pinned === undefined ? undefined : boxes.find((b) => b.it.id === pinned);
  const placed: GridPos[] = fixed ? [fixed.g] : [];
  const out: { it: T; y: number }[] = [];
  for (const b of boxes) {
    if (b === fixed) {
      out.push({ it: b.it, y: b.g.y });
      continue;
    }
    const y = settle(placed, b.g);
    placed.push({ ...b.g, y });
    out.push({ it: y === b.g.y ? b.it : { ...b.it, gridPos: { ...b.g, y } }, y });
  }
  return out.sort((a, b) => a.y - b.y || a.it.gridPos.x - b.it.gridPos.x).map((o) => o.it);
}
