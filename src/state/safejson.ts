/**
 * Untrusted JSON: size and depth limits, and prototype-polluting keys (`__proto__`, `constructor`, `prototype`)
 * removed before any code can copy them onto an object.
 */

/** JsonLimits bounds what an imported file may contain. */
export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

/** DEFAULT_JSON_LIMITS suits state files and dashboards. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

/** FileError is a clear error about an imported file, with the JSON path where it was found. */
export class FileError extends Error {
  constructor(
    readonly path: string,
    readonly msg: string,
  ) {
    super(path ? `${path}: ${msg}` : msg);
  }
}

const HOSTILE = new Set(['__proto__', 'constructor', 'prototype']);

/** parseUntrustedJson parses text within limits; hostile keys are dropped and reported in `dropped`. */
export function parseUntrustedJson(
  text: string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): { value: unknown; dropped: string[] } {
  if (text.length > limits.maxBytes) {
    throw new FileError('', `the file is ${text.length} bytes; at most ${limits.maxBytes} are accepted`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FileError('', `not valid JSON (${(e as Error).message})`);
  }
  const dropped: string[] = [];
  const clean = (v: unknown, path: string, depth: number): unknown => {
    if (depth > limits.maxDepth) throw new FileError(path, `nested deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(v)) return v.map((x, i) => clean(x, `${path}[${i}]`, depth + 1));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const p = path ? `${path}.${k}` : k;
        if (HOSTILE.has(k)) {
          dropped.push(p);
          continue;
        }
        out[k] = clean((v as Record<string, unknown>)[k], p, depth + 1);
      }
      return out;
    }
    return v;
  };
  return { value: clean(value, '', 0), dropped };
}

/** Reader checks the shape of untrusted values field by field, naming the path of the first mistake. */
export const read = {
  object(v: unknown, path: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileError(path, 'expected an object');
    return v as Record<string, unknown>;
  },
  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) throw new FileError(path, 'expected a list');
    return v;
  },
  string(v: unknown, path: string): string {
    if (typeof v !== 'string') throw new FileError(path, 'expected a string');
    return v;
  },
  number(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new FileError(path, 'expected a number');
    return v;
  },
  boolean(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') throw new FileError(path, 'expected true or false');
    return v;
  },
  optString(v: unknown, path: string, dflt = ''): string {
    return v === undefined || v === null ? dflt : read.string(v, path);
  },
};
