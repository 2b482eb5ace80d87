import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr } from '../../../../src/promql/parser';
import { stripPositions } from './strip';

const dir = path.resolve(__dirname, '../../../../../shared/testdata/promqltest');
const exists = existsSync(dir);

interface Eval {
  readonly where: string;
  readonly query: string;
  readonly fails: boolean;
  readonly msg: string;
}

const EVAL = /^\s*eval(_fail|_warn|_info|_ordered)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/;

function evals(): Eval[] {
  const out: Eval[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test'))) {
    const lines = readFileSync(path.join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = EVAL.exec(line);
      if (!m) return;
      let fails = m[1] === '_fail';
      let msg = '';
      for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]); j++) {
        const e = /^\s+expect\s+fail(?:\s+msg:\s*(.*))?/.exec(lines[j]);
        if (e) [fails, msg] = [true, (e[1] ?? '').trim()];
      }
      out.push({ where: `${f}:${i + 1}`, query: m[2], fails, msg });
    });
  }
  return out;
}

describe.skipIf(!exists)('promqltest scripts (../shared/testdata/promqltest)', () => {
  const all = exists ? evals() : [];
  it('finds the eval commands', () => expect(all.length).toBeGreaterThan(2000));
  it('parses every query not expected to fail, and prints it back to the same tree', () => {
    const bad: string[] = [];
    for (const c of all) {
      let e;
      try {
        e = parseExpr(c.query, { experimental: true });
      } catch (err) {
        if (!c.fails) bad.push(`${c.where}: ${c.query}: ${(err as Error).message}`);
        else if (c.msg && !(err as Error).message.includes(c.msg)) bad.push(`${c.where}: wanted ${c.msg}`);
        continue;
      }
      const again = parseExpr(formatExpr(e), { experimental: true });
      if (JSON.stringify(stripPositions(again)) !== JSON.stringify(stripPositions(e))) bad.push(`${c.where}: round trip`);
    }
    expect(bad).toEqual([]);
  }, 60_000);
});
