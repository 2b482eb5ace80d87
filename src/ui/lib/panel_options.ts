/**
 * The panel editor's options, as tables: each option names its section, label, control kind and the panel types that
 * show it, with how it reads and writes the panel. Field options (standard, thresholds, mappings, axis, graph styles)
 * are keyed by Grafana's override property id, so the same table drives the defaults and every override's
 * properties. The options pane renders these tables and filters them by the search box; no option is hard-wired.
 */
import { GRAFANA_COLORS, PANEL_TYPE_NAMES, type FieldConfig, type JsonValue, type Panel, type PanelType } from '../../dashboards';
import { CALC_NAMES } from './reduce';
import { UNITS } from './units';

/** OptionKind is the control an option uses. */
export type OptionKind = 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'radio' | 'unit' | 'color' | 'calcs' | 'thresholds' | 'mappings' | 'hideFrom';

/** Choice is one value of a select or radio option. */
export interface Choice {
  value: string;
  label: string;
}

/** OptionValue is what a control shows and gives back (a select's string, a number, a flag, or structured data). */
export type OptionValue = JsonValue | undefined;

/** OptionDef describes one option's control. */
export interface OptionDef {
  /** id is the override property id (field options) or a stable key (panel options). */
  id: string;
  label: string;
  section: string;
  kind: OptionKind;
  choices?: readonly Choice[];
  description?: string;
  /** types lists the panel types that show the option (absent: every queried type). */
  types?: readonly PanelType[];
  /** placeholder is the hint shown in an empty text or number input. */
  placeholder?: string;
}

/** FieldOptionDef is a field option: read and written in a FieldConfig (defaults or an override's property). */
export interface FieldOptionDef extends OptionDef {
  /** toControl turns the stored value into the control's value (identity when absent). */
  toControl?: (v: JsonValue | undefined) => OptionValue;
  /** fromControl turns the control's value into the stored value; undefined removes it (identity when absent). */
  fromControl?: (v: OptionValue) => JsonValue | undefined;
  /** overrideOnly options appear only as override properties (as Grafana's hideFrom and transform). */
  overrideOnly?: boolean;
}

/** PanelOptionDef is a panel option with its accessors on the panel. */
export interface PanelOptionDef extends OptionDef {
  get: (p: Panel) => OptionValue;
  set: (p: Panel, v: OptionValue) => void;
}

const c = (value: string, label = value): Choice => ({ value, label });
const choices = (...pairs: [string, string][]) => pairs.map(([v, l]) => c(v, l));

/** UNIT_CHOICES lists the units Promtab formats, by Grafana id. */
export const UNIT_CHOICES: readonly Choice[] = [...UNITS.keys()].map((u) => c(u));

/** COLOR_CHOICES lists Grafana's named colours. */
export const COLOR_CHOICES: readonly Choice[] = [...GRAFANA_COLORS.keys()].filter((n) => n !== 'text').map((n) => c(n));

/** COLOR_MODES are the colour schemes (Grafana's fieldConfig color.mode). */
export const COLOR_MODES: readonly Choice[] = choices(
  ['palette-classic', 'Classic palette'],
  ['fixed', 'Single color'],
  ['thresholds', 'From thresholds (by value)'],
  ['continuous-GrYlRd', 'Green-Yellow-Red (by value)'],
  ['continuous-BlPu', 'Blue-Purple (by value)'],
  ['shades', 'Shades of a color'],
);

/** CALC_CHOICES lists the reducers a legend or a stat can calculate. */
export const CALC_CHOICES: readonly Choice[] = [...CALC_NAMES].map(([id, name]) => c(id, name));

const TS: readonly PanelType[] = ['timeseries'];
const VALUE_PANELS: readonly PanelType[] = ['stat', 'gauge', 'bargauge'];

// Object-valued graph styles travel through their select as one string.
const wrap = (key: string, extra: Record<string, JsonValue> = {}) => ({
  toControl: (v: JsonValue | undefined) => (v && typeof v === 'object' && !Array.isArray(v) ? (v[key] as OptionValue) : undefined),
  fromControl: (v: OptionValue) => (v === undefined || v === '' ? undefined : { [key]: v, ...extra }),
});

