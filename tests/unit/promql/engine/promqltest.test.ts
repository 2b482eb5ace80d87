import { describe, expect, it } from 'vitest';
import { isStaleNaN } from '../../../../src/model/value';
import { runScript } from '../../../../src/promql/promqltest/runner';
import { parseSeriesDesc } from '../../../../src/promql/promqltest/series';

const floats = (line: string) => parseSeriesDesc(line).values.map((v) => (v.kind === 'float' ? v.v : v.kind));

describe('series notation', () => {
  const cases: [string, unknown[]][] = [
    ['m 1+2x3', [1, 3, 5, 7]],
    ['m 5-1x2 _ _x2', [5, 4, 3, 'omitted', 'omitted', 'omitted']],
    ['m 0x3', [0, 0, 0, 0]],
    ['m Inf -Inf NaN 1e3', [Infinity, -Infinity, NaN, 1000]],
    ['m {{schema:1 sum:2}}x1 4', ['histogram', 'histogram', 4]],
  ];
  it.each(cases)('%s', (line, want) => expect(floats(line)).toEqual(want));

  it('parses labels and stale markers', () => {
    const d = parseSeriesDesc('m{a="x", "b.c"=\'y\'} stale');
    expect(d.labels).toEqual(['__name__', 'm', 'a', 'x', 'b.c', 'y']);
    expect(d.values[0].kind === 'float' && isStaleNaN(d.values[0].v)).toBe(true);
  });
});

describe('runScript', () => {
  const script = `
load 1m
  m{a="1"} 1 2 3

eval instant at 2m m
  m{a="1"} 3

eval instant at 2m m
  m{a="1"} 4

eval range from 0 to 2m step 1m m * 2
  {a="1"} 2 4 6

eval instant at 0m nosuch(m)
  expect fail

eval instant at 0m quantile(2, m)
  expect warn msg: PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)
  {} Inf
`;
  it('counts each eval and reports wrong expectations', async () => {
    const out = await runScript(script);
    expect(out.map((o) => [o.line, o.ok])).toEqual([
      [5, true],
      [8, false],
      [11, true],
      [14, true],
      [17, true],
    ]);
    expect(out[1].message).toContain('expected 4');
  });
});
