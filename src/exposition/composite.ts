/**
 * OpenMetrics 2.0 composite values: the `{field:value,...}` after a histogram, gauge histogram or summary series.
 * readComposite reads and checks one; every fault is an ExpositionError at the offending field or list item.
 *
 * What is accepted follows Prometheus's OpenMetrics 2.0 parser (prometheus/prometheus#18606, behind its
 * `openmetrics2` feature flag): fields in any order, each at most once; empty items between commas ignored; a
 * native histogram is one with a `schema` field (-4..8) and needs count, sum, zero_threshold and zero_count;
 * bucket lists hold absolute counts (not deltas), integers unless a count or bucket is written as a float; a
 * classic `bucket` list needs `+Inf` and ascending bounds. Stricter than Prometheus: NaN, infinite or negative counts
 * (except a classic gauge histogram's, which are gauges), native fields without `schema`, bucket indices beyond 32
 * bits and the other type's count/sum names are errors.
 */
import type { Cursor } from './cursor';
import { compactBuckets, CUSTOM_BUCKETS_SCHEMA, type Buckets, type FloatHistogram } from '../model/histogram';
import { formatOMFloat } from './proto_parser';
import { parseNumber } from './scan';

/** CompositeKind is what a composite value stands for: the family's type. */
export type CompositeKind = 'histogram' | 'gaugehistogram' | 'summary';

/** Composite is a composite value read and checked: the count and sum, and what the family type adds. */
export interface Composite {
  readonly count: number;
  readonly sum: number;
  /** native is the native histogram (schema present), empty buckets left out. */
  readonly native?: FloatHistogram;
  /** classic are the classic buckets as [le text, upper bound, cumulative count], +Inf last. */
  readonly classic?: readonly (readonly [string, number, number])[];
  /** quantiles are a summary's [quantile text, value] pairs. */
  readonly quantiles?: readonly (readonly [string, number])[];
}

const HISTOGRAM_FIELDS = ['schema', 'zero_threshold', 'zero_count', 'positive_spans', 'positive_buckets', 'negative_spans', 'negative_buckets', 'bucket'];
const FIELDS: Readonly<Record<CompositeKind, readonly string[]>> = {
  histogram: ['count', 'sum', ...HISTOGRAM_FIELDS],
  gaugehistogram: ['gcount', 'gsum', ...HISTOGRAM_FIELDS],
  summary: ['count', 'sum', 'quantile'],
};
const LISTS = new Set(['positive_spans', 'positive_buckets', 'negative_spans', 'negative_buckets', 'bucket', 'quantile']);
const MAX_INDEX = 2 ** 31;

