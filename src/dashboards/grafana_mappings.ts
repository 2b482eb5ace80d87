/**
 * Value mappings and field overrides in Grafana's JSON shape, read into and written from Promtab's list shape
 * (Grafana keys value mappings by user text; Promtab keeps them as a list so no user text becomes an object key).
 */
import { readCustomValue, readColor, readThresholds } from './fields';
import { DashboardImportError, field, isObject, looseNumber, optArray, optNumber, optString, stringList, type JsonObject } from './json';
import { isCurrentShape, upgradeValueMappings } from './migrate/value_mappings';
import { FIELD_TYPES, type FieldType } from './model';
import type { FieldMatcher, JsonValue, MappingResult, Override, OverrideProperty, SpecialMatch, ValueMapping, ValueMatchOp } from './model';

const SPECIAL: readonly SpecialMatch[] = ['null', 'nan', 'null+nan', 'true', 'false', 'empty'];

function readResult(v: JsonValue | undefined, path: string): MappingResult {
  if (!isObject(v)) return {};
  const out: MappingResult = {};
  const text = optString(v, 'text', path);
  const color = optString(v, 'color', path);
  const index = optNumber(v, 'index', path);
  if (text) out.text = text;
  if (color) out.color = color;
  if (index !== undefined) out.index = index;
  return out;
}

/** readGrafanaMappings reads Grafana's value mappings (value, range, regex, special). */
export function readGrafanaMappings(input: JsonValue[], path: string, warnings: string[]): ValueMapping[] {
  const out: ValueMapping[] = [];
  let list = input;
  if (list.some((m) => isObject(m) && !isCurrentShape(m) && field(m, 'options') === undefined)) {
    const upgraded = upgradeValueMappings(list);
    warnings.push(`${path}: value mappings in Grafana 7's shape read as Grafana reads them${upgraded.dropped ? `; ${upgraded.dropped} of no known kind ignored` : ''}`);
    list = upgraded.mappings;
  }
  list.forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(m)) throw new DashboardImportError(p, 'expected an object');
    const type = optString(m, 'type', p);
    const options = field(m, 'options');
    if (!isObject(options)) throw new DashboardImportError(`${p}.options`, 'expected an object');
    if (type === 'value') {
      for (const value of Object.keys(options)) out.push({ type: 'value', value, result: readResult(options[value], `${p}.options.${value}`) });
    } else if (type === 'range') {
      const from = optNumber(options, 'from', `${p}.options`);
      const to = optNumber(options, 'to', `${p}.options`);
      out.push({ type: 'range', from: from ?? null, to: to ?? null, result: readResult(field(options, 'result'), `${p}.options.result`) });
    } else if (type === 'regex') {
      out.push({ type: 'regex', pattern: optString(options, 'pattern', `${p}.options`), result: readResult(field(options, 'result'), `${p}.options.result`) });
    } else if (type === 'special') {
      const match = optString(options, 'match', `${p}.options`);
      if ((SPECIAL as readonly string[]).includes(match)) out.push({ type: 'special', match: match as SpecialMatch, result: readResult(field(options, 'result'), `${p}.options.result`) });
      else warnings.push(`${p}.options.match: unsupported special value ${JSON.stringify(match)} ignored`);
    } else warnings.push(`${p}.type: unsupported value mapping ${JSON.stringify(type)} ignored`);
  });
  return out;
}

function resultJson(r: MappingResult): JsonObject {
  return { ...r };
}

/** writeGrafanaMappings writes mappings in Grafana's shape; consecutive value mappings of distinct values share one entry. */
export function writeGrafanaMappings(mappings: ValueMapping[]): JsonValue[] {
  const out: JsonValue[] = [];
  let values: JsonObject | null = null;
  for (const m of mappings) {
    if (m.type === 'value') {
      if (!values || Object.prototype.hasOwnProperty.call(values, m.value)) {
        values = Object.create(null) as JsonObject;
        out.push({ type: 'value', options: values });
      }
      values[m.value] = resultJson(m.result);
      continue;
    }
    values = null;
    if (m.type === 'range') out.push({ type: 'range', options: { from: m.from, to: m.to, result: resultJson(m.result) } });
    else if (m.type === 'regex') out.push({ type: 'regex', options: { pattern: m.pattern, result: resultJson(m.result) } });
    else out.push({ type: 'special', options: { match: m.match, result: resultJson(m.result) } });
  }
  return out;
}

const VALUE_OPS: readonly ValueMatchOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'];

