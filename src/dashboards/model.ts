/**
 * The Promtab dashboard model: plain, versioned data that the Dashboards view renders and the state file stores.
 * Its shape follows Grafana's dashboard JSON (gridPos, targets, fieldConfig, templating) so that import and export
 * are field-by-field mappings, but every field is typed and every map keyed by user text is a list.
 */

/** DASHBOARD_VERSION is the version of the Promtab dashboard model written into every dashboard. */
export const DASHBOARD_VERSION = 1;

/** GRID_COLUMNS is the width of the dashboard grid, as in Grafana. */
export const GRID_COLUMNS = 24;

/** REFRESH_INTERVALS lists the auto-refresh choices; '' means off. */
export const REFRESH_INTERVALS = ['', '5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'] as const;

/** JsonValue is plain JSON data (objects come from a sanitised parse, so they hold no hostile keys). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** GridPos places a panel on the 24-column grid (h in grid rows of 30 px). */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** TimeRange is a dashboard time range in Grafana's notation: `now-6h`, `now`, or an ISO/epoch-ms absolute time. */
export interface TimeRange {
  from: string;
  to: string;
}

/** Target is one PromQL query of a panel. */
export interface Target {
  refId: string;
  expr: string;
  /** legendFormat is `{{label}}` text, `__auto` or '' (the series' labels). */
  legendFormat: string;
  instant: boolean;
  range: boolean;
  /** interval is the query's min interval (`30s`, `$__rate_interval`...) or ''. */
  interval: string;
  hide: boolean;
  format: 'time_series' | 'table' | 'heatmap';
}

/** Threshold is one step: the base step has value null. */
export interface Threshold {
  value: number | null;
  color: string;
}

/** Thresholds is a step list in absolute values or in percent of min..max. */
export interface Thresholds {
  mode: 'absolute' | 'percentage';
  steps: Threshold[];
}

/** MappingResult is what a value mapping shows instead of the value. */
export interface MappingResult {
  text?: string;
  color?: string;
  index?: number;
}

/** SpecialMatch is what a special value mapping matches. */
export type SpecialMatch = 'null' | 'nan' | 'null+nan' | 'true' | 'false' | 'empty';

/** ValueMapping maps a value (exact, range, regex or special) to a text and colour. */
export type ValueMapping =
  | { type: 'value'; value: string; result: MappingResult }
  | { type: 'range'; from: number | null; to: number | null; result: MappingResult }
  | { type: 'regex'; pattern: string; result: MappingResult }
  | { type: 'special'; match: SpecialMatch; result: MappingResult };

/** StackingMode is a time series panel's stacking. */
export type StackingMode = 'none' | 'normal' | 'percent';

/** CustomFieldConfig holds the graph style options of time series (Grafana's fieldConfig.defaults.custom). */
export interface CustomFieldConfig {
  drawStyle?: 'line' | 'bars' | 'points';
  lineWidth?: number;
  fillOpacity?: number;
  pointSize?: number;
  showPoints?: 'auto' | 'always' | 'never';
  lineInterpolation?: 'linear' | 'smooth' | 'stepBefore' | 'stepAfter';
  lineStyle?: { fill: 'solid' | 'dash' | 'dot'; dash?: number[] };
  stacking?: { mode: StackingMode; group: string };
  transform?: 'negative-Y' | 'constant';
  hideFrom?: { legend: boolean; tooltip: boolean; viz: boolean };
  spanNulls?: boolean | number;
  axisPlacement?: 'auto' | 'left' | 'right' | 'hidden';
  axisLabel?: string;
  gradientMode?: 'none' | 'opacity' | 'hue' | 'scheme';
  scaleDistribution?: { type: 'linear' | 'log'; log?: number };
  axisSoftMin?: number;
  axisSoftMax?: number;
  axisCenteredZero?: boolean;
  barAlignment?: -1 | 0 | 1;
  /** thresholdsStyle draws the thresholds on the graph: off, line, dashed, area, line+area or dashed+area. */
  thresholdsStyle?: { mode: 'off' | 'line' | 'dashed' | 'area' | 'line+area' | 'dashed+area' };
  /** hidden hides a table column. */
  hidden?: boolean;
}

