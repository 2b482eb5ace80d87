import { describe, expect, it } from 'vitest';
import {
  applyTransformations,
  calculateField,
  displayName,
  filterByValue,
  filterFieldsByName,
  framesFromQueries,
  groupBy,
  labelsToFields,
  merge,
  prepareTimeSeries,
  reduce,
  renameByRegex,
  seriesToRows,
  sortBy,
  concatenate,
  type Cell,
  type Frame,
  type Transformation,
} from '../../../src/dashboards/transformations';

const columns = (f: Frame) => f.fields.map(displayName);
const rows = (f: Frame): Cell[][] => (f.fields[0]?.values ?? []).map((_, r) => f.fields.map((x) => x.values[r]));
type Of<K extends Transformation['id']> = Extract<Transformation, { id: K }>;

/** Two time series of one query, as the Prometheus data source frames them (legend `{{pod}}`). */
function series(): Frame[] {
  return framesFromQueries([{
    refId: 'A',
    format: 'time_series',
    legend: (m) => m.pod,
    series: [
      { metric: { pod: 'a', ns: 'x' }, timestamps: [1000, 2000, 3000], values: [1, 5, 3] },
      { metric: { pod: 'b', ns: 'y' }, timestamps: [1000, 2000, 3000], values: [10, 20, 30] },
    ],
  }]);
}

/** A table-format query: one row per series, label columns, Value. */
function table(): Frame[] {
  return framesFromQueries([{
    refId: 'A',
    format: 'table',
    legend: () => '',
    series: [
      { metric: { ns: 'x', pod: 'a' }, timestamps: [9000], values: [1] },
      { metric: { ns: 'x', pod: 'b' }, timestamps: [9000], values: [4] },
      { metric: { ns: 'y', pod: 'c' }, timestamps: [9000], values: [2] },
      { metric: { ns: 'y', pod: 'd' }, timestamps: [9000], values: [null as unknown as number] },
    ],
  }]);
}

describe('frames from queries', () => {
  it('time_series: one frame per series, named by the legend, labels on the value field', () => {
    const f = series();
    expect(f.map(columns)).toEqual([['Time', 'a'], ['Time', 'b']]);
    expect(f[0].fields[1]).toMatchObject({ name: 'Value', labels: { pod: 'a', ns: 'x' } });
  });
  it('table: one frame with a row per sample', () => {
    const [f] = table();
    expect(columns(f)).toEqual(['Time', 'ns', 'pod', 'Value']);
    expect(rows(f)[1]).toEqual([9000, 'x', 'b', 4]);
  });
});

describe('labelsToFields', () => {
  it.each<[string, Partial<Of<'labelsToFields'>>, string[], Cell[]]>([
    ['all labels as columns', {}, ['Time', 'Value', 'pod', 'ns'], [1000, 1, 'a', 'x']],
    ['keepLabels', { keepLabels: ['ns'] }, ['Time', 'Value', 'ns'], [1000, 1, 'x']],
    ['valueLabel names the value field', { valueLabel: 'pod' }, ['Time', 'a', 'ns'], [1000, 1, 'x']],
  ])('columns mode: %s', (_, opts, cols, first) => {
    const out = labelsToFields(series(), { id: 'labelsToFields', mode: 'columns', keepLabels: [], valueLabel: '', ...opts });
    expect(out).toHaveLength(2);
    expect(columns(out[0])).toEqual(cols);
    expect(rows(out[0])[0]).toEqual(first);
  });
  it('rows mode: a label/value frame per series', () => {
    const out = labelsToFields(series(), { id: 'labelsToFields', mode: 'rows', keepLabels: [], valueLabel: '' });
    expect(out.map((f) => f.name)).toEqual(['a', 'b']);
    expect(rows(out[1])).toEqual([['pod', 'b'], ['ns', 'y']]);
  });
  it('then merge gives one table with a row per sample', () => {
    const out = applyTransformations(series(), [{ id: 'labelsToFields', mode: 'columns', keepLabels: ['pod'], valueLabel: '' }, { id: 'merge' }]);
    expect(columns(out[0])).toEqual(['Time', 'Value', 'pod']);
    expect(rows(out[0])).toHaveLength(6);
  });
});

