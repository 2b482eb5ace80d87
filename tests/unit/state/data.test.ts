import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../src/model/labels';
import { STALE_NAN } from '../../../src/model/value';
import { parseAll } from '../../../src/exposition';
import { Head } from '../../../src/tsdb';
import { collectExport } from '../../../src/state/data_export';
import { detectDataKind, importDataFile, parseDataFile } from '../../../src/state/data_import';
import { crc32, readSnapshot, SNAPSHOT_MAGIC } from '../../../src/state/snapshot';
import { FileError } from '../../../src/state/safejson';

function bitsOf(v: number): string {
  const f = new Float64Array([v]);
  const u = new Uint32Array(f.buffer);
  return `${u[1].toString(16)}:${u[0].toString(16)}`;
}

const PAYLOAD_NAN = (() => {
  const u = new Uint32Array([0x1234, 0x7ff80000]);
  return new Float64Array(u.buffer)[0];
})();

const VALUES = [1, -0, 2.5, Infinity, -Infinity, NaN, PAYLOAD_NAN, STALE_NAN, 1e300, 5e-324, 42];

async function fixtureHead(): Promise<Head> {
  const h = new Head();
  const app = h.appender();
  VALUES.forEach((v, i) => app.append(0, labelsFromObject({ __name__: 'odd_values', job: 'a' }), 1000 * (i + 1), v));
  for (let i = 0; i < 300; i++) app.append(0, labelsFromObject({ __name__: 'ramp_total', instance: 'x:1', 'dotted.label': 'v"q' }), 15_000 * i, i * 1.5);
  app.append(0, labelsFromObject({ __name__: 'utf8.metric', job: 'b' }), 5000, 7);
  await app.commit();
  return h;
}

async function dump(h: Head): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const s of await h.querier().select([{ type: '=~', name: '__name__', value: '.+' }], -Infinity, Infinity)) {
    out.set(s.labels.join(','), [...s.timestamps].map((t, i) => `${t}=${bitsOf(s.values[i])}`));
  }
  return out;
}