/** ColorConfig picks how a field is coloured. */
export interface ColorConfig {
  mode: string;
  fixedColor?: string;
}

/** FieldConfig holds the standard options (unit, decimals, min, max, thresholds, mappings...) of a panel or field. */
export interface FieldConfig {
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  displayName?: string;
  noValue?: string;
  color?: ColorConfig;
  thresholds?: Thresholds;
  mappings?: ValueMapping[];
  custom?: CustomFieldConfig;
}

/** FieldMatcher selects the fields an override applies to: by name(s) (or all but them), regex, refId, type or value. */
export type FieldMatcher =
  | { type: 'byName'; names: string[]; exclude: boolean }
  | { type: 'byRegexp'; pattern: string }
  | { type: 'byFrameRefID'; refId: string }
  | { type: 'byType'; fieldType: FieldType }
  | { type: 'byValue'; reducer: string; op: ValueMatchOp; value: number };

/** ValueMatchOp compares a field's reduced value with a number (Grafana's byValue matcher). */
export type ValueMatchOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'ne';

/** FieldType is a field's value type, as Grafana's `byType` matcher names it (Prometheus series are numbers). */
export type FieldType = 'number' | 'string' | 'time' | 'boolean' | 'other';

/** FIELD_TYPES lists the field types a `byType` matcher can select. */
export const FIELD_TYPES: readonly FieldType[] = ['number', 'string', 'time', 'boolean', 'other'];

/** OverrideProperty is one property set by an override: an id such as `color`, `unit` or `custom.fillOpacity`. */
export interface OverrideProperty {
  id: string;
  value: JsonValue;
}

/** Override sets properties on the fields its matcher selects. */
export interface Override {
  matcher: FieldMatcher;
  properties: OverrideProperty[];
}

import type { Transformation } from './transform_model';
export type { Transformation } from './transform_model';

/** LegendCalc is a legend (or reduce) calculation, by Grafana's reducer id. */
export type LegendCalc = string;

/** LegendOptions is a time series legend. */
export interface LegendOptions {
  showLegend: boolean;
  displayMode: 'list' | 'table' | 'hidden';
  placement: 'bottom' | 'right';
  calcs: LegendCalc[];
  /** sortBy is the column a table legend is sorted by: `Name` or a calc's display name (`Mean`, `Last *`). */
  sortBy?: string;
  sortDesc?: boolean;
  /** width is a right-placed legend's width in px (Grafana's legend.width); absent: as wide as its content needs. */
  width?: number;
  /** values are the pie chart legend's columns. */
  values?: ('value' | 'percent')[];
}

/** TooltipOptions is a time series tooltip. */
export interface TooltipOptions {
  mode: 'single' | 'multi' | 'none';
  sort: 'none' | 'asc' | 'desc';
}

/** ReduceOptions reduces each series to one value (stat, gauge, bar gauge). */
export interface ReduceOptions {
  calcs: LegendCalc[];
  /** values shows every value instead of one reduced value per series. */
  values: boolean;
  limit?: number;
}

