import { describe, expect, it } from 'vitest';
import { newDashboard, newPanel, type Dashboard } from '../../../src/dashboards';
import { dashboardSelectors, fromBase64, readDashboardWithData, toBase64, writeDashboardWithData } from '../../../src/state/dashboard_data';

function withExprs(...exprs: string[]): Dashboard {
  const d = newDashboard('D', 'd');
  exprs.forEach((expr, i) => {
    const p = newPanel('timeseries', i + 1);
    p.targets = [{ ...p.targets[0], refId: 'A', expr }];
    d.panels.push(p);
  });
  return d;
}

const cases: [string, string, unknown[][]][] = [
  ['plain selector', 'up', [[{ type: '=', name: '__name__', value: 'up' }]]],
  [
    'variable in an equality matcher becomes a regex, literal parts escaped',
    'rate(http_requests_total{job="$job", path="/a.b/$path"}[$__rate_interval])',
    [[
      { type: '=~', name: 'job', value: '.*' },
      { type: '=~', name: 'path', value: '/a\\.b/.*' },
      { type: '=', name: '__name__', value: 'http_requests_total' },
    ]],
  ],
  ['negative matcher with a variable is dropped', 'up{job!="${job}"}', [[{ type: '=', name: '__name__', value: 'up' }]]],
  ['regex matcher keeps its regex', 'up{instance=~"[[host]]:9100"}', [[{ type: '=~', name: 'instance', value: '.*:9100' }, { type: '=', name: '__name__', value: 'up' }]]],
  [
    'both sides of a binary expression, duplicates once',
    'a / on(x) b + a',
    [[{ type: '=', name: '__name__', value: 'a' }], [{ type: '=', name: '__name__', value: 'b' }]],
  ],
  ['a selector without a name selects any name', '{job="x"}', [[{ type: '=', name: 'job', value: 'x' }, { type: '=~', name: '__name__', value: '.+' }]]],
];

describe('dashboard with data', () => {
  it.each(cases)('%s', (_n, expr, want) => {
    const { selectors, warnings } = dashboardSelectors(withExprs(expr));
    expect(warnings).toEqual([]);
    expect(selectors).toEqual(want);
  });

  it('warns about a query it cannot read and keeps the others', () => {
    const { selectors, warnings } = dashboardSelectors(withExprs('sum(', 'up'));
    expect(selectors).toHaveLength(1);
    expect(warnings[0]).toMatch(/query A: .*its data is not included/);
  });

  it('round-trips base64 and the file', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff);
    expect(fromBase64(toBase64(bytes), 'data')).toEqual(bytes);
    const d = withExprs('up');
    const back = readDashboardWithData(writeDashboardWithData(d, bytes));
    expect(back.dashboard.uid).toBe('d');
    expect(back.snapshot).toEqual(bytes);
    expect(() => readDashboardWithData('{"promtab":"dashboard-with-data","version":1,"dashboard":{},"data":""}')).toThrow(/^dashboard: /);
    expect(() => readDashboardWithData(JSON.stringify({ ...JSON.parse(writeDashboardWithData(d, bytes)), data: '!!' }))).toThrow(/data: not valid base64/);
  });
});
