import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../src/promql/functions_table';
import { parseExpr } from '../../../../src/promql/parser';

const EXPERIMENTAL = [
  'double_exponential_smoothing', 'end', 'histogram_quantiles', 'info', 'mad_over_time', 'max_of', 'min_of', 'range',
  'sort_by_label', 'sort_by_label_desc', 'start', 'start_timestamp', 'step', 'ts_of_first_over_time',
  'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time',
]; // prettier-ignore

describe('FUNCTIONS', () => {
  it('has every Prometheus 3.x function once, keyed by its name', () => {
    expect(FUNCTIONS.size).toBe(90);
    for (const [name, sig] of FUNCTIONS) expect(sig.name).toBe(name);
  });
  it('marks the experimental functions', () => {
    const got = [...FUNCTIONS.values()].filter((f) => f.experimental).map((f) => f.name).sort();
    expect(got).toEqual(EXPERIMENTAL);
  });
  it.each([
    ['rate', ['matrix'], 0, 'vector'],
    ['label_join', ['vector', 'string', 'string', 'string'], -1, 'vector'],
    ['round', ['vector', 'scalar'], 1, 'vector'],
    ['histogram_quantile', ['scalar', 'vector'], 0, 'vector'],
    ['time', [], 0, 'scalar'],
    ['histogram_quantiles', ['vector', 'string', 'scalar', 'scalar'], 9, 'vector'],
  ])('%s', (name, argTypes, variadic, returnType) => {
    expect(FUNCTIONS.get(name)).toMatchObject({ argTypes, variadic, returnType });
  });
  it('gates experimental functions behind the option', () => {
    for (const name of EXPERIMENTAL) {
      const sig = FUNCTIONS.get(name)!;
      const args = sig.argTypes.map((t) => ({ vector: '{__name__="foo"}', matrix: 'foo[1m]', scalar: '1', string: '"a"', none: '' })[t]);
      const q = `${name}(${args.join(', ')})`;
      expect(() => parseExpr(q), q).toThrow(`function "${name}" is not enabled`);
      expect(() => parseExpr(q, { experimental: true }), q).not.toThrow();
    }
  });
  it('accepts every function with its declared arguments', () => {
    for (const sig of FUNCTIONS.values()) {
      const args = sig.argTypes.map((t) => ({ vector: '{__name__="foo"}', matrix: 'foo[1m]', scalar: '1', string: '"a"', none: '' })[t]);
      expect(() => parseExpr(`${sig.name}(${args.join(', ')})`, { experimental: true })).not.toThrow();
    }
  });
});
