/** Every error message: one malformed input each, with the exact line, column and message expected. */
import { describe, expect, it } from 'vitest';
import { ExpositionError, LIMITS, newParser } from '../../../src/exposition/index';
import { errorOf } from './helpers';

const manyLabels = `a{${Array.from({ length: LIMITS.labels + 1 }, (_, i) => `l${i}="v"`).join(',')}} 1\n`;

const TEXT: readonly [string, string][] = [
  ['a{job"x"} 1\n', 'line 1, column 6: expected "=" after label name "job"'],
  ['# ok\nhttp_requests{job=x} 1\n', 'line 2, column 19: expected quoted label value after "job"='],
  ['a{x="1"\n', 'line 1, column 8: expected "," or "}" after label value'],
  ['a{x="1} 1\n', 'line 1, column 5: unterminated quoted string'],
  ['a{=} 1\n', 'line 1, column 3: expected label name'],
  ['a{x="1"', 'line 1, column 8: expected "," or "}" after label value'],
  ['a{x="1",', 'line 1, column 2: unterminated label set'],
  ['a\n', 'line 1, column 2: expected value'],
  ['a 1x\n', 'line 1, column 3: invalid value "1x"'],
  ['a 1_000\n', 'line 1, column 3: invalid value "1_000"'],
  ['a 1 2 3\n', 'line 1, column 7: expected end of line after the timestamp'],
  ['a 1 1.5\n', 'line 1, column 6: expected end of line after the timestamp'],
  ['a 1 x\n', 'line 1, column 5: expected timestamp or end of line after the value'],
  ['a 1 -5\n', 'line 1, column 5: expected timestamp or end of line after the value'],
  ['a 1 12345678901234567890\n', 'line 1, column 5: timestamp out of range'],
  ['0a 1\n', 'line 1, column 1: expected metric name'],
  ['{x="1"} 1\n', 'line 1, column 1: metric name not set (expected a quoted name inside the braces)'],
  ['{"a","b"} 1\n', 'line 1, column 6: metric name given twice'],
  ['a{x="1",x="2"} 1\n', 'line 1, column 9: duplicate label name "x"'],
  ['a{__name__="b"} 1\n', 'line 1, column 3: label "__name__" repeats the metric name'],
  ['a{"__name__"="b"} 1\n', 'line 1, column 4: label "__name__" repeats the metric name'],
  ['a{"\\q"="1","\\\\q"="2"} 1\n', 'line 1, column 13: duplicate label name "\\q"'],
  ['a{x="1","x"="2"} 1\n', 'line 1, column 10: duplicate label name "x"'],
  ['# TYPE a gaugehistogram\n', 'line 1, column 10: invalid metric type "gaugehistogram"'],
  ['# TYPE a\n', 'line 1, column 9: expected text after metric name in TYPE'],
  ['# HELP 1a x\n', 'line 1, column 8: expected metric name after HELP'],
  ['# HELP a.b x\n', 'line 1, column 9: expected " " after metric name in HELP'],
  [`a{${'x'.repeat(LIMITS.nameLength + 1)}="1"} 1\n`, `line 1, column 3: label name longer than ${LIMITS.nameLength}`],
  [`a{x="${'v'.repeat(LIMITS.valueLength + 1)}"} 1\n`, `line 1, column 5: label value longer than ${LIMITS.valueLength}`],
  ['a{x="1\\\n"} 1\n', 'line 1, column 7: backslash at the end of a line inside a quoted string'],
  [`${'x'.repeat(LIMITS.nameLength + 1)} 1\n`, `line 1, column 1: metric name longer than ${LIMITS.nameLength}`],
  [manyLabels, `line 1, column ${manyLabels.indexOf(`l${LIMITS.labels}=`) + 1}: more than ${LIMITS.labels} labels`],
];

