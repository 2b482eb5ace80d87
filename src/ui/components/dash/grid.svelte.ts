/**
 * The dashboard grid's UI state: the panel being dragged or resized, where the pointer has it on the grid, and the
 * keyboard alternative. Layout maths is pure (`src/dashboards/grid.ts`, `layout.ts`); this class only follows the
 * pointer and reports a grid position; the grid component lays out the others around it and saves on release.
 */
import { GRID_COLUMNS, clampGridPos, gridPosAt, gridSpanAt, type GridPos, type Rect } from '../../../dashboards';

/** DragMode says whether a drag moves a panel (by its header) or resizes it (by its corner). */
export type DragMode = 'move' | 'resize';

/** ActiveDrag is a drag in progress: the item, the grid position under the pointer and the box drawn under it. */
export interface ActiveDrag {
  id: number;
  mode: DragMode;
  pos: GridPos;
  box: Rect;
}

/** GridDrag follows one pointer drag of a grid item and calls ondone with the final grid position on release. */
export class GridDrag {
  /** active is the drag in progress, or null. */
  active = $state<ActiveDrag | null>(null);

  /** start follows the pointer from a pointerdown on an item whose box is `box` in a grid widthPx wide. */
  start(e: PointerEvent, id: number, pos: GridPos, box: Rect, mode: DragMode, widthPx: number, ondone: (id: number, pos: GridPos, mode: DragMode) => void): void {
    if (e.button !== 0) return;
    e.preventDefault();
    const from = { x: e.clientX, y: e.clientY };
    this.active = { id, mode, pos, box };
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - from.x;
      const dy = ev.clientY - from.y;
      if (mode === 'move') {
        const b = { ...box, left: box.left + dx, top: box.top + dy };
        this.active = { id, mode, box: b, pos: clampGridPos({ ...pos, ...gridPosAt(b.left, b.top, widthPx) }) };
      } else {
        const b = { ...box, width: Math.max(20, box.width + dx), height: Math.max(20, box.height + dy) };
        const span = gridSpanAt(b.width, b.height, widthPx);
        this.active = { id, mode, box: b, pos: clampGridPos({ ...pos, w: Math.min(span.w, GRID_COLUMNS - pos.x), h: span.h }) };
      }
    };
    const end = (commit: boolean) => {
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', up);
      removeEventListener('pointercancel', cancel);
      removeEventListener('keydown', escape, true);
      const last = this.active;
      this.active = null;
      if (commit && last) ondone(id, last.pos, mode);
    };
    const up = () => end(true);
    const cancel = () => end(false);
    const escape = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') end(false);
    };
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
    addEventListener('pointercancel', cancel);
    addEventListener('keydown', escape, true);
  }
}

const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * keyboardStep is the keyboard alternative to dragging: an arrow key moves an item one column or line, Shift with an
 * arrow key resizes it. Returns the new position and mode, or null for other keys.
 */
export function keyboardStep(e: KeyboardEvent, pos: GridPos): { pos: GridPos; mode: DragMode } | null {
  const step = STEPS[e.key];
  if (!step) return null;
  const [dx, dy] = step;
  if (e.shiftKey) return { mode: 'resize', pos: clampGridPos({ ...pos, w: Math.min(pos.w + dx, GRID_COLUMNS - pos.x), h: pos.h + dy }) };
  return { mode: 'move', pos: clampGridPos({ ...pos, x: pos.x + dx, y: pos.y + dy }) };
}

/**
 * StablePanels hands each panel view the same panel object for as long as only its place on the grid changes, so a
 * drag, a resize of another panel or a row toggle does not make every panel below re-run its queries and redraw.
 */
export class StablePanels<P extends { id: number; gridPos: GridPos }> {
  #byId = new Map<number, { key: string; panel: P }>();
  #keys = new WeakMap<P, string>();

  /** get returns the panel given before for this id when it differs from p only in gridPos x, y and w. */
  get(p: P): P {
    let key = this.#keys.get(p);
    if (key === undefined) {
      const { gridPos, ...rest } = p;
      key = `${gridPos.h}|${JSON.stringify(rest)}`;
      this.#keys.set(p, key);
    }
    const prev = this.#byId.get(p.id);
    if (prev && prev.key === key) return prev.panel;
    this.#byId.set(p.id, { key, panel: p });
    return p;
  }
}
