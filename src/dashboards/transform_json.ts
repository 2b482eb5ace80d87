/**
 * Grafana's transformation JSON (`{id, options, disabled}`) read into Promtab's typed transformations and written
 * back. Options are read leniently, as Grafana reads them: a missing or mistyped option takes Grafana's default.
 * An id Promtab does not run (or an option value it cannot honour) is returned as a reason, so the panel becomes a
 * placeholder that names it.
 */
import { DashboardImportError, field, isObject, type JsonObject } from './json';
import type { JsonValue } from './model';
import type { GroupByOperation, NameFilter, Transformation, ValueFilter } from './transform_model';

const str = (v: JsonValue | undefined, d = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);
const bool = (v: JsonValue | undefined, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const obj = (v: JsonValue | undefined): JsonObject => (isObject(v) ? v : {});
const strings = (v: JsonValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const pick = <T extends string>(v: JsonValue | undefined, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);
const num = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

function entries(v: JsonValue | undefined): [string, JsonValue][] {
  return isObject(v) ? Object.keys(v).map((k) => [k, v[k]]) : [];
}

/** operand reads a calculateField operand: a name, or Grafana 11's `{matcher: {options}}` / `{fixed}` shapes. */
function operand(v: JsonValue | undefined): string {
  if (!isObject(v)) return str(v);
  if (field(v, 'fixed') !== undefined) return str(v.fixed);
  return str(field(obj(field(v, 'matcher')), 'options'));
}

function nameFilter(v: JsonValue | undefined): NameFilter | undefined {
  if (!isObject(v)) return undefined;
  const names = strings(field(v, 'names'));
  const pattern = str(field(v, 'pattern'));
  return names.length || pattern ? { names, pattern } : undefined;
}

const MATCHERS = ['greater', 'greaterOrEqual', 'lower', 'lowerOrEqual', 'equal', 'notEqual', 'isNull', 'isNotNull', 'regex', 'range'] as const;

function valueFilter(v: JsonValue): ValueFilter | string {
  const o = obj(v);
  const config = obj(field(o, 'config'));
  const id = str(field(config, 'id'));
  if (!(MATCHERS as readonly string[]).includes(id)) return `filterByValue condition ${JSON.stringify(id)} is not supported`;
  const options = obj(field(config, 'options'));
  const value = field(options, 'value');
  return {
    fieldName: str(field(o, 'fieldName')),
    matcher: id as ValueFilter['matcher'],
    value: typeof value === 'number' || typeof value === 'string' ? value : null,
    ...(num(field(options, 'from')) !== undefined ? { from: num(field(options, 'from')) } : {}),
    ...(num(field(options, 'to')) !== undefined ? { to: num(field(options, 'to')) } : {}),
  };
}

type Reader = (o: JsonObject) => Transformation | string;

const READERS: Record<string, Reader> = {
  organize: (o) => ({
    id: 'organize',
    excludeByName: entries(field(o, 'excludeByName')).filter(([, v]) => v === true).map(([k]) => k),
    indexByName: entries(field(o, 'indexByName')).flatMap(([k, v]): [string, number][] => (num(v) !== undefined ? [[k, num(v)!]] : [])),
    renameByName: entries(field(o, 'renameByName')).flatMap(([k, v]): [string, string][] => (typeof v === 'string' && v ? [[k, v]] : [])),
  }),
  joinByField: (o) => {
    const mode = str(field(o, 'mode'), 'outer');
    if (mode !== 'outer' && mode !== 'inner') return `join mode ${JSON.stringify(mode)} is not supported`;
    return { id: 'joinByField', byField: str(field(o, 'byField'), 'Time') || 'Time', mode };
  },
  merge: () => ({ id: 'merge' }),
  concatenate: (o) => ({ id: 'concatenate', frameNameMode: pick(field(o, 'frameNameMode'), ['field', 'label', 'drop'] as const, 'field'), frameNameLabel: str(field(o, 'frameNameLabel'), 'frame') }),
  seriesToRows: () => ({ id: 'seriesToRows' }),
  labelsToFields: (o) => ({
    id: 'labelsToFields',
    mode: pick(field(o, 'mode'), ['columns', 'rows'] as const, 'columns'),
    keepLabels: strings(field(o, 'keepLabels')),
    valueLabel: str(field(o, 'valueLabel')),
  }),
  groupBy: (o) => ({
    id: 'groupBy',
    fields: entries(field(o, 'fields')).map(([k, v]) => [k, {
      operation: pick(field(obj(v), 'operation'), ['groupby', 'aggregate', 'count', 'takefirst', 'takelast'] as const, null as never) as GroupByOperation,
      aggregations: strings(field(obj(v), 'aggregations')),
    }]),
  }),
  reduce: (o) => {
    if (field(o, 'fields') !== undefined) return 'reduce with a field matcher is not supported';
    return {
      id: 'reduce',
      mode: pick(field(o, 'mode'), ['seriesToRows', 'reduceFields'] as const, 'seriesToRows'),
      reducers: field(o, 'reducers') === undefined ? ['max'] : strings(field(o, 'reducers')),
      includeTimeField: bool(field(o, 'includeTimeField'), false),
      labelsToFields: bool(field(o, 'labelsToFields'), false),
    };
  },
  calculateField: (o) => {
    const mode = str(field(o, 'mode'), 'reduceRow');
    if (mode !== 'reduceRow' && mode !== 'binary' && mode !== 'unary') return `calculateField mode ${JSON.stringify(mode)} is not supported`;
    const reduce = obj(field(o, 'reduce'));
    const binary = obj(field(o, 'binary'));
    const unary = obj(field(o, 'unary'));
    return {
      id: 'calculateField',
      mode,
      alias: str(field(o, 'alias')),
      replaceFields: bool(field(o, 'replaceFields'), false),
      timeSeries: bool(field(o, 'timeSeries'), true),
      reduce: { reducer: str(field(reduce, 'reducer'), 'sum'), include: strings(field(reduce, 'include')) },
      binary: { left: operand(field(binary, 'left')), operator: pick(field(binary, 'operator'), ['+', '-', '*', '/', '%', '^'] as const, '+'), right: operand(field(binary, 'right')) },
      unary: { operator: pick(field(unary, 'operator'), ['abs', 'exp', 'ln', 'floor', 'ceil'] as const, 'abs'), fieldName: str(field(unary, 'fieldName')) },
    };
  },
  filterByValue: (o) => {
    const filters = Array.isArray(field(o, 'filters')) ? (o.filters as JsonValue[]).map(valueFilter) : [];
    const bad = filters.find((f) => typeof f === 'string');
    if (typeof bad === 'string') return bad;
    return { id: 'filterByValue', type: pick(field(o, 'type'), ['include', 'exclude'] as const, 'include'), match: pick(field(o, 'match'), ['any', 'all'] as const, 'any'), filters: filters as ValueFilter[] };
  },
  filterFieldsByName: (o) => {
    if (field(o, 'byVariable') === true) return 'filterFieldsByName by variable is not supported';
    const include = nameFilter(field(o, 'include'));
    const exclude = nameFilter(field(o, 'exclude'));
    return { id: 'filterFieldsByName', ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) };
  },
  sortBy: (o) => {
    const first = obj(Array.isArray(field(o, 'sort')) ? (o.sort as JsonValue[])[0] : undefined);
    return { id: 'sortBy', field: str(field(first, 'field')), desc: bool(field(first, 'desc'), false) };
  },
  renameByRegex: (o) => ({ id: 'renameByRegex', regex: str(field(o, 'regex')), renamePattern: str(field(o, 'renamePattern')) }),
  prepareTimeSeries: (o) => {
    const format = str(field(o, 'format'), 'multi');
    if (format === 'many' || format === 'multi') return { id: 'prepareTimeSeries', format: 'multi' };
    if (format === 'wide') return { id: 'prepareTimeSeries', format: 'wide' };
    return `prepareTimeSeries format ${JSON.stringify(format)} is not supported`;
  },
};
READERS.seriesToColumns = READERS.joinByField;

/** readTransformation reads a Grafana transformation; a string names why it is unsupported; null means skipped. */
export function readTransformation(v: JsonValue, path: string, warnings: string[]): Transformation | string | null {
  if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
  const id = str(field(v, 'id'));
  if (field(v, 'disabled') === true) {
    warnings.push(`${path}: disabled transformation ${JSON.stringify(id)} ignored`);
    return null;
  }
  if (!Object.prototype.hasOwnProperty.call(READERS, id)) return `transformation ${JSON.stringify(id)} is not supported`;
  if (field(v, 'filter') !== undefined) return `transformation ${JSON.stringify(id)} with a frame filter is not supported`;
  return READERS[id](obj(field(v, 'options')));
}

function record<T extends JsonValue>(pairs: [string, T][]): JsonObject {
  const out = Object.create(null) as JsonObject;
  for (const [k, v] of pairs) out[k] = v;
  return out;
}

/** writeTransformation writes a transformation in Grafana's shape. */
export function writeTransformation(t: Transformation): JsonObject {
  switch (t.id) {
    case 'organize':
      return { id: t.id, options: { excludeByName: record(t.excludeByName.map((n) => [n, true])), indexByName: record(t.indexByName), renameByName: record(t.renameByName) } };
    case 'joinByField':
      return { id: t.id, options: { byField: t.byField, mode: t.mode } };
    case 'groupBy':
      return { id: t.id, options: { fields: record(t.fields.map(([n, f]) => [n, { operation: f.operation, aggregations: [...f.aggregations] }])) } };
    case 'filterByValue':
      return {
        id: t.id,
        options: {
          type: t.type,
          match: t.match,
          filters: t.filters.map((f) => ({ fieldName: f.fieldName, config: { id: f.matcher, options: (f.matcher === 'range' ? { from: f.from ?? null, to: f.to ?? null } : { value: f.value }) as JsonObject } })),
        },
      };
    case 'filterFieldsByName': {
      const nf = (n: NameFilter): JsonObject => ({ names: [...n.names], ...(n.pattern ? { pattern: n.pattern } : {}) });
      return { id: t.id, options: { ...(t.include ? { include: nf(t.include) } : {}), ...(t.exclude ? { exclude: nf(t.exclude) } : {}) } };
    }
    case 'sortBy':
      return { id: t.id, options: { fields: {}, sort: [{ field: t.field, desc: t.desc }] } };
    default: {
      const { id, ...options } = t;
      return { id, options: JSON.parse(JSON.stringify(options)) as JsonObject };
    }
  }
}
