import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr } from '../../../../src/promql/parser';
import { ParseError } from '../../../../src/promql/ast';

interface Case {
  readonly line: number;
  readonly input: string;
  readonly experimental: boolean;
  readonly want: string;
}

function readCases(): Case[] {
  const text = readFileSync(path.join(__dirname, 'cases.txt'), 'utf8');
  const out: Case[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw === '' || raw.startsWith('#')) return;
    const experimental = raw.startsWith('!x ');
    const body = experimental ? raw.slice(3) : raw;
    const sep = body.indexOf(' ==> ');
    out.push({ line: i + 1, input: JSON.parse(body.slice(0, sep)), experimental, want: body.slice(sep + 5) });
  });
  return out;
}

describe('golden cases (tests/unit/promql/parser/cases.txt)', () => {
  const cases = readCases();
  it('has cases', () => expect(cases.length).toBeGreaterThan(250));
  it.each(cases)('line $line: $input', ({ input, experimental, want }) => {
    let got: string;
    try {
      got = formatExpr(parseExpr(input, { experimental }));
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      got = `error ${(e as Error).message}`;
    }
    expect(got).toBe(want);
  });
});