/** FIELD_OPTIONS are the standard and custom field options, in the order the options pane shows them. */
export const FIELD_OPTIONS: readonly FieldOptionDef[] = [
  { id: 'unit', label: 'Unit', section: 'Standard options', kind: 'unit' },
  { id: 'min', label: 'Min', section: 'Standard options', kind: 'number', placeholder: 'auto', description: 'Leave empty to calculate from the data' },
  { id: 'max', label: 'Max', section: 'Standard options', kind: 'number', placeholder: 'auto', description: 'Leave empty to calculate from the data' },
  { id: 'decimals', label: 'Decimals', section: 'Standard options', kind: 'number', placeholder: 'auto' },
  { id: 'displayName', label: 'Display name', section: 'Standard options', kind: 'text', description: 'Change the field or series name' },
  {
    id: 'color',
    label: 'Color scheme',
    section: 'Standard options',
    kind: 'color',
    choices: COLOR_MODES,
  },
  { id: 'noValue', label: 'No value', section: 'Standard options', kind: 'text', placeholder: '-', description: 'What to show when there is no value' },
  { id: 'mappings', label: 'Value mappings', section: 'Value mappings', kind: 'mappings' },
  { id: 'thresholds', label: 'Thresholds', section: 'Thresholds', kind: 'thresholds' },
  {
    id: 'custom.thresholdsStyle',
    label: 'Show thresholds',
    section: 'Thresholds',
    kind: 'select',
    types: TS,
    choices: choices(['off', 'Off'], ['line', 'As lines'], ['dashed', 'As lines (dashed)'], ['area', 'As filled regions'], ['line+area', 'As filled regions and lines'], ['dashed+area', 'As filled regions and lines (dashed)']),
    ...wrap('mode'),
  },
  { id: 'custom.axisPlacement', label: 'Placement', section: 'Axis', kind: 'select', types: TS, choices: choices(['auto', 'Auto'], ['left', 'Left'], ['right', 'Right'], ['hidden', 'Hidden']) },
  { id: 'custom.axisLabel', label: 'Label', section: 'Axis', kind: 'text', types: TS, placeholder: 'Optional text' },
  { id: 'custom.axisSoftMin', label: 'Soft min', section: 'Axis', kind: 'number', types: TS, placeholder: 'See: Standard options > Min' },
  { id: 'custom.axisSoftMax', label: 'Soft max', section: 'Axis', kind: 'number', types: TS, placeholder: 'See: Standard options > Max' },
  { id: 'custom.axisCenteredZero', label: 'Centered zero', section: 'Axis', kind: 'boolean', types: TS },
  {
    id: 'custom.scaleDistribution',
    label: 'Scale',
    section: 'Axis',
    kind: 'radio',
    types: TS,
    choices: choices(['linear', 'Linear'], ['log2', 'Logarithmic (base 2)'], ['log10', 'Logarithmic (base 10)']),
    toControl: (v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v.type === 'log' ? `log${v.log ?? 2}` : 'linear') : undefined),
    fromControl: (v): JsonValue | undefined => (v === 'log2' || v === 'log10' ? { type: 'log', log: v === 'log2' ? 2 : 10 } : v === 'linear' ? { type: 'linear' } : undefined),
  },
  {
    // The heatmap's y axis for native histograms: auto is log base 2 for exponential buckets (as Grafana draws them).
    id: 'custom.scaleDistribution',
    label: 'Y axis scale',
    section: 'Y Axis',
    kind: 'radio',
    types: ['heatmap'],
    description: 'For native histograms. Auto: log (base 2) for exponential buckets; for custom buckets log when they span a factor of 10, else linear.',
    choices: choices(['auto', 'Auto'], ['linear', 'Linear'], ['log2', 'Log (base 2)'], ['log10', 'Log (base 10)']),
    toControl: (v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v.type === 'log' ? `log${v.log === 10 ? 10 : 2}` : 'linear') : 'auto'),
    fromControl: (v): JsonValue | undefined => (v === 'log2' || v === 'log10' ? { type: 'log', log: v === 'log2' ? 2 : 10 } : v === 'linear' ? { type: 'linear' } : undefined),
  },
  { id: 'custom.drawStyle', label: 'Style', section: 'Graph styles', kind: 'radio', types: TS, choices: choices(['line', 'Lines'], ['bars', 'Bars'], ['points', 'Points']) },
  {
    id: 'custom.lineInterpolation',
    label: 'Line interpolation',
    section: 'Graph styles',
    kind: 'select',
    types: TS,
    choices: choices(['linear', 'Linear'], ['smooth', 'Smooth'], ['stepBefore', 'Step before'], ['stepAfter', 'Step after']),
  },
  { id: 'custom.lineWidth', label: 'Line width', section: 'Graph styles', kind: 'number', types: TS },
  { id: 'custom.fillOpacity', label: 'Fill opacity', section: 'Graph styles', kind: 'number', types: TS, description: '0 to 100' },
  {
    id: 'custom.gradientMode',
    label: 'Gradient mode',
    section: 'Graph styles',
    kind: 'select',
    types: TS,
    choices: choices(['none', 'None'], ['opacity', 'Opacity'], ['hue', 'Hue'], ['scheme', 'Scheme']),
  },
  { id: 'custom.lineStyle', label: 'Line style', section: 'Graph styles', kind: 'select', types: TS, choices: choices(['solid', 'Solid'], ['dash', 'Dash'], ['dot', 'Dots']), ...wrap('fill') },
  { id: 'custom.spanNulls', label: 'Connect null values', section: 'Graph styles', kind: 'boolean', types: TS },
  { id: 'custom.showPoints', label: 'Show points', section: 'Graph styles', kind: 'select', types: TS, choices: choices(['auto', 'Auto'], ['always', 'Always'], ['never', 'Never']) },
  { id: 'custom.pointSize', label: 'Point size', section: 'Graph styles', kind: 'number', types: TS },
  {
    id: 'custom.stacking',
    label: 'Stack series',
    section: 'Graph styles',
    kind: 'radio',
    types: TS,
    choices: choices(['none', 'Off'], ['normal', 'Normal'], ['percent', '100%']),
    ...wrap('mode', { group: 'A' }),
  },
  { id: 'custom.barAlignment', label: 'Bar alignment', section: 'Graph styles', kind: 'select', types: TS, choices: choices(['-1', 'Before'], ['0', 'Center'], ['1', 'After']), toControl: (v) => (v === undefined || v === null ? undefined : String(v)), fromControl: (v) => (v === undefined || v === '' ? undefined : Number(v)) },
  { id: 'custom.transform', label: 'Transform', section: 'Graph styles', kind: 'select', types: TS, overrideOnly: true, choices: choices(['constant', 'Constant'], ['negative-Y', 'Negative Y']) },
  { id: 'custom.hideFrom', label: 'Hide in area', section: 'Series', kind: 'hideFrom', types: TS, overrideOnly: true },
];

