/**
 * Template interpolation as Grafana does it for Prometheus: `$v`, `${v}`, `[[v]]`, `${v:format}`, `[[v:format]]`,
 * the built-ins (`$__interval`, `$__rate_interval`, `$__range`, `$__from`...), multi-value and All handling, and
 * Grafana's interval arithmetic (nice rounded intervals, the 11,000-point safety limit, the rate interval).
 *
 * Durations are written as exact Prometheus durations (`1m30s`), where Grafana would truncate to one unit (`1m`).
 * A single value in the default PromQL format has `\` and `"` escaped, so it is safe inside a double-quoted label
 * matcher (Grafana's behaviour with its prometheusSpecialCharsInLabelValues setting).
 */
import { formatDuration, parseDuration } from '../model/time';

/** ALL_VALUE is the current value that selects every option of an `includeAll` variable. */
export const ALL_VALUE = '$__all';

/** ScopedVar is a variable's resolved value with what formatting needs to know about the variable. */
export interface ScopedVar {
  value: string | string[];
  text?: string | string[];
  multi?: boolean;
  includeAll?: boolean;
  /** allValue replaces All when set (used raw, as Grafana does); otherwise All means every option. */
  allValue?: string | null;
  /** options lists every option value, used for All without allValue. */
  options?: string[];
}

/** ScopedVars maps variable names to values. */
export type ScopedVars = ReadonlyMap<string, ScopedVar>;

/** Builtins maps built-in variable names (`__interval`...) to their text. */
export type Builtins = ReadonlyMap<string, string>;

type Formatter = (value: string | string[], v: ScopedVar) => string;

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const regexEscape = (s: string) => s.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
const promRegularEscape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const promRegexEscape = (s: string) => s.replace(/\\/g, '\\\\\\\\').replace(/"/g, '\\\\\\"').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
const alternation = (values: string[]) => (values.length === 1 ? values[0] : `(${values.join('|')})`);

/** FORMATS maps each Grafana variable format name to its formatter; `promql` is the Prometheus default. */
export const FORMATS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['promql', (value, v) => (!v.multi && !v.includeAll && !Array.isArray(value) ? promRegularEscape(value) : alternation(list(value).map(promRegexEscape)))],
  ['glob', (value) => (Array.isArray(value) && value.length > 1 ? `{${value.join(',')}}` : list(value).join(','))],
  ['regex', (value) => alternation(list(value).map(regexEscape))],
  ['pipe', (value) => list(value).join('|')],
  ['csv', (value) => list(value).join(',')],
  ['raw', (value) => list(value).join(',')],
  ['json', (value) => JSON.stringify(value)],
  ['text', (value, v) => list(v.text ?? value).join(' + ')],
  ['singlequote', (value) => list(value).map((s) => `'${s.replace(/'/g, "\\'")}'`).join(',')],
  ['doublequote', (value) => list(value).map((s) => `"${s.replace(/"/g, '\\"')}"`).join(',')],
  ['sqlstring', (value) => list(value).map((s) => `'${s.replace(/'/g, "''")}'`).join(',')],
  ['percentencode', (value) => encodeURIComponent(Array.isArray(value) && value.length > 1 ? `{${value.join(',')}}` : list(value).join(','))],
  ['lucene', (value) => (Array.isArray(value) && value.length > 1 ? `(${value.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(' OR ')})` : list(value).join(''))],
]);

const DATE_FORMATS: ReadonlyMap<string, (ms: number) => string> = new Map([
  ['date', (ms: number) => new Date(ms).toISOString()],
  ['date:iso', (ms: number) => new Date(ms).toISOString()],
  ['date:seconds', (ms: number) => String(Math.floor(ms / 1000))],
]);

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;

function resolveAll(v: ScopedVar, format: string): string | string[] | { raw: string } {
  const isAll = Array.isArray(v.value) ? v.value.includes(ALL_VALUE) : v.value === ALL_VALUE;
  if (!isAll) return v.value;
  if (v.allValue && format !== 'text' && format !== 'percentencode') return { raw: v.allValue };
  return v.options ?? [];
}

function without(vars: ScopedVars, name: string): ScopedVars {
  const out = new Map(vars);
  out.delete(name);
  return out;
}

/**
 * interpolate replaces variable references in text. Unknown variables stay as written. format is the default
 * format for references that name none: `promql` for queries, `glob` for titles and text (Grafana's default).
 */
