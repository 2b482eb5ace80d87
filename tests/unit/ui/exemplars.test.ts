import { describe, expect, it } from 'vitest';
import { exemplarMarks, exemplarName, graphSeriesOf, placeMarks, type PlotFrame } from '../../../src/ui/lib/exemplars';
import type { ExemplarData } from '../../../src/api/types';

const data: ExemplarData[] = [
  {
    seriesLabels: { __name__: 'req_total', job: 'a', instance: 'x' },
    exemplars: [
      { labels: { trace_id: 'late' }, value: '2', timestamp: 30 },
      { labels: { trace_id: 'bad' }, value: 'NaN', timestamp: 35 },
    ],
  },
  { seriesLabels: { __name__: 'req_total', job: 'b' }, exemplars: [{ labels: { trace_id: 'early' }, value: '+Inf', timestamp: 10 }, { labels: {}, value: '1e-7', timestamp: 20 }] },
];

describe('exemplar markers', () => {
  it('belong to the first graph series whose labels (but the name) they carry', () => {
    const graph = [{ job: 'b' }, { job: 'a' }];
    expect(graphSeriesOf({ __name__: 'req_total', job: 'a', instance: 'x' }, graph)).toBe(1);
    expect(graphSeriesOf({ __name__: 'req_total', job: 'c' }, graph)).toBe(-1);
    expect(graphSeriesOf({ __name__: 'x' }, [{}])).toBe(0);
  });

  it('come oldest first, skipping values that cannot be drawn, newest kept when over the cap', () => {
    const { marks, total } = exemplarMarks(data, [{ __name__: 'req_total', job: 'a', instance: 'x' }]);
    expect(total).toBe(2);
    expect(marks.map((m) => [m.t, m.value, m.series])).toEqual([
      [20, 1e-7, -1],
      [30, 2, 0],
    ]);
    expect(marks[1].labels).toEqual([['trace_id', 'late']]);
    expect(exemplarMarks(data, [], 1).marks.map((m) => m.t)).toEqual([30]);
    expect(exemplarMarks(null, []).marks).toEqual([]);
    expect(exemplarName(marks[1])).toMatch(/^Exemplar trace_id=late, value 2 at /);
    expect(exemplarName(marks[0])).toMatch(/^Exemplar \(no labels\)/);
  });

  it('are placed inside the plot, at its edge when the value is outside the y range', () => {
    const f: PlotFrame = { left: 50, top: 10, width: 100, height: 50, x: (t) => t * 2, y: (v) => 50 - v * 10 };
    const { marks } = exemplarMarks(data, []);
    expect(placeMarks(marks, f)).toEqual([
      { i: 0, x: 40, y: 50 - 1e-6, outside: false },
      { i: 1, x: 60, y: 30, outside: false },
    ]);
    const tall: PlotFrame = { ...f, y: (v) => 50 - v * 100 };
    expect(placeMarks(marks, tall)[1]).toEqual({ i: 1, x: 60, y: 0, outside: true });
    expect(placeMarks(marks, { ...f, x: (t) => t * 10 })).toHaveLength(0);
  });
});
