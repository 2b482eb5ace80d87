import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram, type FloatHistogram } from '../../../src/model/histogram';
import type { Appendable, Appender } from '../../../src/model/storage';
import { STALE_NAN } from '../../../src/model/value';
import { encodeWriteRequest, encodeWriteRequestV2, type RemoteSeries } from '../../../src/remote';
import { remoteWriteConfig, type RemoteWriteInput } from '../../../src/remote/config';
import { isIntegerHistogram, spansOf } from '../../../src/remote/histogram_proto';
import { QueueStore } from '../../../src/remote/queue_store';
import { encodeBatch, SegmentBuilder } from '../../../src/remote/segment';
import { RemoteWriteStorage } from '../../../src/remote/storage';
import { decodeWriteRequest, sampleBits } from './decode';
import { decodeHistogramsV1, decodeRequestV2, type DecodedHistogram } from './decode_v2';
import { FakeClock, FakeRemote } from './fakes';

const exp: FloatHistogram = newFloatHistogram({
  schema: 3,
  zeroThreshold: 1e-128,
  zeroCount: 2,
  count: 19,
  sum: 42.5,
  positive: { index: [-2, -1, 0, 5, 6, 40], count: [1, 3, 0, 4, 2, 1] },
  negative: { index: [1, 3], count: [5, 1] },
  counterResetHint: 'not_reset',
});

const floaty: FloatHistogram = newFloatHistogram({
  schema: -2,
  zeroThreshold: 0.001,
  zeroCount: 0.5,
  count: 3.25,
  sum: -7,
  positive: { index: [0, 2], count: [1.5, 1.25] },
  counterResetHint: 'gauge',
});

const nhcb: FloatHistogram = newFloatHistogram({
  schema: CUSTOM_BUCKETS_SCHEMA,
  count: 10,
  sum: 3.5,
  positive: { index: [0, 1, 3], count: [4, 5, 1] },
  customValues: [0.1, 0.5, 1, 5],
  counterResetHint: 'reset',
});

/** expected is what a decoder should read back for h (deltas summed, absolute indices). */
function expected(h: FloatHistogram, t: number, st = 0): Partial<DecodedHistogram> {
  return {
    integer: isIntegerHistogram(h),
    count: h.count,
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    positive: { index: [...h.positive.index], count: [...h.positive.count] },
    negative: { index: [...h.negative.index], count: [...h.negative.count] },
    resetHint: { unknown: 0, reset: 1, not_reset: 2, gauge: 3 }[h.counterResetHint],
    timestamp: t,
    startTimestamp: st,
    customValues: [...(h.customValues ?? [])],
  };
}

const STALE_BITS = '7ff0000000000002';

describe('spansOf', () => {
  it('cuts runs of consecutive indices, offsets relative to the previous run', () => {
    expect(spansOf({ index: [-2, -1, 0, 5, 6, 40], count: [] })).toEqual([
      { offset: -2, length: 3 },
      { offset: 4, length: 2 },
      { offset: 33, length: 1 },
    ]);
    expect(spansOf({ index: [], count: [] })).toEqual([]);
  });
});

describe('remote write 1.0 with native histograms', () => {
  it('sends integer histograms as counts and deltas, others with float counts, custom bounds and reset hints', () => {
    const series: RemoteSeries[] = [
      {
        labels: ['__name__', 'h', 'job', 'a'],
        samples: [],
        histograms: [
          { histogram: exp, timestamp: 1000 },
          { histogram: floaty, timestamp: 2000 },
          { histogram: nhcb, timestamp: 3000 },
        ],
      },
    ];
    const [got] = decodeHistogramsV1(encodeWriteRequest(series));
    expect(got.labels).toEqual(['__name__', 'h', 'job', 'a']);
    expect(got.histograms.map((h) => h.integer)).toEqual([true, false, true]);
    expect(got.histograms[0]).toMatchObject({ ...expected(exp, 1000), sum: 42.5 });
    expect(got.histograms[1]).toMatchObject({ ...expected(floaty, 2000), sum: -7 });
    expect(got.histograms[2]).toMatchObject({ ...expected(nhcb, 3000), sum: 3.5 });
  });

  it('keeps floats and histograms of one series in one TimeSeries, and the stale marker bits of a stale histogram', () => {
    const body = encodeWriteRequest([
      { labels: ['__name__', 'm'], samples: [{ value: 1, timestamp: 5 }], histograms: [{ histogram: exp, timestamp: 10, sum: STALE_NAN }] },
    ]);
    expect(decodeWriteRequest(body).series[0].samples).toEqual([{ value: 1, timestamp: 5 }]);
    expect(decodeHistogramsV1(body)[0].histograms[0].sumBits).toBe(STALE_BITS);
  });
});