export function interpolate(text: string, vars: ScopedVars, builtins: Builtins = new Map(), format = 'promql'): string {
  return text.replace(VARIABLE, (match, a?: string, b?: string, bFmt?: string, c?: string, cFmt?: string) => {
    const name = (a ?? b ?? c)!;
    const fmt = bFmt ?? cFmt;
    const builtin = builtins.get(name);
    if (builtin !== undefined) {
      const date = fmt ? DATE_FORMATS.get(fmt) : undefined;
      return date && /^\d+$/.test(builtin) ? date(Number(builtin)) : builtin;
    }
    const v = vars.get(name);
    if (!v) return match;
    const chosen = fmt ?? format;
    const formatter = FORMATS.get(chosen) ?? FORMATS.get('glob')!;
    const value = resolveAll(v, chosen);
    if (typeof value === 'object' && !Array.isArray(value)) return interpolate(value.raw, without(vars, name), builtins, 'raw');
    if (chosen === 'text' && value !== v.value) return 'All';
    return formatter(Array.isArray(value) && value.length === 1 ? value[0] : value, v);
  });
}

/** variableRefs lists the variable names a text refers to (built-ins included), in order of first use. */
export function variableRefs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[4];
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * legendName names a series by a target's legend format: `{{label}}` replaced by label values (missing ones empty);
 * '' and `__auto` give `name{label="value", ...}`, or the expression when the series has no labels at all.
 */
export function legendName(format: string, metric: Readonly<Record<string, string>>, expr = ''): string {
  if (format && format !== '__auto') return format.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, n: string) => (Object.prototype.hasOwnProperty.call(metric, n) ? metric[n] : ''));
  const { __name__: name = '', ...rest } = metric;
  const keys = Object.keys(rest);
  if (!name && keys.length === 0) return expr;
  return keys.length ? `${name}{${keys.map((k) => `${k}="${rest[k]}"`).join(', ')}}` : name;
}

/** NICE_INTERVALS pairs an upper bound with the interval Grafana rounds raw intervals below it to (ms). */
const NICE_INTERVALS: readonly [number, number][] = [
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];

/** roundInterval rounds a raw interval in ms to Grafana's nearest nice interval. */
export function roundInterval(ms: number): number {
  for (const [below, nice] of NICE_INTERVALS) if (ms < below) return nice;
  return 31_536_000_000;
}

/** SAFE_RESOLUTION is the most points per series Grafana asks Prometheus for (Prometheus refuses above 11,000). */
export const SAFE_RESOLUTION = 11_000;

/** parseMinInterval reads a min interval (`30s`, `>1m`) in ms; '' and variable references give 0. */
export function parseMinInterval(s: string | number | undefined): number {
  if (typeof s === 'number') return s;
  const t = (s ?? '').trim().replace(/^>/, '');
  if (t === '' || t.includes('$')) return 0;
  try {
    return parseDuration(t);
  } catch {
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : 0;
  }
}

/** calculateInterval is Grafana's interval for a range: range / maxDataPoints rounded to a nice value, at least minInterval. */
export function calculateInterval(rangeMs: number, maxDataPoints: number, minInterval: string | number = 0): number {
  const low = Math.max(1, parseMinInterval(minInterval));
  const raw = rangeMs / Math.max(1, maxDataPoints);
  return Math.max(low, roundInterval(raw));
}

/** rateInterval is `$__rate_interval`: max(interval + scrape interval, 4 × scrape interval). */
export function rateInterval(intervalMs: number, scrapeIntervalMs = 15_000): number {
  const scrape = scrapeIntervalMs > 0 ? scrapeIntervalMs : 15_000;
  return Math.max(intervalMs + scrape, 4 * scrape);
}

/**
 * queryStep is the step Grafana sends to Prometheus for a query: the calculated interval (min interval from the
 * target, else the panel, else the scrape interval), at least range / 11,000, or the rate interval when the
 * target's min interval is `$__rate_interval`.
 */
export function queryStep(rangeMs: number, maxDataPoints: number, targetInterval: string, panelInterval: string, scrapeIntervalMs: number): number {
  const min = parseMinInterval(targetInterval) || parseMinInterval(panelInterval) || scrapeIntervalMs;
  const step = Math.max(calculateInterval(rangeMs, maxDataPoints, min), roundInterval(rangeMs / SAFE_RESOLUTION));
  const rate = /^\$\{?__rate_interval\}?$/.test(targetInterval.trim());
  return rate ? rateInterval(step, scrapeIntervalMs) : step;
}

/** builtins returns the built-in variables for a time range (ms), a query interval (ms) and the scrape interval. */
export function builtins(timeRange: { from: number; to: number }, intervalMs: number, scrapeIntervalMs = 15_000): Builtins {
  const rangeMs = Math.max(0, timeRange.to - timeRange.from);
  const rate = rateInterval(intervalMs, scrapeIntervalMs);
  const rangeS = Math.round(rangeMs / 1000);
  return new Map([
    ['__interval', formatDuration(intervalMs)],
    ['__interval_ms', String(intervalMs)],
    ['__rate_interval', formatDuration(rate)],
    ['__rate_interval_ms', String(rate)],
    ['__range', `${rangeS}s`],
    ['__range_s', String(rangeS)],
    ['__range_ms', String(rangeMs)],
    ['__from', String(timeRange.from)],
    ['__to', String(timeRange.to)],
  ]);
}
