/**
 * From a time series panel's range results to what its chart draws: one column per series, its display name, and
 * its look from the field config with every matching override applied (Grafana's field config and overrides).
 */
import { fieldColor, fieldDisplayName, resolveField, type FieldConfig, type Panel } from '../../dashboards';
import type { MatrixSeries } from '../../api/types';
import { floatSeries, seriesLabel, toChartData, type ChartData } from './chartdata';
import type { SeriesStyle } from './chartopts';
import { reduce, reduceAll } from './reduce';

/** RangeResult is one query's range result. */
export interface RangeResult {
  refId: string;
  legendFormat: string;
  series: MatrixSeries[];
  start: number;
  end: number;
  step: number;
}

/** PanelSeries is a time series panel ready to draw: the data, each series' style and its legend calculations. */
export interface PanelSeries {
  chart: ChartData;
  styles: SeriesStyle[];
  /** fields are the resolved field configs, index-aligned with the series. */
  fields: FieldConfig[];
  /** calcValues[series][calc] are the legend's calculations; calcUnits the unit each series' values are shown in. */
  calcValues: (number | null)[][];
  calcUnits: string[];
}

function dashOf(ls: NonNullable<FieldConfig['custom']>['lineStyle']): number[] | undefined {
  if (!ls || ls.fill === 'solid') return undefined;
  if (ls.dash && ls.dash.length) return ls.dash;
  return ls.fill === 'dot' ? [0, 10] : [10, 10];
}

/** seriesStyle is the look of one series from its resolved field config. */
export function seriesStyle(fc: FieldConfig, color: string): SeriesStyle {
  const c = fc.custom ?? {};
  const stack = c.stacking && c.stacking.mode !== 'none' ? { mode: c.stacking.mode, group: c.stacking.group } : undefined;
  return {
    color,
    width: c.lineWidth,
    fill: c.fillOpacity !== undefined ? c.fillOpacity / 100 : undefined,
    gradient: c.gradientMode,
    dash: dashOf(c.lineStyle),
    draw: c.drawStyle,
    interpolation: c.lineInterpolation,
    points: c.showPoints,
    pointSize: c.pointSize,
    spanNulls: c.spanNulls === true,
    hidden: c.hideFrom?.viz ?? false,
    hideInLegend: c.hideFrom?.legend ?? false,
    hideInTooltip: c.hideFrom?.tooltip ?? false,
    unit: fc.unit,
    decimals: fc.decimals,
    axisPlacement: c.axisPlacement,
    axisLabel: c.axisLabel,
    negate: c.transform === 'negative-Y',
    stack,
    limits: { min: fc.min, max: fc.max, softMin: c.axisSoftMin, softMax: c.axisSoftMax, centeredZero: c.axisCenteredZero, decimals: fc.decimals },
    log: c.scaleDistribution?.type === 'log' ? (c.scaleDistribution.log ?? 2) : undefined,
    thresholds: fc.thresholds,
    thresholdsStyle: c.thresholdsStyle?.mode,
  };
}

/** panelSeries aligns a panel's range results on the first query's step grid and resolves each series' field config. */
export function panelSeries(panel: Panel, results: readonly RangeResult[]): PanelSeries | null {
  const rs = results.filter((r) => r.series.length > 0);
  if (rs.length === 0) return null;
  const { start, end, step } = rs[0];
  const all = rs.flatMap((r) => floatSeries(r.series).map((s) => ({ s, r })));
  const chart = toChartData(all.map(({ s }) => s), start, end, step);
  const calcs = panel.options.legend?.calcs ?? [];
  const fallbackUnit = panel.fieldConfig.defaults.unit ?? 'short';
  const out: PanelSeries = { chart, styles: [], fields: [], calcValues: [], calcUnits: [] };
  all.forEach(({ s, r }, i) => {
    const name = seriesLabel(s.metric, r.legendFormat);
    const fc = resolveField(panel, { name, refId: r.refId, labels: s.metric, type: 'number', reduce: (calc) => reduce(calc, s.values) });
    chart.labels[i] = fieldDisplayName(fc.displayName, name, s.metric);
    const last = reduce('lastNotNull', s.values);
    const color = fieldColor(fc, i, chart.labels[i], last, fc.min ?? 0, fc.max ?? 100);
    out.fields.push(fc);
    out.styles.push(seriesStyle(fc, color));
    out.calcValues.push(reduceAll(calcs, s.values));
    out.calcUnits.push(fc.unit ?? fallbackUnit);
  });
  return out;
}
