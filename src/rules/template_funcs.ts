/**
 * The functions Prometheus offers in rule templates (template/template.go and prometheus/common's templates),
 * plus Go's text/template builtins. Each returns a value or throws a FuncError whose message is Go's.
 */
import { RE2JS } from 're2js';
import { parseDuration } from '../model/time';
import { formatG, formatValue, goTypeName, sprintf } from './gofmt';

/** QuerySample is one element of a `query` result, with Go's field names. */
export class QuerySample {
  constructor(
    readonly Labels: Record<string, string>,
    readonly Value: number,
  ) {}
}

/** TemplateData is the dot of an alert template: `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`. */
export class TemplateData {
  constructor(
    readonly Labels: Record<string, string>,
    readonly ExternalLabels: Record<string, string>,
    readonly ExternalURL: string,
    readonly Value: number,
  ) {}
}

/** FuncError is an error returned by a template function; the executor reports it as `error calling NAME: ...`. */
export class FuncError extends Error {}

/** FuncEnv gives functions what they need from outside: queries, the evaluation time and the external URL. */
export interface FuncEnv {
  query(expr: string): Promise<QuerySample[]>;
  readonly timeMs: number;
  readonly externalURL: string;
}

/** TemplateFunc is one function: how many arguments it takes (max -1 = variadic) and its body. */
export interface TemplateFunc {
  readonly min: number;
  readonly max: number;
  readonly fn: (args: unknown[], env: FuncEnv) => unknown;
}

/** toFloat converts as prometheus/common's ConvertToFloat: numbers, and strings via Go's ParseFloat. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim() === v ? v : '';
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(s)) return NaN;
    if (/^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !s.includes('_')) return Number(s);
    if (/^[+-]?0[xX][\da-fA-F]+$/.test(s)) return Number(s.replace(/^([+-]?)/, '$1'));
    throw new FuncError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  throw new FuncError(`can't convert ${goTypeName(v)} to float`);
}

function scaled(v: number, prefixes: readonly string[], step: number, up: boolean): string {
  let prefix = '';
  for (const p of prefixes) {
    if (up ? Math.abs(v) < step : Math.abs(v) >= 1) break;
    prefix = p;
    v = up ? v / step : v * step;
  }
  return `${formatG(v, 4)}${prefix}`;
}

const BIG = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const BINARY = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];

/** humanize writes a number with an SI prefix and four significant digits (`1.235k`, `12.3m`). */
export function humanize(x: unknown): string {
  const v = toFloat(x);
  if (v === 0 || !Number.isFinite(v)) return formatG(v, 4);
  return Math.abs(v) >= 1 ? scaled(v, BIG, 1000, true) : scaled(v, SMALL, 1000, false);
}

/** humanize1024 writes a number with a binary prefix (`1ki`, `2.5Mi`). */
export function humanize1024(x: unknown): string {
  const v = toFloat(x);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatG(v, 4);
  return scaled(v, BINARY, 1024, true);
}

/** humanizeDuration writes seconds as `1d 2h 3m 4s`, `1.5s` or `250ms`. */
export function humanizeDuration(x: unknown): string {
  let v = toFloat(x);
  if (!Number.isFinite(v)) return formatG(v, 4);
  if (v === 0) return `${formatG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const total = Math.trunc(v);
    const [s, m, h, d] = [total % 60, Math.trunc(total / 60) % 60, Math.trunc(total / 3600) % 24, Math.trunc(total / 86400)];
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${formatG(v, 4)}s`;
  }
  return `${scaled(v, SMALL, 1000, false)}s`;
}

/** humanizePercentage writes a ratio as a percentage with four significant digits. */
export function humanizePercentage(x: unknown): string {
  return `${formatG(toFloat(x) * 100, 4)}%`;
}

