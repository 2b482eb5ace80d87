/** Classic histograms as native histograms with custom buckets (convert_classic_histograms_to_nhcb). */
import { describe, expect, it } from 'vitest';
import { classicToNhcb, NhcbParser } from '../../../src/exposition/nhcb';
import { newParser } from '../../../src/exposition/index';
import { labelsToObject } from '../../../src/model/labels';

describe('classicToNhcb', () => {
  it('turns cumulative counts into per-bucket counts over the finite bounds, +Inf last', () => {
    expect(classicToNhcb([0.1, 1, Infinity], [2, 5, 6], 6, 3.5, false)).toMatchObject({
      schema: -53,
      customValues: [0.1, 1],
      positive: { index: [0, 1, 2], count: [2, 3, 1] },
      count: 6,
      sum: 3.5,
      counterResetHint: 'unknown',
    });
  });

  it('puts what lies above the last bound into the +Inf bucket when the body leaves it out, skips empty buckets', () => {
    expect(classicToNhcb([1, 2, 5], [3, 3, 4], 7, 9, true)).toMatchObject({
      customValues: [1, 2, 5],
      positive: { index: [0, 2, 3], count: [3, 1, 3] },
      count: 7,
      counterResetHint: 'gauge',
    });
  });

  it('rejects repeated bounds and decreasing counts', () => {
    expect(() => classicToNhcb([1, 1], [1, 2], 2, 0, false)).toThrow(/repeated bucket bound/);
    expect(() => classicToNhcb([1, 2], [3, 2], 3, 0, false)).toThrow(/counts decrease at le=2/);
  });
});

describe('NhcbParser', () => {
  function rows(body: string, om: boolean, keepClassic: boolean) {
    const p = new NhcbParser(newParser(body, om ? 'openmetrics' : 'text', { strict: false }), keepClassic);
    const out: unknown[] = [];
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e !== 'series') continue;
      const h = p.histogram();
      out.push(h ? [labelsToObject(p.labels()), h.count, h.positive.count, h.customValues] : [labelsToObject(p.labels()), p.value()]);
    }
    return out;
  }

  it('emits one histogram per label set after its classic series, OpenMetrics gauge histograms included', () => {
    const body =
      '# TYPE q gaugehistogram\nq_bucket{a="x",le="1"} 1\nq_bucket{a="x",le="+Inf"} 3\nq_gcount{a="x"} 3\nq_gsum{a="x"} 4\n' +
      'q_bucket{a="y",le="1"} 0\nq_bucket{a="y",le="+Inf"} 2\nq_gcount{a="y"} 2\nq_gsum{a="y"} 5\n# TYPE c counter\nc_total 1\n# EOF\n';
    expect(rows(body, true, false)).toEqual([
      [{ __name__: 'q', a: 'x' }, 3, [1, 2], [1]],
      [{ __name__: 'q', a: 'y' }, 2, [2], [1]],
      [{ __name__: 'c_total' }, 1],
    ]);
    expect(rows(body, true, true)).toHaveLength(11);
  });
});
