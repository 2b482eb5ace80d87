/**
 * Robustness: mutated valid bodies either parse or fail with one positioned ExpositionError (never another
 * exception, never a hang), and hostile bodies take time proportional to their size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpositionError, newParser, type Format } from '../../../src/exposition/index';

const SEEDS: readonly [Format, string][] = [
  ['text', '# HELP a The a.\n# TYPE a counter\na{x="1",y="b\\"q"} 1 1000\n{"my.metric","l.x"="v"} +Inf\nb NaN\n'],
  ['openmetrics', '# TYPE h histogram\n# HELP h x\nh_bucket{le="1"} 1 # {t="a"} 0.5 1.5\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 3\n# EOF\n'],
  [
    'openmetrics2',
    '# TYPE h histogram\nh{a="b"} {count:4,sum:1.5,schema:3,zero_threshold:1e-4,zero_count:1,negative_spans:[1:1],negative_buckets:[1],positive_spans:[-3:1,2:1],positive_buckets:[1,1],bucket:[0.5:2,+Inf:4]} 1 st@0.5 # {t="a"} 0.5 1.5\n# TYPE q summary\nq {count:1,sum:2,quantile:[0.5:1]}\n# TYPE c counter\nc 1 st@1\n# EOF\n',
  ],
  ['openmetrics', '# TYPE s stateset\ns{s="a"} 1\n# TYPE i info\ni_info{v="1"} 1\n# TYPE q summary\nq{quantile="0.5"} 1\nq_count 1\nq_sum 1\n# EOF\n'],
];

const ALPHABET = ['{', '}', '[', ']', ':', 'st@', '"', '\\', '\n', ' ', '\t', '#', '=', ',', '1', 'e', '.', '-', '+', 'a', '_', 'é', '\u{1F600}', 'EOF', 'Inf'];

type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; len: number } | { kind: 'copy'; at: number; len: number; to: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }), to: fc.nat() }),
);

function mutate(body: string, ms: readonly Mutation[]): string {
  let s = body;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else {
      const to = s.length === 0 ? 0 : m.to % (s.length + 1);
      s = s.slice(0, to) + s.slice(at, at + m.len) + s.slice(to);
    }
  }
  return s;
}

/** outcome drains a parser, reading every accessor, and returns the sample count or the error. */
function outcome(body: string, format: Format): number | ExpositionError {
  const p = newParser(body, format);
  let n = 0;
  try {
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e === 'series') {
        p.labels();
        p.seriesKey();
        p.value();
        p.exemplar();
        p.histogram?.();
        p.startTimestamp?.();
        n++;
      } else if (e === 'help') p.help();
    }
  } catch (e) {
    if (e instanceof ExpositionError) return e;
    throw e;
  }
  return n;
}

describe('mutated bodies', () => {
  it('parse or fail with one positioned ExpositionError', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), ([format, seed], ms) => {
        const body = mutate(seed, ms);
        for (const f of ['text', 'openmetrics', 'openmetrics2'] as const) {
          const r = outcome(body, f);
          if (typeof r === 'number') continue;
          const lines = body.split('\n');
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(r.line).toBeLessThanOrEqual(lines.length);
          expect(r.column).toBeGreaterThanOrEqual(1);
          expect(r.column).toBeLessThanOrEqual(lines[r.line - 1].length + 1);
          expect(r.message).toBe(`line ${r.line}, column ${r.column}: ${r.msg}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const HOSTILE: readonly [string, (n: number) => string][] = [
  ['open braces', (n) => 'a{'.repeat(n)],
  ['unterminated quote', (n) => `a{x="${'y'.repeat(n)}`],
  ['backslashes', (n) => `a{x="${'\\'.repeat(n)}`],
  ['many labels', (n) => `a{${'x="1",'.repeat(n)}} 1\n`],
  ['many short lines', (n) => 'a 1\n'.repeat(n)],
  ['many metadata lines', (n) => '# HELP a x\n'.repeat(n)],
  ['long comment', (n) => `#${' '.repeat(n)}\n`],
  ['hashes', (n) => '#'.repeat(n)],
  ['long value', (n) => `a ${'9'.repeat(n)}\n`],
  ['exemplar braces', (n) => `a_total 1 # {${'x="1",'.repeat(n)}`],
];

describe('hostile bodies', () => {
  it.each(HOSTILE)('%s: a megabyte finishes in linear time with a count or an ExpositionError', { timeout: 120_000 }, (_name, make) => {
    let n = 1024;
    while (make(n).length < 1 << 20) n *= 2;
    const body = make(n);
    const t0 = performance.now();
    for (const f of ['text', 'openmetrics'] as const) {
      const r = outcome(body, f);
      expect(typeof r === 'number' || r instanceof ExpositionError).toBe(true);
    }
    // Generous on purpose (no tight timing): a quadratic scan of a megabyte would take minutes, not seconds.
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
