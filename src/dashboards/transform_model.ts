/**
 * The transformations Promtab runs, typed after Grafana's options (maps keyed by user text become lists of pairs).
 * grafana JSON <-> these types: transform_json.ts; what each does: transformations.ts and its neighbours.
 */

/** GroupByOperation is what groupBy does with a field: group by it, aggregate it, or leave it out (null). */
export type GroupByOperation = 'groupby' | 'aggregate' | 'count' | 'takefirst' | 'takelast' | null;

/** ValueFilter is one filterByValue condition on a field (Grafana's value matcher ids). */
export interface ValueFilter {
  fieldName: string;
  matcher: 'greater' | 'greaterOrEqual' | 'lower' | 'lowerOrEqual' | 'equal' | 'notEqual' | 'isNull' | 'isNotNull' | 'regex' | 'range';
  value: number | string | null;
  /** from and to bound a `range` filter. */
  from?: number;
  to?: number;
}

/** NameFilter picks fields by display name: listed names, or a regex (bare: anchored; `/re/flags`: unanchored). */
export interface NameFilter {
  names: string[];
  pattern: string;
}

/** CalcOperand is a binary operand of calculateField: a field name or a constant number. */
export type CalcOperand = string;

/** Transformation is one step of a panel's transformations. */
export type Transformation =
  | { id: 'organize'; excludeByName: string[]; indexByName: [string, number][]; renameByName: [string, string][] }
  | { id: 'joinByField'; byField: string; mode: 'outer' | 'inner' }
  | { id: 'merge' }
  | { id: 'concatenate'; frameNameMode: 'field' | 'label' | 'drop'; frameNameLabel: string }
  | { id: 'seriesToRows' }
  | { id: 'labelsToFields'; mode: 'columns' | 'rows'; keepLabels: string[]; valueLabel: string }
  | { id: 'groupBy'; fields: [string, { operation: GroupByOperation; aggregations: string[] }][] }
  | {
      id: 'reduce';
      mode: 'seriesToRows' | 'reduceFields';
      reducers: string[];
      includeTimeField: boolean;
      labelsToFields: boolean;
    }
  | {
      id: 'calculateField';
      mode: 'reduceRow' | 'binary' | 'unary';
      alias: string;
      replaceFields: boolean;
      /** timeSeries false keeps frames apart; otherwise time series are joined by time first. */
      timeSeries: boolean;
      reduce: { reducer: string; include: string[] };
      binary: { left: CalcOperand; operator: '+' | '-' | '*' | '/' | '%' | '^'; right: CalcOperand };
      unary: { operator: 'abs' | 'exp' | 'ln' | 'floor' | 'ceil'; fieldName: string };
    }
  | { id: 'filterByValue'; type: 'include' | 'exclude'; match: 'any' | 'all'; filters: ValueFilter[] }
  | { id: 'filterFieldsByName'; include?: NameFilter; exclude?: NameFilter }
  | { id: 'sortBy'; field: string; desc: boolean }
  | { id: 'renameByRegex'; regex: string; renamePattern: string }
  | { id: 'prepareTimeSeries'; format: 'multi' | 'wide' };

/** TRANSFORMATION_IDS lists the Grafana transformation ids Promtab runs (seriesToColumns reads as joinByField). */
export const TRANSFORMATION_IDS: readonly string[] = [
  'organize', 'joinByField', 'seriesToColumns', 'merge', 'concatenate', 'seriesToRows', 'labelsToFields', 'groupBy', 'reduce',
  'calculateField', 'filterByValue', 'filterFieldsByName', 'sortBy', 'renameByRegex', 'prepareTimeSeries',
];