/** fieldOption finds a field option by its property id. */
export function fieldOption(id: string): FieldOptionDef | undefined {
  return FIELD_OPTIONS.find((o) => o.id === id);
}

/** readField reads a field option's stored value from a field config. */
export function readField(fc: FieldConfig, id: string): JsonValue | undefined {
  const bag = (id.startsWith('custom.') ? fc.custom : fc) as Record<string, JsonValue> | undefined;
  return bag?.[id.startsWith('custom.') ? id.slice(7) : id];
}

/** writeField sets (or, for undefined, removes) a field option's stored value in a field config. */
export function writeField(fc: FieldConfig, id: string, v: JsonValue | undefined): void {
  if (id.startsWith('custom.')) {
    const custom = (fc.custom ??= {}) as Record<string, JsonValue>;
    if (v === undefined) delete custom[id.slice(7)];
    else custom[id.slice(7)] = v;
    return;
  }
  const bag = fc as Record<string, JsonValue>;
  if (v === undefined) delete bag[id];
  else bag[id] = v;
}

/** toControl is the control value of a field option's stored value. */
export function toControl(def: FieldOptionDef, v: JsonValue | undefined): OptionValue {
  return def.toControl ? def.toControl(v) : v;
}

/** fromControl is the stored value of a field option's control value (empty text removes it). */
export function fromControl(def: FieldOptionDef, v: OptionValue): JsonValue | undefined {
  if (def.fromControl) return def.fromControl(v);
  return v === '' ? undefined : v;
}

