import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram, type FloatHistogram } from '../../../src/model/histogram';
import type { Appendable, Appender } from '../../../src/model/storage';
import { isStaleNaN, STALE_NAN, STALE_NAN_HI, STALE_NAN_LO } from '../../../src/model/value';
import { labelsFromObject } from '../../../src/model/labels';
import { parseAll } from '../../../src/exposition';
import { Head } from '../../../src/tsdb';
import { collectExport, omittedNotes, snapshotParts } from '../../../src/state/data_export';
import { appendSeries, importDataFile, parseDataFile } from '../../../src/state/data_import';
import { FileError } from '../../../src/state/safejson';
import { concat, crc32, encodeChunks, readSnapshot, SNAPSHOT_MAGIC, SnapshotWriter, type SnapshotSeries } from '../../../src/state/snapshot';

/** wordsOf returns the two 32-bit words of each value, as the snapshot keeps them (a JS array may quiet the stale marker: its words are set apart). */
function wordsOf(values: number[]): Uint32Array {
  const w = new Uint32Array(Float64Array.from(values).buffer);
  values.forEach((v, i) => {
    if (isStaleNaN(v)) w.set([STALE_NAN_LO, STALE_NAN_HI], 2 * i);
  });
  return w;
}

/** bits renders a float's bits from a typed array (a JS number may quiet a NaN). */
function bits(x: number): string {
  const f = new Float64Array(1);
  f[0] = x;
  const u = new Uint32Array(f.buffer);
  return `${u[1].toString(16)}:${u[0].toString(16)}`;
}

/** histogramBits renders every float of a histogram as bits, so equality is bit-exact. */
function histogramBits(h: FloatHistogram): unknown {
  return {
    schema: h.schema,
    hint: h.counterResetHint,
    zt: bits(h.zeroThreshold),
    zc: bits(h.zeroCount),
    c: bits(h.count),
    s: isStaleNaN(h.sum) ? 'stale' : bits(h.sum),
    p: h.positive.index.map((x, i) => `${x}:${bits(h.positive.count[i])}`),
    n: h.negative.index.map((x, i) => `${x}:${bits(h.negative.count[i])}`),
    cv: (h.customValues ?? []).map(bits),
  };
}

/** snapshotOf writes series (floats, histograms, start timestamps as SnapshotSeries) into one snapshot. */
function snapshotOf(series: SnapshotSeries[]): Uint8Array {
  const w = new SnapshotWriter();
  const parts = [w.header(series.length)];
  for (const s of series) {
    const values = new Float64Array(s.words.buffer, s.words.byteOffset, s.timestamps.length);
    const { chunks, histograms, starts } = snapshotParts({
      labels: s.labels,
      timestamps: s.timestamps,
      values,
      histograms: s.histograms,
      startTimestamps: s.startTimestamps,
    });
    w.series(s.labels, chunks, histograms, starts);
  }
  parts.push(w.end());
  return concat(parts);
}

/** view renders a series as comparable rows (t, float bits or histogram bits, start). */
function view(s: SnapshotSeries): unknown[] {
  return [...s.timestamps].map((t, i) => {
    const h = s.histograms?.[i];
    const st = s.startTimestamps?.[i] ?? 0;
    return [t, h ? histogramBits(h) : `${s.words[2 * i + 1].toString(16)}:${s.words[2 * i].toString(16)}`, st];
  });
}

const expH = newFloatHistogram({
  schema: 3,
  zeroThreshold: 2.938735877055719e-39,
  zeroCount: 3,
  count: 20,
  sum: 12.75,
  positive: { index: [-1, 0, 1, 7], count: [1, 0, 5, 4] },
  negative: { index: [2], count: [7] },
  counterResetHint: 'not_reset',
});
const nhcb = newFloatHistogram({ schema: CUSTOM_BUCKETS_SCHEMA, count: 6, sum: 1.5, positive: { index: [0, 2, 3], count: [1, 2, 3] }, customValues: [0.25, 1, 4] });

const mixed: SnapshotSeries = {
  labels: ['__name__', 'rpc_seconds', 'job', 'api'],
  timestamps: Float64Array.of(1000, 2000, 3000, 4000, 5000, 6000),
  words: wordsOf([0, 0, 7.5, 0, STALE_NAN, 0]),
  histograms: [expH, { ...expH, counterResetHint: 'reset', sum: NaN }, undefined, nhcb, undefined, { ...expH, sum: STALE_NAN }],
  startTimestamps: Float64Array.of(500, 500, 0, 900, 0, 4500),
};

