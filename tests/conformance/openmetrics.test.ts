/**
 * The OpenMetrics parser suite (../shared/testdata/openmetrics/parsers): every case is accepted or rejected as its
 * test.json says, and a rejection is one positioned ExpositionError.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpositionError, parseAll } from '../../src/exposition/index';

const dir = path.resolve(__dirname, '../../../shared/testdata/openmetrics/parsers');
const present = existsSync(dir);

interface Case {
  readonly name: string;
  readonly body: string;
  readonly shouldParse: boolean;
}

function cases(): Case[] {
  if (!present) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const spec = JSON.parse(readFileSync(path.join(dir, name, 'test.json'), 'utf8')) as { file: string; shouldParse: boolean };
      return { name, body: readFileSync(path.join(dir, name, spec.file), 'utf8'), shouldParse: spec.shouldParse };
    });
}

describe.skipIf(!present)(`OpenMetrics parser suite (skipped: ${dir} is absent)`, () => {
  const all = cases();

  it('has the 211 cases SOURCE.md describes', () => {
    expect(all.length).toBe(211);
    expect(all.filter((c) => c.shouldParse).length).toBe(44);
  });

  it.each(all.filter((c) => c.shouldParse).map((c) => [c.name, c] as const))('accepts %s', (_name, c) => {
    expect(() => parseAll(c.body, 'openmetrics')).not.toThrow();
  });

  it.each(all.filter((c) => !c.shouldParse).map((c) => [c.name, c] as const))('rejects %s', (_name, c) => {
    let err: unknown;
    try {
      parseAll(c.body, 'openmetrics');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExpositionError);
    const e = err as ExpositionError;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message).toMatch(/^line \d+, column \d+: \S/);
  });
});
