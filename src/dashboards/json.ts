/**
 * Untrusted JSON: size, depth and node limits, hostile keys made inert, and typed field readers that name the JSON
 * path of the first wrong field. Nothing here evaluates or fetches anything found in the input.
 */
import type { JsonValue } from './model';

/** JSON_LIMITS bounds an imported file: bytes of text, nesting depth and number of values. */
export const JSON_LIMITS = { maxBytes: 5 * 1024 * 1024, maxDepth: 64, maxNodes: 1_000_000 };

/** HOSTILE_KEYS are object keys dropped on input, so no user key can reach an object's prototype chain. */
export const HOSTILE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** DashboardImportError reports invalid input with the JSON path of the offending field. */
export class DashboardImportError extends Error {
  /** path is the JSON path of the field, such as `panels[3].gridPos.w`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'DashboardImportError';
    this.path = path;
  }
}

/** JsonObject is a sanitised JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** safeJson parses text (or copies an already parsed value) within JSON_LIMITS, dropping hostile keys. */
export function safeJson(input: unknown, warnings: string[]): JsonValue {
  let value = input;
  if (typeof input === 'string') {
    const bytes = input.length * 3 > JSON_LIMITS.maxBytes ? new TextEncoder().encode(input).length : input.length;
    if (bytes > JSON_LIMITS.maxBytes) throw new DashboardImportError('', `file too large: ${bytes} bytes (limit ${JSON_LIMITS.maxBytes})`);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new DashboardImportError('', `not valid JSON: ${(e as Error).message}`);
    }
  }
  const budget = { nodes: 0 };
  return copy(value, '', 0, budget, warnings);
}

function copy(v: unknown, path: string, depth: number, budget: { nodes: number }, warnings: string[]): JsonValue {
  if (++budget.nodes > JSON_LIMITS.maxNodes) throw new DashboardImportError(path, `too many values (limit ${JSON_LIMITS.maxNodes})`);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DashboardImportError(path, 'expected a finite number');
    return v;
  }
  if (depth >= JSON_LIMITS.maxDepth) throw new DashboardImportError(path, `nested too deeply (limit ${JSON_LIMITS.maxDepth})`);
  if (Array.isArray(v)) return v.map((x, i) => copy(x, `${path}[${i}]`, depth + 1, budget, warnings));
  if (typeof v !== 'object') throw new DashboardImportError(path, `unexpected ${typeof v}`);
  const out: JsonObject = {};
  for (const key of Object.keys(v)) {
    const p = path ? `${path}.${key}` : key;
    if (HOSTILE_KEYS.has(key)) {
      warnings.push(`${p}: key ignored`);
      continue;
    }
    out[key] = copy((v as Record<string, unknown>)[key], p, depth + 1, budget, warnings);
  }
  return out;
}

/** isObject reports whether v is a JSON object (not an array or null). */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** field reads an own property of a sanitised object (undefined when absent). */
export function field(o: JsonObject, key: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** asObject returns v as an object or throws with its path. */
export function asObject(v: JsonValue | undefined, path: string): JsonObject {
  if (!isObject(v)) throw new DashboardImportError(path, 'expected an object');
  return v;
}

/** optObject reads an optional object field ({} when absent or null). */
export function optObject(o: JsonObject, key: string, path: string): JsonObject {
  const v = field(o, key);
  return v === undefined || v === null ? {} : asObject(v, `${path}.${key}`);
}

/** optArray reads an optional array field ([] when absent or null). */
export function optArray(o: JsonObject, key: string, path: string): JsonValue[] {
  const v = field(o, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new DashboardImportError(`${path}.${key}`, 'expected an array');
  return v;
}

/** optString reads an optional string field; numbers are accepted and written as text. */
export function optString(o: JsonObject, key: string, path: string, fallback = ''): string {
  const v = field(o, key);
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new DashboardImportError(`${path}.${key}`, 'expected a string');
  return v;
}

/**
 * looseNumber reads a number as old and hand-written dashboards write one: a number, a numeric string (`"12"`,
 * `" 0.5 "`), or, for "no number", null, `""` and `"null"` (undefined). Anything else throws with the path.
 */
export function looseNumber(v: JsonValue | undefined, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '' || t === 'null') return undefined;
    if (Number.isFinite(Number(t))) return Number(t);
  }
  throw new DashboardImportError(path, `expected a number, got ${describe(v)}`);
}

/** looseBool reads a boolean; the strings `"true"`/`"false"` and the numbers 1/0 count as the booleans they mean. */
export function looseBool(v: JsonValue | undefined, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (v === 1 || v === 0) return v === 1;
  throw new DashboardImportError(path, `expected a boolean, got ${describe(v)}`);
}

/** describe names a JSON value briefly for an error message: its type, and a short string's text. */
export function describe(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length <= 24 ? `the string ${JSON.stringify(v)}` : 'a string';
  return `${typeof v} ${String(v)}`;
}

/** optNumber reads an optional number field (see looseNumber for what counts as one). */
export function optNumber(o: JsonObject, key: string, path: string): number | undefined {
  return looseNumber(field(o, key), `${path}.${key}`);
}

/** reqNumber reads a required number field (a numeric string counts). */
export function reqNumber(o: JsonObject, key: string, path: string): number {
  const v = looseNumber(field(o, key), `${path}.${key}`);
  if (v === undefined) throw new DashboardImportError(`${path}.${key}`, `expected a number, got ${describe(field(o, key))}`);
  return v;
}

/** optBool reads an optional boolean field (`"true"`/`"false"` count). */
export function optBool(o: JsonObject, key: string, path: string, fallback = false): boolean {
  return looseBool(field(o, key), `${path}.${key}`) ?? fallback;
}

/** oneOf returns v when it is one of the allowed strings, else the fallback (with a warning when v was set). */
export function oneOf<T extends string>(v: string, allowed: readonly T[], fallback: T, path: string, warnings: string[]): T {
  if ((allowed as readonly string[]).includes(v)) return v as T;
  if (v !== '') warnings.push(`${path}: unknown value ${JSON.stringify(v)}, using ${JSON.stringify(fallback)}`);
  return fallback;
}

/** stringList reads an optional array of strings. */
export function stringList(o: JsonObject, key: string, path: string): string[] {
  return optArray(o, key, path).map((v, i) => {
    if (typeof v !== 'string') throw new DashboardImportError(`${path}.${key}[${i}]`, 'expected a string');
    return v;
  });
}