describe('snapshot version 2: native histograms and start timestamps', () => {
  it('round-trips mixed float and histogram samples, start timestamps and stale markers bit for bit', () => {
    const plain: SnapshotSeries = { labels: ['__name__', 'up'], timestamps: Float64Array.of(1, 2), words: wordsOf([1, STALE_NAN]) };
    const starts: SnapshotSeries = { labels: ['__name__', 'c_total'], timestamps: Float64Array.of(10, 20), words: wordsOf([1, 2]), startTimestamps: Float64Array.of(5, 5) };
    const back = readSnapshot(snapshotOf([mixed, plain, starts]));
    expect(back.map(view)).toEqual([mixed, plain, starts].map(view));
    expect(back[1].histograms).toBeUndefined();
    expect(back[1].startTimestamps).toBeUndefined();
    expect(isStaleNaN(back[0].histograms![5]!.sum)).toBe(true);
    expect(back[0].histograms![3]!.customValues).toEqual([0.25, 1, 4]);
  });

  it('round-trips arbitrary series bit for bit (fast-check)', () => {
    const f64 = fc.oneof(fc.double(), fc.constant(STALE_NAN), fc.integer().map((x) => x * 0.5));
    const buckets = fc
      .uniqueArray(fc.integer({ min: -2000, max: 2000 }), { maxLength: 12 })
      .chain((idx) => fc.tuple(fc.constant([...idx].sort((a, b) => a - b)), fc.array(fc.double(), { minLength: idx.length, maxLength: idx.length })))
      .map(([index, count]) => ({ index, count }));
    const exponential = fc.record({
      schema: fc.integer({ min: -4, max: 8 }),
      zeroThreshold: fc.double({ min: 0, max: 1e6, noNaN: true }),
      zeroCount: fc.double(),
      count: fc.double(),
      sum: f64,
      positive: buckets,
      negative: buckets,
      counterResetHint: fc.constantFrom('unknown', 'reset', 'not_reset', 'gauge' as const),
    });
    const custom = fc
      .uniqueArray(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 8 })
      .map((cv) => [...cv].sort((a, b) => a - b).filter((x, i, a) => i === 0 || x !== a[i - 1] || !Object.is(x, a[i - 1])))
      .filter((cv) => cv.every((x, i) => i === 0 || x > cv[i - 1]))
      .chain((cv) =>
        fc.record({
          schema: fc.constant(CUSTOM_BUCKETS_SCHEMA),
          zeroThreshold: fc.constant(0),
          zeroCount: fc.constant(0),
          count: fc.double(),
          sum: f64,
          positive: fc
            .uniqueArray(fc.integer({ min: 0, max: cv.length }), { maxLength: cv.length + 1 })
            .chain((idx) => fc.tuple(fc.constant([...idx].sort((a, b) => a - b)), fc.array(fc.double(), { minLength: idx.length, maxLength: idx.length })))
            .map(([index, count]) => ({ index, count })),
          negative: fc.constant({ index: [], count: [] }),
          counterResetHint: fc.constantFrom('unknown', 'gauge' as const),
          customValues: fc.constant(cv),
        }),
      );
    const sample = fc.tuple(fc.oneof(f64.map((v) => ({ v })), exponential.map((h) => ({ h: h as FloatHistogram })), custom.map((h) => ({ h: h as FloatHistogram }))), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2e12 })));
    const series = fc
      .tuple(fc.uniqueArray(fc.integer({ min: -1e12, max: 1e12 }), { minLength: 1, maxLength: 20 }), fc.array(sample, { minLength: 20, maxLength: 20 }))
      .map(([ts, samples]): SnapshotSeries => {
        const sorted = [...ts].sort((a, b) => a - b);
        const n = sorted.length;
        const words = new Uint32Array(2 * n);
        const f = new Float64Array(words.buffer);
        const histograms: (FloatHistogram | undefined)[] = [];
        const st = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const [x, start] = samples[i];
          if ('h' in x) histograms[i] = x.h;
          else f[i] = x.v;
          st[i] = start;
        }
        histograms.length = n;
        return { labels: ['__name__', 's'], timestamps: Float64Array.from(sorted), words, histograms, startTimestamps: st };
      });
    fc.assert(
      fc.property(fc.array(series, { minLength: 1, maxLength: 4 }), (list) => {
        list.forEach((s, k) => (s.labels = ['__name__', `s${k}`]));
        const back = readSnapshot(snapshotOf(list));
        expect(back.map(view)).toEqual(list.map(view));
      }),
      { numRuns: 120 },
    );
  });

  it('appends histograms through appendHistogram and floats through append, each with its start timestamp', async () => {
    const calls: unknown[] = [];
    const app: Appender = {
      append: (_r, ls, t, v, st) => (calls.push(['f', ls[1], t, bits(v), st]), 1),
      appendHistogram: (_r, ls, t, h, st) => (calls.push(['h', ls[1], t, h.count, st]), 1),
      commit: async () => undefined,
      rollback: () => undefined,
    };
    const db: Appendable = { appender: () => app };
    const { kind, series } = parseDataFile(snapshotOf([mixed]));
    expect(kind).toBe('snapshot');
    const r = await appendSeries(db, series);
    expect(r).toMatchObject({ series: 1, added: 6, rejected: 0 });
    expect(calls).toEqual([
      ['h', 'rpc_seconds', 1000, 20, 500],
      ['h', 'rpc_seconds', 2000, 20, 500],
      ['f', 'rpc_seconds', 3000, bits(7.5), 0],
      ['h', 'rpc_seconds', 4000, 6, 900],
      ['f', 'rpc_seconds', 5000, '7ff00000:2', 0],
      ['h', 'rpc_seconds', 6000, 20, 4500],
    ]);
  });

  it('still reads version 1 files (floats only)', () => {
    const enc = new TextEncoder();
    const piece: number[] = [];
    const u32 = (x: number) => piece.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24);
    const [chunk] = encodeChunks(Float64Array.of(1000, 2000), wordsOf([1, STALE_NAN]));
    const f64 = (x: number) => piece.push(...new Uint8Array(Float64Array.of(x).buffer));
    piece.push(...enc.encode(SNAPSHOT_MAGIC));
    u32(1);
    u32(1);
    u32(2);
    for (const s of ['__name__', 'up']) {
      u32(s.length);
      piece.push(...enc.encode(s));
    }
    u32(1);
    f64(chunk.minT);
    f64(chunk.maxT);
    u32(chunk.bytes.length);
    piece.push(...chunk.bytes);
    const body = Uint8Array.from(piece);
    const file = new Uint8Array(body.length + 4);
    file.set(body);
    new DataView(file.buffer).setUint32(body.length, crc32(body), true);
    const [s] = readSnapshot(file);
    expect(view(s)).toEqual([
      [1000, '3ff00000:0', 0],
      [2000, '7ff00000:2', 0],
    ]);
  });
});

