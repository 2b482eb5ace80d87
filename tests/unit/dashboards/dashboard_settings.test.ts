import { describe, expect, it } from 'vitest';
import { exportGrafana } from '../../../src/dashboards/grafana_export';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { newDashboard, newLink, type Dashboard } from '../../../src/dashboards/model';
import { exportPromtab, importPromtab } from '../../../src/dashboards/promtab_json';
import { nowDelayError, parseRefreshIntervals, refreshIntervalsError } from '../../../src/dashboards/dashboard_settings';
import { applyUrlState, dashboardHref, linkParams, safeLinkHref, shownLinks, withParams, type LinkContext } from '../../../src/dashboards/dashboard_links';
import { newVariable } from '../../../src/dashboards/variables_edit';
import { readDashboardText } from '../../../src/dashboards/dashboard_text';
import { resolveTimeRange } from '../../../src/dashboards/timerange';

function withSettings(): Dashboard {
  return {
    ...newDashboard('Settings', 'set1'),
    refresh: '2m',
    weekStart: 'sunday',
    timepicker: { hidden: true, refreshIntervals: ['10s', '2m', '1h'], nowDelay: '1m' },
    links: [
      { ...newLink(), title: 'Docs', url: 'https://example.org/docs', targetBlank: true, icon: 'doc', tooltip: 'Read' },
      { ...newLink(), type: 'dashboards', title: 'Related', url: '', tags: ['node'], asDropdown: true, keepTime: true, includeVars: true },
    ],
  };
}

describe('settings in Grafana and Promtab JSON', () => {
  it('round-trips links, time options, week start and a custom refresh through Grafana JSON', () => {
    const d = withSettings();
    const g = exportGrafana(d);
    expect(g.timepicker).toEqual({ hidden: true, refresh_intervals: ['10s', '2m', '1h'], nowDelay: '1m' });
    expect(g.weekStart).toBe('sunday');
    const { dashboard, warnings } = importGrafana(JSON.parse(JSON.stringify(g)));
    expect(warnings).toEqual([]);
    expect(dashboard).toMatchObject({ refresh: '2m', weekStart: 'sunday', timepicker: d.timepicker, links: d.links });
  });

  it('round-trips them through Promtab JSON', () => {
    const d = withSettings();
    const { dashboard, warnings } = importPromtab(exportPromtab(d));
    expect(warnings).toEqual([]);
    expect(dashboard).toEqual(d);
  });

  it('keeps what it can of bad settings and says what it dropped', () => {
    const { dashboard, warnings } = importGrafana({
      title: 'x',
      refresh: 'soon',
      weekStart: 'friday',
      timepicker: { refresh_intervals: ['5s', 'often', '1m'], nowDelay: 'x' },
      links: [{ title: 'ok', url: '/a' }, { title: 3, tags: 'no' }, 'junk'],
    });
    expect(dashboard.refresh).toBe('');
    expect(dashboard.weekStart).toBeUndefined();
    expect(dashboard.timepicker).toEqual({ hidden: false, refreshIntervals: ['5s', '1m'], nowDelay: '' });
    expect(dashboard.links?.map((l) => l.title)).toEqual(['ok']);
    expect(warnings).toEqual([
      'refresh: "soon" is not an auto-refresh interval, refresh is off',
      'links[1].tags: expected an array; link dropped',
      'links[2]: expected an object; link dropped',
      'timepicker.refresh_intervals: entries that are not durations dropped',
      'timepicker.nowDelay: "x" is not a duration such as 30s, 5m or 1h, ignored',
      'weekStart: unknown value "friday", using ""',
    ]);
  });

  it('reads JSON text of either kind with the import checks', () => {
    expect(readDashboardText(exportPromtab(withSettings())).dashboard.uid).toBe('set1');
    expect(readDashboardText(JSON.stringify(exportGrafana(withSettings()))).dashboard.links).toHaveLength(2);
    expect(() => readDashboardText('{')).toThrow(/^not valid JSON/);
    expect(readDashboardText('{"panels": 3}').warnings).toContain('panels: expected a list of panels, ignored');
  });
});

describe('settings validation', () => {
  it('checks refresh lists and now delay', () => {
    expect(parseRefreshIntervals(' 5s, 1m ,, 1h')).toEqual(['5s', '1m', '1h']);
    expect(refreshIntervalsError(['5s', '1m'])).toBe('');
    expect(refreshIntervalsError(['5s', 'abc'])).toBe('Invalid refresh interval: "abc" is not a duration such as 30s, 5m or 1h');
    expect(refreshIntervalsError(['500ms'])).toBe('Invalid refresh interval: "500ms" is shorter than 1000 ms');
    expect(refreshIntervalsError(['5s', '5s'])).toBe('Invalid refresh interval: "5s" is listed twice');
    expect(nowDelayError('')).toBe('');
    expect(nowDelayError('30s')).toBe('');
    expect(nowDelayError('later')).toMatch(/not a duration/);
  });

  it('rounds now/w to the week start', () => {
    const wed = Date.UTC(2026, 11, 9, 12); // a Wednesday
    const start = (day: number) => new Date(resolveTimeRange({ from: 'now/w', to: 'now' }, wed, 'utc', day).from).toISOString();
    expect(start(1)).toBe('2026-12-07T00:00:00.000Z');
    expect(start(0)).toBe('2026-12-06T00:00:00.000Z');
    expect(start(6)).toBe('2026-12-05T00:00:00.000Z');
  });
});

