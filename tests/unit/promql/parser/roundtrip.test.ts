import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr } from '../../../../src/promql/parser';
import { stripPositions } from './strip';

const x = { experimental: true };

/** Arbitraries that build valid PromQL text by value type; parsing, printing and parsing again must agree. */
const metric = fc.constantFrom('foo', 'bar_total', 'a:b:c', 'sum', 'offset', 'by', 'min_of', 'fill');
const labelName = fc.constantFrom('job', 'le', '__name__x', 'a.b', 'é', 'on', 'by');
const value = fc.string({ maxLength: 6, unit: fc.constantFrom('a', '"', '\\', '\n', 'é', '😀', '\t', "'", '`') });
const quote = (s: string) => JSON.stringify(s);
const label = labelName.map((n) => (/^[a-zA-Z_]\w*$/.test(n) ? n : quote(n)));
const matcher = fc.tuple(label, fc.constantFrom('=', '!=', '=~', '!~'), value).map(([n, op, v]) => {
  const safe = op.includes('~') ? v.replace(/[\\"()[\]{}*+?|^$.]/g, 'x') : v;
  return `${n}${op}${quote(safe)}`;
});
const duration = fc.constantFrom('5m', '1h30m', '90', '1.5', '10s', '1d', '2w', '1y', '100ms');
const durationExpr = fc.oneof(
  duration,
  fc.constantFrom('step()', 'range()', '(5m)', '5m + 1m', '2 * (10 + 5)', 'min_of(step(), 1h)', '-5m + 1h', '1h / 2'),
);
// Prometheus's lexer accepts ':' only after a number was seen inside the brackets, so subquery ranges start with one.
const subqueryRange = fc.oneof(duration, fc.constantFrom('5m + step()', '2 * (10 + 5)', '1h / 2'));
const offset = fc.oneof(
  fc.constant(''),
  duration.map((d) => ` offset ${d}`),
  duration.map((d) => ` offset -${d}`),
  fc.constantFrom(' offset step()', ' offset -(1m + 2m)'),
);
const at = fc.constantFrom('', ' @ 100', ' @ -1.5', ' @ start()', ' @ end()');
const selector = fc.tuple(fc.option(metric, { nil: '' }), fc.array(matcher, { maxLength: 3 })).map(([m, ms]) => {
  if (m === '') return `{${['job="x"', ...ms].join(', ')}}`;
  return ms.length ? `${m}{${ms.join(',')}}` : m;
});
const number = fc.constantFrom('1', '0x1f', '1_000', '.5', '1e3', 'Inf', 'NaN', '5m', '010', '3.25');
const str = value.map(quote);

const { vector } = fc.letrec<{ vector: string; scalar: string; matrix: string }>((tie) => ({
  vector: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(selector, at, offset).map(([s, a, o]) => s + a + o),
    fc.tuple(selector, fc.constantFrom('', ' anchored', ' smoothed')).map(([s, m]) => s + m),
    // After `offset (...)` Prometheus's grammar goes on reading duration arithmetic, so it needs parentheses.
    selector.map((s) => `(${s} offset (5m) * 2)`),
    tie('matrix').map((m) => `rate(${m})`),
    fc.tuple(fc.constantFrom('sum', 'avg', 'max', 'group'), fc.constantFrom('', ' by (job)', ' without (le, "a.b")', ' by ()'), tie('vector')).map(
      ([op, g, v]) => `${op}${g} (${v})`,
    ),
    fc.tuple(tie('scalar'), tie('vector')).map(([s, v]) => `topk(${s}, ${v})`),
    fc.tuple(str, tie('vector')).map(([s, v]) => `count_values(${s}, ${v})`),
    fc.tuple(tie('vector'), fc.constantFrom('+', '-', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '< bool', '</', '>/'), tie('vector')).map(
      ([a, op, b]) => `${a} ${op} ${b}`,
    ),
    fc.tuple(tie('vector'), fc.constantFrom('+ on (job)', '* ignoring (le) group_left (a)', '- on () group_right ()', '+ fill (0)', '/ fill_left (1) fill_right (-2)'), tie('vector')).map(
      ([a, op, b]) => `(${a}) ${op} (${b})`,
    ),
    fc.tuple(tie('vector'), fc.constantFrom('and', 'or', 'unless', 'and on (job)', 'or ignoring (le)'), tie('vector')).map(
      ([a, op, b]) => `(${a}) ${op} (${b})`,
    ),
    fc.tuple(tie('vector'), tie('scalar')).map(([v, s]) => `${v} * ${s}`),
    tie('vector').map((v) => `(${v})`),
    tie('vector').map((v) => `-${v}`),
    tie('scalar').map((s) => `vector(${s})`),
    fc.tuple(tie('vector'), str).map(([v, s]) => `label_join(${v}, "dst", ${s}, "a", "b")`),
  ),
  scalar: fc.oneof(
    { depthSize: 'small' },
    number,
    number.map((n) => `-${n}`),
    fc.tuple(tie('scalar'), fc.constantFrom('+', '*', '^', '== bool', '-'), tie('scalar')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('scalar').map((s) => `(${s})`),
    tie('vector').map((v) => `scalar(${v})`),
    fc.constant('time()'),
  ),
  matrix: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(selector, durationExpr, fc.constantFrom('', ' anchored'), at, offset).map(([s, d, m, a, o]) => `${s}[${d}]${m}${a}${o}`),
    fc.tuple(tie('vector'), subqueryRange, fc.option(durationExpr, { nil: '' }), at, offset).map(
      ([v, r, st, a, o]) => `(${v})[${r}:${st}]${a}${o}`,
    ),
  ),
}));

/** SLOW is the timeout for property runs on a busy machine (they take about a second alone). */
const SLOW = 60_000;

describe('print then parse gives the same tree', () => {
  it('for generated expressions', () => {
    fc.assert(
      fc.property(vector, (q) => {
        const e = parseExpr(q, x);
        const printed = formatExpr(e);
        expect(stripPositions(parseExpr(printed, x))).toEqual(stripPositions(e));
        expect(formatExpr(parseExpr(printed, x))).toBe(printed);
      }),
      { numRuns: 1500 },
    );
  }, SLOW);
});
