/**
 * Dashboard settings beyond title and panels: links, time options (`timepicker`, `weekStart`, auto refresh) read
 * from and written to Grafana and Promtab JSON, their validation for the settings form, and the
 * `weekStart` day.
 *
 * Grafana keeps the time options in `timepicker: { hidden, refresh_intervals, nowDelay }`; Promtab's model keeps
 * the same fields under `timepicker: { hidden, refreshIntervals, nowDelay }`. An unreadable link costs that link
 * (a warning), never the dashboard.
 */
import { parseDuration } from '../model/time';
import { asObject, field, isObject, oneOf, optArray, optBool, optObject, optString, stringList, type JsonObject } from './json';
import {
  DEFAULT_REFRESH_INTERVALS,
  LINK_ICONS,
  type Dashboard,
  type DashboardLink,
  type LinkIcon,
  type TimePicker,
  type WeekStart,
} from './model';
const WEEK_STARTS: readonly WeekStart[] = ['', 'monday', 'saturday', 'sunday'];

/** SettingsFields are the dashboard fields this module reads: links, time options and the auto refresh. */
export type SettingsFields = Pick<Dashboard, 'links' | 'timepicker' | 'weekStart' | 'refresh'>;

/** durationError says why a duration text is not a valid Prometheus duration of at least minMs, or ''. */
export function durationError(text: string, minMs = 1): string {
  let ms: number;
  try {
    ms = parseDuration(text.trim());
  } catch {
    return `"${text}" is not a duration such as 30s, 5m or 1h`;
  }
  return ms < minMs ? `"${text}" is shorter than ${minMs} ms` : '';
}

/** refreshIntervalsError checks an auto-refresh list: each entry a duration of at least 1 s, none twice; '' when valid. */
export function refreshIntervalsError(list: readonly string[]): string {
  const seen = new Set<string>();
  for (const r of list) {
    const e = durationError(r, 1000);
    if (e) return `Invalid refresh interval: ${e}`;
    if (seen.has(r)) return `Invalid refresh interval: "${r}" is listed twice`;
    seen.add(r);
  }
  return '';
}

/** nowDelayError checks a now delay ('' or a duration); '' when valid. */
export function nowDelayError(text: string): string {
  return text.trim() === '' ? '' : durationError(text, 1);
}

/** parseRefreshIntervals splits the comma-separated auto-refresh list of the settings form. */
export function parseRefreshIntervals(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function readLink(o: JsonObject, path: string, warnings: string[]): DashboardLink {
  const type = oneOf(optString(o, 'type', path), ['link', 'dashboards'] as const, 'link', `${path}.type`, warnings);
  return {
    type,
    title: optString(o, 'title', path),
    url: optString(o, 'url', path),
    tooltip: optString(o, 'tooltip', path),
    icon: oneOf(optString(o, 'icon', path), LINK_ICONS, 'external link', `${path}.icon`, warnings) as LinkIcon,
    tags: stringList(o, 'tags', path),
    asDropdown: optBool(o, 'asDropdown', path),
    targetBlank: optBool(o, 'targetBlank', path),
    includeVars: optBool(o, 'includeVars', path),
    keepTime: optBool(o, 'keepTime', path),
  };
}

function readRefresh(o: JsonObject, path: string, warnings: string[]): string {
  const v = field(o, 'refresh');
  if (v === undefined || v === null || v === false || v === '') return '';
  const text = typeof v === 'string' ? v : '';
  if (text && !durationError(text, 1000)) return text;
  warnings.push(`${path ? `${path}.` : ''}refresh: ${JSON.stringify(v)} is not an auto-refresh interval, refresh is off`);
  return '';
}

/**
 * readSettings reads links, time options and the auto refresh from a dashboard object. `grafana` selects
 * Grafana's field names (`refresh_intervals`) over Promtab's (`refreshIntervals`).
 */
export function readSettings(root: JsonObject, path: string, warnings: string[], grafana: boolean): SettingsFields {
  const out: SettingsFields = { refresh: readRefresh(root, path, warnings) };
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const links: DashboardLink[] = [];
  optArray(root, 'links', path).forEach((x, i) => {
    const p = `${at('links')}[${i}]`;
    try {
      links.push(readLink(asObject(x, p), p, warnings));
    } catch (e) {
      warnings.push(`${(e as Error).message}; link dropped`);
    }
  });
  if (links.length) out.links = links;
  if (isObject(field(root, 'timepicker'))) {
    const tp = optObject(root, 'timepicker', path);
    const p = at('timepicker');
    const key = grafana ? 'refresh_intervals' : 'refreshIntervals';
    let intervals: string[] = [...DEFAULT_REFRESH_INTERVALS];
    if (field(tp, key) !== undefined) {
      const listed = optArray(tp, key, p).filter((r): r is string => typeof r === 'string' && !durationError(r, 1000));
      if (listed.length < optArray(tp, key, p).length) warnings.push(`${p}.${key}: entries that are not durations dropped`);
      intervals = [...new Set(listed)];
    }
    const nowDelay = optString(tp, 'nowDelay', p).trim();
    if (nowDelayError(nowDelay)) warnings.push(`${p}.nowDelay: ${nowDelayError(nowDelay)}, ignored`);
    out.timepicker = { hidden: optBool(tp, 'hidden', p), refreshIntervals: intervals, nowDelay: nowDelayError(nowDelay) ? '' : nowDelay };
  }
  const weekStart = oneOf(optString(root, 'weekStart', path), WEEK_STARTS, '', at('weekStart'), warnings);
  if (weekStart) out.weekStart = weekStart;
  return out;
}

function writeTimePicker(tp: TimePicker, grafana: boolean): JsonObject {
  return { hidden: tp.hidden, [grafana ? 'refresh_intervals' : 'refreshIntervals']: [...tp.refreshIntervals], nowDelay: tp.nowDelay };
}

/** writeGrafanaSettings writes links and time options as Grafana's dashboard fields. */
export function writeGrafanaSettings(d: SettingsFields): JsonObject {
  return {
    links: (d.links ?? []).map((l) => ({ ...l, tags: [...l.tags] })),
    ...(d.timepicker ? { timepicker: writeTimePicker(d.timepicker, true) } : {}),
    ...(d.weekStart ? { weekStart: d.weekStart } : {}),
  };
}

/** weekStartDay maps a week start to the day number `now/w` rounds to (0 Sunday ... 6 Saturday; Monday by default). */
export function weekStartDay(w: WeekStart | undefined): number {
  return w === 'sunday' ? 0 : w === 'saturday' ? 6 : 1;
}
