import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../../src/rules/rulefmt';
import { expandTemplate } from '../../../src/rules/template';

const pieces = fc.constantFrom(
  '{{', '}}', '{{-', '-}}', ' ', 'if', 'else', 'end', 'range', 'with', '$labels', '.Labels', '.', '$x', ':=', '=', '|',
  '(', ')', '"s"', '`r`', '1', '1.5', 'humanize', 'printf', '"%d"', 'first', 'query', 'eq', 'len', '/*', '*/', 'x', '\n',
);
const template = fc.array(pieces, { maxLength: 30 }).map((a) => a.join(''));

describe('robustness', () => {
  it('expandTemplate always returns text for arbitrary template soup', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(template, fc.string()), async (text) => {
        const out = await expandTemplate('__alert_F', text, {
          labels: { a: 'b' },
          externalLabels: {},
          externalURL: '',
          value: 1,
          env: { query: async () => [], timeMs: 0, externalURL: '' },
        });
        expect(typeof out).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('parseRuleFile never throws, and returns groups or errors, on arbitrary text', () => {
    const yamlish = fc
      .array(fc.constantFrom('groups:', '\n', '  - ', 'name: g', 'rules:', 'record: a', 'alert: B', 'expr: up', 'for: 1m', 'labels:', '{', '}', '[', ']', '&a', '*a', ': ', '"', "'", '#', 'x'), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string()), (text) => {
        const { groups, errors } = parseRuleFile(text, { file: 'f.yml' });
        expect(groups.length === 0 || errors.length === 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
