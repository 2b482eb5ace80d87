/**
 * Labels: a label set as a flat, name-sorted array `[name0, value0, name1, value1, ...]`.
 *
 * A flat string array crosses `postMessage` unchanged, has no prototype keys (so `__proto__` and `constructor`
 * are ordinary label names), and compares and hashes without allocating per label.
 */
export type Labels = readonly string[];

/** METRIC_NAME is the reserved label that holds the metric name. */
export const METRIC_NAME = '__name__';

/** LabelsObject is the Prometheus API's shape of a label set: a plain object from name to value. */
export type LabelsObject = Record<string, string>;

/** labelsFromPairs builds a sorted Labels from name/value pairs; later duplicates win. */
export function labelsFromPairs(pairs: Iterable<readonly [string, string]>): Labels {
  const map = new Map<string, string>();
  for (const [n, v] of pairs) map.set(n, v);
  const names = [...map.keys()].sort(compareStrings);
  const out: string[] = new Array(names.length * 2);
  for (let i = 0; i < names.length; i++) {
    out[2 * i] = names[i];
    out[2 * i + 1] = map.get(names[i])!;
  }
  return out;
}

/** labelsFromObject builds Labels from the API's object shape, reading only own keys. */
export function labelsFromObject(obj: LabelsObject): Labels {
  return labelsFromPairs(Object.keys(obj).map((k) => [k, obj[k]] as const));
}

/** labelsToObject returns the API's object shape, with no prototype so any label name is safe as a key. */
export function labelsToObject(ls: Labels): LabelsObject {
  const o: LabelsObject = Object.create(null);
  for (let i = 0; i < ls.length; i += 2) o[ls[i]] = ls[i + 1];
  return o;
}

/** labelsGet returns the value of a label, or '' when absent (Prometheus treats absent and empty alike). */
export function labelsGet(ls: Labels, name: string): string {
  for (let i = 0; i < ls.length; i += 2) if (ls[i] === name) return ls[i + 1];
  return '';
}

/** labelsHas reports whether the label is present. */
export function labelsHas(ls: Labels, name: string): boolean {
  for (let i = 0; i < ls.length; i += 2) if (ls[i] === name) return true;
  return false;
}

/** labelsEqual compares two label sets. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** compareLabels orders label sets as Prometheus does: label by label, names then values. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** compareStrings orders strings by UTF-16 code units, which matches byte order for the BMP. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SEP = '\xff';

/** labelsKey returns a string that identifies the label set; equal sets give equal keys. */
export function labelsKey(ls: Labels): string {
  return ls.join(SEP);
}

/** labelsHash returns a 32-bit FNV-1a hash of the label set. */
export function labelsHash(ls: Labels): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ls.length; i++) {
    const s = ls[i];
    for (let j = 0; j < s.length; j++) {
      h ^= s.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** LabelsBuilder edits a label set and produces a new sorted one; setting '' deletes, as in Prometheus. */
export class LabelsBuilder {
  private readonly map = new Map<string, string>();

  constructor(base: Labels = []) {
    for (let i = 0; i < base.length; i += 2) this.map.set(base[i], base[i + 1]);
  }

  /** get returns the current value or ''. */
  get(name: string): string {
    return this.map.get(name) ?? '';
  }

  /** set sets a label; an empty value deletes it. */
  set(name: string, value: string): this {
    if (value === '') this.map.delete(name);
    else this.map.set(name, value);
    return this;
  }

  /** del removes labels. */
  del(...names: string[]): this {
    for (const n of names) this.map.delete(n);
    return this;
  }

  /** range visits each label. */
  range(fn: (name: string, value: string) => void): void {
    for (const [n, v] of this.map) fn(n, v);
  }

  /** labels returns the sorted label set. */
  labels(): Labels {
    return labelsFromPairs(this.map);
  }
}

/** labelsString formats a label set as `name{a="b"}` as Prometheus prints it. */
export function labelsString(ls: Labels): string {
  let name = '';
  const parts: string[] = [];
  for (let i = 0; i < ls.length; i += 2) {
    if (ls[i] === METRIC_NAME) name = ls[i + 1];
    else parts.push(`${formatLabelName(ls[i])}=${JSON.stringify(ls[i + 1])}`);
  }
  const prefix = name === '' || isLegacyMetricName(name) ? name : '';
  if (prefix !== name) parts.unshift(JSON.stringify(name));
  return `${prefix}{${parts.join(', ')}}`;
}

/** isLegacyMetricName reports whether a metric name needs no quoting. */
export function isLegacyMetricName(s: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s);
}

/** isLegacyLabelName reports whether a label name needs no quoting. */
export function isLegacyLabelName(s: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s);
}

function formatLabelName(n: string): string {
  return isLegacyLabelName(n) ? n : JSON.stringify(n);
}

/** dropMetricName returns the label set without `__name__`. */
export function dropMetricName(ls: Labels): Labels {
  for (let i = 0; i < ls.length; i += 2) {
    if (ls[i] === METRIC_NAME) return [...ls.slice(0, i), ...ls.slice(i + 2)];
  }
  return ls;
}
