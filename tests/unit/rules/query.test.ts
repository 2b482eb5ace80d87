import { describe, expect, it } from 'vitest';
import { queryFuncOf, type InstantQueryData } from '../../../src/rules/query';

describe('queryFuncOf', () => {
  const run = (d: InstantQueryData) => queryFuncOf(async () => d);
  it('passes vectors through and turns a scalar into one unlabelled sample', async () => {
    expect(await run({ resultType: 'vector', result: [{ labels: ['a', 'b'], v: 2 }] })('x', 0)).toEqual([{ labels: ['a', 'b'], value: 2 }]);
    expect(await run({ resultType: 'scalar', result: { v: 3 } })('x', 0)).toEqual([{ labels: [], value: 3 }]);
  });
  it('rejects other result types as Prometheus does', async () => {
    await expect(run({ resultType: 'string', result: 'a' })('x', 0)).rejects.toThrow('rule result is not a vector or scalar');
  });
  it('passes the expression, time and signal', async () => {
    const seen: unknown[] = [];
    const signal = new AbortController().signal;
    await queryFuncOf(async (e, t, s) => {
      seen.push(e, t, s);
      return { resultType: 'vector', result: [] };
    })('up', 42, signal);
    expect(seen).toEqual(['up', 42, signal]);
  });
});
