import { describe, expect, it } from 'vitest';
import { WINDOW_FUNCTIONS, WINDOW_KEEPS_NAME } from '../../../../src/promql/functions/window_functions';
import { formatGoG } from '../../../../src/promql/functions/format';
import { closeTo, rawWindow, recordingContext, windowOf, type SeriesWindow } from './helpers';

interface Case extends SeriesWindow {
  fn: string;
  args?: number[];
  evalTime?: number;
  want: number | undefined;
}

// Cases follow Prometheus's promqltest functions.test: the same series, evaluation time, range and expected value.
const CASES: Case[] = [
  // increase: extrapolation to the range start, capped where the counter would be zero
  { fn: 'increase', series: '0+10x10', interval: '5m', at: '50m', range: '50m', want: 100 },
  { fn: 'increase', series: '0+18x5 0+18x5', interval: '5m', at: '50m', range: '50m', want: 160 },
  { fn: 'increase', series: '10+10x10', interval: '5m', at: '50m', range: '50m', want: 100 },
  { fn: 'increase', series: '1+10x10', interval: '5m', at: '50m', range: '50m', want: 100 },
  { fn: 'increase', series: '0+10x10', interval: '5m', at: '50m', range: '100m', want: 100 },
  { fn: 'increase', series: '0+18x5 0+18x5', interval: '5m', at: '50m', range: '100m', want: 162 },
  { fn: 'increase', series: '10+10x10', interval: '5m', at: '50m', range: '100m', want: 105 },
  { fn: 'increase', series: '1+10x10', interval: '5m', at: '50m', range: '100m', want: 101 },
  { fn: 'increase', series: '0 1 2 3 2 3 4', interval: '5m', at: '30m', range: '30m', want: 7 },
  // rate: resets in the middle, at the end, per-second scaling, zero cutoff
  { fn: 'rate', series: '0+27x4 0+27x5', interval: '5m', at: '50m', range: '50m', want: 0.08 },
  { fn: 'rate', series: '0+10x9 0 10', interval: '5m', at: '50m', range: '5m', want: undefined },
  { fn: 'rate', series: '0+10x9 0 10', interval: '5m', at: '50m', range: '6m', want: 0 },
  { fn: 'rate', series: '0+80x10', interval: '5m', at: '50m', range: '50m', want: 0.26666666666666666 },
  { fn: 'rate', series: '0+240x10', interval: '4m', at: '10m', range: '20m', want: 0.5 },
  { fn: 'rate', series: '60+240x10', interval: '4m', at: '10m', range: '20m', want: 0.55 },
  { fn: 'rate', series: '120+240x10', interval: '4m', at: '10m', range: '20m', want: 0.6 },
  { fn: 'rate', series: '300+240x10', interval: '4m', at: '10m', range: '20m', want: 0.6 },
  { fn: 'rate', series: '0+240x10', interval: '4m', at: '50m', range: '20m', want: 0.6 },
  { fn: 'rate', series: '5', interval: '5m', at: '1m', range: '5m', want: undefined },
  { fn: 'rate', series: '1 NaN 3', interval: '1m', at: '2m', range: '5m', want: 2 * 1.25 / 300 },
  { fn: 'rate', series: '1 3 NaN', interval: '1m', at: '2m', range: '5m', want: NaN },
  // delta: no reset handling, extrapolates below zero
  { fn: 'delta', series: '0 50 100 150 200', interval: '5m', at: '20m', range: '20m', want: 200 },
  { fn: 'delta', series: '10 5', interval: '1m', at: '1m', range: '2m', want: -10 },
  { fn: 'delta', series: '10 5', interval: '1m', at: '3m', range: '4m', want: -12.5 },
  { fn: 'delta', series: '1 2 +Inf', interval: '1m', at: '2m', range: '3m', want: Infinity },
  // irate and idelta
  { fn: 'irate', series: '0+10x10', interval: '5m', at: '50m', range: '50m', want: 1 / 30 },
  { fn: 'irate', series: '0+10x5 0+10x5', interval: '5m', at: '30m', range: '50m', want: 0 },
  { fn: 'irate', series: '1 NaN NaN 5 11', interval: '5m', at: '10m', range: '15m1s', want: NaN },
  { fn: 'irate', series: '1 NaN NaN 5 11', interval: '5m', at: '20m', range: '15m1s', want: 0.02 },
  { fn: 'irate', series: '7', interval: '5m', at: '0m', range: '5m', want: undefined },
  { fn: 'idelta', series: '10 20 15', interval: '5m', at: '10m', range: '20m', want: -5 },
  { fn: 'idelta', series: '1 NaN NaN 5 11', interval: '5m', at: '15m', range: '15m1s', want: NaN },
  // resets and changes
  { fn: 'resets', series: '1 2 3 0 1 0 0 1 2 0', interval: '5m', at: '50m', range: '50m', want: 3 },
  { fn: 'resets', series: '1 2 3 0 1 0 0 1 2 0', interval: '5m', at: '50m', range: '5m', want: undefined },
  { fn: 'resets', series: '1 2 3 4 5 1 2 3 4 5', interval: '5m', at: '50m', range: '32m', want: 1 },
  { fn: 'changes', series: '1 2 3 0 1 0 0 1 2 0', interval: '5m', at: '50m', range: '50m', want: 7 },
  { fn: 'changes', series: '0 0 0 0 0 1 1 1 1 1', interval: '5m', at: '50m', range: '50m', want: 1 },
  { fn: 'changes', series: 'NaN NaN NaN', interval: '5m', at: '15m', range: '20m', want: 0 },
  { fn: 'changes', series: '0 NaN 0', interval: '5m', at: '15m', range: '20m', want: 2 },
  // deriv and predict_linear
  { fn: 'deriv', series: '0+80x10', interval: '5m', at: '50m', range: '50m', want: 0.26666666666666666 },
  { fn: 'deriv', series: '0+10x4 0+10x5', interval: '5m', at: '50m', range: '100m', want: 0.010606060606060607 },
  { fn: 'deriv', series: '-Inf 0+80x10 Inf', interval: '5m', at: '100m', range: '100m', want: NaN },
  { fn: 'deriv', series: '3 3 3', interval: '5m', at: '10m', range: '20m', want: 0 },
  { fn: 'predict_linear', series: '0+10x4 0+10x5', interval: '5m', at: '50m', range: '50m', args: [3600], want: 70 },
  {
    fn: 'predict_linear',
    series: '0+10x4 0+10x5',
    interval: '5m',
    at: '50m',
    range: '55m',
    args: [3600],
    evalTime: 600_000,
    want: 51.36363636363637,
  },
  { fn: 'predict_linear', series: '-Inf 0+80x10 Inf', interval: '5m', at: '100m', range: '100m', args: [6000], want: NaN },
  { fn: 'predict_linear', series: '+Inf +Inf', interval: '5m', at: '5m', range: '10m', args: [60], want: NaN },
  // double_exponential_smoothing
  { fn: 'double_exponential_smoothing', series: '0+10x1000 100+30x1000', interval: '10s', at: '8000s', range: '1m', args: [0.01, 0.1], want: 8000 },
  { fn: 'double_exponential_smoothing', series: '8000-10x1000', interval: '10s', at: '8000s', range: '1m', args: [0.01, 0.1], want: 0 },
  { fn: 'double_exponential_smoothing', series: '0-40x1000 0+40x1000', interval: '10s', at: '8000s', range: '1m', args: [0.01, 0.1], want: -32000 },
  { fn: 'double_exponential_smoothing', series: '5', interval: '10s', at: '0s', range: '1m', args: [0.5, 0.5], want: undefined },
  // avg_over_time with infinities, overflow and NaN
  { fn: 'avg_over_time', series: '1 2 3 4 5', interval: '10s', at: '55s', range: '10s', want: undefined },
  { fn: 'avg_over_time', series: '1 2 3 4 5', interval: '10s', at: '55s', range: '20s', want: 5 },
  { fn: 'avg_over_time', series: '1 2 3 4 5', interval: '10s', at: '55s', range: '1m', want: 3 },
  { fn: 'avg_over_time', series: '1 2 3 4 Inf', interval: '10s', at: '55s', range: '1m', want: Infinity },
  { fn: 'avg_over_time', series: '1 2 3 4 -Inf', interval: '10s', at: '55s', range: '1m', want: -Infinity },
  { fn: 'avg_over_time', series: '1 2 3 Inf -Inf', interval: '10s', at: '55s', range: '1m', want: NaN },
  { fn: 'avg_over_time', series: 'Inf 0 Inf', interval: '10s', at: '55s', range: '1m', want: Infinity },
  { fn: 'avg_over_time', series: 'Inf Inf Inf -Inf', interval: '10s', at: '55s', range: '1m', want: NaN },
  { fn: 'avg_over_time', series: '1 2 -Inf -Inf Inf', interval: '10s', at: '55s', range: '1m', want: NaN },
  { fn: 'avg_over_time', series: '9.988465674311579e+307 9.988465674311579e+307', interval: '10s', at: '55s', range: '1m', want: 9.988465674311579e307 },
  { fn: 'avg_over_time', series: '-9.988465674311579e+307 -9.988465674311579e+307 -9.988465674311579e+307', interval: '10s', at: '55s', range: '1m', want: -9.988465674311579e307 },
  { fn: 'avg_over_time', series: '-9.988465674311579e+307 9.988465674311579e+307', interval: '10s', at: '55s', range: '1m', want: 0 },
  { fn: 'avg_over_time', series: '1 2 3 NaN NaN', interval: '10s', at: '20s', range: '1m', want: 2 },
  { fn: 'avg_over_time', series: '1 2 3 NaN NaN', interval: '10s', at: '30s', range: '1m', want: NaN },
  // sum_over_time: compensated, overflow stays infinite
  { fn: 'sum_over_time', series: '1 2 3 4 5', interval: '10s', at: '55s', range: '1m', want: 15 },
  { fn: 'sum_over_time', series: '9.988465674311579e+307 9.988465674311579e+307', interval: '10s', at: '55s', range: '1m', want: Infinity },
  { fn: 'sum_over_time', series: '1e100 1 -1e100', interval: '10s', at: '20s', range: '1m', want: 1 },
  { fn: 'sum_over_time', series: 'Inf -Inf', interval: '10s', at: '20s', range: '1m', want: NaN },
  // min/max/count/last/first/present/absent
  { fn: 'min_over_time', series: 'NaN 3 1 NaN 2', interval: '10s', at: '40s', range: '1m', want: 1 },
  { fn: 'max_over_time', series: 'NaN 3 1 NaN 2', interval: '10s', at: '40s', range: '1m', want: 3 },
  { fn: 'max_over_time', series: 'NaN NaN', interval: '10s', at: '40s', range: '1m', want: NaN },
  { fn: 'max_over_time', series: '-Inf -Inf', interval: '10s', at: '40s', range: '1m', want: -Infinity },
  { fn: 'count_over_time', series: '1 _ NaN 4', interval: '10s', at: '30s', range: '1m', want: 3 },
  { fn: 'last_over_time', series: '1 2 NaN', interval: '10s', at: '20s', range: '1m', want: NaN },
  { fn: 'first_over_time', series: '1 2 3', interval: '10s', at: '20s', range: '15s', want: 2 },
  { fn: 'present_over_time', series: '1 2 3', interval: '10s', at: '20s', range: '1m', want: 1 },
  { fn: 'present_over_time', series: '1', interval: '10s', at: '20s', range: '5s', want: undefined },
  { fn: 'absent_over_time', series: '1 2', interval: '10s', at: '20s', range: '1m', want: 1 },
  // ts_of_*_over_time: seconds; max/min keep the last tie
  { fn: 'ts_of_max_over_time', series: '1 5 3 5 2', interval: '10s', at: '40s', range: '1m', want: 30 },
  { fn: 'ts_of_min_over_time', series: '4 1 3 1 2', interval: '10s', at: '40s', range: '1m', want: 30 },
  { fn: 'ts_of_first_over_time', series: '4 1 3', interval: '10s', at: '20s', range: '15s', want: 10 },
  { fn: 'ts_of_last_over_time', series: '4 1 3 _', interval: '10s', at: '30s', range: '1m', want: 20 },
  // quantile_over_time: NaN sorts first, out-of-range φ gives ±Inf
  { fn: 'quantile_over_time', series: '0 1 2 3 4 5 6 7 8 9 10', interval: '10s', at: '100s', range: '2m', args: [0.75], want: 7.5 },
  { fn: 'quantile_over_time', series: '0 1 2 3 4 5 6 7 8 9 10', interval: '10s', at: '100s', range: '2m', args: [0], want: 0 },
  { fn: 'quantile_over_time', series: '1 2 3', interval: '10s', at: '20s', range: '1m', args: [1.5], want: Infinity },
  { fn: 'quantile_over_time', series: '1 2 3', interval: '10s', at: '20s', range: '1m', args: [-1], want: -Infinity },
  { fn: 'quantile_over_time', series: '1 2 3', interval: '10s', at: '20s', range: '1m', args: [NaN], want: NaN },
  { fn: 'quantile_over_time', series: '3 NaN 1 2', interval: '10s', at: '30s', range: '1m', args: [0], want: NaN },
  { fn: 'quantile_over_time', series: '3 NaN 1 2', interval: '10s', at: '30s', range: '1m', args: [1], want: 3 },
  // stddev, stdvar, mad
  { fn: 'stdvar_over_time', series: '0 8 8 2 3', interval: '10s', at: '1m', range: '2m', want: 10.56 },
  { fn: 'stddev_over_time', series: '0 8 8 2 3', interval: '10s', at: '1m', range: '2m', want: 3.249615 },
  { fn: 'stdvar_over_time', series: '1.5990505637277868 1.5990505637277868 1.5990505637277868', interval: '10s', at: '55s', range: '1m', want: 0 },
  { fn: 'stddev_over_time', series: '1 Inf', interval: '10s', at: '10s', range: '1m', want: NaN },
  { fn: 'mad_over_time', series: '4 6 2 1 999 1 2', interval: '10s', at: '70s', range: '70s', want: 1 },
  { fn: 'mad_over_time', series: '1 2 3 4 5', interval: '10s', at: '40s', range: '50s', want: 1 },
  { fn: 'mad_over_time', series: '5', interval: '10s', at: '0s', range: '10s', want: 0 },
  { fn: 'mad_over_time', series: '1 2 NaN 4', interval: '10s', at: '30s', range: '40s', want: NaN },
];

