/**
 * The series notation of promqltest scripts: `metric{label="value"} 1 2+3x4 _ _x2 stale Inf NaN`, for both
 * load blocks and expected results, native histogram values (`{{...}}`) included.
 */
import { METRIC_NAME, labelsFromPairs, type Labels } from '../../model/labels';
import { parseDuration } from '../../model/time';
import { STALE_NAN } from '../../model/value';
import { expandHistogramItem, type HistogramValue } from './histogram_notation';

/** SequenceValue is one point of a series description: a float, an omitted point, or a native histogram. */
export type SequenceValue =
  | { readonly kind: 'float'; readonly v: number }
  | { readonly kind: 'omitted' }
  | ({ readonly kind: 'histogram' } & HistogramValue);

/** SeriesDesc is a parsed series line. */
export interface SeriesDesc {
  readonly labels: Labels;
  readonly values: SequenceValue[];
  readonly hasHistogram: boolean;
}

const QUOTES = new Set(['"', "'", '`']);

function readQuoted(s: string, i: number): [string, number] {
  const q = s[i];
  let j = i + 1;
  let raw = '';
  while (j < s.length && s[j] !== q) {
    if (s[j] === '\\' && q !== '`') {
      raw += s[j] + s[j + 1];
      j += 2;
    } else raw += s[j++];
  }
  if (j >= s.length) throw new Error(`unterminated string in ${JSON.stringify(s)}`);
  if (q === '`') return [raw, j + 1];
  const body = q === "'" ? raw.replace(/\\'/g, "'").replace(/"/g, '\\"') : raw;
  return [JSON.parse(`"${body.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')}"`) as string, j + 1];
}

function readIdent(s: string, i: number): [string, number] {
  const m = /^[a-zA-Z_:][a-zA-Z0-9_:.]*/.exec(s.slice(i));
  if (!m) throw new Error(`expected a name at ${JSON.stringify(s.slice(i))}`);
  return [m[0], i + m[0].length];
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** parseMetric reads `name{a="b", ...}` from the start of a line; returns the labels and the rest of the line. */
export function parseMetric(line: string): [Labels, string] {
  const pairs: [string, string][] = [];
  let i = skipSpace(line, 0);
  if (line[i] !== '{') {
    const [name, j] = readIdent(line, i);
    pairs.push([METRIC_NAME, name]);
    i = j;
  }
  if (line[i] === '{') {
    i++;
    for (;;) {
      i = skipSpace(line, i);
      if (line[i] === '}') {
        i++;
        break;
      }
      let name: string;
      [name, i] = QUOTES.has(line[i]) ? readQuoted(line, i) : readIdent(line, i);
      i = skipSpace(line, i);
      if (line[i] === ',' || line[i] === '}') {
        pairs.push([METRIC_NAME, name]);
      } else {
        if (line[i] !== '=') throw new Error(`expected "=" in ${JSON.stringify(line)}`);
        i = skipSpace(line, i + 1);
        let value: string;
        [value, i] = readQuoted(line, i);
        pairs.push([name, value]);
      }
      i = skipSpace(line, i);
      if (line[i] === ',') i++;
    }
  }
  return [labelsFromPairs(pairs), line.slice(i)];
}

const NUM = String.raw`(?:[Ii]nf|NaN|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)`;
const ITEM = new RegExp(String.raw`^([+-]?${NUM})(?:([+-]${NUM})?x(\d+))?$`);

/** parseNumber parses a float as the test scripts write them (Inf, NaN, hex). */
export function parseNumber(s: string): number {
  const m = /^([+-]?)(.*)$/.exec(s)!;
  const body = m[2];
  let v: number;
  if (/^[Ii]nf$/.test(body)) v = Infinity;
  else if (/^(NaN|nan)$/.test(body)) v = NaN;
  else if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else v = Number(body);
  if (body === '' || (Number.isNaN(v) && !/^(NaN|nan)$/.test(body))) throw new Error(`invalid number ${JSON.stringify(s)}`);
  return m[1] === '-' ? -v : v;
}

function tokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    i = skipSpace(s, i);
    if (i >= s.length) break;
    let j = i;
    let depth = 0;
    while (j < s.length && (depth > 0 || (s[j] !== ' ' && s[j] !== '\t'))) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}') depth--;
      j++;
    }
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function expandItem(tok: string): SequenceValue[] {
  if (tok.startsWith('{{')) return expandHistogramItem(tok, parseNumber).map((h) => ({ kind: 'histogram', ...h }) as const);
  if (tok === '_') return [{ kind: 'omitted' }];
  const blank = /^_x(\d+)$/.exec(tok);
  if (blank) return Array.from({ length: Number(blank[1]) }, () => ({ kind: 'omitted' }) as const);
  if (tok === 'stale') return [{ kind: 'float', v: STALE_NAN }];
  const m = ITEM.exec(tok);
  if (!m) throw new Error(`invalid series value ${JSON.stringify(tok)}`);
  const start = parseNumber(m[1]);
  if (m[3] === undefined) return [{ kind: 'float', v: start }];
  const inc = m[2] === undefined ? 0 : parseNumber(m[2]);
  const out: SequenceValue[] = [];
  let v = start;
  for (let k = 0; k <= Number(m[3]); k++) {
    out.push({ kind: 'float', v });
    v += inc;
  }
  return out;
}

/** parseSeriesDesc parses a full series line. */
export function parseSeriesDesc(line: string): SeriesDesc {
  const [labels, rest] = parseMetric(line);
  const values = tokens(rest).flatMap(expandItem);
  return { labels, values, hasHistogram: rest.includes('{{') };
}

/** StartOffset is one position of an `@st` line: the start time's offset from the sample's time in ms, or null (none). */
export type StartOffset = number | null;

const ST_ITEM = /^([+-]?)(\d+[a-zA-Z]*?)(?:([+-])(\d+[a-zA-Z]*?))?(?:x(\d+))?$/;

function signedDuration(sign: string, body: string): number {
  const ms = parseDuration(body);
  return sign === '-' ? -ms : ms;
}

function expandStartItem(tok: string): StartOffset[] {
  if (tok === '_') return [null];
  const blank = /^_x(\d+)$/.exec(tok);
  if (blank && Number(blank[1]) > 0) return new Array<StartOffset>(Number(blank[1])).fill(null);
  const m = ST_ITEM.exec(tok);
  if (!m || (m[3] !== undefined && m[5] === undefined)) throw new Error(`invalid @st item ${JSON.stringify(tok)}`);
  const base = signedDuration(m[1], m[2]);
  const delta = m[3] === undefined ? 0 : signedDuration(m[3], m[4]);
  const n = m[5] === undefined ? 1 : Number(m[5]) + 1;
  return Array.from({ length: n }, (_, k) => base + k * delta);
}

/**
 * parseStartLine parses an `@st` line, `metric{labels}@st -30s-1mx2 _ 0`: per position of the next series line,
 * the offset of the sample's start time from the sample's own time (durations, signed, with `+`/`-` steps and `xN`
 * repeats as in value sequences), or `_` for none.
 */
export function parseStartLine(line: string): [Labels, StartOffset[]] {
  const at = line.search(/@st[ \t]/);
  if (at < 0) throw new Error(`invalid @st line ${JSON.stringify(line)}`);
  const [labels, rest] = parseMetric(line.slice(0, at));
  if (rest.trim() !== '') throw new Error(`invalid @st line metric ${JSON.stringify(line.slice(0, at))}`);
  return [labels, tokens(line.slice(at + 3)).flatMap(expandStartItem)];
}