describe('remote write 2.0', () => {
  it('writes a symbols table starting with the empty string and resolves every reference', () => {
    const series: RemoteSeries[] = [
      {
        labels: ['__name__', 'http_requests_total', 'job', 'api'],
        samples: [
          { value: 1, timestamp: 1000, startTimestamp: 500 },
          { value: 2, timestamp: 2000, startTimestamp: 500 },
        ],
        metadata: { type: 'counter', help: 'Requests served.', unit: '' },
      },
      {
        labels: ['__name__', 'latency_seconds', 'job', 'api'],
        samples: [],
        histograms: [{ histogram: exp, timestamp: 1000, startTimestamp: 400 }],
        metadata: { type: 'histogram', help: 'Latency.', unit: 'seconds' },
      },
    ];
    const { symbols, series: got } = decodeRequestV2(encodeWriteRequestV2(series));
    expect(symbols[0]).toBe('');
    expect(new Set(symbols).size).toBe(symbols.length);
    expect(symbols.filter((s) => s === 'job')).toHaveLength(1);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({
      labels: ['__name__', 'http_requests_total', 'job', 'api'],
      samples: [
        { value: 1, timestamp: 1000, startTimestamp: 500 },
        { value: 2, timestamp: 2000, startTimestamp: 500 },
      ],
      histograms: [],
      metadata: { type: 1, help: 'Requests served.', unit: '' },
      createdTimestamp: 500,
    });
    expect(got[1].samples).toEqual([]);
    expect(got[1].metadata).toEqual({ type: 3, help: 'Latency.', unit: 'seconds' });
    expect(got[1].createdTimestamp).toBe(400);
    expect(got[1].histograms[0]).toMatchObject({ ...expected(exp, 1000, 400), sum: 42.5 });
  });

  it('never mixes samples and histograms in one TimeSeries, and starts a new one when the start timestamp changes', () => {
    const { series } = decodeRequestV2(
      encodeWriteRequestV2([
        {
          labels: ['__name__', 'mixed'],
          samples: [
            { value: 1, timestamp: 1, startTimestamp: 0 },
            { value: 2, timestamp: 2, startTimestamp: 0 },
            { value: 0, timestamp: 3, startTimestamp: 3 },
          ],
          histograms: [
            { histogram: nhcb, timestamp: 4 },
            { histogram: floaty, timestamp: 5, sum: STALE_NAN },
          ],
        },
      ]),
    );
    expect(series.map((s) => [s.samples.length, s.histograms.length, s.createdTimestamp])).toEqual([
      [2, 0, 0],
      [1, 0, 3],
      [0, 2, 0],
    ]);
    expect(series.every((s) => s.labels.join() === '__name__,mixed' && s.metadata === null)).toBe(true);
    expect(series[2].histograms[1].sumBits).toBe(STALE_BITS);
    expect(series[2].histograms[0].customValues).toEqual([0.1, 0.5, 1, 5]);
  });

  it('round-trips arbitrary histograms (fast-check)', () => {
    const buckets = fc
      .uniqueArray(fc.integer({ min: -300, max: 300 }), { maxLength: 30 })
      .chain((idx) =>
        fc.tuple(fc.constant([...idx].sort((a, b) => a - b)), fc.array(fc.oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: idx.length, maxLength: idx.length })),
      )
      .map(([index, count]) => ({ index, count }));
    const hist = fc.record({
      schema: fc.integer({ min: -4, max: 8 }),
      zeroThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
      zeroCount: fc.nat(1000),
      count: fc.oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e12, noNaN: true })),
      sum: fc.double(),
      positive: buckets,
      negative: buckets,
      counterResetHint: fc.constantFrom('unknown', 'reset', 'not_reset', 'gauge' as const),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(hist, fc.integer({ min: 1, max: 2e12 }), fc.nat(1e12)), { minLength: 1, maxLength: 5 }), (hs) => {
        const histograms = hs.map(([h, t, st]) => ({ histogram: newFloatHistogram(h), timestamp: t, startTimestamp: st }));
        const { series } = decodeRequestV2(encodeWriteRequestV2([{ labels: ['__name__', 'x'], samples: [], histograms }]));
        const got = series.flatMap((s) => s.histograms);
        expect(got).toHaveLength(histograms.length);
        got.forEach((g, i) => {
          const h = histograms[i];
          expect(g).toMatchObject(expected(h.histogram, h.timestamp, h.startTimestamp));
          expect(Object.is(g.sum, h.histogram.sum) || (Number.isNaN(g.sum) && Number.isNaN(h.histogram.sum))).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('segments and batches', () => {
  it('carry start timestamps and histograms (stale sum bits too) into either message', () => {
    const b = new SegmentBuilder();
    const ls = ['__name__', 'h'];
    const fl = ['__name__', 'c_total'];
    b.add(fl, 1000, 5, 100);
    b.addHistogram(ls, 1000, exp, 90);
    b.addHistogram(ls, 2000, { ...exp, sum: STALE_NAN });
    b.add(fl, 2000, STALE_NAN);
    const seg = structuredClone(b.finish(0));
    const v1 = encodeBatch([seg], 0, 4);
    expect([v1.samples, v1.histograms]).toEqual([2, 2]);
    const h1 = decodeHistogramsV1(v1.body).find((s) => s.labels[1] === 'h')!;
    expect(h1.histograms.map((h) => h.sumBits)).toEqual(['4045400000000000', STALE_BITS]);
    expect(sampleBits(v1.body).find((s) => s.labels[1] === 'c_total')!.samples.map(([, bits]) => bits)).toEqual(['4014000000000000', STALE_BITS]);

    const md = { type: 'counter' as const, help: 'c', unit: '' };
    const v2 = encodeBatch([seg], 0, 4, { message: 'io.prometheus.write.v2.Request', metadata: (l) => (l[1] === 'c_total' ? md : undefined) });
    const { series } = decodeRequestV2(v2.body);
    const c = series.filter((s) => s.labels[1] === 'c_total');
    expect(c.map((s) => s.samples.map((x) => [x.timestamp, x.startTimestamp]))).toEqual([[[1000, 100]], [[2000, 0]]]);
    expect(c[0].metadata).toEqual({ type: 1, help: 'c', unit: '' });
    const h = series.filter((s) => s.labels[1] === 'h').flatMap((s) => s.histograms);
    expect(h.map((x) => [x.timestamp, x.startTimestamp, x.sumBits === STALE_BITS])).toEqual([
      [1000, 90, false],
      [2000, 0, true],
    ]);
  });

  it('reads segments kept by older builds (no start timestamps, no histograms)', () => {
    const old = { first: 0, series: [['__name__', 'up']], refs: Uint32Array.of(0), t: Float64Array.of(7), v: Float64Array.of(1) };
    expect(decodeRequestV2(encodeBatch([old], 0, 1, { message: 'io.prometheus.write.v2.Request' }).body).series[0].samples).toEqual([
      { value: 1, timestamp: 7, startTimestamp: 0 },
    ]);
  });
});

/** sink accepts everything. */
const sink: Appendable = {
  appender: (): Appender => ({ append: () => 1, appendHistogram: () => 1, commit: async () => undefined, rollback: () => undefined }),
};

let dbSeq = 0;

async function tapped(input: Partial<RemoteWriteInput>) {
  const clock = new FakeClock();
  const remote = new FakeRemote(clock);
  const store = await QueueStore.open(`rw-hist-${++dbSeq}`);
  const rw = new RemoteWriteStorage({
    store,
    fetch: remote.fetch,
    clock,
    metadata: () => ({ rpc_duration_seconds: [{ type: 'histogram', help: 'RPC latency.', unit: 'seconds' }] }),
  });
  rw.applyConfig([remoteWriteConfig({ url: 'http://r/w', name: 'r', ...input, queueConfig: { batchSendDeadline: 1000 } })]);
  rw.start();
  const app = rw.appendable(sink);
  const a = app.appender();
  a.append(0, ['__name__', 'rpc_duration_seconds_count'], 1000, 19, 500);
  a.appendHistogram(0, ['__name__', 'rpc_duration_seconds'], 1000, exp, 500);
  await a.commit();
  await clock.advance(2000);
  return { rw, remote, clock, queue: rw.queue('r')! };
}

describe('RemoteWriteStorage with histograms', () => {
  it('leaves histograms out and counts them when send_native_histograms is off (the default)', async () => {
    const { remote, queue } = await tapped({});
    expect(remote.received).toHaveLength(1);
    expect(decodeHistogramsV1(remote.received[0].body).flatMap((s) => s.histograms)).toEqual([]);
    expect(queue.stats).toMatchObject({ sent: 1, histogramsSent: 0, histogramsSkipped: 1 });
  });

  it('sends them over 1.0 with its headers when asked', async () => {
    const { remote, queue } = await tapped({ sendNativeHistograms: true });
    const req = remote.received[0];
    expect(req.headers).toMatchObject({ 'Content-Type': 'application/x-protobuf', 'X-Prometheus-Remote-Write-Version': '0.1.0' });
    const h = decodeHistogramsV1(req.body).find((s) => s.labels[1] === 'rpc_duration_seconds')!;
    expect(h.histograms[0]).toMatchObject(expected(exp, 1000));
    expect(queue.stats).toMatchObject({ sent: 2, histogramsSent: 1, histogramsSkipped: 0 });
  });

  it('sends 2.0 with its headers, metadata by family and start timestamps, and reads the written counts', async () => {
    const clock = new FakeClock();
    const remote = new FakeRemote(clock);
    remote.script = [{ status: 204, headers: { 'X-Prometheus-Remote-Write-Samples-Written': '1', 'X-Prometheus-Remote-Write-Histograms-Written': '0' } }];
    const store = await QueueStore.open(`rw-hist-${++dbSeq}`);
    const rw = new RemoteWriteStorage({
      store,
      fetch: remote.fetch,
      clock,
      metadata: () => ({ rpc_duration_seconds: [{ type: 'histogram', help: 'RPC latency.', unit: 'seconds' }] }),
    });
    rw.applyConfig([
      remoteWriteConfig({ url: 'http://r/w', name: 'r', protobufMessage: 'io.prometheus.write.v2.Request', sendNativeHistograms: true, queueConfig: { batchSendDeadline: 1000 } }),
    ]);
    rw.start();
    const a = rw.appendable(sink).appender();
    a.append(0, ['__name__', 'rpc_duration_seconds_count'], 1000, 19, 500);
    a.appendHistogram(0, ['__name__', 'rpc_duration_seconds'], 1000, exp, 500);
    await a.commit();
    await clock.advance(2000);
    const req = remote.received[0];
    expect(req.headers).toMatchObject({
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
      'X-Prometheus-Remote-Write-Version': '2.0.0',
    });
    const { series } = decodeRequestV2(req.body);
    expect(series.map((s) => [s.labels[1], s.metadata, s.createdTimestamp])).toEqual([
      ['rpc_duration_seconds_count', { type: 3, help: 'RPC latency.', unit: 'seconds' }, 500],
      ['rpc_duration_seconds', { type: 3, help: 'RPC latency.', unit: 'seconds' }, 500],
    ]);
    expect(series[1].histograms[0]).toMatchObject(expected(exp, 1000, 500));
    const q = rw.queue('r')!;
    expect(q.stats.written).toEqual({ samples: 1, histograms: 0, exemplars: null });
    expect(q.stats).toMatchObject({ sent: 1, failed: 1 });
    expect(q.stats.lastError).toContain('partial write');
  });

  it('never sends 2.0 blind (no-cors): a receiver without Content-Type would read it as 1.0', async () => {
    const { headerModes } = await import('../../../src/remote/send');
    expect(headerModes(remoteWriteConfig({ url: 'http://r/w', protobufMessage: 'io.prometheus.write.v2.Request' }))).toEqual(['full', 'minimal']);
    expect(headerModes(remoteWriteConfig({ url: 'http://r/w' }))).toEqual(['full', 'minimal', 'opaque']);
  });
});

describe('a queue kept in IndexedDB', () => {
  it('carries histograms (stale sum bits too) and start timestamps across a reload', async () => {
    const { RemoteWriteQueue } = await import('../../../src/remote/queue');
    const name = `rw-hist-reload-${++dbSeq}`;
    const cfg = remoteWriteConfig({ url: 'http://r/w', sendNativeHistograms: true, protobufMessage: 'io.prometheus.write.v2.Request' });
    const clock = new FakeClock();
    const down = new FakeRemote(clock);
    down.script = Array(20).fill('network');
    const store = await QueueStore.open(name);
    const q = new RemoteWriteQueue('q', cfg, { store, fetch: down.fetch, clock });
    await q.start();
    const b = new SegmentBuilder();
    b.addHistogram(['__name__', 'h'], 1000, nhcb, 600);
    b.addHistogram(['__name__', 'h'], 2000, { ...nhcb, sum: STALE_NAN }, 600);
    b.add(['__name__', 'c_total'], 1000, 3, 400);
    q.enqueue(b);
    await clock.advance(6000);
    q.stop();
    store.close();

    const clock2 = new FakeClock();
    const up = new FakeRemote(clock2);
    const store2 = await QueueStore.open(name);
    const again = new RemoteWriteQueue('q', cfg, { store: store2, fetch: up.fetch, clock: clock2 });
    await again.start();
    expect(again.stats.pending).toBe(3);
    await clock2.advance(6000);
    const { series } = decodeRequestV2(up.received[0].body);
    const h = series.filter((s) => s.labels[1] === 'h').flatMap((s) => s.histograms);
    expect(h.map((x) => [x.timestamp, x.startTimestamp, x.sumBits])).toEqual([
      [1000, 600, '400c000000000000'],
      [2000, 600, STALE_BITS],
    ]);
    expect(h[0]).toMatchObject(expected(nhcb, 1000, 600));
    expect(series.find((s) => s.labels[1] === 'c_total')!.samples).toEqual([{ value: 3, timestamp: 1000, startTimestamp: 400 }]);
    expect(again.stats).toMatchObject({ sent: 3, histogramsSent: 2, pending: 0 });
    again.stop();
    store2.close();
  });
});