describe('WINDOW_FUNCTIONS', () => {
  it.each(CASES.map((c) => [`${c.fn}(${c.series} [${c.range}] at ${c.at}${c.args ? `, ${c.args}` : ''})`, c] as const))(
    '%s',
    (_name, c) => {
      const f = WINDOW_FUNCTIONS.get(c.fn);
      expect(f, c.fn).toBeDefined();
      const { ctx } = recordingContext(c.args ?? [], c.evalTime);
      const got = f!(windowOf(c), ctx);
      expect(closeTo(got, c.want), `got ${got}, want ${c.want}`).toBe(true);
    },
  );

  it('returns nothing for an empty window from every function', () => {
    for (const [name, f] of WINDOW_FUNCTIONS) {
      const { ctx } = recordingContext(name === 'double_exponential_smoothing' ? [0.5, 0.5] : [0.5]);
      expect(f(rawWindow([], 0, 60_000), ctx), name).toBeUndefined();
    }
  });

  it('reads only the [start, end) slice of the arrays', () => {
    const w = rawWindow(
      [
        [10_000, 1],
        [20_000, 3],
      ],
      0,
      30_000,
    );
    const { ctx } = recordingContext();
    expect(WINDOW_FUNCTIONS.get('sum_over_time')!(w, ctx)).toBe(4);
    expect(WINDOW_FUNCTIONS.get('count_over_time')!(w, ctx)).toBe(2);
    expect(WINDOW_FUNCTIONS.get('last_over_time')!(w, ctx)).toBe(3);
    expect(WINDOW_FUNCTIONS.get('irate')!(w, ctx)).toBe(0.2);
  });

  it('has every range-vector function of Prometheus 3.x and no holt_winters', () => {
    const names = [
      'rate', 'increase', 'delta', 'irate', 'idelta', 'resets', 'changes', 'deriv', 'predict_linear',
      'double_exponential_smoothing', 'avg_over_time', 'sum_over_time', 'count_over_time', 'min_over_time',
      'max_over_time', 'last_over_time', 'first_over_time', 'quantile_over_time', 'stddev_over_time',
      'stdvar_over_time', 'mad_over_time', 'present_over_time', 'absent_over_time', 'ts_of_min_over_time',
      'ts_of_max_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time',
    ];
    expect([...WINDOW_FUNCTIONS.keys()].sort()).toEqual(names.sort());
    expect(WINDOW_FUNCTIONS.has('holt_winters')).toBe(false);
    expect([...WINDOW_KEEPS_NAME].sort()).toEqual(['first_over_time', 'last_over_time']);
  });
});