/** humanizeTimestamp writes Unix seconds, cut to milliseconds, as Go prints a UTC time: `2006-01-02 15:04:05.5 +0000 UTC`. */
export function humanizeTimestamp(x: unknown): string {
  const v = toFloat(x);
  if (!Number.isFinite(v)) return formatG(v, 4);
  if (Math.abs(v * 1e9) >= 2 ** 63) {
    throw new FuncError(`${formatG(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  const ms = BigInt(Math.trunc(v * 1e9)) / 1_000_000n;
  let secs = ms / 1000n;
  let milli = ms % 1000n;
  if (milli < 0n) {
    milli += 1000n;
    secs -= 1n;
  }
  const iso = new Date(Number(secs) * 1000).toISOString();
  const frac = milli > 0n ? '.' + String(milli).padStart(3, '0').replace(/0+$/, '') : '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} +0000 UTC`;
}

/** title capitalises the first letter of each word and leaves the rest, as Go's cases.Title with NoLower. */
export function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function expandReplacement(repl: string, groups: (string | null)[], named: Record<string, number>): string {
  return repl.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = braced ?? bare ?? '';
    const idx = /^\d+$/.test(name) ? Number(name) : named[name];
    return idx !== undefined && idx < groups.length ? (groups[idx] ?? '') : '';
  });
}

/** reReplaceAll replaces every match of an RE2 pattern, expanding `$1`, `${1}` and `${name}` as Go does. */
export function reReplaceAll(pattern: string, repl: string, text: string): string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new FuncError(`regexp: Compile(${JSON.stringify(pattern)}): ${(e as Error).message}`);
  }
  const named = re.namedGroups() as Record<string, number>;
  const m = re.matcher(text);
  let out = '';
  let last = 0;
  while (m.find()) {
    const groups: (string | null)[] = [];
    for (let i = 0; i <= re.groupCount(); i++) groups.push(m.group(i));
    out += text.slice(last, m.start()) + expandReplacement(repl, groups, named);
    last = m.end();
  }
  return out + text.slice(last);
}

/** queryEscape escapes as Go's url.QueryEscape: only letters, digits and `-_.~` stay; spaces become `+`. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** splitHostPort splits as Go's net.SplitHostPort, returning null where Go returns an error. */
export function splitHostPort(hostPort: string): [string, string] | null {
  if (hostPort.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(hostPort);
    return m ? [m[1], m[2]] : null;
  }
  const i = hostPort.lastIndexOf(':');
  if (i < 0 || hostPort.slice(0, i).includes(':')) return null;
  return [hostPort.slice(0, i), hostPort.slice(i + 1)];
}

function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const [host, port] = split ?? [hostPort, ''];
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')) return hostPort;
  const short = host.split('.')[0];
  return port !== '' ? `${short}:${port}` : short;
}

function sample(v: unknown, fn: string): QuerySample {
  if (v instanceof QuerySample) return v;
  throw new FuncError(`${fn}: expected a sample, got ${goTypeName(v)}`);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a !== typeof b || !['number', 'bigint', 'string', 'boolean'].includes(typeof a)) {
    throw new FuncError('incompatible types for comparison');
  }
  return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
}

function truthValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === 0n || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v instanceof QuerySample) && !(v instanceof TemplateData)) return Object.keys(v).length > 0;
  return true;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : formatValue(v));

