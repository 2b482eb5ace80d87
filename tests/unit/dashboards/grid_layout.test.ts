import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { compact, gridBottom, gridRect, gridHeightPx, type GridItem } from '../../../src/dashboards/grid';
import { adoptLayout, expandAllRows, layoutBoxes, moveItem, packDashboard, toggleRow } from '../../../src/dashboards/layout';
import { allPanels, newDashboard, newPanel, newRow, type Dashboard, type GridPos, type Panel, type Row } from '../../../src/dashboards/model';

const NEF = path.resolve(__dirname, '../../../../shared/testdata/dashboards/node-exporter-full.json');

const item = (id: number, x: number, y: number, w: number, h: number): GridItem => ({ id, gridPos: { x, y, w, h } });
const at = (items: GridItem[]) => Object.fromEntries(items.map((i) => [i.id, [i.gridPos.x, i.gridPos.y, i.gridPos.w, i.gridPos.h]]));
const panel = (id: number, x: number, y: number, w: number, h: number): Panel => newPanel('stat', id, { x, y, w, h });
const row = (id: number, y: number, collapsed = false, panels: Panel[] = []): Row => ({ ...newRow(`R${id}`, id, y), collapsed, panels });
const dash = (panels: (Panel | Row)[]): Dashboard => ({ ...newDashboard('d', 'u'), panels });
const lines = (d: Dashboard) => d.panels.map((p) => `${p.kind === 'row' ? 'r' : 'p'}${p.id}@${p.gridPos.x},${p.gridPos.y}`);

describe('grid geometry', () => {
  it.each([
    [1, 30],
    [2, 68],
    [8, 296],
  ])('%i lines are %i px high', (h, px) => expect(gridHeightPx(h)).toBe(px));

  it('places items as react-grid-layout does (24 columns, 8 px margins)', () => {
    // 1600 px wide: a column is (1600 - 23 * 8) / 24 = 59 px.
    expect(gridRect({ x: 0, y: 0, w: 24, h: 1 }, 1600)).toEqual({ left: 0, top: 0, width: 1600, height: 30 });
    expect(gridRect({ x: 12, y: 6, w: 12, h: 7 }, 1600)).toEqual({ left: 804, top: 228, width: 796, height: 258 });
    // Five repeated copies of 4.8 columns tile the line with 8 px gaps.
    const copies = [0, 1, 2, 3, 4].map((i) => gridRect({ x: i * 4.8, y: 0, w: 4.8, h: 4 }, 1600));
    for (let i = 1; i < 5; i++) expect(copies[i].left - (copies[i - 1].left + copies[i - 1].width)).toBeGreaterThanOrEqual(7);
    expect(copies[4].left + copies[4].width).toBe(1600);
  });
});

describe('vertical compaction', () => {
  it.each([
    ['an item floats to the top', [item(1, 0, 5, 6, 2)], { 1: [0, 0, 6, 2] }],
    ['it stops under an item in its columns', [item(1, 0, 0, 6, 2), item(2, 3, 9, 6, 2)], { 1: [0, 0, 6, 2], 2: [3, 2, 6, 2] }],
    ['it passes beside items in other columns', [item(1, 0, 0, 6, 8), item(2, 6, 9, 6, 2)], { 1: [0, 0, 6, 8], 2: [6, 0, 6, 2] }],
    ['overlaps move down below the item first in order', [item(1, 0, 0, 12, 4), item(2, 6, 2, 12, 4)], { 1: [0, 0, 12, 4], 2: [6, 4, 12, 4] }],
    ['order is line then column', [item(2, 12, 3, 12, 2), item(1, 0, 3, 24, 2)], { 1: [0, 0, 24, 2], 2: [12, 2, 12, 2] }],
    ['it cannot jump over an item into a hole above it', [item(1, 0, 0, 12, 2), item(2, 0, 6, 24, 1), item(3, 0, 9, 12, 2)], { 1: [0, 0, 12, 2], 2: [0, 2, 24, 1], 3: [0, 3, 12, 2] }],
    ['fractional widths collide by their edges', [item(1, 0, 0, 4.8, 2), item(2, 4.8, 4, 4.8, 2)], { 1: [0, 0, 4.8, 2], 2: [4.8, 0, 4.8, 2] }],
  ])('%s', (_, items, want) => expect(at(compact(items))).toEqual(want));

  it('keeps a pinned item in place and moves the others around it', () => {
    const out = compact([item(1, 0, 0, 12, 4), item(2, 0, 4, 12, 4), item(3, 0, 2, 12, 3)], 3);
    expect(at(out)).toEqual({ 1: [0, 5, 12, 4], 2: [0, 9, 12, 4], 3: [0, 2, 12, 3] });
  });

  it('returns unmoved items as they were', () => {
    const a = item(1, 0, 0, 6, 2);
    expect(compact([a])[0]).toBe(a);
  });
});