/** Field is one `name:value` of a composite: where its name and its value lie. */
interface Field {
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

/** Item is one list item: its text range. */
interface Item {
  readonly start: number;
  readonly end: number;
}

/** readComposite reads the composite value s[start, end) (braces included) of a family of the given kind. */
export function readComposite(c: Cursor, start: number, end: number, kind: CompositeKind): Composite {
  const fields = readFields(c, start, end, kind);
  const gauge = kind === 'gaugehistogram';
  const countName = gauge ? 'gcount' : 'count';
  const sumName = gauge ? 'gsum' : 'sum';
  const schema = fields.get('schema');
  // A gauge histogram's classic gcount and buckets are gauges (the result of arithmetic may be negative or float);
  // a native one's are checked as Prometheus checks every native histogram.
  const counts = !gauge || schema !== undefined;
  const count = number(c, fields, countName, start, counts);
  const sum = number(c, fields, sumName, start, false);
  if (kind === 'summary') {
    const q = fields.get('quantile');
    if (q === undefined) c.fail(start, 'summary composite value without "quantile"');
    return { count, sum, quantiles: pairs(c, q, 'quantile') };
  }
  if (schema === undefined) {
    for (const name of HISTOGRAM_FIELDS.slice(1, -1)) {
      const f = fields.get(name);
      if (f) c.fail(f.at, `"${name}" without "schema" (a native histogram needs its schema)`);
    }
  }
  const bucket = fields.get('bucket');
  if (schema === undefined && bucket === undefined) c.fail(start, 'histogram composite value needs "bucket" (classic buckets) or "schema" (native buckets)');
  const classic = bucket === undefined ? undefined : classicBuckets(c, bucket, counts);
  const native = schema === undefined ? undefined : nativeHistogram(c, fields, schema, count, sum, gauge, start);
  return { count, sum, native, classic };
}

/** readFields splits the composite value s[start, end) into its fields, checking names and list brackets. */
function readFields(c: Cursor, start: number, end: number, kind: CompositeKind): Map<string, Field> {
  const s = c.s;
  if (s.charCodeAt(end - 1) !== 125) c.fail(end - 1, 'composite value must end with "}"');
  const fields = new Map<string, Field>();
  const allowed = FIELDS[kind];
  let i = start + 1;
  const last = end - 1;
  while (i < last) {
    if (s.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    const at = i;
    const colon = s.indexOf(':', i);
    if (colon < 0 || colon >= last) c.fail(at, 'expected "field:value" in the composite value');
    let name = s.slice(at, colon);
    if (name.length > 20) name = `${name.slice(0, 20)}...`;
    if (!allowed.includes(name)) c.fail(at, `unknown field "${name}" in a ${kind} composite value (expected one of ${allowed.join(', ')})`);
    if (fields.has(name)) c.fail(at, `field "${name}" given twice`);
    const vs = colon + 1;
    let ve: number;
    if (LISTS.has(name)) {
      if (s.charCodeAt(vs) !== 91) c.fail(vs, `expected "[" after "${name}:"`);
      ve = s.indexOf(']', vs);
      if (ve < 0 || ve >= last) c.fail(vs, `unterminated list "${name}" (no "]")`);
      ve++;
      if (ve < last && s.charCodeAt(ve) !== 44) c.fail(ve, 'expected "," or "}" after a list');
    } else {
      ve = vs;
      while (ve < last && s.charCodeAt(ve) !== 44) ve++;
    }
    fields.set(name, { at, start: vs, end: ve });
    i = ve;
  }
  return fields;
}

/** number reads a numeric field (`at` places the error when it is missing), checked as a count when isCount. */
function number(c: Cursor, fields: Map<string, Field>, name: string, at: number, isCount: boolean): number {
  const f = fields.get(name);
  if (f === undefined) return c.fail(at, `composite value without "${name}"`);
  const v = parseNumber(c.s, f.start, f.end, 'go');
  if (v === undefined) return c.fail(f.start, `invalid ${name} ${c.shown(f.start, f.end)}`);
  if (isCount) countOk(c, v, f.start, name);
  return v;
}

/** countOk rejects a count that is negative, NaN or infinite. */
function countOk(c: Cursor, v: number, at: number, what: string): void {
  if (!(v >= 0) || v === Infinity) c.fail(at, `${what} must be a non-negative finite number, got ${v}`);
}

/** items splits a list field `[a,b,...]` of s into its non-empty items. */
function items(s: string, f: Field): Item[] {
  const out: Item[] = [];
  const last = f.end - 1;
  let from = f.start + 1;
  for (let j = from; j <= last; j++) {
    if (j === last || s.charCodeAt(j) === 44) {
      if (j > from) out.push({ start: from, end: j });
      from = j + 1;
    }
  }
  return out;
}

/** pairs reads a list of `key:value` items (quantiles) with ascending keys. */
function pairs(c: Cursor, f: Field, what: string): [string, number][] {
  const out: [string, number][] = [];
  let prev = -Infinity;
  for (const it of items(c.s, f)) {
    const colon = c.s.indexOf(':', it.start);
    if (colon < 0 || colon >= it.end) c.fail(it.start, `expected "${what}:value"`);
    const k = parseNumber(c.s, it.start, colon, 'go');
    if (k === undefined || Number.isNaN(k)) c.fail(it.start, `invalid ${what} ${c.shown(it.start, colon)}`);
    if (!(k > prev)) c.fail(it.start, `${what}s must be in increasing order`);
    prev = k;
    const v = parseNumber(c.s, colon + 1, it.end, 'go');
    if (v === undefined) c.fail(colon + 1, `invalid value ${c.shown(colon + 1, it.end)}`);
    out.push([formatOMFloat(k), v]);
  }
  return out;
}

/** classicBuckets reads a `bucket` list: bounds ascending to `+Inf`, counts checked as counters when counts says so. */
function classicBuckets(c: Cursor, f: Field, counts: boolean): [string, number, number][] {
  const out: [string, number, number][] = [];
  let prev = -Infinity;
  let first = true;
  for (const it of items(c.s, f)) {
    const colon = c.s.lastIndexOf(':', it.end - 1);
    if (colon < it.start) c.fail(it.start, 'expected "le:count" in "bucket"');
    const le = parseNumber(c.s, it.start, colon, 'go');
    if (le === undefined || Number.isNaN(le)) c.fail(it.start, `invalid bucket bound ${c.shown(it.start, colon)}`);
    if (!(le > prev) && !(first && le === -Infinity)) c.fail(it.start, 'classic buckets must be in increasing order of their bound');
    first = false;
    prev = le;
    const v = parseNumber(c.s, colon + 1, it.end, 'go');
    if (v === undefined) c.fail(colon + 1, `invalid bucket count ${c.shown(colon + 1, it.end)}`);
    if (counts) countOk(c, v, colon + 1, 'a bucket count');
    out.push([formatOMFloat(le), le, v]);
  }
  if (prev !== Infinity) c.fail(f.start, 'classic buckets need a "+Inf" bucket');
  return out;
}

/** integer parses a decimal integer (optional sign unless unsigned) within 64 bits, or returns undefined. */
function integer(s: string, start: number, end: number, unsigned: boolean): number | undefined {
  let i = start;
  const sign = s.charCodeAt(i);
  if (!unsigned && (sign === 45 || sign === 43)) i++;
  if (i >= end) return undefined;
  let v = 0;
  for (let j = i; j < end; j++) {
    const ch = s.charCodeAt(j);
    if (ch < 48 || ch > 57) return undefined;
    v = v * 10 + (ch - 48);
  }
  // Up to 15 digits the running value is exact; longer ones are read as a whole (correctly rounded).
  if (end - i > 15) v = Number(s.slice(i, end));
  if (v > 2 ** 63) return undefined;
  return sign === 45 && !unsigned && v !== 0 ? -v : v;
}

/** isFloatText tells whether a bucket list writes any count as a float (with `.` or an exponent), as Prometheus checks. */
function isFloatText(s: string, f: Field | undefined): boolean {
  if (f === undefined) return false;
  for (let i = f.start; i < f.end; i++) {
    const ch = s.charCodeAt(i) | 0x20;
    if (ch === 46 || ch === 101) return true;
  }
  return false;
}

/** nativeHistogram builds the FloatHistogram of a composite with a schema, checked as Prometheus validates one. */
function nativeHistogram(c: Cursor, fields: Map<string, Field>, schemaField: Field, count: number, sum: number, gauge: boolean, at: number): FloatHistogram {
  const s = c.s;
  const schema = integer(s, schemaField.start, schemaField.end, false);
  if (schema === undefined) c.fail(schemaField.start, `invalid schema ${c.shown(schemaField.start, schemaField.end)}`);
  if (schema < -4 || schema > 8) {
    const nhcb = schema === CUSTOM_BUCKETS_SCHEMA ? ' (custom buckets have no OpenMetrics 2.0 syntax yet)' : '';
    c.fail(schemaField.start, `schema must be between -4 and 8, got ${schema}${nhcb}`);
  }
  const zt = fields.get('zero_threshold');
  if (zt === undefined) c.fail(at, 'native histogram without "zero_threshold"');
  const zeroThreshold = parseNumber(s, zt.start, zt.end, 'go');
  if (zeroThreshold === undefined) c.fail(zt.start, `invalid zero_threshold ${c.shown(zt.start, zt.end)}`);
  if (!(zeroThreshold >= 0) || zeroThreshold === Infinity) c.fail(zt.start, `zero_threshold must be a non-negative finite number, got ${zeroThreshold}`);
  const zeroCount = number(c, fields, 'zero_count', at, true);
  const float =
    count !== Math.trunc(count) ||
    zeroCount !== Math.trunc(zeroCount) ||
    isFloatText(s, fields.get('positive_buckets')) ||
    isFloatText(s, fields.get('negative_buckets'));
  const positive = side(c, fields, 'positive', float);
  const negative = side(c, fields, 'negative', float);
  if (!float) {
    let inBuckets = zeroCount;
    for (const n of positive.count) inBuckets += n;
    for (const n of negative.count) inBuckets += n;
    if (Number.isNaN(sum) ? inBuckets > count : inBuckets !== count) {
      const f = fields.get(gauge ? 'gcount' : 'count')!;
      c.fail(f.start, `${inBuckets} observations in the buckets but the count is ${count}`);
    }
  }
  return { schema, zeroThreshold, zeroCount, count, sum, positive: compactBuckets(positive), negative: compactBuckets(negative), counterResetHint: gauge ? 'gauge' : 'unknown' };
}

/** side reads one sign's spans and absolute bucket counts into sorted bucket indices and counts. */
function side(c: Cursor, fields: Map<string, Field>, sign: 'positive' | 'negative', float: boolean): Buckets {
  const s = c.s;
  const spansField = fields.get(`${sign}_spans`);
  const bucketsField = fields.get(`${sign}_buckets`);
  const spans: [number, number][] = [];
  if (spansField) {
    for (const it of items(s, spansField)) {
      const colon = s.indexOf(':', it.start);
      if (colon < 0 || colon >= it.end) c.fail(it.start, `expected "offset:length" in ${sign}_spans`);
      const offset = integer(s, it.start, colon, false);
      if (offset === undefined || offset < -MAX_INDEX || offset >= MAX_INDEX) c.fail(it.start, `invalid span offset ${c.shown(it.start, colon)}`);
      if (offset < 0 && spans.length > 0) c.fail(it.start, `only the first span may have a negative offset (${sign}_spans)`);
      const length = integer(s, colon + 1, it.end, true);
      if (length === undefined || length >= 2 * MAX_INDEX) c.fail(colon + 1, `invalid span length ${c.shown(colon + 1, it.end)}`);
      spans.push([offset, length]);
    }
  }
  const counts = bucketsField ? items(s, bucketsField) : [];
  let want = 0;
  for (const [, length] of spans) want += length;
  if (want !== counts.length) {
    c.fail((spansField ?? bucketsField)?.start ?? 0, `${sign}_spans give ${want} buckets but ${sign}_buckets has ${counts.length}`);
  }
  const index: number[] = new Array(want);
  const count: number[] = new Array(want);
  let k = 0;
  let idx = 0;
  for (const [offset, length] of spans) {
    idx += offset;
    for (let j = 0; j < length; j++, k++, idx++) {
      const it = counts[k];
      if (idx < -MAX_INDEX || idx >= MAX_INDEX) c.fail(it.start, `${sign} bucket index ${idx} is out of range`);
      const v = float ? parseNumber(s, it.start, it.end, 'go') : integer(s, it.start, it.end, false);
      if (v === undefined) c.fail(it.start, `invalid ${sign} bucket count ${c.shown(it.start, it.end)}`);
      countOk(c, v, it.start, `${sign} bucket count`);
      index[k] = idx;
      count[k] = v;
    }
  }
  return { index, count };
}
