/**
 * Dashboard time ranges in Grafana's date math: `now`, `now-6h`, `now-1d/d`, `now/w`, ISO times and epoch
 * milliseconds, resolved in the dashboard's timezone (`browser`, `utc` or an IANA name). Rounding (`/d`) goes to the
 * start of the unit for `from` and to its last millisecond for `to`; weeks start on the dashboard's week start (Monday by default).
 */
import type { TimeRange } from './model';

/** DateMathUnit is a date math unit: seconds to years (M is months, m minutes). */
export type DateMathUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'y';

const FIXED: Partial<Record<DateMathUnit, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

function zoneOffset(ms: number, timezone: string): number {
  if (timezone === 'utc' || timezone === 'UTC') return 0;
  if (timezone === 'browser' || timezone === '') return -new Date(ms).getTimezoneOffset() * 60_000;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(ms));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** addUnits moves a wall-clock time (ms, read with UTC accessors) by n units. */
function addUnits(wall: number, n: number, unit: DateMathUnit): number {
  const fixed = FIXED[unit];
  if (fixed) return wall + n * fixed;
  const d = new Date(wall);
  if (unit === 'd' || unit === 'w') d.setUTCDate(d.getUTCDate() + n * (unit === 'w' ? 7 : 1));
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.getTime();
}

/** startOf rounds a wall-clock time down to the start of its unit. */
function startOf(wall: number, unit: DateMathUnit, weekStart: number): number {
  const d = new Date(wall);
  const steps: DateMathUnit[] = ['y', 'M', 'w', 'd', 'h', 'm', 's'];
  const depth = steps.indexOf(unit);
  d.setUTCMilliseconds(0);
  if (depth <= 5) d.setUTCSeconds(0);
  if (depth <= 4) d.setUTCMinutes(0);
  if (depth <= 3) d.setUTCHours(0);
  if (unit === 'w') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() - weekStart + 7) % 7));
  if (depth <= 1) d.setUTCDate(1);
  if (depth === 0) d.setUTCMonth(0);
  return d.getTime();
}

const OP = /([+-])(\d*)([smhdwMy])|\/([smhdwMy])/y;

/**
 * parseDateMath resolves one end of a range to epoch ms; roundUp rounds `/unit` to the unit's last millisecond
 * (for `to`). Returns null for text that is neither date math, an ISO time nor epoch milliseconds.
 */
export function parseDateMath(text: string, nowMs: number, roundUp = false, timezone = 'browser', weekStart = 1): number | null {
  const t = text.trim();
  if (!t.startsWith('now')) {
    if (/^\d+$/.test(t)) return Number(t);
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const offset = zoneOffset(nowMs, timezone);
  let wall = nowMs + offset;
  OP.lastIndex = 3;
  let at = 3;
  while (at < t.length) {
    const m = OP.exec(t);
    if (!m || m.index !== at) return null;
    at = OP.lastIndex;
    if (m[4]) {
      const unit = m[4] as DateMathUnit;
      wall = roundUp ? addUnits(startOf(wall, unit, weekStart), 1, unit) - 1 : startOf(wall, unit, weekStart);
    } else {
      const n = m[2] === '' ? 1 : Number(m[2]);
      wall = addUnits(wall, m[1] === '-' ? -n : n, m[3] as DateMathUnit);
    }
  }
  return wall - zoneOffset(wall - offset, timezone);
}

/**
 * resolveTimeRange resolves a dashboard time range to epoch ms at nowMs; throws on text it cannot read. weekStart
 * is the day `/w` rounds to (0 Sunday ... 6 Saturday; Monday by default).
 */
export function resolveTimeRange(range: TimeRange, nowMs: number, timezone = 'browser', weekStart = 1): { from: number; to: number } {
  const from = parseDateMath(range.from, nowMs, false, timezone, weekStart);
  const to = parseDateMath(range.to, nowMs, true, timezone, weekStart);
  if (from === null) throw new Error(`invalid time ${JSON.stringify(range.from)}`);
  if (to === null) throw new Error(`invalid time ${JSON.stringify(range.to)}`);
  return { from, to };
}

/** isRelative reports whether a time range moves with now (so it refreshes). */
export function isRelative(range: TimeRange): boolean {
  return range.from.trim().startsWith('now') || range.to.trim().startsWith('now');
}