/** withHistogram builds a one-series snapshot around a (possibly hostile) histogram and start timestamps. */
function hostile(h: FloatHistogram, opts: { starts?: number[]; t?: number } = {}): Uint8Array {
  const w = new SnapshotWriter();
  const parts = [w.header(1)];
  const [chunk] = encodeChunks(Float64Array.of(1000), wordsOf([1]));
  w.series(['__name__', 'x'], [chunk], [{ t: opts.t ?? 2000, h }], opts.starts ?? []);
  parts.push(w.end());
  return concat(parts);
}

describe('hostile snapshot histograms are refused with a clear error', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a schema out of range', hostile({ ...expH, schema: 9 }), /series\[0\]\.histograms\[0\]: schema 9 is not a native histogram schema/],
    ['a schema far out of range', hostile({ ...expH, schema: -2_000_000_000 }), /schema -2000000000 is not/],
    ['descending bucket indices', hostile({ ...expH, positive: { index: [3, 1], count: [1, 1] } }), /positive: bucket indices must ascend \(1 after 3\)/],
    ['repeated bucket indices', hostile({ ...expH, negative: { index: [1, 1], count: [1, 1] } }), /negative: bucket indices must ascend/],
    ['a negative zero threshold', hostile({ ...expH, zeroThreshold: -1 }), /zero threshold -1 is not a finite non-negative number/],
    ['custom bounds on an exponential schema', hostile({ ...expH, customValues: [1, 2] }), /an exponential histogram \(schema 3\) has no custom bucket bounds/],
    ['custom bounds that do not ascend', hostile({ ...nhcb, customValues: [1, 1] }), /custom bucket bounds must ascend/],
    ['an infinite custom bound', hostile({ ...nhcb, customValues: [1, Infinity] }), /custom bucket bound Infinity is not finite/],
    ['a custom bucket beyond the bounds', hostile({ ...nhcb, positive: { index: [0, 4], count: [1, 1] } }), /bucket index 4 is outside the 4 custom buckets/],
    ['negative buckets with custom bounds', hostile({ ...nhcb, negative: { index: [0], count: [1] } }), /has no negative buckets/],
    ['a histogram at the same time as a float', hostile(expH, { t: 1000 }), /sample timestamps must be whole milliseconds and ascend \(1000 at sample 1\)/],
    ['a fractional timestamp', hostile(expH, { t: 1500.5 }), /sample timestamps must be whole/],
    ['a start timestamp for no sample', hostile(expH, { starts: [1500, 10] }), /start timestamp for 1500, which is not one of the series' samples/],
    ['a zero start timestamp', hostile(expH, { starts: [2000, 0] }), /start timestamp 0 at 2000 is not a whole, non-zero millisecond time/],
  ];
  for (const [what, file, msg] of cases) {
    it(what, () => {
      expect(() => readSnapshot(file)).toThrow(FileError);
      expect(() => readSnapshot(file)).toThrow(msg);
    });
  }

  it('a counter-reset hint outside 0..3', () => {
    const file = hostile(expH);
    // The hint byte follows the 8-byte time and the 4-byte schema of the only histogram; find it by its schema.
    const view = new DataView(file.buffer);
    let at = -1;
    for (let i = 0; i + 13 < file.length; i++) if (view.getFloat64(i, true) === 2000 && view.getInt32(i + 8, true) === 3) at = i + 12;
    file[at] = 7;
    const body = file.subarray(0, file.length - 4);
    view.setUint32(file.length - 4, crc32(body), true);
    expect(() => readSnapshot(file)).toThrow(/counter-reset hint 7 is not one of 0 to 3/);
  });

  it('a bucket count larger than the file is refused as truncated without allocating it', () => {
    const file = hostile(newFloatHistogram({ schema: 0, positive: { index: [1], count: [1] } }));
    const view = new DataView(file.buffer);
    // The positive bucket count (1) sits right after the four floats that follow the hint byte.
    let at = -1;
    for (let i = 0; i + 13 < file.length; i++) if (view.getFloat64(i, true) === 2000 && view.getInt32(i + 8, true) === 0) at = i + 13 + 32;
    expect(view.getUint32(at, true)).toBe(1);
    view.setUint32(at, 0xffffffff, true);
    view.setUint32(file.length - 4, crc32(file.subarray(0, file.length - 4)), true);
    expect(() => readSnapshot(file)).toThrow(/series\[0\]\.histograms\[0\]\.positive: the snapshot is truncated/);
  });

  it('a newer version is refused', () => {
    const file = hostile(expH);
    const view = new DataView(file.buffer);
    view.setUint32(8, 4, true);
    view.setUint32(file.length - 4, crc32(file.subarray(0, file.length - 4)), true);
    expect(() => readSnapshot(file)).toThrow('the snapshot is version 4; this Promtab reads versions 1 to 3');
  });
});

