import { describe, expect, it } from 'vitest';
import { children, formatExpr, parseExpr, walk } from '../../../../src/promql/parser';
import type { Expr } from '../../../../src/promql/ast';

describe('children', () => {
  it.each([
    ['topk(3, foo)', ['3', 'foo']],
    ['a + b', ['a', 'b']],
    ['clamp(a, 0, 1)', ['a', '0', '1']],
    ['foo[5m]', ['foo']],
    ['(foo)[5m:]', ['(foo)']],
    ['(foo)', ['foo']],
    ['-foo', ['foo']],
    ['foo', []],
    ['1', []],
    ['"s"', []],
  ])('%s', (q, want) => expect(children(parseExpr(q)).map(formatExpr)).toEqual(want));
});

describe('walk', () => {
  it('visits parents before children with the ancestor path', () => {
    const seen: string[] = [];
    walk(parseExpr('sum(rate(foo[5m])) + 1'), (e: Expr, path) => {
      seen.push(`${path.length}:${e.type}`);
    });
    expect(seen).toEqual(['0:binaryExpr', '1:aggregation', '2:call', '3:matrixSelector', '4:vectorSelector', '1:numberLiteral']);
  });
  it('skips the children of a node when visit returns false', () => {
    const seen: string[] = [];
    walk(parseExpr('sum(rate(foo[5m])) + bar'), (e) => {
      seen.push(e.type);
      return e.type !== 'aggregation';
    });
    expect(seen).toEqual(['binaryExpr', 'aggregation', 'vectorSelector']);
  });
});
