/** Grafana-style time ranges: `now`, `now-6h`, `now-1d/d` (rounded), ISO dates or epoch milliseconds. */
import { parseDuration } from '../../model/time';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function roundTo(t: number, unit: string, up: boolean): number {
  const d = new Date(t);
  const fields: Record<string, () => void> = {
    s: () => d.setMilliseconds(0),
    m: () => d.setSeconds(0, 0),
    h: () => d.setMinutes(0, 0, 0),
    d: () => d.setHours(0, 0, 0, 0),
    w: () => {
      d.setHours(0, 0, 0, 0);
      d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
    },
    M: () => {
      d.setHours(0, 0, 0, 0);
      d.setDate(1);
    },
    y: () => {
      d.setHours(0, 0, 0, 0);
      d.setMonth(0, 1);
    },
  };
  const f = fields[unit];
  if (!f) throw new Error(`unknown rounding unit "${unit}"`);
  f();
  if (!up) return d.getTime();
  const next = new Date(d.getTime());
  if (unit === 'M') next.setMonth(next.getMonth() + 1);
  else if (unit === 'y') next.setFullYear(next.getFullYear() + 1);
  else next.setTime(next.getTime() + UNIT_MS[unit]);
  return next.getTime() - 1;
}

/** parseTime resolves one end of a range; `up` rounds `/unit` to the end of the unit (for `to`). */
export function parseTime(s: string, now: number, up = false): number {
  const text = s.trim();
  if (/^\d{12,}$/.test(text)) return Number(text);
  const m = /^now(?:([+-])(\d+)(ms|[smhdwMy]))?(?:\/([smhdwMy]))?$/.exec(text);
  if (m) {
    let t = now;
    if (m[1]) {
      const n = Number(m[2]);
      const unit = m[3];
      if (unit === 'M' || unit === 'y') {
        const d = new Date(t);
        if (unit === 'M') d.setMonth(d.getMonth() + (m[1] === '-' ? -n : n));
        else d.setFullYear(d.getFullYear() + (m[1] === '-' ? -n : n));
        t = d.getTime();
      } else t += (m[1] === '-' ? -1 : 1) * parseDuration(`${n}${unit}`);
    }
    return m[4] ? roundTo(t, m[4], up) : t;
  }
  const t = Date.parse(text);
  if (Number.isFinite(t)) return t;
  throw new Error(`"${s}" is not a time: use now, now-6h, an ISO date or epoch milliseconds`);
}

/** resolveRange turns a dashboard range into absolute milliseconds. */
export function resolveRange(r: { from: string; to: string }, now = Date.now()): { from: number; to: number } {
  const from = parseTime(r.from, now, false);
  const to = parseTime(r.to, now, true);
  if (!(from < to)) throw new Error('the time range must start before it ends');
  return { from, to };
}

/** QUICK_RANGES are the time picker's presets. */
export const QUICK_RANGES: readonly { label: string; from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 30 minutes', from: 'now-30m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 12 hours', from: 'now-12h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 2 days', from: 'now-2d' },
  { label: 'Last 7 days', from: 'now-7d' },
];