describe('binary snapshot', () => {
  it('round-trips every sample bit for bit (stale markers, NaN payloads, ±Inf, -0)', async () => {
    const src = await fixtureHead();
    const { data, last } = await collectExport(src, { format: 'snapshot', pieceBytes: 64 });
    expect(last.seriesTotal).toBe(3);
    expect(last.samples).toBe(VALUES.length + 301);
    const dst = new Head();
    const r = await importDataFile(dst, data);
    expect(r).toMatchObject({ kind: 'snapshot', series: 3, added: VALUES.length + 301, rejected: 0 });
    expect(await dump(dst)).toEqual(await dump(src));
    const odd = (await dump(dst)).get('__name__,odd_values,job,a')!;
    expect(odd.map((x) => x.split('=')[1])).toEqual(VALUES.map(bitsOf));
    const again = await collectExport(dst, { format: 'snapshot' });
    expect(again.data).toEqual(data);
  });

  it('applies out-of-order rules on import and counts what it rejects', async () => {
    const src = await fixtureHead();
    const { data } = await collectExport(src, { format: 'snapshot' });
    const dst = await fixtureHead();
    const r = await importDataFile(dst, data);
    // Only the exact repeat of each series' last sample is accepted; everything before it is out of order.
    expect(r.added).toBe(3);
    expect(r.rejectedBy).toEqual({ out_of_order: VALUES.length + 301 - 3 });
    const later = new Head();
    const app = later.appender();
    app.append(0, labelsFromObject({ __name__: 'ramp_total', instance: 'x:1', 'dotted.label': 'v"q' }), 15_000 * 299, 0);
    await app.commit();
    const r2 = await importDataFile(later, data);
    expect(r2.rejectedBy).toEqual({ out_of_order: 299, duplicate: 1 });
  });

  it('exports a time range and matchers only', async () => {
    const src = await fixtureHead();
    const { last } = await collectExport(src, {
      format: 'snapshot',
      matchers: [{ type: '=', name: '__name__', value: 'ramp_total' }],
      mint: 15_000,
      maxt: 150_000,
    });
    expect(last).toMatchObject({ seriesTotal: 1, samples: 10 });
  });

  const corruptions: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['bad magic', (b) => Uint8Array.from(b, (x, i) => (i === 0 ? 0x51 : x)), /not a Promtab data snapshot/],
    ['truncated', (b) => b.slice(0, b.length - 10), /damaged or truncated/],
    ['tiny', (b) => b.slice(0, 12), /truncated/],
    ['flipped byte', (b) => Uint8Array.from(b, (x, i) => (i === 40 ? x ^ 1 : x)), /checksum/],
    ['newer version', (b) => Uint8Array.from(b, (x, i) => (i === 8 ? 4 : x)), /version 4; this Promtab reads versions 1 to 3/],
  ];
  it.each(corruptions)('refuses a corrupt snapshot (%s) and adds nothing', async (_name, damage, msg) => {
    const { data } = await collectExport(await fixtureHead(), { format: 'snapshot' });
    const dst = new Head();
    await expect(importDataFile(dst, damage(data as Uint8Array))).rejects.toThrow(msg);
    expect(dst.numSeries()).toBe(0);
  });

  it('refuses a snapshot whose checksum is right but whose structure lies', () => {
    const enc = new TextEncoder().encode(SNAPSHOT_MAGIC);
    const body = new Uint8Array(16);
    body.set(enc);
    new DataView(body.buffer).setUint32(8, 1, true);
    new DataView(body.buffer).setUint32(12, 5, true);
    const file = new Uint8Array(20);
    file.set(body);
    new DataView(file.buffer).setUint32(16, crc32(body), true);
    expect(() => readSnapshot(file)).toThrow(FileError);
    expect(() => readSnapshot(file)).toThrow(/truncated/);
  });

  it('computes the IEEE CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('OpenMetrics export', () => {
  it('writes one family per metric name, sorted series, no stale markers, # EOF; our parser reads it back', async () => {
    const src = await fixtureHead();
    const { data, last } = await collectExport(src, { format: 'openmetrics', pieceBytes: 100 });
    const text = data as string;
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(last.staleOmitted).toBe(1);
    expect(text.match(/^# TYPE /gm)).toHaveLength(3);
    expect(text).toContain('# TYPE odd_values unknown\n');
    expect(text).toContain('# TYPE "utf8.metric" unknown\n');
    for (const strict of [true, false]) {
      const { samples } = parseAll(text, 'openmetrics', { strict });
      expect(samples).toHaveLength(VALUES.length - 1 + 301);
    }
    const back = parseAll(text, 'openmetrics', { strict: false }).samples.filter((s) => s.name === 'odd_values');
    expect(back.map((s) => s.timestamp)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11].map((x) => x * 1000));
    expect(back.map((s) => String(s.value))).toEqual(['1', '0', '2.5', 'Infinity', '-Infinity', 'NaN', 'NaN', '1e+300', '5e-324', '42']);
  });

  it('imports its own export into an empty head with the same values (stale markers aside)', async () => {
    const src = await fixtureHead();
    const { data } = await collectExport(src, { format: 'openmetrics' });
    const dst = new Head();
    const r = await importDataFile(dst, data);
    expect(r).toMatchObject({ kind: 'openmetrics', added: VALUES.length - 1 + 301, rejected: 0 });
    const ramp = (await dump(dst)).get('__name__,ramp_total,dotted.label,v"q,instance,x:1');
    expect(ramp).toEqual((await dump(src)).get('__name__,ramp_total,dotted.label,v"q,instance,x:1'));
  });
});

describe('data file detection and text import', () => {
  const cases: [string, string, string][] = [
    ['openmetrics', 'a 1 1\n# EOF\n', 'openmetrics'],
    ['prometheus text', 'a 1 1000\n', 'prometheus'],
    ['prometheus text ending in a comment', '# HELP a x\na 1 1000\n', 'prometheus'],
  ];
  it.each(cases)('%s', (_n, text, kind) => {
    expect(detectDataKind(text)).toBe(kind);
    expect(detectDataKind(new TextEncoder().encode(text))).toBe(kind);
  });

  it('backfills a Prometheus text file in time order per series, untimed samples at now', async () => {
    const r = parseDataFile('b 2 2000\nb 1 1000\nc 5\n', 99_000);
    expect(r.series.map((s) => [...s.timestamps])).toEqual([[1000, 2000], [99_000]]);
    expect(r.warnings[0]).toMatch(/1 samples had no timestamp/);
  });

  it('refuses a malformed text file with its line and adds nothing', async () => {
    const h = new Head();
    await expect(importDataFile(h, 'ok 1 1000\nbad{x="1" 2\n')).rejects.toThrow(/line 2/);
    expect(h.numSeries()).toBe(0);
  });
});