/** PanelOptions holds the options of every panel type; each type reads its own. */
export interface PanelOptions {
  legend?: LegendOptions;
  tooltip?: TooltipOptions;
  reduceOptions?: ReduceOptions;
  orientation?: 'auto' | 'horizontal' | 'vertical';
  colorMode?: 'value' | 'background' | 'none';
  graphMode?: 'none' | 'area';
  textMode?: 'auto' | 'value' | 'value_and_name' | 'name' | 'none';
  showThresholdLabels?: boolean;
  showThresholdMarkers?: boolean;
  displayMode?: 'basic' | 'lcd' | 'gradient';
  showUnfilled?: boolean;
  showHeader?: boolean;
  /** mode and content belong to text panels. */
  mode?: 'markdown' | 'code' | 'html';
  content?: string;
  /** pieType and displayLabels belong to pie charts (legend values: `legend.values`). */
  pieType?: 'pie' | 'donut';
  displayLabels?: ('name' | 'value' | 'percent')[];
  /** showValue, mergeValues, rowHeight, colWidth and alignValue belong to state timelines and status histories. */
  showValue?: 'auto' | 'always' | 'never';
  mergeValues?: boolean;
  rowHeight?: number;
  colWidth?: number;
  alignValue?: 'left' | 'center' | 'right';
  /** stacking, groupWidth, barWidth, xTickLabelRotation and xField belong to bar charts. */
  stacking?: StackingMode;
  groupWidth?: number;
  barWidth?: number;
  xTickLabelRotation?: number;
  xField?: string;
  /** bucketSize, bucketOffset, bucketCount and combine belong to histograms. */
  bucketSize?: number;
  bucketOffset?: number;
  bucketCount?: number;
  combine?: boolean;
  /** showStarred ... tags belong to dashboard lists (maxItems to alert lists too). */
  showStarred?: boolean;
  showRecentlyViewed?: boolean;
  showSearch?: boolean;
  showHeadings?: boolean;
  maxItems?: number;
  query?: string;
  tags?: string[];
  /** stateFilter, alertName and sortOrder belong to alert lists. */
  stateFilter?: AlertStateFilter;
  alertName?: string;
  /** sortOrder: 1 by name, 2 by name descending, 3 by importance (firing first), 4 by time ascending, 5 by time descending. */
  sortOrder?: number;
}

/** AlertStateFilter picks the alert states an alert list shows (Grafana's `options.stateFilter`). */
export interface AlertStateFilter {
  firing: boolean;
  pending: boolean;
  inactive: boolean;
  noData: boolean;
  normal: boolean;
  error: boolean;
}

/** PanelType names what a panel shows; `placeholder` stands for an imported panel Promtab cannot show. */
export type PanelType =
  | 'timeseries'
  | 'stat'
  | 'gauge'
  | 'bargauge'
  | 'table'
  | 'heatmap'
  | 'text'
  | 'piechart'
  | 'state-timeline'
  | 'status-history'
  | 'barchart'
  | 'histogram'
  | 'dashlist'
  | 'alertlist'
  | 'placeholder';

/** PANEL_TYPES lists the panel types a user can add (and Grafana import reads). */
export const PANEL_TYPES: readonly PanelType[] = [
  'timeseries', 'stat', 'gauge', 'bargauge', 'table', 'heatmap', 'text',
  'piechart', 'state-timeline', 'status-history', 'barchart', 'histogram', 'dashlist', 'alertlist',
];

/** PANEL_TYPE_NAMES are the names Grafana's visualization picker shows. */
export const PANEL_TYPE_NAMES: Readonly<Record<PanelType, string>> = {
  timeseries: 'Time series',
  stat: 'Stat',
  gauge: 'Gauge',
  bargauge: 'Bar gauge',
  table: 'Table',
  heatmap: 'Heatmap',
  text: 'Text',
  piechart: 'Pie chart',
  'state-timeline': 'State timeline',
  'status-history': 'Status history',
  barchart: 'Bar chart',
  histogram: 'Histogram',
  dashlist: 'Dashboard list',
  alertlist: 'Alert list',
  placeholder: 'Placeholder',
};

/** RepeatDirection lays out repeated panel copies side by side (h) or one under another (v). */
export type RepeatDirection = 'h' | 'v';

/** PanelRepeat makes one copy of a panel per selected value of a variable. */
export interface PanelRepeat {
  variable: string;
  direction: RepeatDirection;
  /** maxPerRow caps the copies per grid line when repeating horizontally (Grafana's default is 4). */
  maxPerRow?: number;
}

/** PanelLink is a link shown in a panel's header (Grafana's panel links). */
export interface PanelLink {
  title: string;
  url: string;
  targetBlank: boolean;
}