describe('export and import through the head', () => {
  async function histogramHead(): Promise<Head> {
    const h = new Head();
    const app = h.appender();
    const ls = labelsFromObject({ __name__: 'rpc_seconds', job: 'api' });
    app.appendHistogram(0, ls, 1000, expH, 500);
    app.appendHistogram(0, ls, 2000, { ...expH, count: 25, zeroCount: 8 }, 500);
    app.append(0, ls, 3000, 4.25);
    app.appendHistogram(0, ls, 4000, nhcb, 3500);
    const c = labelsFromObject({ __name__: 'requests_total', job: 'api' });
    for (let i = 0; i < 5; i++) app.append(0, c, 1000 * (i + 1), i, i < 3 ? 700 : 0);
    app.append(0, c, 6000, STALE_NAN);
    app.append(0, labelsFromObject({ __name__: 'temperature', job: 'api' }), 1000, 21.5, 900);
    await app.commit();
    return h;
  }

  async function dumpHead(h: Head): Promise<unknown> {
    const out: Record<string, unknown> = {};
    for (const s of await h.querier().select([{ type: '=~', name: '__name__', value: '.+' }], -Infinity, Infinity)) {
      out[s.labels.join(',')] = [...s.timestamps].map((t, i) => {
        const hh = s.histograms?.[i];
        return [t, hh ? histogramBits(hh) : isStaleNaN(s.values[i]) ? 'stale' : bits(s.values[i]), s.startTimestamps?.[i] ?? 0];
      });
    }
    return out;
  }

  it('a snapshot keeps histograms and start timestamps: export, import into a fresh head, same data, same file', async () => {
    const src = await histogramHead();
    const { data, last } = await collectExport(src, { format: 'snapshot', pieceBytes: 32 });
    expect(last).toMatchObject({ seriesTotal: 3, samples: 11, histogramsOmitted: 0, startsOmitted: 0 });
    const dst = new Head();
    const r = await importDataFile(dst, data);
    expect(r).toMatchObject({ kind: 'snapshot', series: 3, added: 11, rejected: 0 });
    expect(await dumpHead(dst)).toEqual(await dumpHead(src));
    expect(((await dumpHead(dst)) as Record<string, unknown[][]>)['__name__,rpc_seconds,job,api'][3][2]).toBe(3500);
    const again = await collectExport(dst, { format: 'snapshot' });
    expect(again.data).toEqual(data);
  });

  it('OpenMetrics text writes counters with _created, leaves native histograms out and says so', async () => {
    const { data, last } = await collectExport(await histogramHead(), { format: 'openmetrics' });
    expect(last).toMatchObject({ samples: 7, staleOmitted: 1, histogramsOmitted: 3, startsOmitted: 4 });
    const text = data as string;
    expect(text).toContain('# TYPE requests counter\nrequests_total{job="api"} 0 1\nrequests_created{job="api"} 0.7 1\nrequests_total{job="api"} 1 2\n');
    expect(text).toContain('requests_total{job="api"} 3 4\nrequests_total{job="api"} 4 5\n# TYPE rpc_seconds unknown\nrpc_seconds{job="api"} 4.25 3\n');
    expect(text).toContain('# TYPE temperature unknown\ntemperature{job="api"} 21.5 1\n# EOF\n');
    // Our own OpenMetrics parser reads it back, strictly: a counter family with _created, and nothing malformed.
    const { samples, metadata } = parseAll(text, 'openmetrics', { strict: true });
    expect(metadata.get('requests')?.type).toBe('counter');
    expect(samples.filter((s) => s.name.startsWith('requests')).map((s) => s.name)).toEqual([
      'requests_total', 'requests_created', 'requests_total', 'requests_created', 'requests_total', 'requests_created', 'requests_total', 'requests_total',
    ]);
    expect(omittedNotes(last)).toEqual([
      '1 stale markers were left out (OpenMetrics cannot carry them; the binary snapshot keeps them).',
      '3 native histogram samples are not in OpenMetrics 1.0 text and were left out; use the binary snapshot to keep them.',
      '4 start timestamps of series that are not counters were left out (OpenMetrics 1.0 has _created only for counters here; the binary snapshot keeps them).',
    ]);
  });

  it('OpenMetrics text brings counters\' start timestamps back from _created on import', async () => {
    const { data } = await collectExport(await histogramHead(), { format: 'openmetrics' });
    const dst = new Head();
    const r = await importDataFile(dst, data as string);
    expect(r).toMatchObject({ kind: 'openmetrics', added: 7, rejected: 0, warnings: [] });
    const [c] = await dst.querier().select([{ type: '=', name: '__name__', value: 'requests_total' }], -Infinity, Infinity);
    expect([...c.timestamps]).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect([...(c.startTimestamps ?? [])]).toEqual([700, 700, 700, 0, 0]);
    expect(await dst.querier().select([{ type: '=', name: '__name__', value: 'requests_created' }], -Infinity, Infinity)).toEqual([]);
  });

  it('a _created sample with no _total beside it is reported, and one of an unknown family stays a series', async () => {
    const text = [
      '# TYPE a counter',
      'a_total 1 10',
      'a_created 5 20',
      '# TYPE b unknown',
      'b_created 5 10',
      '# EOF',
      '',
    ].join('\n');
    const dst = new Head();
    const r = await importDataFile(dst, text);
    expect(r.warnings).toEqual(['1 _created samples had no _total sample with the same labels and time and were not kept']);
    expect(r.added).toBe(2);
  });
});
