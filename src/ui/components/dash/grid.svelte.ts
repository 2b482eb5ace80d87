/**
 * The dashboard grid's UI state: which panel is being dragged or resized, and the pointer maths that turn a drag
 * into grid units. The grid component stays thin; the page owns the dashboard and saves it.
 */
import type { GridPos } from '../../../dashboards';
import { clampPos } from './layout';

/** GRID_ROW_PX is the height of one grid line in pixels, as in Grafana. */
export const GRID_ROW_PX = 30;

/** DragMode says whether a drag moves a panel (by its header) or resizes it (by its corner). */
export type DragMode = 'move' | 'resize';

/** GridDrag follows one pointer drag of a panel and reports each new grid position. */
export class GridDrag {
  /** active is the id of the panel being dragged, or null. */
  active = $state<number | null>(null);

  /** start follows the pointer from a pointerdown until release; onmove gets positions, ondone runs on release. */
  start(e: PointerEvent, id: number, pos: GridPos, mode: DragMode, colPx: number, onmove: (g: GridPos) => void, ondone: () => void): void {
    const from = { x: e.clientX, y: e.clientY, pos: { ...pos } };
    this.active = id;
    const move = (ev: PointerEvent) => {
      const dx = (ev.clientX - from.x) / colPx;
      const dy = (ev.clientY - from.y) / GRID_ROW_PX;
      onmove(
        mode === 'move'
          ? clampPos({ ...from.pos, x: from.pos.x + dx, y: from.pos.y + dy })
          : clampPos({ ...from.pos, w: from.pos.w + dx, h: from.pos.h + dy }),
      );
    };
    const up = () => {
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', up);
      this.active = null;
      ondone();
    };
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
  }
}
