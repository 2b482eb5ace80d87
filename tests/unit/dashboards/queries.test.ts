import { describe, expect, it } from 'vitest';
import { newPanel, newTarget } from '../../../src/dashboards/model';
import { panelQueries } from '../../../src/dashboards/queries';

const range = { from: 1_700_000_000_000, to: 1_700_000_000_000 + 6 * 3_600_000 };

describe('panelQueries', () => {
  const panel = {
    ...newPanel('timeseries', 1),
    interval: '$iv',
    targets: [
      { ...newTarget('A', 'rate(x{job="$job"}[$__rate_interval])'), legendFormat: '{{job}}' },
      { ...newTarget('B', 'sum_over_time(x[$__interval])'), interval: '$__rate_interval' },
      { ...newTarget('C', 'up'), hide: true },
      { ...newTarget('D', 'count(up)'), instant: true, range: false },
      { ...newTarget('E', '  ') },
    ],
  };
  const vars = new Map([['job', { value: 'node' }], ['iv', { value: '1m' }]]);

  it('builds visible queries with steps, aligned ranges and interpolated expressions', () => {
    const qs = panelQueries(panel, vars, range, { maxDataPoints: 1000, scrapeIntervalMs: 15_000 });
    expect(qs.map((q) => q.refId)).toEqual(['A', 'B', 'D']);
    expect(qs[0]).toEqual({
      refId: 'A', expr: 'rate(x{job="node"}[1m15s])', legendFormat: '{{job}}', format: 'time_series', instant: false,
      start: Math.floor(range.from / 60_000) * 60_000, end: Math.floor(range.to / 60_000) * 60_000, stepMs: 60_000,
    });
    expect(qs[1]).toMatchObject({ expr: 'sum_over_time(x[1m15s])', stepMs: 75_000 });
    expect(qs[2]).toMatchObject({ instant: true, start: range.to, end: range.to });
  });

  it('uses the panel max data points before the view width', () => {
    const qs = panelQueries({ ...panel, interval: '', maxDataPoints: 100 }, vars, range, { maxDataPoints: 2000, scrapeIntervalMs: 15_000 });
    expect(qs[0].stepMs).toBe(300_000);
    expect(qs[0].expr).toBe('rate(x{job="node"}[5m15s])');
  });
});