describe('rows', () => {
  // Grafana's example: a collapsed row holds panels saved far below; opening it moves them under the row.
  const base = dash([row(1, 0), panel(2, 0, 1, 12, 4), row(3, 5, true, [panel(4, 0, 40, 12, 3), panel(5, 12, 43, 12, 5)]), row(6, 6), panel(7, 0, 7, 24, 2)]);

  it('expanding pushes what follows down by exactly the panels’ height (packed: 5 lines)', () => {
    const open = toggleRow(base, 3);
    expect(lines(open)).toEqual(['r1@0,0', 'p2@0,1', 'r3@0,5', 'p4@0,6', 'p5@12,6', 'r6@0,11', 'p7@0,12']);
    expect((open.panels.find((p) => p.id === 3) as Row).panels).toEqual([]);
  });

  it('collapsing takes the panels up to the next row and what follows floats up', () => {
    const closed = toggleRow(toggleRow(base, 3), 3);
    expect(lines(closed)).toEqual(['r1@0,0', 'p2@0,1', 'r3@0,5', 'r6@0,6', 'p7@0,7']);
    expect((closed.panels.find((p) => p.id === 3) as Row).panels.map((p) => [p.id, p.gridPos.y])).toEqual([[4, 6], [5, 6]]);
  });

  it('packs blank lines away and leaves a packed dashboard as it is', () => {
    const gappy = dash([panel(1, 0, 3, 12, 2), row(2, 20), panel(3, 0, 30, 12, 2)]);
    expect(lines(packDashboard(gappy))).toEqual(['p1@0,0', 'r2@0,2', 'p3@0,3']);
    const packed = packDashboard(gappy);
    expect(packDashboard(packed)).toBe(packed);
  });
});

