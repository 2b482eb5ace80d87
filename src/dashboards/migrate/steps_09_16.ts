/** Schema steps 9 to 16 (Grafana 4 to 5): singlestat and table thresholds, variable flags, graph axes, the grid. */
import { field, isObject, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import { upgradeRows } from './rows';
import type { SchemaStep } from './step';
import { mapVariables, objectField, truthy, without } from './walk';

/** dropFirstOfThree drops the first of three or more thresholds (schema 9 and 10 removed the base value). */
function dropFirstOfThree(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v === 'string') {
    const parts = v.split(',');
    return parts.length >= 3 ? parts.slice(1).join(',') : v;
  }
  return Array.isArray(v) && v.length >= 3 ? v.slice(1) : v;
}

function graphYaxes(p: JsonObject): JsonObject {
  const grid = objectField(p, 'grid');
  if (p.type !== 'graph' || !grid || field(p, 'yaxes') !== undefined) return p;
  const formats = Array.isArray(field(p, 'y_formats')) ? (p.y_formats as JsonValue[]) : [];
  const axis = (side: 'left' | 'right', i: number, label: JsonValue | undefined): JsonObject => ({
    show: field(p, 'y-axis') ?? true,
    min: field(grid, `${side}Min`) ?? null,
    max: field(grid, `${side}Max`) ?? null,
    logBase: field(grid, `${side}LogBase`) ?? 1,
    format: formats[i] ?? 'short',
    label: label ?? null,
  });
  const keptGrid = without(grid, 'leftMin', 'leftMax', 'leftLogBase', 'rightMin', 'rightMax', 'rightLogBase');
  return {
    ...without(p, 'y_formats', 'leftYAxisLabel', 'rightYAxisLabel', 'y-axis', 'x-axis'),
    grid: keptGrid,
    yaxes: [axis('left', 0, field(p, 'leftYAxisLabel')), axis('right', 1, field(p, 'rightYAxisLabel'))],
    xaxis: { show: field(p, 'x-axis') ?? true },
  };
}

function graphGridThresholds(p: JsonObject): JsonObject {
  const grid = objectField(p, 'grid');
  if (p.type !== 'graph' || !grid) return p;
  const lineMode = truthy(field(grid, 'thresholdLine'));
  const make = (n: 1 | 2): JsonObject | undefined => {
    const value = field(grid, `threshold${n}`);
    if (typeof value !== 'number') return undefined;
    const color = field(grid, `threshold${n}Color`) ?? null;
    return lineMode ? { value, line: true, lineColor: color, fill: false, colorMode: 'custom' } : { value, fill: true, fillColor: color, line: false, colorMode: 'custom' };
  };
  const t1 = make(1);
  const t2 = make(2);
  const thresholds: JsonValue[] = Array.isArray(field(p, 'thresholds')) ? [...(p.thresholds as JsonValue[])] : [];
  if (t1) {
    const op = t2 && (t1.value as number) > (t2.value as number) ? 'lt' : 'gt';
    thresholds.push({ ...t1, op });
    if (t2) thresholds.push({ ...t2, op });
  }
  return { ...p, thresholds, grid: without(grid, 'threshold1', 'threshold1Color', 'threshold2', 'threshold2Color', 'thresholdLine') };
}

/** STEPS_09_16 are the schema steps from 9 to 16. */
export const STEPS_09_16: SchemaStep[] = [
  {
    version: 9,
    summary: 'singlestat thresholds of three values lose the first',
    panel: (p) => (p.type === 'singlestat' ? { ...p, thresholds: dropFirstOfThree(field(p, 'thresholds')) ?? '' } : p),
  },
  {
    version: 10,
    summary: 'table column style thresholds of three values lose the first',
    panel: (p) =>
      p.type === 'table' && Array.isArray(field(p, 'styles'))
        ? { ...p, styles: (p.styles as JsonValue[]).map((s) => (isObject(s) && field(s, 'thresholds') !== undefined ? { ...s, thresholds: dropFirstOfThree(s.thresholds) ?? [] } : s)) }
        : p,
  },
  { version: 11, summary: 'no change' },
  {
    version: 12,
    summary: 'variable refresh becomes 0 or 1 and hideVariable/hideLabel become hide; graph grid min/max become yaxes',
    dashboard: (d) =>
      mapVariables(d, (v) => {
        const hide = truthy(field(v, 'hideVariable')) ? 2 : truthy(field(v, 'hideLabel')) ? 1 : field(v, 'hide');
        return { ...v, refresh: truthy(field(v, 'refresh')) ? 1 : 0, ...(hide !== undefined ? { hide } : {}) };
      }),
    panel: graphYaxes,
  },
  { version: 13, summary: 'graph grid thresholds become a threshold list', panel: graphGridThresholds },
  {
    version: 14,
    summary: 'sharedCrosshair becomes graphTooltip',
    dashboard: (d) => ({ ...without(d, 'sharedCrosshair'), graphTooltip: truthy(field(d, 'sharedCrosshair')) ? 1 : 0 }),
  },
  { version: 15, summary: 'no change' },
  { version: 16, summary: 'rows become row panels and panels get a grid position', dashboard: upgradeRows },
];
