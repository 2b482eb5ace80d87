/** Dashboard layout: splits panels into row sections and moves or resizes a panel on the 24-column grid. */
import { GRID_COLUMNS, type Dashboard, type GridPos, type Panel, type Row } from '../../../dashboards';

/** Section is a row (or the top, before any row) with the panels placed under it, y relative to the section. */
export interface Section {
  row: Row | null;
  panels: Panel[];
  height: number;
}

/** sections groups a dashboard's panels: an open row owns the panels that follow it; a collapsed row carries its own. */
export function sections(d: Dashboard): Section[] {
  const out: Section[] = [{ row: null, panels: [], height: 0 }];
  for (const p of d.panels) {
    if (p.kind === 'row') out.push({ row: p, panels: p.collapsed ? [] : [], height: 0 });
    else out[out.length - 1].panels.push(p);
  }
  for (const s of out) {
    const top = s.row ? s.row.gridPos.y + 1 : 0;
    s.height = s.panels.reduce((h, p) => Math.max(h, p.gridPos.y - top + p.gridPos.h), 0);
  }
  return out.filter((s, i) => i > 0 || s.panels.length > 0);
}

/** clampPos keeps a panel on the grid. */
export function clampPos(g: GridPos): GridPos {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(g.w)));
  const h = Math.max(1, Math.round(g.h));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(g.x)));
  const y = Math.max(0, Math.round(g.y));
  return { x, y, w, h };
}

/** bottom is the first free grid row of a dashboard. */
export function bottom(d: Dashboard): number {
  let y = 0;
  for (const p of d.panels) y = Math.max(y, p.gridPos.y + p.gridPos.h);
  return y;
}
