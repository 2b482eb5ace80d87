import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/promql/ast';
import { formatExpr, parseExpr } from '../../../../src/promql/parser';

const SEEDS = [
  'sum by (job) (rate(http_requests_total{job="api", code=~"5.."}[5m] offset 1h))',
  'histogram_quantile(0.9, sum without (instance) (rate(foo_bucket[1m])))',
  'a * on (x) group_left (y) fill (0) b > bool 1',
  'topk(3, foo @ start())[30m:1m] offset -5m',
  '{"my.metric", "a.b"=~"x|y"} unless ignoring (z) bar',
  'foo[step() + 1m:min_of(range(), 1h)] anchored',
  "-(1 + 2) ^ -3 % 0x1f - 'str' + `raw`",
  'label_replace(up, "a", "$1", "b", "(.*)") and on () vector(1)',
];
const PIECES = ['(', ')', '{', '}', '[', ']', ',', ':', '=', '=~', '!~', '!=', '"', "'", '`', '\\', '@', '#', '\n', ' ',
  '+', '-', '*', '/', '%', '^', '==', '<', '>/', 'sum', 'by', 'offset', 'bool', 'on', 'group_left', 'fill', 'step()',
  '5m', '1.5', '0x', 'e', '_', 'Inf', 'foo', 'é', '\uD800', '😀']; // prettier-ignore

/** parseOrError parses with and without the experimental option; anything but a ParseError fails the test. */
function parseOrError(q: string): void {
  for (const experimental of [false, true]) {
    try {
      const e = parseExpr(q, { experimental });
      parseExpr(formatExpr(e), { experimental });
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      expect(err.pos.start).toBeGreaterThanOrEqual(0);
      expect(err.pos.end).toBeLessThanOrEqual(q.length);
    }
  }
}

/** SLOW is the timeout for property runs on a busy machine (they take about a second alone). */
const SLOW = 60_000;

describe('fuzz: only ParseError is ever thrown', () => {
  it('on random strings of PromQL pieces', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (parts) => parseOrError(parts.join(''))), {
      numRuns: 3000,
    });
  }, SLOW);
  it('on random unicode strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), parseOrError), { numRuns: 2000 });
  }, SLOW);
  it('on mutated valid queries', () => {
    const mutation = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(mutation, ([seed, edits]) => {
        let q = seed;
        for (const [at, del, ins] of edits) {
          const i = at % (q.length + 1);
          q = q.slice(0, i) + ins + q.slice(i + del);
        }
        parseOrError(q);
      }),
      { numRuns: 3000 },
    );
  }, SLOW);
  it('on deep nesting', () => {
    for (const q of ['('.repeat(50_000), '('.repeat(30_000) + '1' + ')'.repeat(30_000), '-'.repeat(30_000) + '1', 'a' + ' + a'.repeat(20_000)]) {
      parseOrError(q);
    }
  }, SLOW);
});
