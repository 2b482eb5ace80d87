/** Snapshot version 3: exemplars travel with the samples, and a hostile exemplar section is refused whole. */
import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../src/model/labels';
import type { Exemplar, ExemplarQueryResult } from '../../../src/model/exemplar';
import { Head } from '../../../src/tsdb';
import { ExemplarStore } from '../../../src/tsdb/exemplar_store';
import { collectExport } from '../../../src/state/data_export';
import { importDataFile } from '../../../src/state/data_import';
import { concat, crc32, encodeChunks, readSnapshot, readSnapshotFile, SnapshotWriter } from '../../../src/state/snapshot';
import { FileError } from '../../../src/state/safejson';

const REQ = labelsFromObject({ __name__: 'req_total', job: 'a' });
const LAT = labelsFromObject({ __name__: 'lat_bucket', job: 'a', le: '0.5' });
const PAYLOAD_NAN = new Float64Array(new Uint32Array([0x1234, 0x7ff80000]).buffer)[0];

function ex(trace: string, ts: number, value = 1, hasTs = true): Exemplar {
  return { labels: labelsFromObject({ trace_id: trace }), value, ts, hasTs };
}

async function source(): Promise<{ head: Head; store: ExemplarStore }> {
  const head = new Head();
  const store = new ExemplarStore();
  const app = store.appendable(head).appender();
  for (let i = 1; i <= 5; i++) {
    app.append(0, REQ, i * 1000, i);
    app.append(0, LAT, i * 1000, i);
  }
  app.appendExemplar!(0, REQ, ex('r1', 1000));
  app.appendExemplar!(0, REQ, ex('r2', 3000, PAYLOAD_NAN, false));
  app.appendExemplar!(0, REQ, ex('r3', 5000, 2));
  app.appendExemplar!(0, LAT, ex('l1', 2000, 0.27));
  app.appendExemplar!(0, LAT, { labels: labelsFromObject({ span_id: 's', trace_id: 'l2' }), value: -Infinity, ts: 4000, hasTs: true });
  await app.commit();
  return { head, store };
}

const select = (store: ExemplarStore) => (s: number, e: number, sets: Parameters<ExemplarStore['select']>[2]) => store.select(s, e, sets);

describe('snapshot exemplars', () => {
  it('export and import keep every exemplar bit for bit, with its series', async () => {
    const { head, store } = await source();
    const { data } = await collectExport(head, { format: 'snapshot' }, select(store));
    const into = new ExemplarStore();
    const dst = new Head();
    const report = await importDataFile(into.appendable(dst), data as Uint8Array);
    expect(report.added).toBe(10);
    expect(report.exemplars).toBe(5);
    const bits = (x: { e: Exemplar }[]) => x.map(({ e }) => [...new Uint32Array(Float64Array.of(e.value).buffer), e.ts, e.hasTs, e.labels.join()]);
    const sorted = (s: ExemplarStore) => s.entries().sort((a, b) => a.series.join().localeCompare(b.series.join()) || a.e.ts - b.e.ts);
    expect(bits(sorted(into))).toEqual(bits(sorted(store)));
    // Importing the same file again stores no exemplar twice: each series' newest is already there, the rest older.
    expect((await importDataFile(into.appendable(dst), data as Uint8Array)).exemplars).toBe(2);
    expect(into.stats().exemplarsInStorage).toBe(5);
  });

  it('export narrows exemplars to the selected series and range', async () => {
    const { head, store } = await source();
    const { data } = await collectExport(head, { format: 'snapshot', matchers: [{ type: '=', name: '__name__', value: 'req_total' }], mint: 2000, maxt: 5000 }, select(store));
    const { series, exemplars } = readSnapshotFile(data as Uint8Array);
    expect(series.map((s) => s.labels)).toEqual([REQ]);
    expect(exemplars.map((r) => [r.seriesLabels, r.exemplars.map((e) => e.ts)])).toEqual([[REQ, [3000, 5000]]]);
  });

  it('an appendable without exemplars imports the samples and no exemplar', async () => {
    const { head, store } = await source();
    const { data } = await collectExport(head, { format: 'snapshot' }, select(store));
    const report = await importDataFile(new Head(), data as Uint8Array);
    expect(report.added).toBe(10);
    expect(report.exemplars).toBe(0);
  });

  it('a version 2 file (no exemplar section) still reads', () => {
    const w = new SnapshotWriter();
    const parts = [w.header(1)];
    const [chunk] = encodeChunks(Float64Array.of(1000), new Uint32Array(new Float64Array([1]).buffer));
    w.series(REQ, [chunk]);
    parts.push(w.end());
    const v3 = concat(parts);
    // Drop the exemplar count (the last 4 bytes before the checksum), mark it version 2, checksum again.
    const v2 = new Uint8Array(v3.length - 4);
    v2.set(v3.subarray(0, v3.length - 8));
    const view = new DataView(v2.buffer);
    view.setUint32(8, 2, true);
    view.setUint32(v2.length - 4, crc32(v2.subarray(0, v2.length - 4)), true);
    expect(readSnapshot(v2).map((s) => s.labels)).toEqual([REQ]);
    expect(readSnapshotFile(v2).exemplars).toEqual([]);
  });
});

function fileWith(exemplars: ExemplarQueryResult[]): Uint8Array {
  const w = new SnapshotWriter();
  return concat([w.header(0), w.end(exemplars)]);
}

describe('hostile snapshot exemplars are refused with a clear error', () => {
  const cases: [string, ExemplarQueryResult[], RegExp][] = [
    ['times that go back', [{ seriesLabels: REQ, exemplars: [ex('a', 2000), ex('b', 1000)] }], /exemplars\[0\]\.exemplars\[1\]: exemplar times must ascend \(1000 after 2000\)/],
    ['a fractional time', [{ seriesLabels: REQ, exemplars: [ex('a', 1000.5)] }], /exemplar time 1000.5 is not a whole millisecond time/],
    ['an infinite time', [{ seriesLabels: REQ, exemplars: [ex('a', Infinity)] }], /exemplar time Infinity/],
    ['unsorted exemplar labels', [{ seriesLabels: REQ, exemplars: [{ labels: ['z', '1', 'a', '2'], value: 1, ts: 1, hasTs: true }] }], /label names must be sorted and unique/],
    ['a series without labels', [{ seriesLabels: [], exemplars: [ex('a', 1)] }], /exemplars of a series without labels/],
  ];
  for (const [what, groups, msg] of cases) {
    it(what, () => {
      const file = fileWith(groups);
      expect(() => readSnapshotFile(file)).toThrow(FileError);
      expect(() => readSnapshotFile(file)).toThrow(msg);
    });
  }

  it('a timestamp flag other than 0 or 1, and a truncated section', () => {
    const file = fileWith([{ seriesLabels: REQ, exemplars: [ex('a', 1000)] }]);
    const view = new DataView(file.buffer);
    file[file.length - 5] = 7;
    view.setUint32(file.length - 4, crc32(file.subarray(0, file.length - 4)), true);
    expect(() => readSnapshotFile(file)).toThrow(/exemplar timestamp flag 7 is neither 0 nor 1/);
    const cut = file.slice(0, file.length - 9);
    const body = cut.subarray(0, cut.length - 4);
    new DataView(cut.buffer).setUint32(cut.length - 4, crc32(body), true);
    expect(() => readSnapshotFile(cut)).toThrow(/truncated/);
  });
});
