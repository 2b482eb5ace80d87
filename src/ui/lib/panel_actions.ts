/**
 * Panel actions as Grafana's panel menu has them (View, Edit, Duplicate, Inspect, Explore, Remove), their keyboard
 * shortcuts (e, v, i while the pointer is over a panel or focus is in it), and the Explore address: the panel's
 * queries, variables filled in, opened on the Query view over the dashboard's time range.
 */
import { builtins, interpolate, queryStep, scopedVars, type Panel, type Variable } from '../../dashboards';
import { encodePanels, defaultPanel } from './querystate';
import type { Range } from './dashboard_runtime';

/** PanelAction is one entry of a panel's menu. */
export type PanelAction = 'view' | 'edit' | 'duplicate' | 'inspect' | 'explore' | 'remove';

/** PANEL_ACTIONS lists the menu entries in Grafana's order with their names and shortcuts. */
export const PANEL_ACTIONS: readonly { id: PanelAction; label: string; shortcut?: string }[] = [
  { id: 'view', label: 'View', shortcut: 'v' },
  { id: 'edit', label: 'Edit', shortcut: 'e' },
  { id: 'duplicate', label: 'Duplicate' },
  { id: 'inspect', label: 'Inspect', shortcut: 'i' },
  { id: 'explore', label: 'Explore', shortcut: 'x' },
  { id: 'remove', label: 'Remove' },
];

/** READONLY_ACTIONS are the actions a repeated copy offers (its source panel is edited, not the copy). */
export const READONLY_ACTIONS: readonly PanelAction[] = ['view', 'inspect', 'explore'];

/**
 * shortcutAction is the action a key press asks for, or null: a single key without modifiers, not typed into a
 * field or an editor.
 */
export function shortcutAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): PanelAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const t = e.target as { closest?: (s: string) => unknown } | null;
  if (t?.closest?.('input, textarea, select, [contenteditable="true"], [role="menu"], [role="dialog"]')) return null;
  return PANEL_ACTIONS.find((a) => a.shortcut === e.key)?.id ?? null;
}

let active: { onaction: (a: PanelAction) => void; actions: readonly PanelAction[] } | null = null;

/** setActivePanel records the panel the pointer is over or focus is in (null: none), for shortcuts. */
export function setActivePanel(p: { onaction: (a: PanelAction) => void; actions: readonly PanelAction[] } | null): void {
  active = p;
}

/** isActivePanel says whether handler belongs to the active panel. */
export function isActivePanel(onaction: (a: PanelAction) => void): boolean {
  return active?.onaction === onaction;
}

/** runShortcut runs a key's action on the active panel; returns whether it did. */
export function runShortcut(e: KeyboardEvent): boolean {
  const a = shortcutAction(e);
  if (!a || !active || !active.actions.includes(a)) return false;
  active.onaction(a);
  return true;
}

/**
 * exploreHref is the Query view address for a panel's visible queries (g0 the first), with variables and built-ins
 * filled in as the panel runs them, the graph tab, the dashboard's range (duration and end time) and the remote data
 * source the panel resolved to ('' for Promtab).
 */
export function exploreHref(panel: Panel, vars: Variable[], range: Range, scrapeMs: number, datasource = '', widthPx = 1000): string {
  const rangeMs = Math.max(1000, range.to - range.from);
  const scope = scopedVars(vars, rangeMs);
  const targets = panel.targets.filter((t) => !t.hide && t.expr.trim() !== '');
  const states = targets.map((t) => {
    const stepMs = queryStep(rangeMs, panel.maxDataPoints ?? widthPx, t.interval, panel.interval, scrapeMs);
    const s = defaultPanel(interpolate(t.expr, scope, builtins(range, stepMs, scrapeMs), 'promql'));
    s.tab = 'graph';
    s.rangeMs = Math.round(rangeMs / 1000) * 1000;
    s.endMs = range.to;
    s.datasource = datasource;
    return s;
  });
  if (states.length === 0) states.push({ ...defaultPanel(''), tab: 'graph', rangeMs, endMs: range.to });
  return `#/query?${encodePanels(states).toString()}`;
}
