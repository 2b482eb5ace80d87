import { describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/promql/engine/engine';
import { QueryError } from '../../../../src/promql/engine/types';
import { MAX_DEPTH, MAX_QUERY_LENGTH, ParseError, parseExpr } from '../../../../src/promql/parser';
import { QueryService } from '../../../../src/api/query_service';
import type { Queryable } from '../../../../src/model/storage';
import { Head } from '../../../../src/tsdb/head';

const chain = (op: string, term: string, n: number) => Array(n).fill(term).join(` ${op} `);
const nestCalls = (open: string, leaf: string, levels: number) => open.repeat(levels) + leaf + ')'.repeat(levels);
const nestSubqueries = (n: number) => {
  let s = 'up';
  for (let i = 0; i < n; i++) s = `max_over_time((${s})[5m:1m])`;
  return s;
};

/** Each shape at exactly MAX_DEPTH levels, the deepest a query may be. */
const AT_LIMIT: [string, string][] = [
  ['a + chain', chain('+', '1', MAX_DEPTH + 1)],
  ['a vector + chain', chain('+', 'up', MAX_DEPTH + 1)],
  ['a ^ chain', chain('^', 'up', MAX_DEPTH + 1)],
  ['an or chain with matching', chain('or on(job)', 'up', MAX_DEPTH + 1)],
  ['parentheses', nestCalls('(', 'up', MAX_DEPTH)],
  ['unary minus', '-'.repeat(MAX_DEPTH) + 'up'],
  ['nested sum', nestCalls('sum(', 'up', MAX_DEPTH)],
  ['nested topk', nestCalls('topk(1, ', 'up', MAX_DEPTH)],
  ['nested abs', nestCalls('abs(', 'up', MAX_DEPTH)],
  ['nested subqueries', '-'.repeat(MAX_DEPTH % 3) + nestSubqueries(Math.floor(MAX_DEPTH / 3))],
];

describe('parse depth and size limits', () => {
  it('rejects the 4,576-term sum from the fault report as a parse error with a position', () => {
    const q = chain('+', '1', 4576).replaceAll(' ', '');
    expect(q.length).toBe(9151);
    let err: unknown;
    try {
      parseExpr(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).msg).toBe(`expression nested too deeply (more than ${MAX_DEPTH} levels)`);
  });

  it.each([
    ['a long ^ chain', chain('^', '2', 20_000)],
    ['2,133 nested subqueries', nestSubqueries(2133)],
    ['40,000 parentheses', nestCalls('(', '1', 40_000)],
    ['50,000 unary minus signs', '-'.repeat(50_000) + '1'],
    ['nested duration arithmetic', `rate(up[${nestCalls('(', '1m', 5_000)}])`],
    ['a long duration chain', `rate(up[${chain('+', '1m', 5_000)}])`],
  ])('rejects %s as too deep, never overflowing the stack', (_, q) => {
    expect(() => parseExpr(q, { experimental: true })).toThrow(/expression nested too deeply \(more than \d+ levels\)/);
  });

  it.each(AT_LIMIT)('accepts %s at the limit and rejects one level more', (_, q) => {
    expect(() => parseExpr(q)).not.toThrow();
    expect(() => parseExpr(`(${q})`)).toThrow(ParseError);
  });

  it('rejects a query longer than MAX_QUERY_LENGTH and accepts one of that length', () => {
    const body = (n: number) => `up{a="${'x'.repeat(n - 8)}"}`;
    expect(() => parseExpr(body(MAX_QUERY_LENGTH))).not.toThrow();
    expect(() => parseExpr(body(MAX_QUERY_LENGTH + 1))).toThrow(`query too long (${MAX_QUERY_LENGTH + 1} characters, at most ${MAX_QUERY_LENGTH})`);
  });
});

describe('every evaluation failure is a QueryError', () => {
  const engine = new Engine();

  it.each(AT_LIMIT)('evaluates %s at the limit', { timeout: 30_000 }, async (_, q) => {
    await expect(engine.rangeQuery(new Head(), q, 0, 600_000, 60_000)).resolves.toBeDefined();
  });

  it('a too-deep query is a bad_data QueryError', async () => {
    const err = await engine.instantQuery(new Head(), chain('+', '1', 4576), 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ errorType: 'bad_data', message: expect.stringMatching(/^1:\d+: parse error: expression nested too deeply/) });
  });

  it.each([
    ['a stack overflow', new RangeError('Maximum call stack size exceeded'), 'query too complex to evaluate: the call stack overflowed'],
    ['any other error', new TypeError('boom'), 'boom'],
  ])('%s in the storage becomes an execution QueryError', async (_, thrown, message) => {
    const failing: Queryable = {
      querier: () => ({
        select: async () => {
          throw thrown;
        },
        labelNames: async () => [],
        labelValues: async () => [],
        series: async () => [],
      }),
    };
    const err = await engine.instantQuery(failing, 'up', 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ errorType: 'execution', message });
  });

  it('the query API answers a too-deep query with an error response, not a throw', async () => {
    const svc = new QueryService();
    svc.useQueryable(new Head());
    const res = await svc.query(nestSubqueries(2133), 0);
    expect(res).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(res.parseError?.message).toMatch(/nested too deeply/);
  });
});
