/**
 * Table transformations as Grafana applies them (organize, joinByField, merge) over simple column frames, and the
 * frames a table panel builds from instant vectors: one column per label, and `Value` (`Value #A` with several
 * queries).
 */
import { DashboardImportError, field, isObject, optString, type JsonObject } from './json';
import type { JsonValue, Transformation } from './model';

/** Cell is one table value. */
export type Cell = number | string | null;

/** Field is one column of a frame. */
export interface Field {
  name: string;
  values: Cell[];
  labels?: Record<string, string>;
}

/** Frame is a table: columns of equal length. */
export interface Frame {
  refId?: string;
  fields: Field[];
}

/** InstantResult is one query's instant vector: a refId and its samples. */
export interface InstantResult {
  refId: string;
  series: { metric: Record<string, string>; value: [number, number] }[];
}

/** framesFromInstantVectors builds one table frame per query: Time, one column per label, then the value column. */
export function framesFromInstantVectors(results: InstantResult[]): Frame[] {
  const several = results.length > 1;
  return results.map(({ refId, series }) => {
    const names = [...new Set(series.flatMap((s) => Object.keys(s.metric)))].sort();
    const fields: Field[] = [{ name: 'Time', values: series.map((s) => s.value[0] * 1000) }];
    for (const n of names) fields.push({ name: n, values: series.map((s) => s.metric[n] ?? '') });
    fields.push({ name: several ? `Value #${refId}` : 'Value', values: series.map((s) => s.value[1]) });
    return { refId, fields };
  });
}

function rowCount(f: Frame): number {
  return f.fields.length ? f.fields[0].values.length : 0;
}

/** organize excludes, reorders and renames fields of each frame. */
export function organize(frames: Frame[], t: Extract<Transformation, { id: 'organize' }>): Frame[] {
  const exclude = new Set(t.excludeByName);
  const index = new Map(t.indexByName);
  const rename = new Map(t.renameByName);
  return frames.map((f) => {
    const kept = f.fields.filter((x) => !exclude.has(x.name));
    const ordered = kept
      .map((x, i) => ({ x, i }))
      .sort((a, b) => (index.get(a.x.name) ?? kept.length + a.i) - (index.get(b.x.name) ?? kept.length + b.i))
      .map(({ x }) => ({ ...x, name: rename.get(x.name) || x.name }));
    return { ...f, fields: ordered };
  });
}

function keyOf(values: Cell[]): string {
  return JSON.stringify(values);
}

/** joinByField joins frames into one on the values of a field (outer keeps every key, inner only common keys). */
export function joinByField(frames: Frame[], t: Extract<Transformation, { id: 'joinByField' }>): Frame[] {
  const withKey = frames.filter((f) => f.fields.some((x) => x.name === t.byField));
  if (withKey.length < 2) return frames;
  const keys: Cell[] = [];
  const seen = new Map<string, number>();
  const perFrame = withKey.map((f) => {
    const k = f.fields.find((x) => x.name === t.byField)!;
    const rows = new Map<string, number>();
    k.values.forEach((v, r) => {
      const s = keyOf([v]);
      if (!rows.has(s)) rows.set(s, r);
      if (!seen.has(s)) {
        seen.set(s, keys.length);
        keys.push(v);
      }
    });
    return rows;
  });
  const kept = keys.filter((k) => t.mode === 'outer' || perFrame.every((rows) => rows.has(keyOf([k]))));
  const fields: Field[] = [{ name: t.byField, values: kept }];
  const used = new Set([t.byField]);
  withKey.forEach((f, i) => {
    for (const x of f.fields) {
      if (x.name === t.byField) continue;
      let name = x.name;
      for (let n = 2; used.has(name); n++) name = `${x.name} ${n}`;
      used.add(name);
      fields.push({ ...x, name, values: kept.map((k) => {
        const r = perFrame[i].get(keyOf([k]));
        return r === undefined ? null : x.values[r];
      }) });
    }
  });
  return [{ fields }, ...frames.filter((f) => !withKey.includes(f))];
}