describe('groupBy', () => {
  const g = (fields: Of<'groupBy'>['fields']) => groupBy(table(), { id: 'groupBy', fields });
  it.each<[string, Of<'groupBy'>['fields'], string[], Cell[][]]>([
    ['sum and max per namespace', [['ns', { operation: 'groupby', aggregations: [] }], ['Value', { operation: 'aggregate', aggregations: ['sum', 'max'] }]],
      ['ns', 'Value (sum)', 'Value (max)'], [['x', 5, 4], ['y', 2, 2]]],
    ['count', [['ns', { operation: 'groupby', aggregations: [] }], ['pod', { operation: 'count', aggregations: [] }]], ['ns', 'pod (count)'], [['x', 2], ['y', 2]]],
    ['lastNotNull of a string', [['ns', { operation: 'groupby', aggregations: [] }], ['pod', { operation: 'aggregate', aggregations: ['lastNotNull'] }]],
      ['ns', 'pod (lastNotNull)'], [['x', 'b'], ['y', 'd']]],
    ['two keys', [['ns', { operation: 'groupby', aggregations: [] }], ['pod', { operation: 'groupby', aggregations: [] }]], ['ns', 'pod'], [['x', 'a'], ['x', 'b'], ['y', 'c'], ['y', 'd']]],
    ['takelast', [['ns', { operation: 'groupby', aggregations: [] }], ['Value', { operation: 'takelast', aggregations: [] }]], ['ns', 'Value'], [['x', 4], ['y', null]]],
  ])('%s', (_, fields, cols, want) => {
    const [out] = g(fields);
    expect(columns(out)).toEqual(cols);
    expect(rows(out)).toEqual(want);
  });
  it('without a groupby field the data passes; frames without the field are dropped', () => {
    const t = table();
    expect(groupBy(t, { id: 'groupBy', fields: [['Value', { operation: 'aggregate', aggregations: ['sum'] }]] })).toBe(t);
    expect(groupBy(series(), { id: 'groupBy', fields: [['ns', { operation: 'groupby', aggregations: [] }]] })).toEqual([]);
  });
});

describe('reduce', () => {
  const r = (o: Partial<Of<'reduce'>>) => reduce(series(), { id: 'reduce', mode: 'seriesToRows', reducers: ['max', 'mean', 'lastNotNull'], includeTimeField: false, labelsToFields: false, ...o });
  it('series to rows: a row per series, a column per calculation', () => {
    const [f] = r({});
    expect(columns(f)).toEqual(['Field', 'Max', 'Mean', 'Last *']);
    expect(rows(f)).toEqual([['a', 5, 3, 3], ['b', 30, 20, 30]]);
  });
  it('series to rows with labels to fields', () => {
    const [f] = r({ labelsToFields: true, reducers: ['sum'] });
    expect(columns(f)).toEqual(['Field', 'pod', 'ns', 'Total']);
    expect(rows(f)).toEqual([['Value', 'a', 'x', 9], ['Value', 'b', 'y', 60]]);
  });
  it('reduce fields keeps frames, one value per field, a reducer label when several', () => {
    const out = r({ mode: 'reduceFields', reducers: ['min', 'max'] });
    expect(out.map(rows)).toEqual([[[1, 5]], [[10, 30]]]);
    expect(out[0].fields.map((x) => x.labels?.reducer)).toEqual(['Min', 'Max']);
  });
  it('delta counts a counter reset as a restart', () => {
    const [f] = reduce(framesFromQueries([{ refId: 'A', format: 'time_series', legend: () => 'c', series: [{ metric: {}, timestamps: [1, 2, 3, 4], values: [5, 7, 2, 4] }] }]), {
      id: 'reduce', mode: 'seriesToRows', reducers: ['delta', 'count', 'range'], includeTimeField: false, labelsToFields: false,
    });
    expect(rows(f)).toEqual([['c', 6, 4, 5]]);
  });
});

describe('calculateField', () => {
  const base: Of<'calculateField'> = {
    id: 'calculateField', mode: 'reduceRow', alias: '', replaceFields: false, timeSeries: true,
    reduce: { reducer: 'sum', include: [] }, binary: { left: '', operator: '+', right: '' }, unary: { operator: 'abs', fieldName: '' },
  };
  it.each<[string, Partial<Of<'calculateField'>>, string[], Cell[]]>([
    ['reduceRow joins series on time and sums the row', {}, ['Time', 'a', 'b', 'Total'], [11, 25, 33]],
    ['reduceRow mean, replacing fields, with an alias', { reduce: { reducer: 'mean', include: [] }, replaceFields: true, alias: 'avg' }, ['Time', 'avg'], [5.5, 12.5, 16.5]],
    ['binary on two fields', { mode: 'binary', binary: { left: 'b', operator: '/', right: 'a' } }, ['Time', 'a', 'b', 'b / a'], [10, 4, 10]],
    ['binary with a constant', { mode: 'binary', binary: { left: 'a', operator: '*', right: '100' }, alias: 'pct', replaceFields: true }, ['Time', 'pct'], [100, 500, 300]],
    ['unary', { mode: 'unary', unary: { operator: 'ln', fieldName: 'a' }, replaceFields: true }, ['Time', 'ln(a)'], [0, Math.log(5), Math.log(3)]],
  ])('%s', (_, opts, cols, values) => {
    const [f] = calculateField(series(), { ...base, ...opts });
    expect(columns(f)).toEqual(cols);
    expect(f.fields.at(-1)!.values).toEqual(values);
  });
  it('an unknown operand leaves the frames as they are', () => {
    const out = calculateField(series(), { ...base, mode: 'binary', binary: { left: 'zzz', operator: '+', right: 'a' }, timeSeries: false });
    expect(out.map(columns)).toEqual([['Time', 'a'], ['Time', 'b']]);
  });
});