/** Panel is one visualisation on the grid. */
export interface Panel {
  kind: 'panel';
  id: number;
  type: PanelType;
  title: string;
  description: string;
  gridPos: GridPos;
  targets: Target[];
  /** interval is the panel's min interval ('' for none). */
  interval: string;
  maxDataPoints: number | null;
  fieldConfig: { defaults: FieldConfig; overrides: Override[] };
  options: PanelOptions;
  transformations: Transformation[];
  /** repeat repeats the panel by a multi-value or All variable (absent: shown once). */
  repeat?: PanelRepeat;
  /** transparent draws the panel without background and border. */
  transparent?: boolean;
  /** links are the panel's header links. */
  links?: PanelLink[];
  /**
   * datasource is the data source the panel's queries go to: a Promtab data source name, or the uid or name an
   * imported Grafana dashboard used (it maps to the data source of that name when one exists); absent: Promtab.
   */
  datasource?: string;
  /** timeFrom gives the panel its own range: the last `1h` (or date maths such as `now/d`) instead of the dashboard's. */
  timeFrom?: string;
  /** timeShift moves the panel's range back by a duration (`1d`). */
  timeShift?: string;
  /** placeholder says what Promtab lacks to show an imported panel and keeps its JSON for export (placeholders only). */
  placeholder?: { originalType: string; reason: string; original: JsonValue };
}

/** Row is a collapsible row; a collapsed row carries its panels, an open row's panels follow it on the grid. */
export interface Row {
  kind: 'row';
  id: number;
  title: string;
  gridPos: GridPos;
  collapsed: boolean;
  panels: Panel[];
  /** repeat names a variable: the row and its panels are copied once per selected value. */
  repeat?: string;
}

/** VariableOption is one choice of a variable. */
export interface VariableOption {
  text: string;
  value: string;
}

/** VariableCurrent is a variable's selection; multi-value variables hold arrays; `$__all` means All. */
export interface VariableCurrent {
  text: string | string[];
  value: string | string[];
}

/** VariableType is a template variable kind. */
export type VariableType = 'query' | 'custom' | 'constant' | 'textbox' | 'interval' | 'datasource';

/** Variable is a dashboard template variable. */
export interface Variable {
  type: VariableType;
  name: string;
  label: string;
  description: string;
  /** hide: 0 shows label and value, 1 hides the label, 2 hides the variable. */
  hide: 0 | 1 | 2;
  /** query: the PromQL helper query, the custom list, the constant/textbox value, the interval list or plugin id. */
  query: string;
  /** regex filters and extracts query results (Grafana's `/pattern/flags`). */
  regex: string;
  /** sort orders options: 0 none, 1/2 alphabetical, 3/4 numerical, 5/6 case-insensitive, 7/8 natural. */
  sort: number;
  /** refresh: 1 on dashboard load, 2 on time range change. */
  refresh: 1 | 2;
  multi: boolean;
  includeAll: boolean;
  allValue: string | null;
  /** auto, autoCount and autoMin configure interval variables' `auto` option. */
  auto: boolean;
  autoCount: number;
  autoMin: string;
  current: VariableCurrent;
  options: VariableOption[];
  /** optionsTotal, set only when options were cut at MAX_VARIABLE_OPTIONS, is how many there were (never saved). */
  optionsTotal?: number;
  /** datasource is where a query variable's query goes: a data source name or a `$variable` of type datasource. */
  datasource?: string;
}

/** LINK_ICONS lists the icons a dashboard link can show, by Grafana's names. */
export const LINK_ICONS = ['external link', 'dashboard', 'question', 'info', 'bolt', 'doc', 'cloud'] as const;

/** LinkIcon is one of LINK_ICONS. */
export type LinkIcon = (typeof LINK_ICONS)[number];

/**
 * DashboardLink is a link in the dashboard's toolbar: an address (`link`), or the dashboards that carry all of
 * `tags` (`dashboards`), one button each or one dropdown.
 */
export interface DashboardLink {
  type: 'link' | 'dashboards';
  title: string;
  url: string;
  tooltip: string;
  icon: LinkIcon;
  tags: string[];
  asDropdown: boolean;
  targetBlank: boolean;
  /** includeVars adds the current variable values (`var-name=value`) to the address. */
  includeVars: boolean;
  /** keepTime adds the dashboard's time range (`from`, `to`) to the address. */
  keepTime: boolean;
}

