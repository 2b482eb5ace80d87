import { describe, expect, it } from 'vitest';
import { exploreHref, shortcutAction } from '../../../src/ui/lib/panel_actions';
import { decodePanels } from '../../../src/ui/lib/querystate';
import { newPanel, type Variable } from '../../../src/dashboards';

const key = (k: string, mods: Partial<KeyboardEvent> = {}, target: unknown = null) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods }) as KeyboardEvent;

describe('shortcutAction', () => {
  it('maps e, v, i, x and ignores modifiers and typing', () => {
    expect(shortcutAction(key('e'))).toBe('edit');
    expect(shortcutAction(key('v'))).toBe('view');
    expect(shortcutAction(key('i'))).toBe('inspect');
    expect(shortcutAction(key('x'))).toBe('explore');
    expect(shortcutAction(key('q'))).toBeNull();
    expect(shortcutAction(key('e', { ctrlKey: true }))).toBeNull();
    const field = { closest: (s: string) => (s.includes('input') ? {} : null) };
    expect(shortcutAction(key('e', {}, field))).toBeNull();
  });
});

describe('exploreHref', () => {
  const job: Variable = {
    type: 'custom', name: 'job', label: '', description: '', hide: 0, query: 'a,b', regex: '', sort: 0, refresh: 1, multi: false,
    includeAll: false, allValue: null, auto: false, autoCount: 30, autoMin: '10s', current: { text: 'node', value: 'node' }, options: [],
  };
  it('opens the visible queries with variables filled in over the dashboard range', () => {
    const p = newPanel('timeseries');
    p.targets[0].expr = 'rate(x{job="$job"}[$__rate_interval])';
    p.targets.push({ ...p.targets[0], refId: 'B', expr: 'hidden', hide: true }, { ...p.targets[0], refId: 'C', expr: 'up' });
    const range = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-01-01T06:00:00Z') };
    const href = exploreHref(p, [job], range, 15_000, 'remote');
    expect(href.startsWith('#/query?')).toBe(true);
    const panels = decodePanels(new URLSearchParams(href.slice('#/query?'.length)));
    expect(panels.map((s) => s.expr)).toEqual(['rate(x{job="node"}[1m])', 'up']);
    expect(panels[0]).toMatchObject({ tab: 'graph', rangeMs: 6 * 3_600_000, endMs: range.to, datasource: 'remote' });
  });
});
