/**
 * Grafana's auto text size for stat panels (BigValue): the value and its name take the largest font that fits the
 * space the layout gives them, measured with a function passed in (a canvas in the browser, a stub in tests).
 * Wide cells put the name left of the value; tall ones stack them; a sparkline takes the lower part when there is room.
 */

/** Measure returns the width in px of text drawn at fontSize px. */
export type Measure = (text: string, fontSize: number) => number;

/** LINE_HEIGHT is the line height of stat texts, in em. */
export const LINE_HEIGHT = 1.2;
const MAX_TITLE_SIZE = 30;

/** fitFontSize is the largest font size (px) at which text fits width × height on one line, at most maxSize. */
export function fitFontSize(text: string, width: number, height: number, measure: Measure, maxSize = Infinity): number {
  const at14 = measure(text, 14);
  const byWidth = (Math.max(0, width) / (at14 + 2)) * 14;
  const byHeight = Math.max(0, height) / LINE_HEIGHT;
  return Math.max(1, Math.floor(Math.min(byWidth, byHeight, maxSize) * 10) / 10);
}

/** BigValueInput is one stat cell: its size, its texts and whether it draws a sparkline. */
export interface BigValueInput {
  width: number;
  height: number;
  value: string;
  /** title is the series name shown with the value ('' for none). */
  title: string;
  sparkline: boolean;
  measure: Measure;
}

/** BigValueLayout is how a stat cell is drawn: which arrangement, font sizes, padding and sparkline height. */
export interface BigValueLayout {
  kind: 'wide' | 'stacked';
  padding: number;
  valueSize: number;
  titleSize: number;
  /** chartHeight is the sparkline's height in px (0: no sparkline). */
  chartHeight: number;
}

/** bigValueLayout lays out a stat cell as Grafana does. */
export function bigValueLayout(o: BigValueInput): BigValueLayout {
  const padding = o.height > 100 ? 12 : 8;
  const w = Math.max(0, o.width - padding * 2);
  const h = Math.max(0, o.height - padding * 2);
  const hasTitle = o.title.length > 0;
  const wide = o.width / Math.max(1, o.height) > 2.5;
  if (wide) {
    const chart = o.sparkline && o.height > 50;
    if (chart) {
      const titleSize = hasTitle ? fitFontSize(o.title, w * 0.6, h * 0.4, o.measure, MAX_TITLE_SIZE) : 0;
      const valueSize = fitFontSize(o.value, hasTitle ? w * 0.4 : w, h * 0.5, o.measure);
      return { kind: 'wide', padding, valueSize, titleSize, chartHeight: o.height * 0.5 };
    }
    if (!hasTitle) return { kind: 'wide', padding, valueSize: fitFontSize(o.value, w, h, o.measure), titleSize: 0, chartHeight: 0 };
    const valueSize = fitFontSize(o.value, w * 0.3, h, o.measure);
    const titleSize = Math.min(valueSize * 0.7, fitFontSize(o.title, w * 0.6, h, o.measure, MAX_TITLE_SIZE));
    return { kind: 'wide', padding, valueSize, titleSize, chartHeight: 0 };
  }
  const chart = o.sparkline && o.height > 100;
  let titleSize = hasTitle ? fitFontSize(o.title, w, o.height * 0.15, o.measure, MAX_TITLE_SIZE) : 0;
  const titleHeight = titleSize * LINE_HEIGHT;
  const chartShare = chart ? o.height * 0.25 : 0;
  const valueSize = fitFontSize(o.value, w, h - chartShare - titleHeight, o.measure);
  titleSize = Math.min(valueSize * 0.7, titleSize);
  const chartHeight = chart ? Math.max(0, o.height - padding * 2 - titleSize * LINE_HEIGHT - valueSize * LINE_HEIGHT) : 0;
  return { kind: 'stacked', padding, valueSize, titleSize, chartHeight };
}

/** StatGrid is how several stat cells share a panel: columns × rows and each cell's size. */
export interface StatGrid {
  columns: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
}

/**
 * statGrid places n cells: orientation auto puts them side by side when the panel is wider than tall, else one under
 * another; a cell narrower than minWidth (or lower than minHeight) wraps to further rows (or columns).
 */
export function statGrid(n: number, width: number, height: number, orientation: 'auto' | 'horizontal' | 'vertical' = 'auto', minWidth = 75, minHeight = 16, gap = 4): StatGrid {
  const count = Math.max(1, n);
  const sideBySide = orientation === 'horizontal' ? false : orientation === 'vertical' ? true : width > height;
  let columns = sideBySide ? count : 1;
  let rows = sideBySide ? 1 : count;
  if (sideBySide) {
    while (columns > 1 && (width - gap * (columns - 1)) / columns < minWidth) columns--;
    rows = Math.ceil(count / columns);
  } else {
    while (rows > 1 && (height - gap * (rows - 1)) / rows < minHeight) rows--;
    columns = Math.ceil(count / rows);
  }
  return { columns, rows, cellWidth: (width - gap * (columns - 1)) / columns, cellHeight: (height - gap * (rows - 1)) / rows };
}
