/**
 * Writers for both formats. Non-legacy metric and label names are written quoted inside the braces
 * (`{"my.metric","label.x"="v"}`), as the text format 1.0.0 and Prometheus 3.x write them.
 *
 * Stale markers: neither format can carry Prometheus's stale NaN (a reader would see a real NaN), so the writers
 * never write one as NaN. By default a stale sample's line is left out, which is what staleness means (the series
 * has no value then); with `{ stale: 'throw' }` the writer throws instead, for callers that must not lose them.
 */
import { isLegacyLabelName, isLegacyMetricName, labelsGet, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { isStaleNaN } from '../model/value';
import type { Exemplar } from './types';

/** WriteSample is one sample to write; labels include `__name__`; timestamp is in ms. */
export interface WriteSample {
  readonly labels: Labels;
  readonly value: number;
  readonly timestamp?: number;
  readonly exemplar?: Exemplar;
}

/** MetricFamily is a family's metadata and its samples, in the order they are written. */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit?: string;
  readonly samples: readonly WriteSample[];
}

/** WriteOptions: what to do with stale markers ('omit' by default, see the file comment). */
export interface WriteOptions {
  readonly stale?: 'omit' | 'throw';
}

/** formatFloat writes a float as both formats read it: `NaN`, `+Inf`, `-Inf`, or the shortest round-trip decimal. */
export function formatFloat(v: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0 && 1 / v < 0) return '-0';
  return String(v);
}

/** formatSeconds writes a ms timestamp as exact decimal seconds (`1500` → `1.5`). */
export function formatSeconds(ms: number): string {
  if (!Number.isInteger(ms)) return String(ms / 1000);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const whole = Math.floor(abs / 1000);
  const frac = abs - whole * 1000;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** escapeLabelValue escapes `\`, `"` and newlines for a quoted label value or name. */
export function escapeLabelValue(s: string): string {
  if (!/[\\"\n]/.test(s)) return s;
  return s.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** escapeHelp escapes a HELP text: `\`, newlines, and in OpenMetrics `"` too. */
export function escapeHelp(s: string, om: boolean): string {
  const re = om ? /[\\"\n]/g : /[\\\n]/g;
  return s.replace(re, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** quoteName writes a name as is when legacy accepts it, else quoted and escaped. */
export function quoteName(name: string, legacy: (s: string) => boolean): string {
  return legacy(name) ? name : `"${escapeLabelValue(name)}"`;
}

function labelPairs(ls: Labels, skipName: boolean): string {
  let out = '';
  for (let i = 0; i < ls.length; i += 2) {
    if (skipName && ls[i] === METRIC_NAME) continue;
    if (out !== '') out += ',';
    out += `${quoteName(ls[i], isLegacyLabelName)}="${escapeLabelValue(ls[i + 1])}"`;
  }
  return out;
}

/** seriesText writes `name{labels}` for a label set that includes `__name__`. */
export function seriesText(ls: Labels): string {
  const name = labelsGet(ls, METRIC_NAME);
  const pairs = labelPairs(ls, true);
  if (isLegacyMetricName(name)) return pairs === '' ? name : `${name}{${pairs}}`;
  return `{"${escapeLabelValue(name)}"${pairs === '' ? '' : `,${pairs}`}}`;
}

/**
 * TEXT_FAMILY says how the text format names and types each OpenMetrics type's family, as client libraries do: a
 * counter's HELP and TYPE name its `_total` series, an info family its `_info` series, and types the text format
 * lacks become the nearest it has.
 */
const TEXT_FAMILY: Readonly<Record<MetricType, { readonly suffix: string; readonly type: string }>> = {
  counter: { suffix: '_total', type: 'counter' },
  gauge: { suffix: '', type: 'gauge' },
  histogram: { suffix: '', type: 'histogram' },
  summary: { suffix: '', type: 'summary' },
  unknown: { suffix: '', type: 'untyped' },
  info: { suffix: '_info', type: 'gauge' },
  stateset: { suffix: '', type: 'gauge' },
  gaugehistogram: { suffix: '', type: 'histogram' },
};

function keep(s: WriteSample, opts: WriteOptions): boolean {
  if (!isStaleNaN(s.value)) return true;
  if (opts.stale === 'throw') throw new Error(`cannot write the stale marker of ${seriesText(s.labels)}: the format has no stale marker`);
  return false;
}

/** writePrometheusText writes families in the Prometheus text format (timestamps in ms). */
export function writePrometheusText(families: Iterable<MetricFamily>, opts: WriteOptions = {}): string {
  const out: string[] = [];
  for (const f of families) {
    const { suffix, type } = TEXT_FAMILY[f.type];
    const name = quoteName(f.name.endsWith(suffix) ? f.name : f.name + suffix, isLegacyMetricName);
    if (f.help !== '') out.push(`# HELP ${name} ${escapeHelp(f.help, false)}\n`);
    out.push(`# TYPE ${name} ${type}\n`);
    for (const s of f.samples) {
      if (!keep(s, opts)) continue;
      const ts = s.timestamp === undefined ? '' : ` ${Math.trunc(s.timestamp)}`;
      out.push(`${seriesText(s.labels)} ${formatFloat(s.value)}${ts}\n`);
    }
  }
  return out.join('');
}

function exemplarText(e: Exemplar): string {
  const ts = e.ts === undefined ? '' : ` ${formatSeconds(e.ts)}`;
  return ` # {${labelPairs(e.labels, false)}} ${formatFloat(e.value)}${ts}`;
}

/** writeOpenMetrics writes families as OpenMetrics 1.0 text (timestamps in seconds), ending with `# EOF`. */
export function writeOpenMetrics(families: Iterable<MetricFamily>, opts: WriteOptions = {}): string {
  const out: string[] = [];
  for (const f of families) {
    const name = quoteName(f.name, isLegacyMetricName);
    out.push(`# TYPE ${name} ${f.type}\n`);
    if (f.unit && f.name.endsWith(`_${f.unit}`)) out.push(`# UNIT ${name} ${f.unit}\n`);
    if (f.help !== '') out.push(`# HELP ${name} ${escapeHelp(f.help, true)}\n`);
    for (const s of f.samples) {
      if (!keep(s, opts)) continue;
      const ts = s.timestamp === undefined ? '' : ` ${formatSeconds(s.timestamp)}`;
      const ex = s.exemplar === undefined ? '' : exemplarText(s.exemplar);
      out.push(`${seriesText(s.labels)} ${formatFloat(s.value)}${ts}${ex}\n`);
    }
  }
  out.push('# EOF\n');
  return out.join('');
}