/** TimePicker holds the time options of Grafana's `timepicker` object. */
export interface TimePicker {
  /** hidden hides the time range controls. */
  hidden: boolean;
  /** refreshIntervals lists the auto-refresh choices (Prometheus durations). */
  refreshIntervals: string[];
  /** nowDelay moves `now` back by a duration ('' for none), so incomplete recent data is not shown. */
  nowDelay: string;
}

/** WeekStart is the day `now/w` rounds to ('' is the default, Monday). */
export type WeekStart = '' | 'monday' | 'saturday' | 'sunday';

/** DEFAULT_REFRESH_INTERVALS is Grafana's default auto-refresh list. */
export const DEFAULT_REFRESH_INTERVALS: readonly string[] = REFRESH_INTERVALS.filter((r) => r !== '');

/** Dashboard is a Promtab dashboard. */
export interface Dashboard {
  version: typeof DASHBOARD_VERSION;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  time: TimeRange;
  /** refresh is one of REFRESH_INTERVALS ('' for off). */
  refresh: string;
  /** timezone is 'browser', 'utc' or an IANA zone name. */
  timezone: string;
  /** graphTooltip: 0 default, 1 shared crosshair, 2 shared tooltip. */
  graphTooltip: 0 | 1 | 2;
  panels: (Panel | Row)[];
  variables: Variable[];
  /** links are shown in the toolbar (absent: none). */
  links?: DashboardLink[];
  /** timepicker holds the time options (absent: Grafana's defaults). */
  timepicker?: TimePicker;
  /** weekStart is the first day of the week for `now/w` (absent: Monday). */
  weekStart?: WeekStart;
}

/** timePicker returns a dashboard's time options, with Grafana's defaults where it has none. */
export function timePicker(d: Pick<Dashboard, 'timepicker'>): TimePicker {
  return d.timepicker ?? { hidden: false, refreshIntervals: [...DEFAULT_REFRESH_INTERVALS], nowDelay: '' };
}

/** newLink returns a new link of type `link`, as Grafana's `New link` does. */
export function newLink(): DashboardLink {
  return { type: 'link', title: 'New link', url: '', tooltip: '', icon: 'external link', tags: [], asDropdown: false, targetBlank: false, includeVars: false, keepTime: false };
}

/** newDashboard returns an empty dashboard showing the last 6 hours. */
export function newDashboard(title = 'New dashboard', uid = randomUid()): Dashboard {
  return {
    version: DASHBOARD_VERSION,
    uid,
    title,
    description: '',
    tags: [],
    time: { from: 'now-6h', to: 'now' },
    refresh: '',
    timezone: 'browser',
    graphTooltip: 0,
    panels: [],
    variables: [],
  };
}

const DEFAULT_OPTIONS: Record<PanelType, () => PanelOptions> = {
  timeseries: () => ({
    legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
    tooltip: { mode: 'single', sort: 'none' },
  }),
  stat: () => ({ reduceOptions: { calcs: ['lastNotNull'], values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto', orientation: 'auto' }),
  gauge: () => ({ reduceOptions: { calcs: ['lastNotNull'], values: false }, showThresholdLabels: false, showThresholdMarkers: true, orientation: 'auto' }),
  bargauge: () => ({ reduceOptions: { calcs: ['lastNotNull'], values: false }, displayMode: 'gradient', orientation: 'horizontal', showUnfilled: true }),
  table: () => ({ showHeader: true }),
  heatmap: () => ({ legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } }),
  text: () => ({ mode: 'markdown', content: '' }),
  piechart: () => ({
    reduceOptions: { calcs: ['lastNotNull'], values: false },
    pieType: 'pie',
    displayLabels: [],
    legend: { showLegend: true, displayMode: 'list', placement: 'right', calcs: [], values: [] },
    tooltip: { mode: 'single', sort: 'none' },
  }),
  'state-timeline': () => ({ showValue: 'auto', mergeValues: true, rowHeight: 0.9, alignValue: 'left', legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } }),
  'status-history': () => ({ showValue: 'auto', rowHeight: 0.9, colWidth: 0.9, legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } }),
  barchart: () => ({
    orientation: 'auto',
    xTickLabelRotation: 0,
    showValue: 'auto',
    stacking: 'none',
    groupWidth: 0.7,
    barWidth: 0.97,
    legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
  }),
  histogram: () => ({ combine: false, bucketOffset: 0, legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } }),
  dashlist: () => ({ showStarred: true, showRecentlyViewed: false, showSearch: false, showHeadings: true, maxItems: 10, query: '', tags: [] }),
  alertlist: () => ({
    maxItems: 20,
    sortOrder: 1,
    alertName: '',
    stateFilter: { firing: true, pending: true, inactive: false, noData: false, normal: false, error: true },
  }),
  placeholder: () => ({}),
};

