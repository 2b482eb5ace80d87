/** Unit-aware number formatting for axes, tooltips and tables (a subset of Grafana's unit names). */

type Formatter = (v: number, decimals?: number) => string;

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const SI_SMALL = ['', 'm', 'µ', 'n', 'p'];
const IEC = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function trim(v: number, decimals?: number): string {
  if (decimals !== undefined) return v.toFixed(decimals);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  return Number(v.toPrecision(3)).toString();
}

function scaled(base: number, prefixes: string[], suffix: string, smallPrefixes?: string[]): Formatter {
  return (v, d) => {
    if (!Number.isFinite(v)) return String(v);
    let a = Math.abs(v);
    let i = 0;
    while (a >= base && i < prefixes.length - 1) {
      a /= base;
      i++;
    }
    if (i === 0 && smallPrefixes && a > 0 && a < 1) {
      let j = 0;
      while (a < 1 && j < smallPrefixes.length - 1) {
        a *= 1000;
        j++;
      }
      return `${trim(Math.sign(v) * a, d)} ${smallPrefixes[j]}${suffix}`.trim();
    }
    return `${trim(Math.sign(v) * a, d)}${prefixes[i] || suffix ? ' ' : ''}${prefixes[i]}${suffix}`.trimEnd();
  };
}

/** count is Grafana's count-per-time unit: short prefixes (K, Mil, Bil, Tri) before the suffix (`2.5 K ops/s`). */
function count(suffix: string): Formatter {
  const short = scaled(1000, ['', 'K', 'Mil', 'Bil', 'Tri'], '');
  return (v, d) => `${short(v, d)} ${suffix}`;
}

function duration(unitSeconds: number): Formatter {
  const steps: [number, string][] = [
    [31_536_000, 'year'],
    ...(unitSeconds >= 1 ? ([[604_800, 'week']] as [number, string][]) : []),
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'min'],
    [1, 's'],
    [1e-3, 'ms'],
    [1e-6, 'µs'],
    [1e-9, 'ns'],
  ];
  return (v, d) => {
    if (!Number.isFinite(v)) return String(v);
    const s = v * unitSeconds;
    const a = Math.abs(s);
    if (a === 0) return '0 s';
    for (const [size, name] of steps) if (a >= size) return `${trim(s / size, d)} ${name}`;
    return `${trim(s / 1e-9, d)} ns`;
  };
}

