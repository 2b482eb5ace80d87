/** The realistic exposition files of Prometheus's textparse testdata parse, with their sample and family counts. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsGet } from '../../src/model/labels';
import { parseAll, type Format } from '../../src/exposition/index';

const dir = path.resolve(__dirname, '../../../shared/testdata/openmetrics/textparse');
const present = existsSync(dir);

const FILES: readonly { file: string; format: Format; strict: boolean; samples: number; families: number }[] = [
  { file: '1histogram.om.txt', format: 'openmetrics', strict: true, samples: 42, families: 1 },
  { file: 'alltypes.237mfs.prom.txt', format: 'text', strict: true, samples: 1857, families: 237 },
  { file: 'alltypes.237mfs.nometa.prom.txt', format: 'text', strict: true, samples: 1857, families: 0 },
  { file: 'alltypes.5mfs.om.txt', format: 'openmetrics', strict: false, samples: 53, families: 5 },
];

describe.skipIf(!present)(`textparse files (skipped: ${dir} is absent)`, () => {
  it.each(FILES.map((f) => [f.file, f] as const))('parses %s', (_name, f) => {
    const body = readFileSync(path.join(dir, f.file), 'utf8');
    const { samples, metadata } = parseAll(body, f.format, { strict: f.strict });
    expect(samples.length).toBe(f.samples);
    expect(metadata.size).toBe(f.families);
    for (const s of samples) expect(labelsGet(s.labels, '__name__')).toBe(s.name);
  });

  it('the metadata and the nometa files hold the same samples', () => {
    const a = parseAll(readFileSync(path.join(dir, 'alltypes.237mfs.prom.txt'), 'utf8'), 'text').samples;
    const b = parseAll(readFileSync(path.join(dir, 'alltypes.237mfs.nometa.prom.txt'), 'utf8'), 'text').samples;
    expect(b).toEqual(a);
  });

  it('strict OpenMetrics rejects the histogram with negative buckets and a negative _sum (suite rule)', () => {
    const body = readFileSync(path.join(dir, 'alltypes.5mfs.om.txt'), 'utf8');
    expect(() => parseAll(body, 'openmetrics')).toThrow(/line 33, column 1: _sum value must not be negative/);
  });

  it('keeps exemplars with their timestamps in ms', () => {
    const body = readFileSync(path.join(dir, 'alltypes.5mfs.om.txt'), 'utf8');
    const withExemplar = parseAll(body, 'openmetrics', { strict: false }).samples.filter((s) => s.exemplar);
    expect(withExemplar.length).toBeGreaterThan(0);
    expect(withExemplar[0].exemplar!.labels).toEqual(['dummyID', '17783']);
    expect(withExemplar[0].exemplar!.ts).toBe(1726839814223);
  });
});
