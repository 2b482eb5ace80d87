import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/dashboards/interpolate';
import type { Variable } from '../../../src/dashboards/model';
import {
  applyRegex,
  customOptions,
  parseVariableQuery,
  pickCurrent,
  requestTexts,
  resolveOrder,
  scopedVars,
  sortOptions,
  variableOptions,
  variableRequest,
} from '../../../src/dashboards/variables';

function variable(name: string, over: Partial<Variable> = {}): Variable {
  return {
    type: 'query', name, label: '', description: '', hide: 0, query: '', regex: '', sort: 0, refresh: 1, multi: false,
    includeAll: false, allValue: null, auto: false, autoCount: 30, autoMin: '10s', current: { text: '', value: '' }, options: [], ...over,
  };
}

describe('variable queries', () => {
  it.each([
    ['label_names()', { api: 'labels', match: [] }],
    ['label_names(up{job="a"})', { api: 'labels', match: ['up{job="a"}'] }],
    ['label_values(job)', { api: 'labelValues', name: 'job', match: [] }],
    ['label_values(up{job="a", x=~"b,c"}, instance)', { api: 'labelValues', name: 'instance', match: ['up{job="a", x=~"b,c"}'] }],
    ['metrics(node_.*)', { api: 'labelValues', name: '__name__', match: [], filter: 'node_.*' }],
    ['query_result(topk(5, up))', { api: 'query', expr: 'topk(5, up)' }],
    ['up{job="a"}', { api: 'series', match: ['up{job="a"}'] }],
  ])('%s', (q, want) => expect(parseVariableQuery(q)).toEqual(want));

  it('interpolates chained variables before parsing', () => {
    const vars = scopedVars([variable('job', { current: { text: 'node', value: 'node' } })], 3_600_000);
    expect(variableRequest(variable('n', { query: 'label_values(up{job="$job"}, instance)' }), vars, new Map())).toEqual({
      api: 'labelValues', name: 'instance', match: ['up{job="node"}'],
    });
  });

  it('turns answers into texts', () => {
    expect(requestTexts({ api: 'labelValues', name: '__name__', match: [], filter: 'node_' }, ['up', 'node_load1', 'xnode_y'])).toEqual(['node_load1', 'xnode_y']);
    expect(requestTexts({ api: 'series', match: ['up'] }, [{ __name__: 'up', job: 'a' }])).toEqual(['up{job="a"}']);
    expect(
      requestTexts({ api: 'query', expr: 'up' }, { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'a', i: 'x' }, value: [1700000000.5, '1'] }] }),
    ).toEqual(['up{job="a",i="x"} 1 1700000000500']);
    expect(requestTexts({ api: 'query', expr: '1' }, { resultType: 'scalar', result: [1, '1'] })).toEqual(['1']);
  });
});

describe('applyRegex', () => {
  it.each([
    ['no regex', ['a', 'b', 'a'], '', [['a', 'a'], ['b', 'b']]],
    ['filter', ['node-1', 'db-1', 'node-2'], '/node.*/', [['node-1', 'node-1'], ['node-2', 'node-2']]],
    ['bare pattern is anchored', ['node-1', 'xnode-1'], 'node.*', [['node-1', 'node-1']]],
    ['capture group', ['host:9100', 'db:9100'], '/(.*):9100/', [['host', 'host'], ['db', 'db']]],
    ['named groups', ['a-x-1', 'b-y-2'], '/.*-(?<text>.*)-(?<value>.*)/', [['x', '1'], ['y', '2']]],
    ['value group only', ['a=1'], '/=(?<value>.*)/', [['1', '1']]],
    ['case-insensitive flag', ['Node', 'db'], '/node/i', [['Node', 'Node']]],
    ['global flag takes every match', ['a1b2'], '/(\\d)/g', [['1', '1'], ['2', '2']]],
  ])('%s', (_n, values, regex, want) => {
    expect(applyRegex(values, regex).map((o) => [o.text, o.value])).toEqual(want);
  });
  it('rejects what RE2 cannot run, instead of backtracking', () => {
    expect(() => applyRegex(['a'], '/(?=a)/')).toThrow(/regex/);
    expect(applyRegex(['a'.repeat(5000) + '!'], '/^(a+)+$/')).toEqual([]);
  });
});

