import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../../src/model/labels';
import { STALE_NAN } from '../../../../src/model/value';
import { Engine, QueryError } from '../../../../src/promql/engine';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';

const data = new MemoryStorage();
for (let s = 0; s < 6; s++) {
  for (let i = 0; i < 40; i++) {
    const v = i % 13 === 7 ? STALE_NAN : s % 3 === 0 ? i * s : Math.sin(i + s) * 10;
    data.append(labelsFromObject({ __name__: s < 3 ? 'm_total' : 'g', pod: `p${s % 2}`, i: String(s) }), i * 30_000, v);
  }
}

const selector = fc.constantFrom('m_total', 'g', 'm_total{pod="p0"}', '{__name__=~"m_total|g"}', 'nothing');
const range = fc.constantFrom('1m', '5m', '90s');
const scalar = fc.constantFrom('0', '1', '-2.5', 'NaN', 'Inf', '0.5');

const vector: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    selector,
    fc.tuple(fc.constantFrom('rate', 'increase', 'avg_over_time', 'max_over_time', 'changes'), selector, range).map(([f, s, r]) => `${f}(${s}[${r}])`),
    fc.tuple(fc.constantFrom('sum', 'avg', 'max', 'count', 'stddev', 'group'), fc.constantFrom('', ' by (pod)', ' without (i)'), tie('v')).map(([a, g, v]) => `${a}${g} (${v})`),
    fc.tuple(fc.constantFrom('topk', 'bottomk', 'quantile', 'limitk'), scalar, tie('v')).map(([a, p, v]) => `${a}(${p}, ${v})`),
    fc.tuple(tie('v'), fc.constantFrom('+', '*', '/', '>', '<= bool', 'and', 'or', 'unless', '- on(pod) group_left()'), tie('v')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
    fc.tuple(tie('v'), fc.constantFrom('+', '^', '%', '>'), scalar).map(([a, o, b]) => `(${a}) ${o} ${b}`),
    fc.tuple(fc.constantFrom('abs', 'ceil', 'sqrt', 'ln', 'timestamp', 'absent', 'sort'), tie('v')).map(([f, v]) => `${f}(${v})`),
    fc.tuple(tie('v'), range).map(([v, r]) => `max_over_time((${v})[${r}:30s])`),
    tie('v').map((v) => `label_replace(${v}, "x", "$1", "pod", "p(.*)")`),
  ),
})).v;

const ALLOWED = [
  'vector cannot contain metrics with the same labelset',
  'multiple matches for labels',
  'found duplicate series for the match group',
  'query processing would load too many samples',
  'query timed out',
  'overflows int64',
  'underflows int64',
  'Parameter value is NaN',
  'Ratio value is NaN',
];

describe('engine fuzz', () => {
  it('random queries finish or fail with a query error', async () => {
    const engine = new Engine({ timeoutMs: 2_000, maxSamples: 200_000, experimental: true });
    await fc.assert(
      fc.asyncProperty(vector, fc.boolean(), async (q, asRange) => {
        try {
          if (asRange) await engine.rangeQuery(data, q, 0, 1_200_000, 45_000);
          else await engine.instantQuery(data, q, 600_000);
        } catch (e) {
          expect(e).toBeInstanceOf(QueryError);
          const msg = (e as Error).message;
          expect(ALLOWED.some((a) => msg.includes(a)), `${q}: ${msg}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
