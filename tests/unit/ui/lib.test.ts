import { describe, expect, it } from 'vitest';
import { autoStep, seriesLabel, toChartData } from '../../../src/ui/lib/chartdata';
import { decodePanels, defaultPanel, encodePanels } from '../../../src/ui/lib/querystate';
import { labelColumns, toCsv } from '../../../src/ui/lib/csv';
import { formatUnit } from '../../../src/ui/lib/units';
import { sampleValue } from '../../../src/ui/lib/format';
import { statsLine, statsText } from '../../../src/ui/lib/query_stats';

describe('toChartData', () => {
  it('aligns series on the step grid with nulls for gaps and non-finite values', () => {
    const series = [
      { metric: { __name__: 'up', job: 'a' }, timestamps: new Float64Array([0, 20_000]), values: new Float64Array([1, 2]) },
      { metric: { job: 'b' } as Record<string, string>, timestamps: new Float64Array([10_000]), values: new Float64Array([NaN]) },
    ];
    const c = toChartData(series, 0, 20, 10);
    expect(Array.from(c.data[0])).toEqual([0, 10, 20]);
    expect(c.data[1]).toEqual([1, null, 2]);
    expect(c.data[2]).toEqual([null, null, null]);
    expect(c.labels).toEqual(['up{job="a"}', '{job="b"}']);
  });
  it('applies legend formats', () => {
    expect(seriesLabel({ instance: 'x:1', job: 'j' }, '{{job}} on {{ instance }}')).toBe('j on x:1');
    expect(seriesLabel({ __name__: 'm' })).toBe('m');
  });
  it('keeps at most 11,000 points per series', () => {
    expect((14 * 86400) / autoStep(14 * 86400, 100000)).toBeLessThanOrEqual(11000);
    expect(autoStep(300, 1000)).toBe(1);
  });
});

describe('query URL state', () => {
  it('round-trips panels', () => {
    const p = [
      { ...defaultPanel('rate(x[5m])'), tab: 'graph' as const, rangeMs: 7_200_000, stepS: 15, stacked: true, exemplars: true },
      { ...defaultPanel('up{job="a&b"}'), endMs: Date.UTC(2026, 0, 1) },
    ];
    expect(decodePanels(new URLSearchParams(encodePanels(p).toString()))).toEqual(p);
  });
  it('ignores bad values', () => {
    const d = decodePanels(new URLSearchParams('g0.expr=up&g0.tab=evil&g0.range_input=zz&g0.step_input=-1'));
    expect(d).toEqual([defaultPanel('up')]);
  });
});

describe('csv', () => {
  it('quotes and neutralises formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', '=cmd()'], ['"q"', '-1.5']])).toBe('a,b\r\n"x,y",\'=cmd()\r\n"""q""",-1.5\r\n');
  });
  it('orders label columns with __name__ first', () => {
    expect(labelColumns([{ b: '1', __name__: 'm' }, { a: '2' }])).toEqual(['__name__', 'a', 'b']);
  });
});

describe('units', () => {
  it.each([
    [1536, 'bytes', '1.5 KiB'],
    [0.25, 'percentunit', '25%'],
    [42, 'percent', '42%'],
    [0.002, 's', '2 ms'],
    [90, 's', '1.5 min'],
    [1500, 'reqps', '1.5 K req/s'],
    [0, 'bool', 'false'],
    [2.5e9, 'hertz', '2.5 GHz'],
    [NaN, 'bytes', 'NaN'],
    [3, 'widgets', '3 widgets'],
  ])('%s in %s is %s', (v, unit, out) => {
    expect(formatUnit(v, unit)).toBe(out);
  });
});

import { isBucketShaped, toHeatmap } from '../../../src/ui/lib/heatmap';