describe('options and current', () => {
  it('sorts', () => {
    const o = ['b10', 'a2', 'B1'].map((t) => ({ text: t, value: t }));
    expect(sortOptions(o, 1).map((x) => x.text)).toEqual(['B1', 'a2', 'b10']);
    expect(sortOptions(o, 2).map((x) => x.text)).toEqual(['b10', 'a2', 'B1']);
    expect(sortOptions(o, 3).map((x) => x.text)).toEqual(['B1', 'a2', 'b10']);
    expect(sortOptions(o, 5).map((x) => x.text)).toEqual(['a2', 'B1', 'b10']);
    expect(sortOptions(o, 7).map((x) => x.text)).toEqual(['a2', 'B1', 'b10']);
    expect(sortOptions(o, 0)).toBe(o);
  });
  it('builds options per type', () => {
    expect(customOptions('a, b\\,c ,Prod : p')).toEqual([{ text: 'a', value: 'a' }, { text: 'b,c', value: 'b,c' }, { text: 'Prod', value: 'p' }]);
    expect(variableOptions(variable('c', { type: 'custom', query: 'x,y', includeAll: true })).map((o) => o.value)).toEqual(['$__all', 'x', 'y']);
    expect(variableOptions(variable('k', { type: 'constant', query: 'v' }))).toEqual([{ text: 'v', value: 'v' }]);
    expect(variableOptions(variable('t', { type: 'textbox', query: 'dflt' }))).toEqual([{ text: 'dflt', value: 'dflt' }]);
    expect(variableOptions(variable('i', { type: 'interval', query: '1m,5m', auto: true })).map((o) => o.text)).toEqual(['auto', '1m', '5m']);
    expect(variableOptions(variable('d', { type: 'datasource', query: 'prometheus' }))).toEqual([{ text: 'Promtab', value: 'promtab' }]);
    expect(variableOptions(variable('q', { regex: '/(.*):9100/', sort: 2 }), ['a:9100', 'b:9100', 'c:1'])).toEqual([
      { text: 'b', value: 'b' }, { text: 'a', value: 'a' },
    ]);
  });
  it('keeps or replaces the current value', () => {
    const opts = [{ text: 'A', value: 'a' }, { text: 'B', value: 'b' }];
    expect(pickCurrent(variable('v', { current: { text: 'B', value: 'b' } }), opts)).toEqual({ text: 'B', value: 'b' });
    expect(pickCurrent(variable('v', { current: { text: 'Z', value: 'z' } }), opts)).toEqual({ text: 'A', value: 'a' });
    expect(pickCurrent(variable('v', { multi: true, current: { text: ['B', 'Z'], value: ['b', 'z'] } }), opts)).toEqual({ text: ['B'], value: ['b'] });
    expect(pickCurrent(variable('v'), [])).toEqual({ text: '', value: '' });
  });
  it('resolves auto interval variables for the range', () => {
    const v = variable('iv', { type: 'interval', auto: true, autoCount: 30, autoMin: '10s', current: { text: 'auto', value: '$__auto_interval_iv' } });
    expect(interpolate('rate(x[$iv])', scopedVars([v], 86_400_000))).toBe('rate(x[1h])');
    expect(interpolate('rate(x[$iv])', scopedVars([v], 60_000))).toBe('rate(x[10s])');
  });
});

describe('resolveOrder', () => {
  it('orders dependencies first and keeps definition order otherwise', () => {
    const vs = [
      variable('c', { query: 'label_values(x{b="$b"}, c)' }),
      variable('a'),
      variable('b', { query: 'label_values(x{a="${a}"}, b)', regex: '/$a/' }),
      variable('d'),
    ];
    expect(resolveOrder(vs)).toEqual({ order: [vs[1], vs[2], vs[3], vs[0]], cycles: [] });
  });
  it('reports cycles', () => {
    const vs = [variable('x', { query: '$y' }), variable('y', { query: '[[x]]' }), variable('z', { query: '$x' }), variable('s', { query: '$s' })];
    const r = resolveOrder(vs);
    expect(r.order.map((v) => v.name)).toEqual(['s']);
    expect(r.cycles).toEqual([['x', 'y']]);
  });
});
