/**
 * What the dashboard list and alert list panels show, as Grafana's panels pick it: dashboards filtered by search
 * text and tags, and alerting rules filtered by state and name, sorted by name, importance or time, capped.
 */
import type { AlertStateFilter, PanelOptions } from '../../../dashboards';

/** ListedDashboard is a stored dashboard as the dashboard list sees it. */
export interface ListedDashboard {
  uid: string;
  title: string;
  tags: string[];
}

/** searchDashboards filters by the query (case-insensitive, in the title) and every tag, sorted by title, capped at maxItems. */
export function searchDashboards(list: readonly ListedDashboard[], o: PanelOptions): ListedDashboard[] {
  const q = (o.query ?? '').trim().toLowerCase();
  const tags = o.tags ?? [];
  return list
    .filter((d) => (!q || d.title.toLowerCase().includes(q)) && tags.every((t) => d.tags.includes(t)))
    .sort((a, b) => a.title.localeCompare(b.title))
    .slice(0, Math.max(0, o.maxItems ?? 10));
}

/** AlertState is an alert list state as Grafana names it. */
export type AlertState = 'firing' | 'pending' | 'normal' | 'error';

/** ListedRule is an alerting rule with its state, instance count and when it became active (ms; 0 when inactive). */
export interface ListedRule {
  name: string;
  state: AlertState;
  instances: number;
  activeAt: number;
  error?: string;
}

/** RuleInput is the part of an alerting rule the alert list reads. */
export interface RuleInput {
  name: string;
  state: 'unknown' | 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
  alerts: { activeAt: string }[];
}

const IMPORTANCE: Record<AlertState, number> = { error: 0, firing: 1, pending: 2, normal: 3 };

function stateOf(r: RuleInput): AlertState {
  if (r.health === 'err') return 'error';
  return r.state === 'firing' ? 'firing' : r.state === 'pending' ? 'pending' : 'normal';
}

function shown(s: AlertState, f: AlertStateFilter | undefined): boolean {
  if (!f) return s !== 'normal';
  return s === 'firing' ? f.firing : s === 'pending' ? f.pending : s === 'error' ? f.error : f.normal || f.inactive;
}

/** listAlerts turns alerting rules into the alert list's rows. */
export function listAlerts(rules: readonly RuleInput[], o: PanelOptions): ListedRule[] {
  const name = (o.alertName ?? '').trim().toLowerCase();
  const rows = rules
    .map((r): ListedRule => {
      const times = r.alerts.map((a) => Date.parse(a.activeAt)).filter((t) => Number.isFinite(t));
      return { name: r.name, state: stateOf(r), instances: r.alerts.length, activeAt: times.length ? Math.min(...times) : 0, ...(r.lastError ? { error: r.lastError } : {}) };
    })
    .filter((r) => shown(r.state, o.stateFilter) && (!name || r.name.toLowerCase().includes(name)));
  const order = o.sortOrder ?? 1;
  const byName = (a: ListedRule, b: ListedRule) => a.name.localeCompare(b.name);
  rows.sort((a, b) =>
    order === 2 ? -byName(a, b)
    : order === 3 ? IMPORTANCE[a.state] - IMPORTANCE[b.state] || byName(a, b)
    : order === 4 ? a.activeAt - b.activeAt || byName(a, b)
    : order === 5 ? b.activeAt - a.activeAt || byName(a, b)
    : byName(a, b),
  );
  return rows.slice(0, Math.max(0, o.maxItems ?? 20));
}

/** forDuration writes how long an alert has been active: `5m`, `2h 3m`, `3d 4h`. */
export function forDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  return m ? `${m}m` : `${s}s`;
}