const OM: readonly [string, string][] = [
  ['a 1\n', 'line 2, column 1: missing "# EOF" at the end of the input'],
  ['a 1\n\n# EOF\n', 'line 2, column 1: blank lines are not allowed in OpenMetrics'],
  ['# EOF\nb 1\n', 'line 2, column 1: content after "# EOF"'],
  ['# random comment\n# EOF\n', 'line 1, column 1: expected "# HELP ", "# TYPE ", "# UNIT " or "# EOF"; OpenMetrics allows no other comments'],
  ['a  1\n# EOF\n', 'line 1, column 3: expected value'],
  ['a 1 \n# EOF\n', 'line 1, column 5: expected timestamp after " "'],
  ['a{x="1",} 1\n# EOF\n', 'line 1, column 9: trailing "," before "}"'],
  ['a{x="1" y="2"} 1\n# EOF\n', 'line 1, column 8: expected "," or "}" after label value'],
  ['a{x="1\n"} 1\n# EOF\n', 'line 1, column 5: unterminated quoted string (newline before the closing quote)'],
  ['a.b 1\n# EOF\n', 'line 1, column 2: expected "{" or " " after metric name'],
  ['a 0x10\n# EOF\n', 'line 1, column 3: invalid value "0x10"'],
  ['a 1 NaN\n# EOF\n', 'line 1, column 5: invalid timestamp "NaN"'],
  ['a 1 1 x\n# EOF\n', 'line 1, column 7: expected "# {" (an exemplar) or end of line after the timestamp'],
  ['# TYPE a counter\na_total 1 # {x="1"}\n# EOF\n', 'line 2, column 20: expected " " and a value after the exemplar labels'],
  ['# TYPE a counter\na_total 1 # {x=1} 2\n# EOF\n', 'line 2, column 16: expected quoted exemplar label value'],
  ['# TYPE a counter\na_total 1 # {x="1",x="2"} 2\n# EOF\n', 'line 2, column 20: duplicate exemplar label name "x"'],
  ['# TYPE a untyped\n# EOF\n', 'line 1, column 10: invalid metric type "untyped"'],
  ['# HELP a x\n# HELP a y\n# EOF\n', 'line 2, column 8: second HELP for "a"'],
  ['# TYPE a gauge\na 1\n# HELP a x\n# EOF\n', 'line 3, column 8: HELP for "a" after its samples'],
  ['# UNIT a seconds\n# EOF\n', 'line 1, column 8: metric name "a" must end with its unit "_seconds"'],
  ['# TYPE a counter\na 1\n# EOF\n', 'line 2, column 1: sample name "a" does not belong to counter family "a" (expected a_total, a_created)'],
  ['# TYPE a counter\na_total NaN\n# EOF\n', 'line 2, column 1: _total value must not be NaN'],
  ['# TYPE a gauge\na 1 # {x="1"} 1\n# EOF\n', 'line 2, column 1: exemplars are allowed only on histogram buckets and counter totals'],
  ['# TYPE a stateset\na{a="x"} 2\n# EOF\n', 'line 2, column 1: stateset values must be 0 or 1'],
  ['# TYPE a info\na_info 2\n# EOF\n', 'line 2, column 1: info values must be 1'],
  ['# TYPE a summary\na{quantile="2"} 1\n# EOF\n', 'line 2, column 1: summary needs a "quantile" label between 0 and 1, got "2"'],
  ['# TYPE a histogram\na_bucket{le="1"} 1\n# EOF\n', 'line 3, column 1: histogram lacks its "+Inf" bucket ("a")'],
  ['# TYPE a histogram\na_bucket{le="2"} 1\na_bucket{le="1"} 1\n# EOF\n', 'line 3, column 1: histogram buckets out of order ("a")'],
  ['# TYPE a histogram\na_bucket{le="inf"} 1\n# EOF\n', 'line 2, column 1: bucket bound "inf" must be written "+Inf"'],
  ['# TYPE a gauge\na{x="1"} 1\na{x="2"} 1\na{x="1"} 1\n# EOF\n', 'line 4, column 1: samples of one gauge group are not together'],
  ['# TYPE a gauge\na{x="é"} 1\na{x="ü"} 1\na{x="é"} 1\n# EOF\n', 'line 4, column 1: samples of one gauge group are not together'],
  ['# TYPE a gauge\na 1 2\na 1 1\n# EOF\n', 'line 3, column 1: timestamps go backwards within a group'],
  ['# TYPE a gauge\na 1 1\na 1\n# EOF\n', 'line 3, column 1: timestamps are present on only some samples of a group'],
  ['a{x="1"}1\n# EOF\n', 'line 1, column 9: expected " " before the value'],
  ['# TYPE a counter\na_total 1 #x\n# EOF\n', 'line 2, column 11: expected "# {" to start an exemplar'],
  ['# TYPE a counter\na_total 1 # {x="1" y="2"} 1\n# EOF\n', 'line 2, column 19: expected "," or "}" in exemplar labels'],
  ['# TYPE a counter\na_total 1 # {x} 1\n# EOF\n', 'line 2, column 15: expected "=" after exemplar label name "x"'],
  ['# TYPE a counter\na_total 1 # {1="a"} 1\n# EOF\n', 'line 2, column 14: expected exemplar label name'],
  ['# TYPE a counter\na_total 1 # {} x\n# EOF\n', 'line 2, column 16: invalid exemplar value "x"'],
  ['# TYPE a counter\na_total 1 # {} 1 x\n# EOF\n', 'line 2, column 18: invalid exemplar timestamp "x"'],
  [`# TYPE a counter\na_total 1 # {a="${'v'.repeat(128)}"} 1\n# EOF\n`, 'line 2, column 14: exemplar labels longer than 128 characters'],
  ['# TYPE a gauge\n# TYPE a gauge\n# EOF\n', 'line 2, column 8: second TYPE for "a"'],
  ['# UNIT a_s s\n# UNIT a_s s\n# EOF\n', 'line 2, column 8: second UNIT for "a_s"'],
  ['# TYPE a_created gauge\n# TYPE a counter\n# EOF\n', 'line 2, column 8: metric family "a" clashes with an earlier use of "a_created" by family "a_created"'],
  ['# TYPE s stateset\ns{x="1"} 1\n# EOF\n', 'line 2, column 1: stateset sample lacks the label "s"'],
  ['# TYPE q summary\nq{quantile="0.5"} -1\n# EOF\n', 'line 2, column 1: quantile values must not be negative'],
  ['# TYPE a histogram\na_bucket 1\n# EOF\n', 'line 2, column 1: bucket needs a numeric "le" label, got none'],
  ['# TYPE a histogram\na_bucket{le="+Inf"} 1.5\n# EOF\n', 'line 2, column 1: bucket value must be an integer'],
  ['# TYPE a histogram\na_bucket{le="1"} 2\na_bucket{le="+Inf"} 1\n# EOF\n', 'line 3, column 1: histogram bucket counts decrease ("a")'],
  ['# TYPE a histogram\na_bucket{le="+Inf"} 1\na_count 2\na_sum 1\n# EOF\n', 'line 5, column 1: histogram count differs from its "+Inf" bucket ("a")'],
  ['# TYPE a histogram\na_bucket{le="+Inf"} 1\na_sum 1\n# EOF\n', 'line 4, column 1: histogram has _sum but no _count ("a")'],
  ['# TYPE a histogram\na_bucket{le="+Inf"} 1\na_count 1\n# EOF\n', 'line 4, column 1: histogram has a count but no sum ("a")'],
  ['# TYPE a histogram\na_bucket{le="-1"} 0\na_bucket{le="+Inf"} 1\na_count 1\na_sum 1\n# EOF\n', 'line 6, column 1: histogram with negative buckets must not have _sum ("a")'],
  ['# TYPE g gaugehistogram\ng_bucket{le="+Inf"} 1\ng_gsum 1\n# EOF\n', 'line 4, column 1: gauge histogram has _gsum but no _gcount ("g")'],
  ['# TYPE g gaugehistogram\ng_bucket{le="+Inf"} 1\ng_gcount 1\ng_gsum -1\n# EOF\n', 'line 5, column 1: negative _gsum needs negative buckets ("g")'],
  ['# TYPE i info\n# UNIT i x\n# EOF\n', 'line 2, column 8: metric name "i" must end with its unit "_x"'],
  ['# TYPE i_x info\n# UNIT i_x x\n# EOF\n', 'line 2, column 8: info metrics take no unit'],
];

describe('error messages', () => {
  it.each(TEXT)('text %j', (body, want) => {
    expect(errorOf(body, 'text')).toBe(want);
  });

  it.each(OM)('openmetrics %j', (body, want) => {
    expect(errorOf(body, 'openmetrics')).toBe(want);
  });

  it('throws the same ExpositionError again after the first one', () => {
    const p = newParser('a 1\nb x\nc 3\n', 'text');
    expect(p.next()).toBe('series');
    let first: unknown;
    try {
      p.next();
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(ExpositionError);
    expect((first as ExpositionError).line).toBe(2);
    expect((first as ExpositionError).column).toBe(3);
    expect(() => p.next()).toThrow(first as Error);
  });
});