function readMatcher(v: JsonValue | undefined, path: string): FieldMatcher | string {
  if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
  const id = optString(v, 'id', path);
  const options = field(v, 'options');
  if (id === 'byName' || id === 'byRegexp' || id === 'byFrameRefID') {
    if (typeof options !== 'string') throw new DashboardImportError(`${path}.options`, 'expected a string');
    if (id === 'byName') return { type: 'byName', names: [options], exclude: false };
    return id === 'byRegexp' ? { type: 'byRegexp', pattern: options } : { type: 'byFrameRefID', refId: options };
  }
  if (id === 'byType') {
    if (typeof options !== 'string') throw new DashboardImportError(`${path}.options`, 'expected a string');
    return { type: 'byType', fieldType: (FIELD_TYPES as readonly string[]).includes(options) ? (options as FieldType) : 'other' };
  }
  if (id === 'byNames') {
    if (!isObject(options)) throw new DashboardImportError(`${path}.options`, 'expected an object');
    return { type: 'byName', names: stringList(options, 'names', `${path}.options`), exclude: optString(options, 'mode', `${path}.options`) === 'exclude' };
  }
  if (id === 'byValue' && isObject(options)) {
    const op = optString(options, 'op', `${path}.options`, 'gte');
    const value = field(options, 'value');
    if (VALUE_OPS.includes(op as ValueMatchOp) && typeof value === 'number') {
      return { type: 'byValue', reducer: optString(options, 'reducer', `${path}.options`, 'allValues'), op: op as ValueMatchOp, value };
    }
  }
  return id;
}

type PropertyReader = (v: JsonValue, path: string, warnings: string[]) => JsonValue | undefined;

const asString: PropertyReader = (v, path) => {
  if (typeof v !== 'string') throw new DashboardImportError(path, 'expected a string');
  return v;
};
const asNumber: PropertyReader = (v, path) => looseNumber(v, path);

/** PROPERTY_READERS validates each supported override property by id (custom.* ids use the graph style readers). */
const PROPERTY_READERS: Record<string, PropertyReader> = {
  displayName: asString,
  unit: asString,
  noValue: asString,
  decimals: asNumber,
  min: asNumber,
  max: asNumber,
  color: (v, path) => (readColor({ color: v }, path) as JsonValue | undefined) ?? undefined,
  thresholds: (v, path, w) => (readThresholds({ thresholds: v }, path, w) as JsonValue | undefined) ?? undefined,
  mappings: (v, path, w) => {
    if (!Array.isArray(v)) throw new DashboardImportError(path, 'expected an array');
    return readGrafanaMappings(v, path, w) as unknown as JsonValue;
  },
};

/** readOverrideProperty validates one override property; undefined when unsupported (with a warning). */
export function readOverrideProperty(id: string, v: JsonValue, path: string, warnings: string[]): JsonValue | undefined {
  if (Object.prototype.hasOwnProperty.call(PROPERTY_READERS, id)) return PROPERTY_READERS[id](v, path, warnings);
  if (id.startsWith('custom.')) {
    const r = readCustomValue(id.slice(7), v, path, warnings);
    if (r !== undefined) return r as JsonValue;
  }
  if (id !== 'links') warnings.push(`${path}: override property ${JSON.stringify(id)} is not supported, ignored`);
  return undefined;
}

/** readGrafanaOverrides reads fieldConfig.overrides; unsupported matchers and properties become warnings. */
export function readGrafanaOverrides(list: JsonValue[], path: string, warnings: string[]): Override[] {
  const out: Override[] = [];
  list.forEach((o, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(o)) throw new DashboardImportError(p, 'expected an object');
    const m = field(o, 'matcher');
    if (isObject(m) && m.id === 'byType' && typeof field(m, 'options') !== 'string') {
      warnings.push(`${p}.matcher: byType without a field type matches no field (as in Grafana), override ignored`);
      return;
    }
    const matcher = readMatcher(m, `${p}.matcher`);
    if (typeof matcher === 'string') {
      warnings.push(`${p}.matcher: field matcher ${JSON.stringify(matcher)} is not supported, override ignored`);
      return;
    }
    const properties: OverrideProperty[] = [];
    optArray(o, 'properties', p).forEach((prop, j) => {
      const pp = `${p}.properties[${j}]`;
      if (!isObject(prop)) throw new DashboardImportError(pp, 'expected an object');
      const id = optString(prop, 'id', pp);
      const value = field(prop, 'value');
      if (value === undefined) return;
      const read = readOverrideProperty(id, value, `${pp}.value`, warnings);
      if (read !== undefined) properties.push({ id, value: read });
    });
    out.push({ matcher, properties });
  });
  return out;
}

/** writeGrafanaOverrides writes overrides in Grafana's shape. */
export function writeGrafanaOverrides(overrides: Override[]): JsonValue[] {
  return overrides.map((o) => {
    const m = o.matcher;
    const matcher: JsonObject =
      m.type === 'byRegexp'
        ? { id: 'byRegexp', options: m.pattern }
        : m.type === 'byFrameRefID'
          ? { id: 'byFrameRefID', options: m.refId }
          : m.type === 'byType'
            ? { id: 'byType', options: m.fieldType }
            : m.type === 'byValue'
              ? { id: 'byValue', options: { reducer: m.reducer, op: m.op, value: m.value } }
              : m.names.length === 1 && !m.exclude
                ? { id: 'byName', options: m.names[0] }
                : { id: 'byNames', options: { mode: m.exclude ? 'exclude' : 'include', names: [...m.names] } };
    const properties = o.properties.map((p) => ({ id: p.id, value: p.id === 'mappings' ? writeGrafanaMappings(p.value as unknown as ValueMapping[]) : p.value }));
    return { matcher, properties };
  });
}