/** merge combines frames into one table; rows agreeing on every shared field become one row. */
export function merge(frames: Frame[]): Frame[] {
  if (frames.length < 2) return frames;
  const names: string[] = [];
  for (const f of frames) for (const x of f.fields) if (!names.includes(x.name)) names.push(x.name);
  const shared = names.filter((n) => frames.every((f) => f.fields.some((x) => x.name === n)) && !n.startsWith('Value'));
  const rows: Map<string, Cell>[] = [];
  const byKey = new Map<string, Map<string, Cell>[]>();
  for (const f of frames) {
    for (let r = 0; r < rowCount(f); r++) {
      const row = new Map<string, Cell>(f.fields.map((x) => [x.name, x.values[r] ?? null]));
      const key = keyOf(shared.filter((n) => n !== 'Time').map((n) => row.get(n) ?? null));
      const candidates = byKey.get(key) ?? [];
      const target = candidates.find((c) => [...row].every(([n, v]) => !c.has(n) || c.get(n) === v || shared.includes(n)));
      if (target) for (const [n, v] of row) target.set(n, v);
      else {
        rows.push(row);
        candidates.push(row);
        byKey.set(key, candidates);
      }
    }
  }
  return [{ fields: names.map((name) => ({ name, values: rows.map((row) => row.get(name) ?? null) })) }];
}

/** applyTransformations runs a panel's transformations in order. */
export function applyTransformations(frames: Frame[], list: Transformation[]): Frame[] {
  let out = frames;
  for (const t of list) out = t.id === 'organize' ? organize(out, t) : t.id === 'joinByField' ? joinByField(out, t) : merge(out);
  return out;
}

function entries<T>(o: JsonValue | undefined, path: string, read: (v: JsonValue, p: string) => T | undefined): [string, T][] {
  if (o === undefined || o === null) return [];
  if (!isObject(o)) throw new DashboardImportError(path, 'expected an object');
  const out: [string, T][] = [];
  for (const k of Object.keys(o)) {
    const v = read(o[k], `${path}.${k}`);
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}

/** readTransformation reads a Grafana transformation; a string names why it is unsupported; null means skipped. */
export function readTransformation(v: JsonValue, path: string, warnings: string[]): Transformation | string | null {
  if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
  const id = optString(v, 'id', path);
  if (field(v, 'disabled') === true) {
    warnings.push(`${path}: disabled transformation ${JSON.stringify(id)} ignored`);
    return null;
  }
  const options: JsonObject = isObject(field(v, 'options')) ? (v.options as JsonObject) : {};
  const op = `${path}.options`;
  if (id === 'organize') {
    return {
      id,
      excludeByName: entries(field(options, 'excludeByName'), `${op}.excludeByName`, (x) => (x === true ? true : undefined)).map(([k]) => k),
      indexByName: entries(field(options, 'indexByName'), `${op}.indexByName`, (x, p) => {
        if (typeof x !== 'number') throw new DashboardImportError(p, 'expected a number');
        return x;
      }),
      renameByName: entries(field(options, 'renameByName'), `${op}.renameByName`, (x, p) => {
        if (typeof x !== 'string') throw new DashboardImportError(p, 'expected a string');
        return x || undefined;
      }),
    };
  }
  if (id === 'joinByField' || id === 'seriesToColumns') {
    const mode = optString(options, 'mode', op, 'outer');
    if (mode !== 'outer' && mode !== 'inner') return `join mode ${JSON.stringify(mode)} is not supported`;
    return { id: 'joinByField', byField: optString(options, 'byField', op, 'Time'), mode };
  }
  if (id === 'merge') return { id };
  return `transformation ${JSON.stringify(id)} is not supported`;
}

/** writeTransformation writes a transformation in Grafana's shape. */
export function writeTransformation(t: Transformation): JsonObject {
  if (t.id === 'organize') {
    const excludeByName = Object.create(null) as JsonObject;
    for (const n of t.excludeByName) excludeByName[n] = true;
    const indexByName = Object.create(null) as JsonObject;
    for (const [n, i] of t.indexByName) indexByName[n] = i;
    const renameByName = Object.create(null) as JsonObject;
    for (const [n, to] of t.renameByName) renameByName[n] = to;
    return { id: t.id, options: { excludeByName, indexByName, renameByName } };
  }
  if (t.id === 'joinByField') return { id: t.id, options: { byField: t.byField, mode: t.mode } };
  return { id: t.id, options: {} };
}