/** UNITS maps a Grafana unit id to its formatter. */
export const UNITS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['none', (v, d) => trim(v, d)],
  ['short', scaled(1000, ['', ' K', ' Mil', ' Bil', ' Tri'].map((p) => p.trim()), '')],
  ['percent', (v, d) => `${trim(v, d)}%`],
  ['percentunit', (v, d) => `${trim(v * 100, d)}%`],
  ['bytes', scaled(1024, IEC, 'B')],
  ['decbytes', scaled(1000, SI, 'B')],
  ['bits', scaled(1024, IEC, 'b')],
  ['decbits', scaled(1000, SI, 'b')],
  ['kbytes', (v, d) => scaled(1024, IEC, 'B')(v * 1024, d)],
  ['mbytes', (v, d) => scaled(1024, IEC, 'B')(v * 1024 * 1024, d)],
  ['Bps', scaled(1000, SI, 'B/s')],
  ['binBps', scaled(1024, IEC, 'B/s')],
  ['bps', scaled(1000, SI, 'b/s')],
  ['binbps', scaled(1024, IEC, 'b/s')],
  ['pps', scaled(1000, SI, 'p/s')],
  ['ops', count('ops/s')],
  ['reqps', count('req/s')],
  ['rps', count('rd/s')],
  ['wps', count('wr/s')],
  ['iops', count('io/s')],
  ['hertz', scaled(1000, SI, 'Hz')],
  ['celsius', (v, d) => `${trim(v, d)}°C`],
  ['fahrenheit', (v, d) => `${trim(v, d)}°F`],
  ['volt', scaled(1000, SI, 'V', SI_SMALL)],
  ['watt', scaled(1000, SI, 'W', SI_SMALL)],
  ['amp', scaled(1000, SI, 'A', SI_SMALL)],
  ['s', duration(1)],
  ['ms', duration(1e-3)],
  ['µs', duration(1e-6)],
  ['us', duration(1e-6)],
  ['ns', duration(1e-9)],
  ['m', duration(60)],
  ['h', duration(3600)],
  ['d', duration(86400)],
  ['dtdurations', (v, d) => humanDuration(v * 1000, d)],
  ['dtdurationms', (v, d) => humanDuration(v, d)],
  ['bool', (v) => (v === 0 ? 'false' : 'true')],
  ['bool_on_off', (v) => (v === 0 ? 'Off' : 'On')],
  ['bool_yes_no', (v) => (v === 0 ? 'No' : 'Yes')],
  ['dateTimeAsIso', (v) => new Date(v).toISOString()],
  ['dateTimeFromNow', (v) => `${Math.round((Date.now() - v) / 1000)}s ago`],
  ['cps', count('c/s')],
  ['mps', count('msg/s')],
  ['recps', count('rec/s')],
  ['rowsps', count('rows/s')],
  ['cpm', count('c/m')],
  ['reqpm', count('req/m')],
  ['rpm', count('rd/m')],
  ['wpm', count('wr/m')],
  ['epm', count('evt/m')],
  ['mpm', count('msg/m')],
  ['recpm', count('rec/m')],
  ['rowspm', count('rows/m')],
  ['conns', scaled(1000, SI, '')],
  ['eps', count('evt/s')],
  ['opm', count('ops/m')],
  ['rotrpm', scaled(1000, SI, 'rpm')],
  ['rotrps', scaled(1000, SI, 'rps')],
  ['rothz', scaled(1000, SI, 'Hz')],
  ['deckbytes', (v, d) => scaled(1000, SI, 'B')(v * 1e3, d)],
  ['decmbytes', (v, d) => scaled(1000, SI, 'B')(v * 1e6, d)],
  ['decgbytes', (v, d) => scaled(1000, SI, 'B')(v * 1e9, d)],
  ['gbytes', (v, d) => scaled(1024, IEC, 'B')(v * 1024 ** 3, d)],
  ['KBs', (v, d) => scaled(1000, SI, 'B/s')(v * 1e3, d)],
  ['MBs', (v, d) => scaled(1000, SI, 'B/s')(v * 1e6, d)],
  ['Kbits', (v, d) => scaled(1000, SI, 'b/s')(v * 1e3, d)],
  ['Mbits', (v, d) => scaled(1000, SI, 'b/s')(v * 1e6, d)],
  ['lengthm', scaled(1000, SI, 'm', SI_SMALL)],
  ['humidity', (v, d) => `${trim(v, d)}%H`],
  ['dthms', (v) => clock(v)],
  ['clockms', (v) => clock(v / 1000)],
  ['clocks', (v) => clock(v)],
  ['locale', (v, d) => v.toLocaleString(undefined, d === undefined ? undefined : { minimumFractionDigits: d, maximumFractionDigits: d })],
  ['dateTimeAsSystem', (v) => new Date(v).toLocaleString()],
  ['dateTimeAsLocal', (v) => new Date(v).toLocaleString()],
]);

const DURATION_UNITS: [number, string][] = [
  [31_536_000_000, 'year'],
  [2_592_000_000, 'month'],
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** humanDuration writes milliseconds as Grafana's dtdurations do: the largest unit, then `decimals` more (`3 days, 2 hours`). */
function humanDuration(ms: number, decimals?: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0 milliseconds';
  if (ms < 0) return `${humanDuration(-ms, decimals)} ago`;
  let rest = ms;
  let more = decimals ?? 0;
  const parts: string[] = [];
  for (const [size, name] of DURATION_UNITS) {
    if (more < 0) break;
    const n = rest / size;
    if (n >= 1 || parts.length) {
      const whole = Math.floor(n);
      parts.push(`${whole} ${name}${whole === 1 ? '' : 's'}`);
      rest %= size;
      more--;
    }
  }
  return parts.join(', ') || '0 milliseconds';
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const s = Math.round(Math.abs(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${seconds < 0 ? '-' : ''}${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** formatUnit formats v in a unit; unknown units fall back to a short number with the unit as a suffix. */
export function formatUnit(v: number | null | undefined, unit = 'short', decimals?: number): string {
  if (v === null || v === undefined) return '';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const f = UNITS.get(unit);
  if (f) return f(v, decimals);
  if (unit.startsWith('suffix:')) return `${trim(v, decimals)}${unit.slice(7)}`;
  if (unit.startsWith('prefix:')) return `${unit.slice(7)}${trim(v, decimals)}`;
  return `${UNITS.get('short')!(v, decimals)} ${unit}`.trim();
}
