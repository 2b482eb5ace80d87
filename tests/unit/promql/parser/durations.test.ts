import { describe, expect, it } from 'vitest';
import { durationMs, evalDurationMs, parseExpr } from '../../../../src/promql/parser';
import type { DurationExpr, Expr } from '../../../../src/promql/ast';

const env = { stepMs: 15_000, rangeMs: 3_600_000 };

/** rangeOf returns the range expression of `foo[...]`. */
function rangeOf(q: string): DurationExpr {
  const e = parseExpr(`foo[${q}]`, { experimental: true }) as Extract<Expr, { type: 'matrixSelector' }>;
  if (!e.rangeExpr) throw new Error(`${q} is a literal`);
  return e.rangeExpr;
}

describe('durationMs', () => {
  it.each<[string, number | string]>([
    ['0', 0],
    ['1y2w3d4h5m6s7ms', 31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7],
    ['90s', 90_000],
    ['', 'empty duration string'],
    ['1m1h', 'not a valid duration string: "1m1h"'],
    ['5', 'not a valid duration string: "5"'],
    ['5x', 'unknown unit "x" in duration "5x"'],
    ['300000y', 'duration out of range'],
  ])('%j', (text, want) => expect(durationMs(text)).toBe(want));
});

describe('evalDurationMs', () => {
  it.each<[string, number]>([
    ['step()', 15_000],
    ['range()', 3_600_000],
    ['step() * 2 + 1', 31_000],
    ['-step() + 1m', 45_000],
    ['min_of(step(), 10s)', 10_000],
    ['max_of(step(), 10s)', 15_000],
    ['(1h % 7m)', 4 * 60_000],
    ['2 ^ 3', 8000],
    ['1h / 7', 514_285],
  ])('%s', (q, ms) => expect(evalDurationMs(rangeOf(q), env, false)).toBe(ms));

  it.each<[string, boolean, string]>([
    ['step() - 15s', false, 'duration must be greater than 0'],
    ['step() / (step() - 15s)', true, 'division by zero'],
    ['step() % (step() - 15s)', true, 'modulo by zero'],
    ['step() ^ 1000', true, 'duration is NaN or infinite'],
    ['step() * 1e9', true, 'duration is out of range'],
  ])('%s fails', (q, allowNegative, msg) => expect(() => evalDurationMs(rangeOf(q), env, allowNegative)).toThrow(msg));

  it('allows a negative offset', () => expect(evalDurationMs(rangeOf('1m - step()'), env, true)).toBe(45_000));
  it('allows a negative offset expression', () => {
    const e = parseExpr('foo offset -step()', { experimental: true }) as Extract<Expr, { type: 'vectorSelector' }>;
    expect(evalDurationMs(e.offsetExpr!, env, true)).toBe(-15_000);
  });
});

describe('parse errors around durations and numbers', () => {
  it.each([
    ['foo[300000y]', 'duration out of range'],
    ['.5.3', 'error parsing number: strconv.ParseFloat: parsing ".5.3": invalid syntax'],
    ['0x' + 'f'.repeat(300), 'value out of range'],
    ['!x info(foo, sum(bar))', 'expected label selectors only'],
    ['(((1)))'.replace('1', '('.repeat(40_000)), 'expression nested too deeply'],
  ])('%s', (q, msg) => {
    const experimental = q.startsWith('!x ');
    expect(() => parseExpr(experimental ? q.slice(3) : q, { experimental })).toThrow(msg);
  });
});
