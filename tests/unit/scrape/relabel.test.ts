import { describe, expect, it } from 'vitest';
import { labelsFromObject, labelsToObject, type LabelsObject } from '../../../src/model/labels';
import {
  compileRelabel,
  expandTemplate,
  relabel,
  relabelConfig,
  relabelSteps,
  validateRelabelConfig,
  type RelabelConfig,
} from '../../../src/scrape/relabel';

interface Case {
  name: string;
  input: LabelsObject;
  rules: Partial<RelabelConfig>[];
  output: LabelsObject | null;
}

// Cases follow Prometheus's documented relabel semantics; the hashmod values (976, 734) are upstream's
// model/relabel/relabel_test.go expectations for md5 modulo 1000.
const cases: Case[] = [
  {
    name: 'replace with capture group',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: 'choo-choo' },
  },
  {
    name: 'replace joins source labels with the separator',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ sourceLabels: ['a', 'b'], regex: 'f(.*);(.*)r', targetLabel: 'a', replacement: 'b${1}${2}m' }],
    output: { a: 'boobam', b: 'bar', c: 'baz' },
  },
  {
    name: 'replace does nothing when the regex does not match',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: 'x(.*)', targetLabel: 'b' }],
    output: { a: 'foo' },
  },
  {
    name: 'replace is anchored',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: 'o', targetLabel: 'b', replacement: 'yes' }],
    output: { a: 'foo' },
  },
  {
    name: 'replace with an empty result deletes the target',
    input: { a: 'foo', b: 'x' },
    rules: [{ sourceLabels: ['a'], regex: '(f).*', targetLabel: 'b', replacement: '' }],
    output: { a: 'foo' },
  },
  {
    name: 'replace defaults copy a label',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b' }],
    output: { a: 'foo', b: 'foo' },
  },
  {
    name: 'replace with no sources sets a constant',
    input: { a: 'foo' },
    rules: [{ targetLabel: 'env', replacement: 'prod' }],
    output: { a: 'foo', env: 'prod' },
  },
  {
    name: 'replace with a named group and a templated target',
    input: { a: 'some-name-value' },
    rules: [{ sourceLabels: ['a'], regex: 'some-(?P<n>[^-]+)-(?P<v>.*)', targetLabel: '${n}', replacement: '$v' }],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'replace with an invalid (empty) target leaves the set alone',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: '(.*)', targetLabel: '${3}', replacement: 'x' }],
    output: { a: 'foo' },
  },
  {
    name: 'regex dot matches newline',
    input: { a: 'foo\nbar' },
    rules: [{ sourceLabels: ['a'], regex: 'foo.bar', targetLabel: 'b', replacement: 'hit' }],
    output: { a: 'foo\nbar', b: 'hit' },
  },
  { name: 'drop on match', input: { a: 'foo' }, rules: [{ sourceLabels: ['a'], regex: 'f.*', action: 'drop' }], output: null },
  {
    name: 'drop keeps on mismatch',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: 'g.*', action: 'drop' }],
    output: { a: 'foo' },
  },
  {
    name: 'keep drops on mismatch',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: 'g.*', action: 'keep' }],
    output: null,
  },
  {
    name: 'keep on match',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], regex: 'f.*', action: 'keep' }],
    output: { a: 'foo' },
  },
  {
    name: 'keep with a missing label matches the empty string',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['z'], regex: '', action: 'keep' }],
    output: { a: 'foo' },
  },
  {
    name: 'keepequal keeps when equal',
    input: { a: 'x', b: 'x' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'keepequal' }],
    output: { a: 'x', b: 'x' },
  },
  {
    name: 'keepequal drops when different',
    input: { a: 'x', b: 'y' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'keepequal' }],
    output: null,
  },
  {
    name: 'dropequal drops when equal',
    input: { a: 'x', b: 'x' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'dropequal' }],
    output: null,
  },
  {
    name: 'dropequal keeps when different',
    input: { a: 'x', b: 'y' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', action: 'dropequal' }],
    output: { a: 'x', b: 'y' },
  },
  {
    name: 'hashmod (upstream value 976)',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ sourceLabels: ['c'], targetLabel: 'd', modulus: 1000, action: 'hashmod' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  },
  {
    name: 'hashmod (upstream value 734, value with a newline)',
    input: { a: 'foo\nbar' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'b', modulus: 1000, action: 'hashmod' }],
    output: { a: 'foo\nbar', b: '734' },
  },
  {
    name: 'labelmap copies matching names',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' }],
    output: { a: 'foo', b1: 'bar', b2: 'baz', bar_b1: 'bar', bar_b2: 'baz' },
  },
  {
    name: 'labelmap strips a meta prefix',
    input: { __meta_kubernetes_pod_label_app: 'web', job: 'j' },
    rules: [{ regex: '__meta_kubernetes_pod_label_(.+)', action: 'labelmap' }],
    output: { __meta_kubernetes_pod_label_app: 'web', app: 'web', job: 'j' },
  },
  {
    name: 'labelmap skips an empty new name',
    input: { a: 'foo' },
    rules: [{ regex: 'a(.*)', replacement: '$1', action: 'labelmap' }],
    output: { a: 'foo' },
  },
  {
    name: 'labeldrop removes matching names',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: 'b.*', action: 'labeldrop' }],
    output: { a: 'foo' },
  },
  {
    name: 'labelkeep keeps matching names only',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: 'b.*', action: 'labelkeep' }],
    output: { b1: 'bar', b2: 'baz' },
  },
  {
    name: 'lowercase',
    input: { a: 'AbC', b: 'DeF' },
    rules: [{ sourceLabels: ['a', 'b'], targetLabel: 'x', action: 'lowercase' }],
    output: { a: 'AbC', b: 'DeF', x: 'abc;def' },
  },
  {
    name: 'uppercase',
    input: { a: 'foo' },
    rules: [{ sourceLabels: ['a'], targetLabel: 'a', action: 'uppercase' }],
    output: { a: 'FOO' },
  },
  {
    name: 'case-insensitive flag',
    input: { a: 'FOO' },
    rules: [{ sourceLabels: ['a'], regex: '(?i)foo', action: 'keep' }],
    output: { a: 'FOO' },
  },
  {
    name: 'rules apply in order',
    input: { a: 'foo' },
    rules: [
      { sourceLabels: ['a'], targetLabel: 'b', replacement: 'bar' },
      { sourceLabels: ['b'], regex: 'bar', action: 'drop' },
    ],
    output: null,
  },
];

