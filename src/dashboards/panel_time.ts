/**
 * A panel's own time range, as Grafana's panel time overrides give it: `timeFrom` (the panel shows the last `1h`,
 * or `now/d`...) and `timeShift` (the panel's range moved back by `1d`), with the text Grafana shows in the panel
 * header ("Last 1 hour", "timeshift -1d").
 */
import { parseDuration } from '../model/time';
import type { Panel } from './model';
import { parseDateMath } from './timerange';

/** PanelTime is a panel's resolved range in ms and the header text that says how it differs from the dashboard's. */
export interface PanelTime {
  from: number;
  to: number;
  info: string;
}

const UNIT_NAMES: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', M: 'month', y: 'year' };

function describe(timeFrom: string): string {
  const m = /^(\d+)([smhdwMy])$/.exec(timeFrom);
  if (!m) return `Last ${timeFrom}`;
  const n = Number(m[1]);
  return `Last ${n} ${UNIT_NAMES[m[2]]}${n === 1 ? '' : 's'}`;
}

/** timeOverrideError says why a timeFrom or timeShift text is not one ('' when it is, or when it is empty). */
export function timeOverrideError(text: string, now = Date.now()): string {
  const t = text.trim();
  if (!t) return '';
  if (t.startsWith('now')) return parseDateMath(t, now) === null ? `"${t}" is not a time such as now/d` : '';
  try {
    parseDuration(t);
    return '';
  } catch {
    return `"${t}" is not a duration such as 1h or 7d`;
  }
}

/**
 * panelTime applies a panel's time overrides to the dashboard's resolved range. timeFrom replaces the range by the
 * last span before the dashboard's end (Grafana does so only for a relative dashboard range, whose end is now); a
 * `now...` text is date maths (`now/d` is today so far). timeShift then moves both ends back. An override that is not
 * valid leaves the range and says so in info.
 */
export function panelTime(panel: Pick<Panel, 'timeFrom' | 'timeShift'>, range: { from: number; to: number }, timezone = 'browser'): PanelTime {
  let { from, to } = range;
  const info: string[] = [];
  const timeFrom = panel.timeFrom?.trim() ?? '';
  if (timeFrom) {
    if (timeOverrideError(timeFrom, to)) info.push('invalid time override');
    else if (timeFrom.startsWith('now')) {
      from = parseDateMath(timeFrom, range.to, false, timezone) ?? from;
      to = timeFrom.includes('/') ? (parseDateMath(timeFrom, range.to, true, timezone) ?? to) : range.to;
      info.push(timeFrom);
    } else {
      from = range.to - parseDuration(timeFrom);
      to = range.to;
      info.push(describe(timeFrom));
    }
  }
  const timeShift = panel.timeShift?.trim() ?? '';
  if (timeShift) {
    if (timeShift.startsWith('now') || timeOverrideError(timeShift)) info.push('invalid timeshift');
    else {
      const d = parseDuration(timeShift);
      from -= d;
      to -= d;
      info.push(`timeshift -${timeShift}`);
    }
  }
  return { from, to, info: info.join(' ') };
}