const DEFAULT_CUSTOM: Partial<Record<PanelType, () => CustomFieldConfig>> = {
  timeseries: () => ({ drawStyle: 'line', lineWidth: 1, fillOpacity: 0, pointSize: 5, showPoints: 'auto', stacking: { mode: 'none', group: 'A' } }),
  'state-timeline': () => ({ lineWidth: 0, fillOpacity: 70 }),
  'status-history': () => ({ lineWidth: 1, fillOpacity: 70 }),
  barchart: () => ({ lineWidth: 1, fillOpacity: 80 }),
  histogram: () => ({ lineWidth: 1, fillOpacity: 80 }),
};

/** DEFAULT_COLOR_MODE is the colour scheme a panel type uses when its field config names none (Grafana's plugin defaults). */
export const DEFAULT_COLOR_MODE: Partial<Record<PanelType, string>> = {
  piechart: 'palette-classic',
  barchart: 'palette-classic',
  histogram: 'palette-classic',
  'state-timeline': 'continuous-GrYlRd',
  'status-history': 'thresholds',
};

/** NO_QUERY_TYPES are the panel types that run no queries. */
export const NO_QUERY_TYPES: ReadonlySet<PanelType> = new Set(['text', 'dashlist', 'alertlist', 'placeholder']);

/** newTarget returns an empty range query with the given refId. */
export function newTarget(refId = 'A', expr = ''): Target {
  return { refId, expr, legendFormat: '', instant: false, range: true, interval: '', hide: false, format: 'time_series' };
}

/** newPanel returns a panel of the given type with Grafana's default options, 12 columns wide and 8 rows high. */
export function newPanel(type: PanelType, id = 1, gridPos: GridPos = { x: 0, y: 0, w: 12, h: 8 }): Panel {
  const instant = type === 'stat' || type === 'gauge' || type === 'bargauge' || type === 'table' || type === 'piechart' || type === 'barchart';
  const custom = DEFAULT_CUSTOM[type]?.();
  const defaults: FieldConfig = {
    thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] },
    mappings: [],
    ...(custom ? { custom } : {}),
    ...(DEFAULT_COLOR_MODE[type] ? { color: { mode: DEFAULT_COLOR_MODE[type] } } : {}),
  };
  const table = type === 'table' || type === 'barchart';
  const targets = NO_QUERY_TYPES.has(type) ? [] : [{ ...newTarget('A'), instant, range: !instant, format: table ? ('table' as const) : ('time_series' as const) }];
  return {
    kind: 'panel',
    id,
    type,
    title: type === 'text' ? 'Text' : 'Panel title',
    description: '',
    gridPos,
    targets,
    interval: '',
    maxDataPoints: null,
    fieldConfig: { defaults, overrides: [] },
    options: DEFAULT_OPTIONS[type](),
    transformations: [],
  };
}

/** newRow returns an open row with no panels. */
export function newRow(title: string, id: number, y: number): Row {
  return { kind: 'row', id, title, gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 }, collapsed: false, panels: [] };
}

/** allPanels lists every panel of a dashboard, including those inside collapsed rows, in order. */
export function allPanels(d: Dashboard): Panel[] {
  const out: Panel[] = [];
  for (const p of d.panels) {
    if (p.kind === 'row') out.push(...p.panels);
    else out.push(p);
  }
  return out;
}

function randomUid(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 62]).join('');
}
