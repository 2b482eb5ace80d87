/**
 * The one-pass reader of common sample lines must be invisible: on any body, a parser with it and a parser that
 * reads every line the general way return the same entries, accessor values and errors.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpositionError } from '../../../src/exposition/index';
import { Parser } from '../../../src/exposition/parser';

type Mode = readonly [om: boolean, strict: boolean];
const MODES: readonly Mode[] = [
  [false, true],
  [true, true],
  [true, false],
];

/** trace drains a parser and records everything its accessors return, ending with the error if one is thrown. */
function trace(body: string, [om, strict]: Mode, fast: boolean): unknown[] {
  const p = new Parser(body, om, strict, fast);
  const out: unknown[] = [];
  try {
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e === 'series') {
        out.push([e, p.seriesKey(), p.metricName(), p.labels(), Object.is(p.value(), -0) ? '-0' : p.value(), p.timestamp(), p.exemplar()]);
      } else if (e === 'comment') {
        out.push([e, p.comment()]);
      } else {
        out.push([e, p.family(), e === 'help' ? p.help() : e === 'unit' ? p.unit() : p.type()]);
      }
    }
  } catch (e) {
    if (!(e instanceof ExpositionError)) throw e;
    out.push(e.message);
  }
  return out;
}

function expectSame(body: string): void {
  for (const mode of MODES) expect(trace(body, mode, true), JSON.stringify(body)).toEqual(trace(body, mode, false));
}

const NAMES = ['a', 'a_total', 'h_bucket', 'h_count', 'h_sum', 'q', 'x:y', 'é', '1a', '__name__', '', '"a.b"', 'a b'];
const LABEL_NAMES = ['x', 'le', 'quantile', '__name__', 'a1', '_', '1x', '"l.x"', 'x ', ''];
const LABEL_VALUES = ['', '1', '+Inf', '0.5', 'a b', 'say \\"hi\\"', 'a\\\\b', 'a\\nb', 'x\ny', 'é', '\\', '"', 'v'.repeat(40)];
const VALUES = ['1', '-1', '0', '-0', '1.5', '.5', '5.', '1e3', '1.2e-3', '123456789012345', '1234567890123456', '0.1234567890123456',
  '1e', '1e+', '1E5', '-2.5e-3', '1e-400', '1e0400', '1e22', '1e23', '9e-22', '.5e1', 'NaN', '+Inf', '-Inf', 'inf', '0x1p-3', '+1', '1_0', '1.2.3', '-', '.', '', '1x', '٣'];
const TIMESTAMPS = ['', ' 1000', ' 1.5', ' -1', ' 12345678901234567', ' 12345678901234567890', ' x', '  7', '\t7', ' 1 2', ' 1 ', ' 1e3'];
const EXEMPLARS = ['', ' # {t="a"} 1', ' # {t="a"} 1 2', ' # {} 1', ' #x'];
const SEPARATORS = [' ', '  ', '\t', '', ' \t'];

const labelArb = fc.tuple(fc.constantFrom(...LABEL_NAMES), fc.constantFrom('=', ' = ', '=='), fc.constantFrom(...LABEL_VALUES));
const labelsArb = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.array(labelArb, { maxLength: 4 }), fc.constantFrom(',', ', ', ' '), fc.constantFrom('}', ',}', ''))
    .map(([ls, sep, close]) => `{${ls.map(([n, eq, v]) => `${n}${eq}"${v}"`).join(sep)}${close}`),
);
const lineArb = fc.oneof(
  { weight: 6, arbitrary: fc
    .tuple(fc.constantFrom(...NAMES), labelsArb, fc.constantFrom(...SEPARATORS), fc.constantFrom(...VALUES), fc.constantFrom(...TIMESTAMPS), fc.constantFrom(...EXEMPLARS))
    .map(([n, l, sep, v, t, ex]) => `${n}${l}${sep}${v}${t}${ex}`) },
  { weight: 1, arbitrary: fc.constantFrom('# TYPE h histogram', '# TYPE a counter', '# HELP a x', '# UNIT a_s s', '', '# c', '  ') },
);
const bodyArb = fc
  .tuple(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n# EOF\n', '\n', ''))
  .map(([lines, end]) => lines.join('\n') + end);

describe('fast and general sample readers agree', () => {
  it('on generated bodies in every mode', { timeout: 120_000 }, () => {
    fc.assert(fc.property(bodyArb, expectSame), { numRuns: 3000 });
  });

  it.each([
    ['a{x="1",y="2"} 3 4\n'],
    ['a{x="1",x="2"} 1\n'],
    ['a{__name__="b"} 1\n'],
    ['a{x="1",} 1\n# EOF\n'],
    [`a{${Array.from({ length: 20 }, (_, i) => `l${i}="v"`).join(',')}} 1\n`],
    [`a{${Array.from({ length: 20 }, (_, i) => `l${i % 17}="v"`).join(',')}} 1\n`],
    ['a{x="1\n2"} 1\n'],
    ['a{x="1\\"} 2"} 1\n'],
    ['a 1 1700000000.123\n# EOF\n'],
    ['a 12345678901234567890\n'],
    ['abc 1\nab 2\nabcd 3\nabc{x="1"} 4\nabc 5\nabc'],
    ['node_cpu_total 1\nnode_cpu_total{a="1"} 2\nnode_cpu_totaX 3\nnode_cpu_total:x 4\nnode_cpu_total'],
    ['a{x="é"} 1\nb{y="\u{1F600}"} 2\né 3\n'],
    ['a 1\u0000\nb{x="\u0000"} 2\nc\u0000 3\n'],
  ])('on %j', (body) => expectSame(body));

  const dir = path.resolve(__dirname, '../../../../shared/testdata/openmetrics/textparse');
  it.skipIf(!existsSync(dir))(`on the textparse files (skipped: ${dir} is absent)`, () => {
    for (const file of readdirSync(dir)) expectSame(readFileSync(path.join(dir, file), 'utf8'));
  });
});