describe('dashboard links in the toolbar', () => {
  const ctx: LinkContext = {
    time: { from: 'now-1h', to: 'now' },
    variables: [
      { name: 'job', type: 'query', current: { text: 'node', value: 'node' } },
      { name: 'inst', type: 'query', current: { text: ['a', 'b'], value: ['a', 'b'] } },
      { name: 'k', type: 'constant', current: { text: 'c', value: 'c' } },
    ],
    scope: new Map([['job', { value: 'node' }]]),
  };

  it('opens only http(s), mailto and relative addresses', () => {
    expect(safeLinkHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeLinkHref('#/dashboards/x')).toBe('#/dashboards/x');
    expect(safeLinkHref('mailto:a@b')).toBe('mailto:a@b');
    expect(safeLinkHref(' javascript:alert(1)')).toBeNull();
    expect(safeLinkHref('data:text/html,x')).toBeNull();
    expect(safeLinkHref('')).toBeNull();
  });

  it('adds the time range and variables as Grafana does', () => {
    const params = linkParams({ keepTime: true, includeVars: true }, ctx);
    expect(params).toEqual([['from', 'now-1h'], ['to', 'now'], ['var-job', 'node'], ['var-inst', 'a'], ['var-inst', 'b']]);
    expect(withParams('https://g.example/d/x?orgId=1#panel', params.slice(0, 2))).toBe('https://g.example/d/x?orgId=1&from=now-1h&to=now#panel');
    expect(withParams('#/dashboards/u', params.slice(2, 3))).toBe('#/dashboards/u?var-job=node');
  });

  it('lists tagged dashboards, as buttons or a dropdown, interpolating titles', () => {
    const all = [
      { uid: 'self', title: 'Self', tags: ['node'] },
      { uid: 'b', title: 'B node', tags: ['node', 'x'] },
      { uid: 'a', title: 'A node', tags: ['node'] },
      { uid: 'c', title: 'Other', tags: ['x'] },
    ];
    const links = withSettings().links!;
    const shown = shownLinks([{ ...links[0], title: 'Docs $job' }, links[1], { ...links[1], asDropdown: false, keepTime: false, includeVars: false }], ctx, all, 'self');
    expect(shown).toEqual([
      { kind: 'link', title: 'Docs node', tooltip: 'Read', icon: 'doc', href: 'https://example.org/docs', targetBlank: true },
      {
        kind: 'dropdown',
        title: 'Related',
        icon: 'external link',
        items: [
          { title: 'A node', href: '#/dashboards/a?from=now-1h&to=now&var-job=node&var-inst=a&var-inst=b', targetBlank: false },
          { title: 'B node', href: '#/dashboards/b?from=now-1h&to=now&var-job=node&var-inst=a&var-inst=b', targetBlank: false },
        ],
      },
      { kind: 'link', title: 'A node', tooltip: '', icon: 'dashboard', href: '#/dashboards/a', targetBlank: false },
      { kind: 'link', title: 'B node', tooltip: '', icon: 'dashboard', href: '#/dashboards/b', targetBlank: false },
    ]);
  });
});

describe('opening a dashboard from a link', () => {
  it('takes the time range and variable values the link carried', () => {
    const d = {
      ...newDashboard('T', 't'),
      variables: [
        { ...newVariable('query'), name: 'job' },
        { ...newVariable('query'), name: 'inst', multi: true, includeAll: true },
        { ...newVariable('constant'), name: 'k', query: 'c', current: { text: 'c', value: 'c' } },
      ],
    };
    const params = new URLSearchParams('from=now-1h&to=now&var-job=node&var-inst=a&var-inst=b&var-k=x&var-nope=1');
    const out = applyUrlState(d, params);
    expect(out.time).toEqual({ from: 'now-1h', to: 'now' });
    expect(out.variables.map((v) => v.current)).toEqual([
      { text: 'node', value: 'node' },
      { text: ['a', 'b'], value: ['a', 'b'] },
      { text: 'c', value: 'c' },
    ]);
    expect(applyUrlState(d, new URLSearchParams('var-inst=All')).variables[1].current).toEqual({ text: ['All'], value: ['$__all'] });
    expect(applyUrlState(d, new URLSearchParams('from=now-1h'))).toEqual(d);
  });

  it('reads back what linkParams wrote', () => {
    const d = { ...newDashboard('T', 't'), variables: [{ ...newVariable('query'), name: 'job', current: { text: 'x', value: 'x' } }] };
    const href = withParams(dashboardHref('t'), linkParams({ keepTime: true, includeVars: true }, { time: { from: 'now-2d', to: 'now-1d' }, variables: d.variables, scope: new Map() }));
    const params = new URLSearchParams(href.split('?')[1]);
    expect(applyUrlState({ ...d, variables: [{ ...d.variables[0], current: { text: '', value: '' } }] }, params)).toMatchObject({ time: { from: 'now-2d', to: 'now-1d' }, variables: [{ current: { value: 'x' } }] });
  });
});