describe('heatmap', () => {
  const b = (le: string, vs: number[]) => ({
    metric: { __name__: 'h_bucket', le } as Record<string, string>,
    timestamps: new Float64Array(vs.map((_, i) => i * 10_000)),
    values: new Float64Array(vs),
  });
  it('de-cumulates buckets per step and sums equal le', () => {
    const s = [b('+Inf', [10, 20]), b('0.1', [2, 4]), b('1', [7, 15]), b('1', [1, 1])];
    expect(isBucketShaped(s)).toBe(true);
    const g = toHeatmap(s, 0, 10, 10);
    expect(g.bounds).toEqual([0.1, 1, Infinity]);
    expect(g.cells).toEqual([
      [2, 4],
      [6, 12],
      [2, 4],
    ]);
    expect(g.max).toBe(12);
  });
  it('rejects results without le', () => {
    expect(isBucketShaped([{ metric: { a: '1' }, timestamps: new Float64Array(), values: new Float64Array() }])).toBe(false);
  });
});

import { addToHistory, loadHistory } from '../../../src/ui/lib/history';

describe('query history', () => {
  it('keeps the newest first, once, and survives garbage', () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    addToHistory('up', store);
    addToHistory('rate(x[5m])', store);
    expect(addToHistory('up', store)).toEqual(['up', 'rate(x[5m])']);
    m.set('promtab-query-history', '{not json');
    expect(loadHistory(store)).toEqual([]);
  });
});

import { addRule, parsePairs } from '../../../src/ui/lib/ruleform';
import { parseRuleFile } from '../../../src/rules';

describe('rule form', () => {
  it('adds rules to new and existing groups, producing a valid rule file', () => {
    let text = addRule('', { group: 'g', kind: 'record', name: 'job:up:sum', expr: 'sum by (job) (up)' });
    text = addRule(text, {
      group: 'g',
      kind: 'alert',
      name: 'Down',
      expr: 'up == 0',
      for: '1m',
      labels: parsePairs('severity=page'),
      annotations: parsePairs('summary="{{ $labels.instance }} down"'),
    });
    const r = parseRuleFile(text, { file: 'form.yml' });
    expect(r.errors).toEqual([]);
    expect(r.groups[0].rules.map((x) => (x.kind === 'recording' ? x.record : x.alert))).toEqual(['job:up:sum', 'Down']);
  });
  it('refuses incomplete forms and non-rule files', () => {
    expect(() => addRule('', { group: 'g', kind: 'alert', name: '', expr: 'up' })).toThrow(/required/);
    expect(() => addRule('- a\n- b\n', { group: 'g', kind: 'alert', name: 'A', expr: 'up' })).toThrow(/groups/);
    expect(() => parsePairs('novalue')).toThrow(/name=value/);
  });
});

describe('sampleValue', () => {
  it.each([
    ['3.24e+00', '3.24'],
    ['1e+02', '100'],
    ['0.1234567', '0.123457'],
    ['1.5e-07', '1.5e-7'],
    ['2e+20', '2e+20'],
    ['0', '0'],
    ['NaN', 'NaN'],
    ['+Inf', '+Inf'],
    ['-Inf', '-Inf'],
  ])('%s → %s', (v, want) => {
    expect(sampleValue(v)).toBe(want);
  });
});

describe('query stats line', () => {
  it('reads the engine stats and measures the answer', () => {
    const stats = { timings: { evalTotalTime: 0.0123 }, samples: { totalQueryableSamples: 1234 }, seriesLoaded: 2 };
    const range = {
      resultType: 'matrix' as const,
      result: [{ metric: { job: 'a' }, timestamps: new Float64Array(10), values: new Float64Array(10) }],
      stats,
    };
    const line = statsLine(range);
    expect(line).toEqual({ evalMs: 12.3, series: 1, samples: 1234, resultBytes: 160 + '{"job":"a"}'.length });
    expect(statsText(line)).toBe('Evaluation 12 ms · 1 series · 1,234 samples read · 171 B');
    const scalar = statsLine({ resultType: 'scalar', result: [1, '2'] });
    expect(statsText(scalar)).toBe('1 series · 7 B');
  });
});