describe('filters, sorting, renaming', () => {
  it.each<[string, Of<'filterByValue'>, Cell[]]>([
    ['include greater', { id: 'filterByValue', type: 'include', match: 'any', filters: [{ fieldName: 'Value', matcher: 'greater', value: 1 }] }, ['b', 'c']],
    ['exclude lowerOrEqual', { id: 'filterByValue', type: 'exclude', match: 'any', filters: [{ fieldName: 'Value', matcher: 'lowerOrEqual', value: 1 }] }, ['b', 'c', 'd']],
    ['equal', { id: 'filterByValue', type: 'include', match: 'any', filters: [{ fieldName: 'ns', matcher: 'equal', value: 'y' }] }, ['c', 'd']],
    ['all of two', { id: 'filterByValue', type: 'include', match: 'all', filters: [{ fieldName: 'ns', matcher: 'equal', value: 'x' }, { fieldName: 'Value', matcher: 'greater', value: 2 }] }, ['b']],
    ['regex (RE2, unanchored)', { id: 'filterByValue', type: 'include', match: 'any', filters: [{ fieldName: 'pod', matcher: 'regex', value: '[bd]' }] }, ['b', 'd']],
    ['isNull', { id: 'filterByValue', type: 'include', match: 'any', filters: [{ fieldName: 'Value', matcher: 'isNull', value: null }] }, ['d']],
    ['range', { id: 'filterByValue', type: 'include', match: 'any', filters: [{ fieldName: 'Value', matcher: 'range', value: null, from: 1, to: 4 }] }, ['c']],
  ])('filterByValue %s', (_, t, pods) => {
    expect(filterByValue(table(), t)[0].fields[2].values).toEqual(pods);
  });

  it.each<[string, Of<'filterFieldsByName'>, string[]]>([
    ['include names', { id: 'filterFieldsByName', include: { names: ['pod', 'Value'], pattern: '' } }, ['pod', 'Value']],
    ['include pattern (anchored)', { id: 'filterFieldsByName', include: { names: [], pattern: 'p.d|Time' } }, ['Time', 'pod']],
    ['exclude pattern /re/', { id: 'filterFieldsByName', exclude: { names: [], pattern: '/^(ns|Time)$/' } }, ['pod', 'Value']],
  ])('filterFieldsByName %s', (_, t, cols) => {
    expect(columns(filterFieldsByName(table(), t)[0])).toEqual(cols);
  });

  it('sortBy sorts numbers and strings, desc, nulls last', () => {
    expect(sortBy(table(), { id: 'sortBy', field: 'Value', desc: true })[0].fields[2].values).toEqual(['b', 'c', 'a', 'd']);
    expect(sortBy(table(), { id: 'sortBy', field: 'Value', desc: false })[0].fields[2].values).toEqual(['a', 'c', 'b', 'd']);
    expect(sortBy(table(), { id: 'sortBy', field: 'pod', desc: true })[0].fields[2].values).toEqual(['d', 'c', 'b', 'a']);
  });

  it('renameByRegex rewrites display names with groups', () => {
    const out = renameByRegex(series(), { id: 'renameByRegex', regex: '(.)', renamePattern: 'pod-$1' });
    expect(out.map(columns)).toEqual([['Time', 'pod-a'], ['Time', 'pod-b']]);
  });
});

describe('rows and columns', () => {
  it('seriesToRows: Time, Metric, Value, newest first', () => {
    const [f] = seriesToRows(series());
    expect(columns(f)).toEqual(['Time', 'Metric', 'Value']);
    expect(rows(f).slice(0, 3)).toEqual([[3000, 'a', 3], [3000, 'b', 30], [2000, 'a', 5]]);
    expect(seriesToRows(table())).toEqual(table());
  });

  it('merge keeps Grafana rule: rows of the same key merge unless a value conflicts', () => {
    const a: Frame = { fields: [{ name: 'k', values: ['x', 'y'] }, { name: 'A', values: [1, 2] }] };
    const b: Frame = { fields: [{ name: 'k', values: ['x', 'z'] }, { name: 'B', values: [3, 4] }] };
    const [m] = merge([a, b]);
    expect(rows(m)).toEqual([['x', 1, 3], ['y', 2, null], ['z', null, 4]]);
  });

  it('concatenate puts fields side by side', () => {
    const [f] = concatenate([{ fields: [{ name: 'a', values: [1, 2] }] }, { fields: [{ name: 'b', values: [3] }] }], { id: 'concatenate', frameNameMode: 'drop', frameNameLabel: '' });
    expect(rows(f)).toEqual([[1, 3], [2, null]]);
  });

  it('prepareTimeSeries multi splits a table into one series per label set', () => {
    const out = prepareTimeSeries(table(), { id: 'prepareTimeSeries', format: 'multi' });
    expect(out.map(columns)).toEqual([['Time', '{ns="x", pod="a"}'], ['Time', '{ns="x", pod="b"}'], ['Time', '{ns="y", pod="c"}'], ['Time', '{ns="y", pod="d"}']]);
    const wide = prepareTimeSeries(series(), { id: 'prepareTimeSeries', format: 'wide' });
    expect(wide.map(columns)).toEqual([['Time', 'a', 'b']]);
  });
});
