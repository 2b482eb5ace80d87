/**
 * Grid edits as Grafana makes them, as pure functions returning a new dashboard: add a panel at the top, remove
 * one, collapse and expand rows (a collapsed row carries the panels up to the next row).
 */
import type { Dashboard, Panel, Row } from './model';

type Item = Panel | Row;

const byPosition = (a: Item, b: Item) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x;

function moved<T extends Item>(p: T, dy: number): T {
  return { ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + dy } };
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

/** addPanel puts a panel at the top left of the grid and moves everything else down by its height. */
export function addPanel(d: Dashboard, panel: Panel): Dashboard {
  const placed: Panel = { ...panel, gridPos: { ...panel.gridPos, x: 0, y: 0 } };
  return { ...d, panels: [placed, ...d.panels.map((p) => moved(p, placed.gridPos.h))] };
}

/** removePanel removes a panel (or a row with the panels it carries) by id, wherever it is. */
export function removePanel(d: Dashboard, id: number): Dashboard {
  return {
    ...d,
    panels: d.panels.filter((p) => p.id !== id).map((p) => (p.kind === 'row' ? { ...p, panels: p.panels.filter((q) => q.id !== id) } : p)),
  };
}

function bottom(items: Item[]): number {
  return items.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
}

/** toggleRow collapses an open row (taking the panels below it up to the next row) or expands a collapsed one. */
export function toggleRow(d: Dashboard, rowId: number): Dashboard {
  const items = [...d.panels].sort(byPosition);
  const at = items.findIndex((p) => p.kind === 'row' && p.id === rowId);
  if (at < 0) return d;
  const row = items[at] as Row;
  if (row.collapsed) {
    const top = row.gridPos.y + 1;
    const first = row.panels.reduce((m, p) => Math.min(m, p.gridPos.y), Infinity);
    const inner = row.panels.map((p) => moved(p, Number.isFinite(first) ? top - first : 0));
    const height = bottom(inner) - top;
    const after = items.slice(at + 1).map((p) => moved(p, Math.max(0, height)));
    return { ...d, panels: [...items.slice(0, at), { ...row, collapsed: false, panels: [] }, ...inner, ...after] };
  }
  let end = at + 1;
  while (end < items.length && items[end].kind !== 'row') end++;
  const inner = items.slice(at + 1, end) as Panel[];
  const height = inner.length ? bottom(inner) - (row.gridPos.y + 1) : 0;
  const after = items.slice(end).map((p) => moved(p, -height));
  return { ...d, panels: [...items.slice(0, at), { ...row, collapsed: true, panels: inner }, ...after] };
}
