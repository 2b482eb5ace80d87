import { describe, expect, it } from 'vitest';
import { isolate } from '../../../src/ui/lib/bidi';
import { seriesDisplayLabel, seriesLabel } from '../../../src/ui/lib/chartdata';

const RLO = '\u202e';
const FSI = '\u2068';
const PDI = '\u2069';

describe('bidi isolation of label values', () => {
  it.each([
    [`${RLO}evil`, true],
    ['\u2066x', true],
    ['שלום', true],
    ['مرحبا', true],
    ['plain ascii', false],
    ['ünïcödé 東京', false],
    ['', false],
  ])('isolate(%j) wraps: %s', (s, wraps) => {
    expect(isolate(s)).toBe(wraps ? FSI + s + PDI : s);
  });

  it('seriesDisplayLabel isolates each value and the name, and leaves plain series as seriesLabel does', () => {
    const m = { __name__: 'up', a: `${RLO}evil`, b: 'after' };
    expect(seriesDisplayLabel(m)).toBe(`up{a="${FSI}${RLO}evil${PDI}", b="after"}`);
    expect(seriesLabel(m)).toBe(`up{a="${RLO}evil", b="after"}`);
    expect(seriesDisplayLabel(m, '{{a}} / {{b}}')).toBe(`${FSI}${RLO}evil${PDI} / after`);
    const plain = { __name__: 'up', job: 'x', instance: 'h:1' };
    expect(seriesDisplayLabel(plain)).toBe(seriesLabel(plain));
    expect(seriesDisplayLabel({ __name__: `m${RLO}` })).toBe(`${FSI}m${RLO}${PDI}`);
  });

  it('keeps quotes and backslashes escaped around an isolated value', () => {
    expect(seriesDisplayLabel({ a: `"${RLO}\\` })).toBe(`{a="${FSI}\\"${RLO}\\\\${PDI}"}`);
  });
});
