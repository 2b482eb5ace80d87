/** Schema steps 17 to 27 (Grafana 5 to 7.4): repeat widths, links, tables, text panels, constants. */
import { field, isObject, looseNumber, type JsonObject } from '../json';
import type { JsonValue } from '../model';
import type { SchemaStep } from './step';
import { mapPanels, mapVariables, objectField, truthy, without } from './walk';

const GRID_FACTORS = [1, 2, 3, 4, 6, 8, 12, 24];

/** maxPerRow turns a 12-column minSpan into the largest repeat count per row that divides the 24-column grid. */
function maxPerRow(minSpan: number): number {
  const max = 24 / minSpan;
  const i = GRID_FACTORS.findIndex((f) => f > max);
  return i < 0 ? 24 : GRID_FACTORS[Math.max(0, i - 1)];
}

function readMinSpan(p: JsonObject): number | undefined {
  try {
    return looseNumber(field(p, 'minSpan'), '');
  } catch {
    return undefined;
  }
}

function linkUrl(link: JsonObject): string {
  let url = typeof link.url === 'string' ? link.url : '';
  if (!url && typeof link.dashboard === 'string') url = `dashboard/db/${link.dashboard.toLowerCase().replace(/[^\w]+/g, '-')}`;
  if (!url && typeof link.dashUri === 'string') url = `dashboard/${link.dashUri}`;
  if (!url) url = '/';
  const params: string[] = [];
  if (truthy(link.keepTime)) params.push('$__url_time_range');
  if (truthy(link.includeVars)) params.push('$__all_variables');
  if (typeof link.params === 'string' && link.params) params.push(link.params);
  return params.length ? `${url}${url.includes('?') ? '&' : '?'}${params.join('&')}` : url;
}

const LEGACY_LINK_VARIABLES: [RegExp, string][] = [
  [/\$__series_name/g, '${__series.name}'],
  [/__series_name/g, '__series.name'],
  [/__value_time/g, '__value.time'],
  [/\$__field_name/g, '${__field.name}'],
  [/__field_name/g, '__field.name'],
];

/** rewriteDataLinks applies fn to the data links of a panel's options (graph dataLinks, fieldOptions defaults). */
function rewriteDataLinks(p: JsonObject, fn: (url: string) => string, title = false): JsonObject {
  const options = objectField(p, 'options');
  if (!options) return p;
  const mapLinks = (v: JsonValue | undefined) => (Array.isArray(v) ? v.map((l) => (isObject(l) && typeof l.url === 'string' ? { ...l, url: fn(l.url) } : l)) : v);
  const out: JsonObject = { ...options };
  if (Array.isArray(field(options, 'dataLinks'))) out.dataLinks = mapLinks(options.dataLinks) ?? [];
  const fo = objectField(options, 'fieldOptions');
  const defaults = fo && objectField(fo, 'defaults');
  if (fo && defaults) {
    const d: JsonObject = { ...defaults };
    if (Array.isArray(field(defaults, 'links'))) d.links = mapLinks(defaults.links) ?? [];
    if (title && typeof field(defaults, 'title') === 'string') d.title = fn(defaults.title as string);
    out.fieldOptions = { ...fo, defaults: d };
  }
  return { ...p, options: out };
}

function alignCurrent(v: JsonObject): JsonObject {
  const current = objectField(v, 'current');
  if (!current || !Object.keys(current).length) return v;
  const multi = truthy(field(v, 'multi'));
  const fix = (x: JsonValue | undefined): JsonValue | undefined => {
    if (x === undefined) return x;
    if (multi) return Array.isArray(x) ? x : [x];
    return Array.isArray(x) ? (x[0] ?? '') : x;
  };
  return { ...v, current: { ...current, ...(field(current, 'value') !== undefined ? { value: fix(current.value) ?? '' } : {}), ...(field(current, 'text') !== undefined ? { text: fix(current.text) ?? '' } : {}) } };
}