describe('annotations', () => {
  const rate = WINDOW_FUNCTIONS.get('rate')!;
  const pts: [number, number][] = [
    [10_000, 1],
    [20_000, 2],
  ];
  it.each([
    ['http_requests', 1],
    ['http_requests_total', 0],
    ['latency_seconds_sum', 0],
    ['latency_seconds_count', 0],
    ['latency_seconds_bucket', 0],
    ['', 0],
  ] as const)('rate over %j gives %i non-counter infos', (name, n) => {
    const { ctx, annotations } = recordingContext();
    rate(rawWindow(pts, 0, 30_000, name), ctx);
    rate(rawWindow(pts, 0, 30_000, name), ctx);
    expect(annotations.length).toBe(n);
    if (n) {
      expect(annotations[0]).toEqual({
        level: 'info',
        message: `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "${name}"`,
      });
    }
  });

  it('gives no non-counter info when rate has no output, nor for delta', () => {
    const { ctx, annotations } = recordingContext();
    rate(rawWindow([[10_000, 1]], 0, 30_000, 'gauge'), ctx);
    WINDOW_FUNCTIONS.get('delta')!(rawWindow(pts, 0, 30_000, 'gauge'), ctx);
    expect(annotations).toEqual([]);
  });

  it.each([
    [1.5, 'got 1.5'],
    [-0.5, 'got -0.5'],
    [NaN, 'got NaN'],
    [1e6, 'got 1e+06'],
  ])('quantile_over_time warns for φ=%d', (q, tail) => {
    const { ctx, annotations } = recordingContext([q]);
    WINDOW_FUNCTIONS.get('quantile_over_time')!(rawWindow(pts, 0, 30_000), ctx);
    expect(annotations).toEqual([
      { level: 'warning', message: `PromQL warning: quantile value should be between 0 and 1, ${tail}` },
    ]);
  });

  it('double_exponential_smoothing rejects factors outside (0, 1)', () => {
    const f = WINDOW_FUNCTIONS.get('double_exponential_smoothing')!;
    expect(() => f(rawWindow(pts, 0, 30_000), recordingContext([1, 0.5]).ctx)).toThrow(
      'invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000',
    );
    expect(() => f(rawWindow(pts, 0, 30_000), recordingContext([0.5, 0]).ctx)).toThrow(
      'invalid trend factor. Expected: 0 < tf < 1, got: 0.000000',
    );
  });
});

describe('formatGoG', () => {
  it.each([
    [0, '0'],
    [1.5, '1.5'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1e100, '1e+100'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d → %s', (x, s) => {
    expect(formatGoG(x)).toBe(s);
  });
});