describe('moving and resizing', () => {
  const d = dash([panel(1, 0, 0, 12, 4), panel(2, 12, 0, 12, 4), panel(3, 0, 4, 24, 3), row(4, 7), panel(5, 0, 8, 12, 2)]);
  const move = (id: number, g: Partial<GridPos>) => {
    const cur = d.panels.find((p) => p.id === id)!.gridPos;
    return lines({ ...d, panels: moveItem(layoutBoxes(d.panels), id, { ...cur, ...g }).map((b) => ({ ...d.panels.find((p) => p.id === b.id)!, gridPos: b.gridPos })) });
  };

  it.each([
    ['onto the line above swaps places', 3, { y: 0 }, ['p3@0,0', 'p1@0,3', 'p2@12,3', 'r4@0,7', 'p5@0,8']],
    ['into a free spot beside floats up', 5, { x: 12, y: 9 }, ['p1@0,0', 'p2@12,0', 'p3@0,4', 'r4@0,7', 'p5@12,8']],
    ['below a row joins that row', 1, { y: 12 }, ['p2@12,0', 'p3@0,4', 'r4@0,7', 'p5@0,8', 'p1@0,10']],
    ['down onto the panel below swaps places', 3, { y: 7 }, ['p1@0,0', 'p2@12,0', 'r4@0,4', 'p3@0,5', 'p5@0,8']],
    ['down by one line stays (it floats back)', 1, { y: 1 }, ['p1@0,0', 'p2@12,0', 'p3@0,4', 'r4@0,7', 'p5@0,8']],
    ['outside the grid is clamped', 2, { x: 30, y: -3 }, ['p1@0,0', 'p2@12,0', 'p3@0,4', 'r4@0,7', 'p5@0,8']],
  ])('%s', (_, id, g, want) => expect(move(id, g)).toEqual(want));

  it('a taller panel pushes what is below it down', () => {
    const out = moveItem(layoutBoxes(d.panels), 1, { x: 0, y: 0, w: 12, h: 6 });
    expect(out.map((p) => [p.id, p.gridPos.y, p.gridPos.h])).toEqual([[1, 0, 6], [2, 0, 4], [3, 6, 3], [4, 9, 1], [5, 10, 2]]);
  });

  it('adopts shown positions into the saved dashboard, sizes only for the resized item', () => {
    const shown = moveItem(layoutBoxes(d.panels), 1, { x: 0, y: 0, w: 12, h: 6 });
    const saved = adoptLayout(d, shown.map((p) => (p.id === 2 ? { ...p, gridPos: { ...p.gridPos, w: 4.8 } } : p)), 1);
    expect(saved.panels.find((p) => p.id === 1)!.gridPos).toEqual({ x: 0, y: 0, w: 12, h: 6 });
    expect(saved.panels.find((p) => p.id === 2)!.gridPos.w).toBe(12);
  });
});

describe('Node Exporter Full with every row expanded', () => {
  it.skipIf(!existsSync(NEF))('has no blank line between consecutive rows and a sensible height', () => {
    const { dashboard } = importGrafana(JSON.parse(readFileSync(NEF, 'utf8')));
    const open = expandAllRows(dashboard);
    const items = open.panels;
    expect(items.filter((p) => p.kind === 'row').every((r) => !(r as Row).collapsed)).toBe(true);
    expect(items.filter((p) => p.kind === 'panel')).toHaveLength(allPanels(dashboard).length);
    const bottom = gridBottom(items);
    // Every line from the top to the bottom holds part of some item: no gap at all, between rows or inside them.
    const covered = new Uint8Array(bottom);
    for (const p of items) for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) covered[y] = 1;
    expect([...covered].indexOf(0)).toBe(-1);
    const rows = items.filter((p): p is Row => p.kind === 'row');
    for (let i = 1; i < rows.length; i++) {
      const above = items.filter((p) => p.kind === 'panel' && p.gridPos.y > rows[i - 1].gridPos.y && p.gridPos.y < rows[i].gridPos.y);
      const end = Math.max(rows[i - 1].gridPos.y + 1, gridBottom(above));
      expect(rows[i].gridPos.y - end, rows[i].title).toBeLessThanOrEqual(1);
    }
    // The height is exactly the rows plus each row's own panels packed on their own.
    const sorted = [...dashboard.panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
    let expected = 0;
    let section: Panel[] = [];
    const close = () => {
      const top = Math.min(...section.map((p) => p.gridPos.y));
      expected += gridBottom(compact(section.map((p) => ({ ...p, gridPos: { ...p.gridPos, y: p.gridPos.y - top } }))));
      section = [];
    };
    for (const p of sorted) {
      if (p.kind === 'panel') section.push(p);
      else {
        close();
        expected += 1;
        section = p.collapsed ? [...p.panels] : [];
      }
    }
    close();
    expect(bottom).toBe(expected);
    expect(bottom).toBeLessThan(1000);
    console.log(`Node Exporter Full, every row open: ${bottom} lines, ${gridHeightPx(bottom)} px`);
    expect(bottom).toBeGreaterThanOrEqual(expected);
    expect(gridHeightPx(bottom)).toBeLessThan(40_000);
  });
});