/** STEPS_17_27 are the schema steps from 17 to 27. */
export const STEPS_17_27: SchemaStep[] = [
  {
    version: 17,
    summary: 'minSpan becomes maxPerRow',
    panel: (p) => {
      const minSpan = readMinSpan(p);
      const out = without(p, 'minSpan');
      return minSpan && minSpan > 0 ? { ...out, maxPerRow: maxPerRow(Math.min(24, minSpan * 2)) } : out;
    },
  },
  {
    version: 18,
    summary: 'options-gauge becomes options with valueOptions',
    panel: (p) => {
      const g = objectField(p, 'options-gauge');
      if (!g) return p;
      const thresholds = Array.isArray(field(g, 'thresholds')) ? [...(g.thresholds as JsonValue[])].reverse() : field(g, 'thresholds');
      const options: JsonObject = {
        ...without(g, 'options', 'unit', 'stat', 'decimals', 'prefix', 'suffix'),
        valueOptions: { unit: g.unit ?? null, stat: g.stat ?? null, decimals: g.decimals ?? null, prefix: g.prefix ?? null, suffix: g.suffix ?? null },
      };
      if (thresholds !== undefined) options.thresholds = thresholds;
      return { ...without(p, 'options-gauge'), options };
    },
  },
  {
    version: 19,
    summary: 'panel links become url links',
    panel: (p) =>
      Array.isArray(field(p, 'links'))
        ? { ...p, links: (p.links as JsonValue[]).map((l) => (isObject(l) ? { url: linkUrl(l), title: l.title ?? '', targetBlank: truthy(l.targetBlank) } : l)) }
        : p,
  },
  {
    version: 20,
    summary: 'data link variables take the __series.name / __field.name / __value.time syntax',
    panel: (p) => rewriteDataLinks(p, (url) => LEGACY_LINK_VARIABLES.reduce((s, [re, to]) => s.replace(re, to), url), true),
  },
  { version: 21, summary: 'data link __series.labels becomes __field.labels', panel: (p) => rewriteDataLinks(p, (url) => url.replace(/__series\.labels/g, '__field.labels')) },
  {
    version: 22,
    summary: 'table column styles align auto',
    panel: (p) => (p.type === 'table' && Array.isArray(field(p, 'styles')) ? { ...p, styles: (p.styles as JsonValue[]).map((s) => (isObject(s) ? { ...s, align: 'auto' } : s)) } : p),
  },
  { version: 23, summary: "a variable's current value is a list when it is multi-value, one value when not", dashboard: (d) => mapVariables(d, alignCurrent) },
  {
    version: 24,
    summary: 'tables with column styles become table-old',
    panel: (p) => (p.type === 'table' && field(p, 'styles') !== undefined && p.table !== 'table2' ? { ...p, type: 'table-old' } : p),
  },
  { version: 25, summary: 'no change' },
  {
    version: 26,
    summary: 'text2 panels become text',
    panel: (p) => (p.type === 'text2' ? { ...p, type: 'text', ...(objectField(p, 'options') ? { options: without(p.options as JsonObject, 'angular') } : {}) } : p),
  },
  {
    version: 27,
    summary: 'repeated-panel leftovers removed; visible constants become textboxes',
    dashboard: (d) => {
      const keep = (p: JsonValue) => !(isObject(p) && (field(p, 'repeatPanelId') !== undefined || field(p, 'repeatByRow') !== undefined));
      let out = Array.isArray(field(d, 'panels')) ? { ...d, panels: (d.panels as JsonValue[]).filter(keep) } : d;
      out = mapPanels(out, (p) => (Array.isArray(field(p, 'panels')) && p.type === 'row' ? { ...p, panels: (p.panels as JsonValue[]).filter(keep) } : p));
      return mapVariables(out, (v) => {
        if (v.type !== 'constant') return v;
        const text = typeof v.query === 'string' ? v.query : '';
        const current = { selected: true, text, value: text };
        const hide = field(v, 'hide');
        const visible = hide === undefined || hide === null || hide === 0 || hide === 1;
        return { ...v, current, options: [current], ...(visible ? { type: 'textbox' } : {}) };
      });
    },
  },
];
