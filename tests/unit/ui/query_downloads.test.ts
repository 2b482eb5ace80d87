import { describe, expect, it } from 'vitest';
import type { RangeData } from '../../../src/api/types';
import { instantCsv, rangeCsv, rangeJSON } from '../../../src/ui/lib/query_downloads';

const range: RangeData = {
  resultType: 'matrix',
  result: [
    { metric: { __name__: 'up', job: 'a' }, timestamps: Float64Array.of(1000, 2000), values: Float64Array.of(1, NaN) },
    { metric: { __name__: 'up', instance: 'x,y' }, timestamps: Float64Array.of(2000), values: Float64Array.of(Infinity) },
  ],
};

describe('query panel downloads', () => {
  it('writes a range answer as CSV, a row per point with every label column', () => {
    expect(rangeCsv(range).split('\r\n')).toEqual([
      '__name__,instance,job,timestamp,value',
      'up,,a,1,1',
      'up,,a,2,NaN',
      'up,"x,y",,2,Infinity',
      '',
    ]);
  });

  it('writes an instant vector and a scalar as CSV, and has no instant CSV for a matrix', () => {
    expect(instantCsv({ resultType: 'vector', result: [{ metric: { job: 'a' }, value: [5, '2.5'] }] })).toBe('job,timestamp,value\r\na,5,2.5\r\n');
    expect(instantCsv({ resultType: 'scalar', result: [5, '1'] })).toBe('timestamp,value\r\n5,1\r\n');
    expect(instantCsv({ resultType: 'matrix', result: [] })).toBeNull();
  });

  it('gives a range answer back in the API matrix shape, special values as Prometheus writes them', () => {
    expect(rangeJSON(range)).toEqual({
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'up', job: 'a' }, values: [[1, '1'], [2, 'NaN']] },
        { metric: { __name__: 'up', instance: 'x,y' }, values: [[2, '+Inf']] },
      ],
    });
  });
});
