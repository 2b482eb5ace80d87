import { describe, expect, it } from 'vitest';
import { dataTable, formatTime, queryStats } from '../../../src/ui/lib/inspect';
import type { TargetResult } from '../../../src/ui/lib/dashboard_runtime';
import { packHistogramJSON } from '../../../src/api/histogram_columns';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const series = (labels: Record<string, string>, ts: number[], vs: number[]) => ({ metric: labels, timestamps: Float64Array.from(ts), values: Float64Array.from(vs) });

describe('dataTable', () => {
  it('joins range series by time with gaps left empty', () => {
    const targets: TargetResult[] = [
      { refId: 'A', legendFormat: '{{job}}', kind: 'range', start: 0, end: 0, step: 15, series: [series({ job: 'a' }, [T0, T0 + 15000], [1, 2]), series({ job: 'b' }, [T0 + 15000, T0 + 30000], [NaN, Infinity])] },
      { refId: 'B', legendFormat: '', kind: 'error', error: 'bad' },
    ];
    expect(dataTable(targets, true)).toEqual({
      columns: ['Time', 'a', 'b'],
      rows: [
        ['2026-01-01 00:00:00', '1', ''],
        ['2026-01-01 00:00:15', '2', 'NaN'],
        ['2026-01-01 00:00:30', '', '+Inf'],
      ],
    });
  });

  it('writes native histogram points as count and sum beside float points', () => {
    const h = { ...series({ job: 'h' }, [T0], [3]), histograms: packHistogramJSON([[T0 / 1000 + 15, { count: '4', sum: '1.5', buckets: [[0, '1', '2', '4']] }]]) };
    const targets: TargetResult[] = [{ refId: 'A', legendFormat: '{{job}}', kind: 'range', start: 0, end: 0, step: 15, series: [h] }];
    expect(dataTable(targets, true).rows).toEqual([
      ['2026-01-01 00:00:00', '3'],
      ['2026-01-01 00:00:15', 'count=4 sum=1.5'],
    ]);
  });

  it('lists instant series with their labels', () => {
    const targets: TargetResult[] = [
      {
        refId: 'A',
        legendFormat: '',
        kind: 'instant',
        data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'x' }, value: [T0 / 1000, '1'] }, { metric: { __name__: 'up', instance: 'i' }, value: [T0 / 1000, '0'] }] },
      },
      { refId: 'B', legendFormat: '', kind: 'instant', data: { resultType: 'scalar', result: [T0 / 1000, '42'] } },
    ];
    expect(dataTable(targets, true)).toEqual({
      columns: ['Time', '__name__', 'instance', 'job', 'Value'],
      rows: [
        ['2026-01-01 00:00:00', 'up', '', 'x', '1'],
        ['2026-01-01 00:00:00', 'up', 'i', '', '0'],
        ['2026-01-01 00:00:00', '', '', '', '42'],
      ],
    });
  });
});

describe('queryStats', () => {
  it('counts series and samples per query', () => {
    const targets: TargetResult[] = [
      { refId: 'A', legendFormat: '', kind: 'range', start: 0, end: 0, step: 15, series: [series({}, [1, 2, 3], [1, 2, 3]), series({}, [1], [1])] },
      { refId: 'B', legendFormat: '', kind: 'instant', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] } },
      { refId: 'C', legendFormat: '', kind: 'error', error: 'parse error' },
    ];
    expect(queryStats(targets)).toEqual([
      { refId: 'A', series: 2, samples: 4 },
      { refId: 'B', series: 1, samples: 1 },
      { refId: 'C', series: 0, samples: 0, error: 'parse error' },
    ]);
  });
  it('formats local and UTC time', () => expect(formatTime(T0, true)).toBe('2026-01-01 00:00:00'));
});
