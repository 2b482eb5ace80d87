import { describe, expect, it } from 'vitest';
import type { Variable } from '../../../src/dashboards/model';
import {
  allVariableIssues,
  buildQuery,
  queryParts,
  changeType,
  cycleOf,
  duplicateVariable,
  moveVariable,
  newVariable,
  removeVariable,
  unknownReferences,
  usedBy,
  variableIssues,
  variableNameError,
} from '../../../src/dashboards/variables_edit';

const query = (name: string, q: string, over: Partial<Variable> = {}): Variable => ({ ...newVariable('query'), name, query: q, ...over });

describe('variable names', () => {
  it.each([
    ['', [], 'A name is required.'],
    ['__x', [], 'reserved for built-in variables'],
    ['my-var', [], 'only letters, digits and _'],
    ['a b', [], 'only letters, digits and _'],
    ['job', ['job'], 'A variable named "job" already exists.'],
    ['job', ['instance'], ''],
    ['_x9', [], ''],
  ])('%j among %j', (name, others, message) => {
    const e = variableNameError(name, others);
    if (message === '') expect(e).toBe('');
    else expect(e).toContain(message);
  });
});

describe('new variables', () => {
  it('takes the first free <type>N name and the type defaults', () => {
    expect(newVariable('query', ['query0', 'query2']).name).toBe('query1');
    expect(newVariable('interval')).toMatchObject({ name: 'interval0', query: '1m,10m,30m,1h,6h,12h,1d,7d,14d,30d', autoCount: 30, autoMin: '10s' });
    expect(newVariable('constant').hide).toBe(2);
    expect(newVariable('datasource')).toMatchObject({ query: 'prometheus', current: { text: 'Promtab', value: 'promtab' } });
  });

  it('changes type keeping name, label and description', () => {
    const v = changeType({ ...newVariable('query'), name: 'env', label: 'Env', description: 'd', query: 'label_values(env)' }, 'custom');
    expect(v).toMatchObject({ type: 'custom', name: 'env', label: 'Env', description: 'd', query: '', hide: 0 });
    expect(changeType(v, 'constant').hide).toBe(2);
  });
});

describe('list operations', () => {
  const vars = [query('a', 'x'), query('b', 'y'), query('c', 'z')];

  it('duplicates as copy_of_<name> at the end, with a free name', () => {
    const once = duplicateVariable(vars, 0);
    expect(once.map((v) => v.name)).toEqual(['a', 'b', 'c', 'copy_of_a']);
    expect(once[3].query).toBe('x');
    expect(duplicateVariable(once, 0).map((v) => v.name)).toEqual(['a', 'b', 'c', 'copy_of_a', 'copy_of_a_1']);
  });

  it('moves and removes', () => {
    expect(moveVariable(vars, 2, 0).map((v) => v.name)).toEqual(['c', 'a', 'b']);
    expect(moveVariable(vars, 0, 9).map((v) => v.name)).toEqual(['b', 'c', 'a']);
    expect(removeVariable(vars, 1).map((v) => v.name)).toEqual(['a', 'c']);
    expect(vars.map((v) => v.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('references and cycles', () => {
  it('finds unknown references by field; built-ins are known', () => {
    const v = query('instance', 'label_values(up{job="$job", env="${envx}"}, instance)', { regex: '/$__interval|$nope/', allValue: '.*' });
    expect(unknownReferences(v, [query('job', 'label_values(job)'), v])).toEqual([
      { field: 'query', names: ['envx'] },
      { field: 'regex', names: ['nope'] },
    ]);
  });

  it('names the cycle a variable is in', () => {
    const vars = [query('a', 'label_values(x{b="$b"}, a)'), query('b', 'label_values(x{c="$c"}, b)'), query('c', 'label_values(x{a="$a"}, c)'), query('d', 'label_values(x{a="$a"}, d)')];
    expect(cycleOf('a', vars)).toEqual(['a', 'b', 'c']);
    expect(cycleOf('d', vars)).toBeNull();
    expect(variableIssues(vars, 1)).toContainEqual({ field: 'query', message: 'Circular dependency: $b → $c → $a → $b.' });
  });

  it('lists who uses a variable', () => {
    const vars = [query('job', 'label_values(job)'), query('instance', 'label_values(up{job="$job"}, instance)'), query('x', 'y', { allValue: '$job.*' })];
    expect(usedBy('job', vars)).toEqual(['instance', 'x']);
  });
});

describe('issues in place', () => {
  it('accepts a valid chained pair', () => {
    const vars = [query('job', 'label_values(up, job)'), query('instance', 'label_values(up{job="$job"}, instance)', { regex: '/(.*):.*/' })];
    expect(allVariableIssues(vars).size).toBe(0);
  });

  it('reports a bad regex, an empty query, a duplicate name and an unknown reference', () => {
    const vars = [query('job', ''), query('job', 'label_values(up{x="$missing"}, job)', { regex: '/(?<=a)b/' })];
    expect(variableIssues(vars, 0).map((i) => i.field)).toEqual(['name', 'query']);
    const second = variableIssues(vars, 1);
    expect(second.map((i) => i.field)).toEqual(['name', 'regex', 'query']);
    expect(second.find((i) => i.field === 'regex')!.message).toMatch(/^regex \/\(\?<=a\)b\/: /);
    expect(second.find((i) => i.field === 'query')!.message).toBe('Unknown variable: $missing.');
  });

  it('asks for the label of a label_values query', () => {
    expect(variableIssues([query('x', 'label_values(up, )')], 0)).toEqual([{ field: 'query', message: 'Label values needs a label, e.g. label_values(up, job).' }]);
  });

  it('checks interval lists and auto settings', () => {
    const v = { ...newVariable('interval'), query: '1m, 5x', auto: true, autoCount: 0, autoMin: 'soon' };
    expect(variableIssues([v], 0)).toEqual([
      { field: 'query', message: '"5x" is not a duration such as 30s, 5m or 1h.' },
      { field: 'autoCount', message: 'The step count must be a whole number above 0.' },
      { field: 'autoMin', message: '"soon" is not a duration such as 30s, 5m or 1h.' },
    ]);
    expect(variableIssues([{ ...newVariable('custom'), name: 'c' }], 0)).toEqual([{ field: 'query', message: 'Enter at least one value (comma-separated).' }]);
  });
});

describe('query builder fields', () => {
  it.each([
    ['label_names()', { kind: 'label_names', label: '', match: '' }],
    ['label_names(up{job="a"})', { kind: 'label_names', label: '', match: 'up{job="a"}' }],
    ['label_values(job)', { kind: 'label_values', label: 'job', match: '' }],
    ['label_values(up{job="$job"}, instance)', { kind: 'label_values', label: 'instance', match: 'up{job="$job"}' }],
    ['metrics(node_.*)', { kind: 'metrics', label: '', match: 'node_.*' }],
    ['query_result(topk(5, up))', { kind: 'query_result', label: '', match: 'topk(5, up)' }],
    ['up{job="a"}', { kind: 'series', label: '', match: 'up{job="a"}' }],
    ['label_values()', { kind: 'label_values', label: '', match: '' }],
    ['label_values(up, )', { kind: 'label_values', label: '', match: 'up' }],
  ] as const)('%s', (query, parts) => {
    expect(queryParts(query)).toEqual(parts);
    expect(buildQuery(parts)).toBe(query);
  });
});