describe('relabel actions', () => {
  it.each(cases)('$name', ({ input, rules, output }) => {
    const got = relabel(labelsFromObject(input), compileRelabel(rules.map(relabelConfig)));
    expect(got === null ? null : { ...labelsToObject(got) }).toEqual(output);
  });
});

describe('expandTemplate as Go regexp.Expand', () => {
  const m = { groups: ['abc', 'a', 'b', null], names: { first: 1 } };
  it.each([
    ['$1', 'a'],
    ['${1}x', 'ax'],
    ['$1x', ''],
    ['$first-$2', 'a-b'],
    ['${first}', 'a'],
    ['$$1', '$1'],
    ['$3', ''],
    ['$9', ''],
    ['$01', ''],
    ['cost: $', 'cost: $'],
    ['${1', '${1'],
    ['$-', '$-'],
    ['$0', 'abc'],
  ])('%s -> %s', (tpl, want) => {
    expect(expandTemplate(tpl, m)).toBe(want);
  });
});

describe('validateRelabelConfig', () => {
  it.each<[Partial<RelabelConfig>, string | null]>([
    [{ targetLabel: 'x' }, null],
    [{}, "relabel configuration for replace action requires 'target_label' value"],
    [{ action: 'hashmod', targetLabel: 'x' }, 'relabel configuration for hashmod requires non-zero modulus'],
    [{ action: 'lowercase' }, "relabel configuration for lowercase action requires 'target_label' value"],
    [{ action: 'uppercase', targetLabel: 'x', replacement: 'y' }, "'replacement' can not be set for uppercase action"],
    [{ action: 'keepequal', targetLabel: 'x', regex: 'a' },
      "keepequal action requires only 'source_labels' and `target_label`, and no other fields"],
    [{ action: 'labeldrop', sourceLabels: ['a'] }, "labeldrop action requires only 'regex', and no other fields"],
    [{ action: 'labelkeep', regex: 'a.*' }, null],
    [{ action: 'keep', regex: '(' }, 'invalid regular expression'],
  ])('%j', (rule, want) => {
    const got = validateRelabelConfig(relabelConfig(rule));
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });
});

describe('relabelSteps', () => {
  it('returns the labels after each rule and stops at a drop', () => {
    const rules = compileRelabel(
      [
        { targetLabel: 'env', replacement: 'prod' },
        { sourceLabels: ['env'], regex: 'prod', action: 'drop' },
        { targetLabel: 'never', replacement: 'x' },
      ].map((r) => relabelConfig(r as Partial<RelabelConfig>)),
    );
    const steps = relabelSteps(labelsFromObject({ a: '1' }), rules);
    expect(steps.map((s) => [labelsToObject(s.labels), s.keep])).toEqual([
      [{ a: '1', env: 'prod' }, true],
      [{ a: '1', env: 'prod' }, false],
    ]);
  });
});
