import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, parseMetricSelector, typeOf } from '../../../../src/promql/parser';
import { stripPositions } from './strip';
import type { Expr } from '../../../../src/promql/ast';

const x = { experimental: true };

describe('numbers', () => {
  it.each([
    ['1', 1],
    ['0x1f', 31],
    ['010', 8],
    ['09', 9],
    ['1_000', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
    ['-1.5', -1.5],
    ['5m', 300],
    ['1h30m', 5400],
    ['1ms', 0.001],
  ])('%s is %d', (q, v) => {
    const e = parseExpr(q);
    expect(e.type).toBe('numberLiteral');
    expect(e.type === 'numberLiteral' && e.val).toBe(v);
  });
  it.each([
    ['Inf', Infinity],
    ['-inf', -Infinity],
    ['+Inf', Infinity],
  ])('%s', (q, v) => expect((parseExpr(q) as Extract<Expr, { type: 'numberLiteral' }>).val).toBe(v));
  it('NaN', () => expect((parseExpr('nan') as Extract<Expr, { type: 'numberLiteral' }>).val).toBeNaN());
});

describe('selectors', () => {
  it('puts the name matcher last, keeps written order', () => {
    const e = parseExpr('foo{b="1", a=~"x"}');
    expect(e).toMatchObject({
      type: 'vectorSelector',
      name: 'foo',
      matchers: [
        { type: '=', name: 'b', value: '1' },
        { type: '=~', name: 'a', value: 'x' },
        { type: '=', name: '__name__', value: 'foo' },
      ],
    });
  });
  it('reads quoted UTF-8 names', () => {
    expect(parseExpr('{"my.metric", "a.b"="x"}')).toMatchObject({
      name: '',
      matchers: [
        { type: '=', name: '__name__', value: 'my.metric' },
        { type: '=', name: 'a.b', value: 'x' },
      ],
    });
  });
  it('stores offsets, ranges and @ in ms', () => {
    expect(parseExpr('foo[5m] offset -1h @ 100.5')).toMatchObject({
      type: 'matrixSelector',
      range: 300_000,
      rangeExpr: null,
      vectorSelector: { offset: -3_600_000, at: { kind: 'timestamp', ms: 100_500 } },
    });
    expect(parseExpr('foo @ start()')).toMatchObject({ at: { kind: 'start' } });
  });
  it('converts seconds to ms as Prometheus does (nanoseconds rounded, then truncated)', () => {
    expect(parseExpr('foo offset 1.0005')).toMatchObject({ offset: 1000 });
    expect(parseExpr('foo[0.0019]')).toMatchObject({ range: 1 });
    expect(parseExpr('foo @ 1.0005')).toMatchObject({ at: { kind: 'timestamp', ms: 1001 } });
  });
  it('keeps the default subquery step as 0', () => {
    expect(parseExpr('foo[5m:]')).toMatchObject({ type: 'subquery', range: 300_000, step: 0, stepExpr: null });
    expect(parseExpr('foo[5m:30s]')).toMatchObject({ step: 30_000 });
  });
  it('stores duration expressions', () => {
    expect(parseExpr('foo[step() + 1m]', x)).toMatchObject({
      range: 0,
      rangeExpr: {
        type: 'durationBinary',
        op: '+',
        lhs: { type: 'durationCall', fn: 'step' },
        rhs: { type: 'durationLiteral', ms: 60_000 },
      },
    });
    expect(parseExpr('foo offset -(1m)', x)).toMatchObject({
      offsetExpr: { type: 'durationUnary', op: '-', expr: { type: 'durationParen' } },
    });
  });
  it('sets anchored and smoothed', () => {
    expect(parseExpr('foo[1m] anchored', x)).toMatchObject({ vectorSelector: { anchored: true } });
    expect(parseExpr('foo smoothed', x)).toMatchObject({ smoothed: true });
  });
});

describe('operators', () => {
  const shape = (e: Expr): unknown => {
    switch (e.type) {
      case 'binaryExpr':
        return [shape(e.lhs), e.op, shape(e.rhs)];
      case 'unaryExpr':
        return [e.op, shape(e.expr)];
      case 'vectorSelector':
        return e.name;
      case 'numberLiteral':
        return e.val;
      default:
        return e.type;
    }
  };
  it.each([
    ['a + b * c', ['a', '+', ['b', '*', 'c']]],
    ['a * b + c', [['a', '*', 'b'], '+', 'c']],
    ['a - b - c', [['a', '-', 'b'], '-', 'c']],
    ['a ^ b ^ c', ['a', '^', ['b', '^', 'c']]],
    ['-a ^ b', ['-', ['a', '^', 'b']]],
    ['-a * b', [['-', 'a'], '*', 'b']],
    ['a or b and c', ['a', 'or', ['b', 'and', 'c']]],
    ['a and b unless c', [['a', 'and', 'b'], 'unless', 'c']],
    ['a == b + c', ['a', '==', ['b', '+', 'c']]],
    ['a atan2 b ^ c', ['a', 'atan2', ['b', '^', 'c']]],
    ['a </ b + c', ['a', '</', ['b', '+', 'c']]],
    ['-2 ^ 2', ['-', [2, '^', 2]]],
    ['- -2', 2],
    ['foo offset -2 ^ 2', ['foo', '^', 2]],
    ['foo offset 5m + 1', ['foo', '+', 1]],
    ['-foo offset 5m', ['-', 'foo']],
    ['a + b @ 10 * c', ['a', '+', ['b', '*', 'c']]],
  ])('%s', (q, want) => expect(shape(parseExpr(q))).toEqual(want));

  it('records vector matching', () => {
    expect(parseExpr('a * on(x) group_left(y) b')).toMatchObject({
      matching: { card: 'many-to-one', on: true, labels: ['x'], include: ['y'] },
    });
    expect(parseExpr('a and b')).toMatchObject({ matching: { card: 'many-to-many' } });
    expect(parseExpr('a + 1')).toMatchObject({ matching: null });
    expect(parseExpr('a > bool 1')).toMatchObject({ bool: true });
    expect(parseExpr('a + fill_left(1) fill_right(2) b', x)).toMatchObject({
      matching: { fillValues: { lhs: 1, rhs: 2 } },
    });
  });
});

describe('aggregations', () => {
  it.each([
    ['sum by (a) (x)', { op: 'sum', grouping: ['a'], without: false, hasGrouping: true, param: null }],
    ['sum(x) without (a, b)', { grouping: ['a', 'b'], without: true }],
    ['sum(x)', { grouping: [], hasGrouping: false }],
    ['topk(3, x)', { op: 'topk', param: { type: 'numberLiteral', val: 3 } }],
    ['count_values("v", x)', { param: { type: 'stringLiteral', val: 'v' } }],
  ])('%s', (q, want) => expect(parseExpr(q)).toMatchObject({ type: 'aggregation', ...want }));
});

describe('printing reads back', () => {
  it.each([
    'sum by ("without", "Inf", "nan", sum, by, "a.b") (foo)',
    'a + on ("without", offset) group_left ("NaN") b',
    'count(sum) + by + offset{on="x"}',
    '{"quoted name", "le"="1", "0x"="y"}',
  ])('%s', (q) => {
    const e = parseExpr(q);
    expect(stripPositions(parseExpr(formatExpr(e)))).toEqual(stripPositions(e));
  });
});

describe('typeOf', () => {
  it.each([
    ['1', 'scalar'],
    ['1 + 1', 'scalar'],
    ['foo + 1', 'vector'],
    ['"s"', 'string'],
    ['foo[5m]', 'matrix'],
    ['foo[5m:]', 'matrix'],
    ['rate(foo[5m])', 'vector'],
    ['scalar(foo)', 'scalar'],
    ['sum(foo)', 'vector'],
    ['(foo)', 'vector'],
    ['-1', 'scalar'],
  ])('%s is %s', (q, t) => expect(typeOf(parseExpr(q))).toBe(t));
});

describe('positions', () => {
  it('covers each node', () => {
    const q = 'sum by (a) (rate(foo{x="y"}[5m] offset 1m)) + -bar';
    const e = parseExpr(q);
    if (e.type !== 'binaryExpr') throw new Error('not binary');
    expect(q.slice(e.lhs.pos.start, e.lhs.pos.end)).toBe('sum by (a) (rate(foo{x="y"}[5m] offset 1m))');
    expect(q.slice(e.rhs.pos.start, e.rhs.pos.end)).toBe('-bar');
    const call = (e.lhs as Extract<Expr, { type: 'aggregation' }>).expr;
    expect(q.slice(call.pos.start, call.pos.end)).toBe('rate(foo{x="y"}[5m] offset 1m)');
  });
  it('reports line and column', () => {
    expect(() => parseExpr('sum(\n  foo bar)')).toThrow('2:7: parse error: unexpected identifier "bar" in aggregation');
  });
  it('counts columns in UTF-8 bytes as Prometheus does', () => {
    expect(() => parseExpr('{a="ü😀"} bar')).toThrow('1:14: parse error: unexpected identifier "bar"');
  });
  it('gives errors a plain position range', () => {
    try {
      parseExpr('foo{a="b"} + unknown_fn(x)');
    } catch (e) {
      expect((e as { pos: unknown }).pos).toEqual({ start: 13, end: 23 });
    }
    expect.assertions(1);
  });
  it('rejects an empty query', () => {
    expect(() => parseExpr('  ')).toThrow('no expression found in input');
  });
});

describe('parseMetricSelector', () => {
  it.each([
    ['up', [{ type: '=', name: '__name__', value: 'up' }]],
    ['foo{a!="b"}', [{ type: '!=', name: 'a', value: 'b' }, { type: '=', name: '__name__', value: 'foo' }]],
    ['{"a.b"=~"x"}', [{ type: '=~', name: 'a.b', value: 'x' }]],
    ['{}', []],
    ['sum', [{ type: '=', name: '__name__', value: 'sum' }]],
  ])('%s', (q, want) => expect(parseMetricSelector(q)).toEqual(want));
  it.each([
    ['foo offset 5m', '1:5: parse error: unexpected <offset>'],
    ['foo[5m]', '1:4: parse error: unexpected "["'],
    ['sum(foo)', '1:4: parse error: unexpected "("'],
    ['1', '1:1: parse error: unexpected number "1"'],
    ['foo{a=~"("}', '1:5: parse error: error parsing regexp: missing closing ): `(`'],
  ])('%s fails', (q, msg) => expect(() => parseMetricSelector(q)).toThrow(msg));
});
