import { describe, expect, it } from 'vitest';
import { applyTransformations, displayName, framesFromInstantVectors, joinByField, merge, organize, type Frame } from '../../../src/dashboards/transformations';

const results = [
  { refId: 'A', series: [{ metric: { job: 'a', instance: 'x' }, value: [100, 1] as [number, number] }, { metric: { job: 'b', instance: 'y' }, value: [100, 0] as [number, number] }] },
  { refId: 'B', series: [{ metric: { job: 'a', instance: 'x' }, value: [100, 0.5] as [number, number] }, { metric: { job: 'c', instance: 'z' }, value: [100, 2] as [number, number] }] },
];
const columns = (f: Frame) => f.fields.map(displayName);
const rows = (f: Frame) => f.fields[0].values.map((_, r) => f.fields.map((x) => x.values[r]));

describe('table frames', () => {
  it('builds one frame per query with label columns and Value #refId', () => {
    const frames = framesFromInstantVectors(results);
    expect(frames.map(columns)).toEqual([['Time', 'instance', 'job', 'Value #A'], ['Time', 'instance', 'job', 'Value #B']]);
    expect(rows(frames[0])).toEqual([[100000, 'x', 'a', 1], [100000, 'y', 'b', 0]]);
    expect(columns(framesFromInstantVectors([results[0]])[0])).toEqual(['Time', 'instance', 'job', 'Value']);
  });

  it('merges queries into rows by labels', () => {
    const [m] = merge(framesFromInstantVectors(results));
    expect(columns(m)).toEqual(['Time', 'instance', 'job', 'Value #A', 'Value #B']);
    expect(rows(m)).toEqual([[100000, 'x', 'a', 1, 0.5], [100000, 'y', 'b', 0, null], [100000, 'z', 'c', null, 2]]);
  });

  it.each([
    ['outer', [['x', 1, 0.5], ['y', 0, null], ['z', null, 2]]],
    ['inner', [['x', 1, 0.5]]],
  ] as const)('joins by a field (%s)', (mode, want) => {
    const frames = organize(framesFromInstantVectors(results), { id: 'organize', excludeByName: ['Time', 'job'], indexByName: [], renameByName: [] });
    const [j] = joinByField(frames, { id: 'joinByField', byField: 'instance', mode });
    expect(columns(j)).toEqual(['instance', 'Value #A', 'Value #B']);
    expect(rows(j)).toEqual(want);
  });

  it('organizes: excludes, orders and renames', () => {
    const out = applyTransformations(framesFromInstantVectors(results), [
      { id: 'merge' },
      { id: 'organize', excludeByName: ['Time'], indexByName: [['job', 0], ['Value #B', 1]], renameByName: [['Value #A', 'Up'], ['job', 'Job']] },
    ]);
    expect(columns(out[0])).toEqual(['Job', 'Value #B', 'instance', 'Up']);
  });

  it('leaves frames alone when there is nothing to join', () => {
    const f = framesFromInstantVectors([results[0]]);
    expect(joinByField(f, { id: 'joinByField', byField: 'instance', mode: 'outer' })).toBe(f);
    expect(merge(f)).toBe(f);
  });
});