/** showsField says whether a panel type shows a field option (among the defaults when overrides is false). */
export function showsField(def: FieldOptionDef, type: PanelType, overrides = false): boolean {
  if (type === 'text' || type === 'placeholder') return false;
  if (def.overrideOnly && !overrides) return false;
  return !def.types || def.types.includes(type);
}

function legend(p: Panel) {
  return (p.options.legend ??= { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] });
}
function tooltip(p: Panel) {
  return (p.options.tooltip ??= { mode: 'single', sort: 'none' });
}
function reduceOpts(p: Panel) {
  return (p.options.reduceOptions ??= { calcs: ['lastNotNull'], values: false });
}
const str = (v: OptionValue) => (typeof v === 'string' ? v : '');

/** PANEL_OPTIONS are the options of the visualizations (legend, tooltip, value options, styles), by section. */
export const PANEL_OPTIONS: readonly PanelOptionDef[] = [
  {
    id: 'tooltip.mode',
    label: 'Tooltip mode',
    section: 'Tooltip',
    kind: 'radio',
    types: TS,
    choices: choices(['single', 'Single'], ['multi', 'All'], ['none', 'Hidden']),
    get: (p) => tooltip(p).mode,
    set: (p, v) => (tooltip(p).mode = str(v) as 'single'),
  },
  {
    id: 'tooltip.sort',
    label: 'Values sort order',
    section: 'Tooltip',
    kind: 'radio',
    types: TS,
    choices: choices(['none', 'None'], ['asc', 'Ascending'], ['desc', 'Descending']),
    get: (p) => tooltip(p).sort,
    set: (p, v) => (tooltip(p).sort = str(v) as 'none'),
  },
  {
    id: 'legend.showLegend',
    label: 'Legend visibility',
    section: 'Legend',
    kind: 'boolean',
    types: ['timeseries', 'heatmap'],
    get: (p) => legend(p).showLegend && legend(p).displayMode !== 'hidden',
    set: (p, v) => {
      const l = legend(p);
      l.showLegend = v === true;
      if (l.showLegend && l.displayMode === 'hidden') l.displayMode = 'list';
    },
  },
  {
    id: 'legend.displayMode',
    label: 'Legend mode',
    section: 'Legend',
    kind: 'radio',
    types: TS,
    choices: choices(['list', 'List'], ['table', 'Table']),
    get: (p) => (legend(p).displayMode === 'hidden' ? 'list' : legend(p).displayMode),
    set: (p, v) => (legend(p).displayMode = str(v) as 'list'),
  },
  {
    id: 'legend.placement',
    label: 'Legend placement',
    section: 'Legend',
    kind: 'radio',
    types: TS,
    choices: choices(['bottom', 'Bottom'], ['right', 'Right']),
    get: (p) => legend(p).placement,
    set: (p, v) => (legend(p).placement = str(v) as 'bottom'),
  },
  {
    id: 'legend.calcs',
    label: 'Legend values',
    section: 'Legend',
    kind: 'calcs',
    types: TS,
    choices: CALC_CHOICES,
    get: (p) => [...legend(p).calcs],
    set: (p, v) => (legend(p).calcs = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []),
  },
  {
    id: 'reduceOptions.values',
    label: 'Show',
    section: 'Value options',
    kind: 'radio',
    types: VALUE_PANELS,
    choices: choices(['false', 'Calculate'], ['true', 'All values']),
    get: (p) => String(reduceOpts(p).values),
    set: (p, v) => (reduceOpts(p).values = v === 'true'),
  },
  {
    id: 'reduceOptions.calcs',
    label: 'Calculation',
    section: 'Value options',
    kind: 'select',
    types: VALUE_PANELS,
    choices: CALC_CHOICES,
    get: (p) => reduceOpts(p).calcs[0] ?? 'lastNotNull',
    set: (p, v) => (reduceOpts(p).calcs = [str(v) || 'lastNotNull']),
  },
  {
    id: 'orientation',
    label: 'Orientation',
    section: 'Value options',
    kind: 'radio',
    types: VALUE_PANELS,
    choices: choices(['auto', 'Auto'], ['horizontal', 'Horizontal'], ['vertical', 'Vertical']),
    get: (p) => p.options.orientation ?? 'auto',
    set: (p, v) => (p.options.orientation = str(v) as 'auto'),
  },
  {
    id: 'textMode',
    label: 'Text mode',
    section: 'Stat styles',
    kind: 'select',
    types: ['stat'],
    choices: choices(['auto', 'Auto'], ['value', 'Value'], ['value_and_name', 'Value and name'], ['name', 'Name'], ['none', 'None']),
    get: (p) => p.options.textMode ?? 'auto',
    set: (p, v) => (p.options.textMode = str(v) as 'auto'),
  },
  {
    id: 'colorMode',
    label: 'Color mode',
    section: 'Stat styles',
    kind: 'select',
    types: ['stat'],
    choices: choices(['none', 'None'], ['value', 'Value'], ['background', 'Background']),
    get: (p) => p.options.colorMode ?? 'value',
    set: (p, v) => (p.options.colorMode = str(v) as 'value'),
  },
  {
    id: 'graphMode',
    label: 'Graph mode',
    section: 'Stat styles',
    kind: 'radio',
    types: ['stat'],
    choices: choices(['none', 'None'], ['area', 'Area']),
    get: (p) => p.options.graphMode ?? 'area',
    set: (p, v) => (p.options.graphMode = str(v) as 'area'),
  },
  {
    id: 'showThresholdLabels',
    label: 'Show threshold labels',
    section: 'Gauge',
    kind: 'boolean',
    types: ['gauge'],
    get: (p) => p.options.showThresholdLabels ?? false,
    set: (p, v) => (p.options.showThresholdLabels = v === true),
  },
  {
    id: 'showThresholdMarkers',
    label: 'Show threshold markers',
    section: 'Gauge',
    kind: 'boolean',
    types: ['gauge'],
    get: (p) => p.options.showThresholdMarkers ?? true,
    set: (p, v) => (p.options.showThresholdMarkers = v === true),
  },
  {
    id: 'displayMode',
    label: 'Display mode',
    section: 'Bar gauge',
    kind: 'radio',
    types: ['bargauge'],
    choices: choices(['basic', 'Basic'], ['gradient', 'Gradient'], ['lcd', 'Retro LCD']),
    get: (p) => p.options.displayMode ?? 'gradient',
    set: (p, v) => (p.options.displayMode = str(v) as 'basic'),
  },
  {
    id: 'showUnfilled',
    label: 'Show unfilled area',
    section: 'Bar gauge',
    kind: 'boolean',
    types: ['bargauge'],
    get: (p) => p.options.showUnfilled ?? true,
    set: (p, v) => (p.options.showUnfilled = v === true),
  },
  {
    id: 'showHeader',
    label: 'Show table header',
    section: 'Table',
    kind: 'boolean',
    types: ['table'],
    get: (p) => p.options.showHeader ?? true,
    set: (p, v) => (p.options.showHeader = v === true),
  },
  {
    id: 'mode',
    label: 'Mode',
    section: 'Text',
    kind: 'radio',
    types: ['text'],
    choices: choices(['markdown', 'Markdown'], ['code', 'Code']),
    get: (p) => p.options.mode ?? 'markdown',
    set: (p, v) => (p.options.mode = str(v) as 'markdown'),
  },
  {
    id: 'content',
    label: 'Content',
    section: 'Text',
    kind: 'textarea',
    types: ['text'],
    get: (p) => p.options.content ?? '',
    set: (p, v) => (p.options.content = str(v)),
  },
];

/** showsPanelOption says whether a panel type shows a panel option. */
export function showsPanelOption(def: PanelOptionDef, type: PanelType): boolean {
  return !def.types || def.types.includes(type);
}

/** matchesSearch says whether an option matches the options pane's search text (by label, section or description). */
export function matchesSearch(def: Pick<OptionDef, 'label' | 'section' | 'description'>, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return `${def.label}\n${def.section}\n${def.description ?? ''}`.toLowerCase().includes(q);
}

/**
 * panelTypeName is a panel type's display name as Grafana's visualization picker shows it (the id itself for a type
 * Promtab has no name for); a placeholder reads "Not supported".
 */
export function panelTypeName(type: string): string {
  if (type === 'placeholder') return 'Not supported';
  return (PANEL_TYPE_NAMES as Readonly<Record<string, string>>)[type] ?? type;
}
