import { describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../../src/rules/rulefmt';

const GOOD = `groups:
  - name: example
    interval: 30s
    query_offset: 1m
    limit: 10
    labels:
      team: a
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels:
          source: rule
      - alert: InstanceDown
        expr: up == 0
        for: 5m
        keep_firing_for: 10m
        labels:
          severity: page
        annotations:
          summary: "{{ $labels.instance }} down"
  - name: defaults
    rules: []
`;

function fakeParse(expr: string): void {
  const i = expr.indexOf('@@');
  if (i >= 0) throw new Error(`1:${i + 1}: parse error: unexpected character: '@'`);
}

describe('parseRuleFile', () => {
  it('reads groups and rules with their durations in ms', () => {
    const { groups, errors } = parseRuleFile(GOOD, { file: 'rules.yml', parseExpr: fakeParse });
    expect(errors).toEqual([]);
    expect(groups).toHaveLength(2);
    const [g, d] = groups;
    expect(g).toMatchObject({ name: 'example', file: 'rules.yml', interval: 30_000, queryOffset: 60_000, limit: 10 });
    expect({ ...g.labels }).toEqual({ team: 'a' });
    expect(g.rules[0]).toMatchObject({ kind: 'recording', record: 'job:up:sum', expr: 'sum by (job) (up)' });
    expect(g.rules[1]).toMatchObject({ kind: 'alerting', alert: 'InstanceDown', for: 300_000, keepFiringFor: 600_000 });
    expect(d).toMatchObject({ name: 'defaults', interval: 0, queryOffset: null, limit: 0, rules: [] });
  });

  it.each([
    [
      'unknown field',
      'groups:\n  - name: invalid\n    rules:\n      - record: a:b\n        expr: up\n        unexpected_field: x\n',
      ['f.yml: yaml: unmarshal errors:\n  line 6: field unexpected_field not found in type rulefmt.Rule'],
    ],
    [
      'unknown group field',
      'groups:\n  - name: g\n    intervall: 1m\n    rules: []\n',
      ['f.yml: yaml: unmarshal errors:\n  line 3: field intervall not found in type rulefmt.RuleGroup'],
    ],
    [
      'bad expression with its position',
      'groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(@@)\n',
      ['f.yml: 5:15: group "g", rule 1, "a:b": could not parse expression: 1:5: parse error: unexpected character: \'@\''],
    ],
    [
      'missing expr and both names',
      'groups:\n  - name: g\n    rules:\n      - record: a\n        alert: B\n',
      [
        'f.yml: 4:17: 5:16: group "g", rule 1, "B": only one of \'record\' and \'alert\' must be set',
        'f.yml: 4:9: group "g", rule 1, "B": field \'expr\' must be set in rule',
      ],
    ],
    [
      'recording rule with alerting fields and braces',
      'groups:\n  - name: g\n    rules:\n      - record: a{b}\n        expr: up\n        for: 5m\n        annotations:\n          x: y\n',
      [
        'f.yml: 4:17: group "g", rule 1, "a{b}": invalid field \'annotations\' in recording rule',
        'f.yml: 4:17: group "g", rule 1, "a{b}": invalid field \'for\' in recording rule',
        'f.yml: 4:17: group "g", rule 1, "a{b}": braces present in the recording rule name; should it be in expr?: a{b}',
      ],
    ],
    [
      'empty and repeated group names',
      'groups:\n  - name: ""\n    rules: []\n  - name: ""\n    rules: []\n',
      ['f.yml: 2:5: Groupname must not be empty', 'f.yml: 4:5: Groupname must not be empty', 'f.yml: 4:5: groupname: "" is repeated in the same file'],
    ],
    [
      'invalid label name and template',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          __name__: x\n        annotations:\n          s: "{{ if }}"\n',
      [
        'f.yml: group "g", rule 1, "A": invalid label name: __name__',
        'f.yml: group "g", rule 1, "A": annotation "s": template: __alert_A:1: missing value for command',
      ],
    ],
    [
      'wrong types',
      'groups:\n  - name: g\n    rules: 5\n  - 7\n',
      ['f.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!int `5` into []rulefmt.Rule\n  line 4: cannot unmarshal !!int `7` into rulefmt.RuleGroup'],
    ],
    ['groups as a string', 'groups: x\n', ['f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `x` into []rulefmt.RuleGroup']],
    ['bad duration', 'groups:\n  - name: g\n    interval: 5x\n    rules: []\n', ['f.yml: 3:15: not a valid duration string: "5x"']],
    ['yaml syntax', 'groups: [\n', ['f.yml: yaml: line 2: ']],
  ])('reports %s', (_name, text, want) => {
    const { groups, errors } = parseRuleFile(text, { file: 'f.yml', parseExpr: fakeParse });
    expect(groups).toEqual([]);
    const got = errors.map((e) => e.message);
    if (want.length === 1 && want[0].endsWith(': ')) expect(got[0].startsWith(want[0])).toBe(true);
    else expect(got).toEqual(want);
  });

  it('carries line, group and rule index on rule errors', () => {
    const { errors } = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: ok\n        expr: up\n      - record: b\n', {
      file: 'f.yml',
    });
    expect(errors).toEqual([
      expect.objectContaining({ file: 'f.yml', line: 6, group: 'g', rule: 2, ruleName: 'b' }),
    ]);
  });

  it('limits alias expansion', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const { errors } = parseRuleFile(bomb, { file: 'f.yml' });
    expect(errors.map((e) => e.message)).toEqual(['f.yml: yaml: document contains excessive aliasing']);
  });
});

describe('parseRuleFile with the PromQL parser', () => {
  it('reports PromQL errors with their position as Prometheus words them', () => {
    const { errors } = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(up\n', { file: 'f.yml' });
    expect(errors.map((e) => e.message)).toEqual([
      'f.yml: 5:15: group "g", rule 1, "a:b": could not parse expression: 1:7: parse error: unclosed left parenthesis',
    ]);
  });
  it('accepts valid expressions', () => {
    expect(parseRuleFile(GOOD, { file: 'f.yml' }).errors).toEqual([]);
  });
});