function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** FUNCS is the function table: name → arity and implementation. */
export const FUNCS: ReadonlyMap<string, TemplateFunc> = new Map<string, TemplateFunc>([
  ['query', { min: 1, max: 1, fn: ([q], env) => env.query(str(q)) }],
  [
    'first',
    {
      min: 1,
      max: 1,
      fn: ([v]) => {
        if (Array.isArray(v) && v.length > 0) return v[0];
        throw new FuncError('first() called on vector with no elements');
      },
    },
  ],
  ['label', { min: 2, max: 2, fn: ([l, s]) => sample(s, 'label').Labels[str(l)] ?? '' }],
  ['value', { min: 1, max: 1, fn: ([s]) => sample(s, 'value').Value }],
  ['strvalue', { min: 1, max: 1, fn: ([s]) => sample(s, 'strvalue').Labels['__value__'] ?? '' }],
  ['humanize', { min: 1, max: 1, fn: ([v]) => humanize(v) }],
  ['humanize1024', { min: 1, max: 1, fn: ([v]) => humanize1024(v) }],
  ['humanizeDuration', { min: 1, max: 1, fn: ([v]) => humanizeDuration(v) }],
  ['humanizePercentage', { min: 1, max: 1, fn: ([v]) => humanizePercentage(v) }],
  ['humanizeTimestamp', { min: 1, max: 1, fn: ([v]) => humanizeTimestamp(v) }],
  ['reReplaceAll', { min: 3, max: 3, fn: ([p, r, t]) => reReplaceAll(str(p), str(r), str(t)) }],
  ['match', { min: 2, max: 2, fn: ([p, t]) => RE2JS.compile(str(p)).matcher(str(t)).find() }],
  ['title', { min: 1, max: 1, fn: ([s]) => title(str(s)) }],
  ['toUpper', { min: 1, max: 1, fn: ([s]) => str(s).toUpperCase() }],
  ['toLower', { min: 1, max: 1, fn: ([s]) => str(s).toLowerCase() }],
  ['now', { min: 0, max: 0, fn: (_a, env) => env.timeMs / 1000 }],
  ['externalURL', { min: 0, max: 0, fn: (_a, env) => env.externalURL }],
  ['urlQueryEscape', { min: 1, max: 1, fn: ([s]) => queryEscape(str(s)) }],
  ['pathPrefix', { min: 0, max: 0, fn: (_a, env) => env.externalURL.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '') }],
  ['graphLink', { min: 1, max: 1, fn: ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=0` }],
  ['tableLink', { min: 1, max: 1, fn: ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=1` }],
  ['safeHtml', { min: 1, max: 1, fn: ([s]) => str(s) }],
  ['stripPort', { min: 1, max: 1, fn: ([s]) => splitHostPort(str(s))?.[0] ?? str(s) }],
  ['stripDomain', { min: 1, max: 1, fn: ([s]) => stripDomain(str(s)) }],
  [
    'parseDuration',
    {
      min: 1,
      max: 1,
      fn: ([d]) => {
        const text = str(d);
        try {
          const ms = parseDuration(text.replace(/^-/, ''));
          return (text.startsWith('-') ? -ms : ms) / 1000;
        } catch (e) {
          throw new FuncError((e as Error).message);
        }
      },
    },
  ],
  [
    'sortByLabel',
    {
      min: 2,
      max: 2,
      fn: ([l, v]) => {
        if (!Array.isArray(v)) throw new FuncError(`sortByLabel: expected a query result, got ${goTypeName(v)}`);
        const key = (x: unknown) => sample(x, 'sortByLabel').Labels[str(l)] ?? '';
        return [...v].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      },
    },
  ],
  ['printf', { min: 1, max: -1, fn: ([f, ...rest]) => sprintf(str(f), rest) }],
  ['print', { min: 0, max: -1, fn: (args) => goSprint(args) }],
  ['println', { min: 0, max: -1, fn: (args) => args.map(formatValue).join(' ') + '\n' }],
  [
    'len',
    {
      min: 1,
      max: 1,
      fn: ([v]) => BigInt(Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v as object).length),
    },
  ],
  [
    'index',
    {
      min: 1,
      max: -1,
      fn: ([v, ...keys]) =>
        keys.reduce((acc: unknown, k) => {
          if (Array.isArray(acc) && typeof k === 'bigint') {
            if (k < 0n || k >= BigInt(acc.length)) throw new FuncError(`index out of range: ${k}`);
            return acc[Number(k)];
          }
          if (acc && typeof acc === 'object') return (acc as Record<string, unknown>)[str(k)] ?? '';
          throw new FuncError(`can't index item of type ${goTypeName(acc)}`);
        }, v),
    },
  ],
  ['not', { min: 1, max: 1, fn: ([v]) => !truthValue(v) }],
  ['and', { min: 1, max: -1, fn: (args) => args.find((a) => !truthValue(a)) ?? args[args.length - 1] }],
  ['or', { min: 1, max: -1, fn: (args) => args.find((a) => truthValue(a)) ?? args[args.length - 1] }],
  ['eq', { min: 1, max: -1, fn: ([a, ...bs]) => bs.some((b) => compare(a, b) === 0) }],
  ['ne', { min: 2, max: 2, fn: ([a, b]) => compare(a, b) !== 0 }],
  ['lt', { min: 2, max: 2, fn: ([a, b]) => compare(a, b) < 0 }],
  ['le', { min: 2, max: 2, fn: ([a, b]) => compare(a, b) <= 0 }],
  ['gt', { min: 2, max: 2, fn: ([a, b]) => compare(a, b) > 0 }],
  ['ge', { min: 2, max: 2, fn: ([a, b]) => compare(a, b) >= 0 }],
]);

/** isTrue is Go's template truth: false, 0, "", nil and empty collections are false. */
export function isTrue(v: unknown): boolean {
  return truthValue(v);
}
