/**
 * The native histogram notation of promqltest scripts: `{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001
 * buckets:[1 2] offset:1 n_buckets:[1] n_offset:0 custom_values:[1 5] counter_reset_hint:gauge}}`, repeated with
 * `{{...}}xN` or grown with `{{base}}+{{inc}}xN` / `{{base}}-{{inc}}xN` (N+1 values, the base first).
 */
import { newFloatHistogram, type Buckets, type CounterResetHint, type FloatHistogram } from '../../model/histogram';
import { addHistograms } from '../../model/histogram_ops';

/** HistogramValue is a parsed histogram and whether its counter reset hint was written (then it must match). */
export interface HistogramValue {
  readonly h: FloatHistogram;
  readonly hintSet: boolean;
}

const HINTS: Record<string, CounterResetHint> = { unknown: 'unknown', reset: 'reset', not_reset: 'not_reset', gauge: 'gauge' };

function denseBuckets(counts: number[], offset: number): Buckets {
  return { index: counts.map((_, i) => offset + i), count: counts };
}

/** parseHistogramDesc parses one `{{...}}` (braces included). */
export function parseHistogramDesc(text: string, parseNumber: (s: string) => number): HistogramValue {
  if (!text.startsWith('{{') || !text.endsWith('}}')) throw new Error(`invalid histogram ${JSON.stringify(text)}`);
  const body = text.slice(2, -2);
  const fields = new Map<string, string>();
  const re = /\s*([a-z_]+):(\[[^\]]*\]|[^\s\]]+)\s*/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = re.exec(body)) !== null) {
    if (fields.has(m[1])) throw new Error(`duplicate key "${m[1]}" in histogram`);
    fields.set(m[1], m[2]);
    pos = re.lastIndex;
  }
  if (body.slice(pos).trim() !== '') throw new Error(`invalid histogram description ${JSON.stringify(text)}`);
  const num = (k: string) => (fields.has(k) ? parseNumber(fields.get(k)!) : 0);
  const list = (k: string) => {
    const v = fields.get(k);
    if (v === undefined) return [];
    if (!v.startsWith('[')) throw new Error(`error parsing ${k} float array: ${v}`);
    return v.slice(1, -1).trim().split(/\s+/).filter((x) => x !== '').map(parseNumber);
  };
  const hintText = fields.get('counter_reset_hint');
  const hint = hintText === undefined ? 'unknown' : HINTS[hintText];
  if (hint === undefined) throw new Error(`error parsing counter_reset_hint: ${hintText}`);
  for (const k of fields.keys()) if (!KEYS.has(k)) throw new Error(`unknown histogram description key ${JSON.stringify(k)}`);
  const custom = fields.has('custom_values') ? list('custom_values') : undefined;
  const h = newFloatHistogram({
    schema: num('schema'),
    sum: num('sum'),
    count: num('count'),
    zeroCount: num('z_bucket'),
    zeroThreshold: num('z_bucket_w'),
    positive: denseBuckets(list('buckets'), num('offset')),
    negative: denseBuckets(list('n_buckets'), num('n_offset')),
    counterResetHint: hint,
    ...(custom ? { customValues: custom } : {}),
  });
  return { h, hintSet: hintText !== undefined };
}

const KEYS = new Set(['schema', 'sum', 'count', 'z_bucket', 'z_bucket_w', 'custom_values', 'buckets', 'offset', 'n_buckets', 'n_offset', 'counter_reset_hint']);

/** expandHistogramItem expands one histogram token (`{{..}}`, `{{..}}xN`, `{{a}}+{{b}}xN`, `{{a}}-{{b}}xN`). */
export function expandHistogramItem(tok: string, parseNumber: (s: string) => number): HistogramValue[] {
  const end = tok.indexOf('}}') + 2;
  const base = parseHistogramDesc(tok.slice(0, end), parseNumber);
  const rest = tok.slice(end);
  if (rest === '') return [base];
  const rep = /^x(\d+)$/.exec(rest);
  if (rep) return Array.from({ length: Number(rep[1]) + 1 }, () => base);
  const grow = /^([+-])(\{\{.*\}\})x(\d+)$/.exec(rest);
  if (!grow) throw new Error(`invalid histogram series value ${JSON.stringify(tok)}`);
  const inc = parseHistogramDesc(grow[2], parseNumber);
  const out: HistogramValue[] = [{ h: base.h, hintSet: inc.hintSet }];
  let cur = base.h;
  for (let i = 1; i <= Number(grow[3]); i++) {
    if (cur.schema > inc.h.schema) throw new Error(`error combining histograms: cannot merge from schema ${inc.h.schema} to ${cur.schema}`);
    cur = addHistograms(cur, inc.h, grow[1] === '+' ? 1 : -1).h;
    out.push({ h: cur, hintSet: inc.hintSet });
  }
  return out;
}
