/**
 * Value mappings from every shape Grafana has written to the current one (Grafana 8+: `{type, options}` with one
 * `value` entry keyed by value): the Grafana 7 list of `{type: 1|2, value, text, from, to}`, singlestat's
 * `valueMaps`/`rangeMaps`, and entries with the type left out. Used by schema step 30 and the singlestat handler.
 */
import { field, isObject, looseNumber, type JsonObject } from '../json';
import type { JsonValue } from '../model';

/** activeColor returns the colour of the threshold step a number falls in (Grafana colours legacy mappings so). */
function activeColor(n: number, thresholds: JsonValue | undefined): string | undefined {
  if (!isObject(thresholds) || !Array.isArray(field(thresholds, 'steps'))) return undefined;
  let color: string | undefined;
  for (const s of thresholds.steps as JsonValue[]) {
    if (!isObject(s)) continue;
    const v = field(s, 'value');
    const at = v === null || v === undefined ? -Infinity : Number(v);
    if (n >= at && typeof field(s, 'color') === 'string') color = s.color as string;
  }
  return color;
}

function text(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function result(m: JsonObject, thresholds: JsonValue | undefined): JsonObject {
  const t = text(field(m, 'text'));
  const numeric = parseFloat(t);
  const color = Number.isNaN(numeric) ? undefined : activeColor(numeric, thresholds);
  return color ? { text: t, color } : { text: t };
}

/** bound reads a legacy range bound: a number or numeric text; empty, "null" or unreadable text is an open bound. */
function bound(v: JsonValue | undefined): number | null {
  try {
    return looseNumber(v, '') ?? null;
  } catch {
    return null;
  }
}

/** legacyKind tells a Grafana 7 mapping's kind: 1 value, 2 range (by `type`, `mappingType`, or its fields). */
function legacyKind(m: JsonObject): 1 | 2 | 0 {
  const t = String(field(m, 'type') ?? field(m, 'mappingType') ?? '');
  if (t === '1' || t === 'value') return 1;
  if (t === '2' || t === 'range') return 2;
  if (t !== '') return 0;
  if (field(m, 'from') !== undefined || field(m, 'to') !== undefined) return 2;
  return field(m, 'value') !== undefined ? 1 : 0;
}

/** isCurrentShape reports whether a mapping already has Grafana 8's `{type: string, options: object}` shape. */
export function isCurrentShape(m: JsonValue): boolean {
  return isObject(m) && typeof field(m, 'type') === 'string' && isObject(field(m, 'options'));
}

/**
 * upgradeValueMappings rewrites a mapping list to the current shape. Value mappings gather into one `value` entry
 * placed first (as Grafana does); `"null"` becomes a special null mapping; a legacy text that is a number takes the
 * colour of its threshold step. Entries of no known kind are returned in `dropped`.
 */
export function upgradeValueMappings(list: JsonValue[], thresholds?: JsonValue): { mappings: JsonValue[]; dropped: number } {
  const values: JsonObject = {};
  const out: JsonValue[] = [];
  let dropped = 0;
  for (const m of list) {
    if (!isObject(m)) {
      dropped++;
      continue;
    }
    if (isCurrentShape(m)) {
      if (m.type === 'value') Object.assign(values, m.options as JsonObject);
      else out.push(m);
      continue;
    }
    const kind = legacyKind(m);
    if (kind === 1) {
      const value = field(m, 'value');
      if (value === undefined || value === null) continue;
      if (value === 'null') out.push({ type: 'special', options: { match: 'null', result: result(m, thresholds) } });
      else values[text(value)] = result(m, thresholds);
    } else if (kind === 2) {
      out.push({ type: 'range', options: { from: bound(field(m, 'from')), to: bound(field(m, 'to')), result: result(m, thresholds) } });
    } else dropped++;
  }
  if (Object.keys(values).length) out.unshift({ type: 'value', options: values });
  return { mappings: out, dropped };
}

/** singlestatMappings turns a singlestat's `valueMaps` and `rangeMaps` into the current shape. */
export function singlestatMappings(p: JsonObject): JsonValue[] {
  const valueMaps = Array.isArray(field(p, 'valueMaps')) ? (p.valueMaps as JsonValue[]) : [];
  const rangeMaps = Array.isArray(field(p, 'rangeMaps')) ? (p.rangeMaps as JsonValue[]) : [];
  const legacy: JsonValue[] = [
    ...valueMaps.filter(isObject).map((m) => ({ ...m, type: 1 })),
    ...rangeMaps.filter(isObject).map((m) => ({ ...m, type: 2 })),
  ];
  const thresholds = isObject(field(p, 'fieldConfig')) ? field(field(p, 'fieldConfig') as JsonObject, 'defaults') : undefined;
  return upgradeValueMappings(legacy, isObject(thresholds) ? field(thresholds, 'thresholds') : undefined).mappings;
}
