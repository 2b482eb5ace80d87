/**
 * Grid edits as Grafana makes them, as pure functions returning a new dashboard: add a panel at the top, remove
 * one, collapse and expand rows (a collapsed row carries the panels up to the next row), move or resize a panel.
 * After every edit the grid is packed with vertical gravity (see `grid.ts`), so no blank lines are left behind.
 */
import { byGridPos, clampGridPos, collides, compact, gridBottom, type GridItem } from './grid';
import type { Dashboard, GridPos, Panel, Row } from './model';

type Item = Panel | Row;

function moved<T extends Item>(p: T, dy: number): T {
  return dy === 0 ? p : { ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + dy } };
}

/** nextPanelId is one more than the largest panel or row id of a dashboard. */
export function nextPanelId(d: Dashboard): number {
  let max = 0;
  for (const p of d.panels) {
    max = Math.max(max, p.id);
    if (p.kind === 'row') for (const q of p.panels) max = Math.max(max, q.id);
  }
  return max + 1;
}

/** packDashboard floats every shown panel and row up as far as it goes (the panels of collapsed rows stay inside them). */
export function packDashboard(d: Dashboard): Dashboard {
  const packed = compact(d.panels);
  return packed.every((p, i) => p === d.panels[i]) ? d : { ...d, panels: packed };
}

/** addPanel puts a panel at the top left of the grid and moves everything else down by its height. */
export function addPanel(d: Dashboard, panel: Panel): Dashboard {
  const placed: Panel = { ...panel, gridPos: { ...panel.gridPos, x: 0, y: 0 } };
  return packDashboard({ ...d, panels: [placed, ...d.panels.map((p) => moved(p, placed.gridPos.h))] });
}

/** removePanel removes a panel (or a row with the panels it carries) by id, wherever it is; what was below rises. */
export function removePanel(d: Dashboard, id: number): Dashboard {
  const panels = d.panels.filter((p) => p.id !== id).map((p) => (p.kind === 'row' ? { ...p, panels: p.panels.filter((q) => q.id !== id) } : p));
  return packDashboard({ ...d, panels });
}

/**
 * toggleRow collapses an open row or expands a collapsed one, as Grafana's DashboardModel.toggleRow: collapsing
 * takes the panels below the row up to the next row into it; expanding puts them back under the row (shifted so
 * the topmost sits on the line below the row) and moves everything below down by exactly their height. The grid
 * is packed afterwards.
 */
export function toggleRow(d: Dashboard, rowId: number): Dashboard {
  const items = [...d.panels].sort(byGridPos);
  const at = items.findIndex((p) => p.kind === 'row' && p.id === rowId);
  if (at < 0) return d;
  const row = items[at] as Row;
  if (row.collapsed) {
    const top = row.gridPos.y + 1;
    const first = row.panels.reduce((m, p) => Math.min(m, p.gridPos.y), Infinity);
    const inner = row.panels.map((p) => moved(p, Number.isFinite(first) ? top - first : 0));
    const push = Math.max(0, gridBottom(inner) - top);
    const after = items.slice(at + 1).map((p) => moved(p, push));
    return packDashboard({ ...d, panels: [...items.slice(0, at), { ...row, collapsed: false, panels: [] }, ...inner, ...after] });
  }
  let end = at + 1;
  while (end < items.length && items[end].kind !== 'row') end++;
  const inner = items.slice(at + 1, end) as Panel[];
  return packDashboard({ ...d, panels: [...items.slice(0, at), { ...row, collapsed: true, panels: inner }, ...items.slice(end)] });
}

/** expandAllRows opens every collapsed row, top to bottom. */
export function expandAllRows(d: Dashboard): Dashboard {
  let out = d;
  for (const p of [...d.panels].sort(byGridPos)) if (p.kind === 'row' && p.collapsed) out = toggleRow(out, p.id);
  return out;
}

/** LayoutBox is what the grid lays out: an id, whether it is a row (rows stay full width), and its place. */
export interface LayoutBox extends GridItem {
  row: boolean;
}

/** layoutBoxes copies the places of shown items into plain boxes for moveItem. */
export function layoutBoxes(items: readonly Item[]): LayoutBox[] {
  return items.map((p) => ({ id: p.id, row: p.kind === 'row', gridPos: { x: p.gridPos.x, y: p.gridPos.y, w: p.gridPos.w, h: p.gridPos.h } }));
}

/**
 * moveItem places a box at a grid position (clamped to the grid), as a drag or a resize does in Grafana
 * (react-grid-layout): a box it lands on moves just above it when that space is free (so dragging down over a
 * panel swaps them), the others make room below it, then everything (it too) floats up.
 */
export function moveItem(boxes: readonly LayoutBox[], id: number, pos: GridPos): LayoutBox[] {
  const target = boxes.find((p) => p.id === id);
  if (!target) return [...boxes];
  const g = clampGridPos(target.row ? { ...pos, x: 0, w: target.gridPos.w, h: 1 } : pos);
  const placed = boxes.map((p) => (p.id === id ? { ...p, gridPos: g } : p));
  for (let i = 0; i < placed.length; i++) {
    const q = placed[i];
    if (q.id === id || !collides(q.gridPos, g)) continue;
    const above = { ...q.gridPos, y: Math.max(0, g.y - q.gridPos.h) };
    if (!placed.some((o) => o !== q && collides(o.gridPos, above))) placed[i] = { ...q, gridPos: above };
  }
  return compact(compact(placed, id));
}

/**
 * adoptLayout writes shown positions back into the saved dashboard after a drag: every saved panel or row that is
 * shown (repeat copies other than the first are not saved) takes the shown line and column; `sized` also takes its
 * shown width and height (a repeated panel's shown width is its share of the line, so it is not adopted otherwise).
 */
export function adoptLayout(d: Dashboard, shown: readonly GridItem[], sized?: number): Dashboard {
  const at = new Map(shown.map((p) => [p.id, p.gridPos]));
  const panels = d.panels.map((p) => {
    const g = at.get(p.id);
    if (!g) return p;
    return { ...p, gridPos: p.id === sized ? { ...g } : { ...p.gridPos, x: g.x, y: g.y } };
  });
  return packDashboard({ ...d, panels: panels.sort(byGridPos) });
}
