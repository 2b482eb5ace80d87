/** send_exemplars: exemplars ride with their samples through the queue, in 1.0 and 2.0 requests (independent decoders). */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ExemplarError, type Appendable, type Appender } from '../../../src/model/storage';
import type { Exemplar } from '../../../src/model/exemplar';
import { remoteWriteConfig, type RemoteWriteInput } from '../../../src/remote/config';
import { QueueStore } from '../../../src/remote/queue_store';
import { encodeBatch, SegmentBuilder } from '../../../src/remote/segment';
import { RemoteWriteStorage } from '../../../src/remote/storage';
import { parseConfig } from '../../../src/scrape/config_parse';
import { configToYaml } from '../../../src/scrape/config_export';
import { decodeWriteRequest } from './decode';
import { decodeRequestV2 } from './decode_v2';
import { FakeClock, FakeRemote } from './fakes';

const REQ = ['__name__', 'req_total', 'job', 'a'];
const OTHER = ['__name__', 'other', 'job', 'a'];
const ex = (trace: string, ts: number, value = 1): Exemplar => ({ labels: ['trace_id', trace], value, ts, hasTs: true });

/** sink accepts samples and exemplars, refusing exemplars older than 100 ms (as the ring refuses out-of-order ones). */
const sink: Appendable = {
  appender: (): Appender => ({
    append: () => 1,
    appendHistogram: () => 1,
    appendExemplar: (ref, _l, e) => {
      if (e.ts < 100) throw new ExemplarError('out_of_order', 'out of order exemplar');
      return ref;
    },
    commit: async () => undefined,
    rollback: () => undefined,
  }),
};

let dbSeq = 0;

async function tapped(input: Partial<RemoteWriteInput>) {
  const clock = new FakeClock();
  const remote = new FakeRemote(clock);
  const rw = new RemoteWriteStorage({ store: await QueueStore.open(`rw-ex-${++dbSeq}`), fetch: remote.fetch, clock });
  rw.applyConfig([remoteWriteConfig({ url: 'http://r/w', name: 'r', ...input, queueConfig: { batchSendDeadline: 1000 } })]);
  rw.start();
  const a = rw.appendable(sink).appender();
  a.append(0, REQ, 1000, 5);
  a.appendExemplar!(0, REQ, ex('t1', 990));
  expect(() => a.appendExemplar!(0, REQ, ex('old', 50))).toThrow(ExemplarError);
  a.append(0, OTHER, 1000, 1);
  a.append(0, REQ, 2000, 6);
  a.appendExemplar!(0, REQ, ex('t2', 1990, 0.5));
  await a.commit();
  await clock.advance(2000);
  return remote;
}

describe('remote write with exemplars', () => {
  it('leaves exemplars out unless send_exemplars is on', async () => {
    const remote = await tapped({});
    expect(decodeWriteRequest(remote.received[0].body).series.every((s) => !s.exemplars)).toBe(true);
  });

  it('sends 1.0 exemplars with their series (refused ones left out)', async () => {
    const remote = await tapped({ sendExemplars: true });
    const series = decodeWriteRequest(remote.received[0].body).series;
    expect(series.find((s) => s.labels[1] === 'req_total')!.exemplars).toEqual([
      { labels: ['trace_id', 't1'], value: 1, timestamp: 990 },
      { labels: ['trace_id', 't2'], value: 0.5, timestamp: 1990 },
    ]);
    expect(series.find((s) => s.labels[1] === 'other')!.exemplars).toBeUndefined();
  });

  it('sends 2.0 exemplars as symbol references on the series first message', async () => {
    const remote = await tapped({ sendExemplars: true, protobufMessage: 'io.prometheus.write.v2.Request' });
    const { series } = decodeRequestV2(remote.received[0].body);
    const req = series.filter((s) => s.labels[1] === 'req_total');
    expect(req[0].exemplars).toEqual([
      { labels: ['trace_id', 't1'], value: 1, timestamp: 990 },
      { labels: ['trace_id', 't2'], value: 0.5, timestamp: 1990 },
    ]);
    expect(req[0].samples.map((s) => s.timestamp)).toEqual([1000, 2000]);
  });

  it('a batch carries the exemplars of exactly its samples', () => {
    const b = new SegmentBuilder();
    b.add(REQ, 1000, 1);
    b.addExemplar(REQ, ex('a', 1000));
    b.add(REQ, 2000, 2);
    b.addExemplar(REQ, ex('b', 2000));
    // An exemplar of a series whose sample was not the last one added is ignored.
    b.addExemplar(OTHER, ex('c', 2000));
    const seg = b.finish(0);
    const first = encodeBatch([seg], 0, 1);
    const second = encodeBatch([seg], 1, 2);
    expect([first.exemplars, second.exemplars]).toEqual([1, 1]);
    expect(decodeWriteRequest(second.body).series[0].exemplars).toEqual([{ labels: ['trace_id', 'b'], value: 1, timestamp: 2000 }]);
  });

  it('send_exemplars is read from and written to prometheus.yml', () => {
    const cfg = parseConfig('remote_write:\n  - url: http://r/w\n    send_exemplars: true\n');
    expect(cfg.remoteWrite![0].sendExemplars).toBe(true);
    expect(configToYaml(cfg)).toContain('send_exemplars: true');
    expect(parseConfig('remote_write:\n  - url: http://r/w\n').remoteWrite![0].sendExemplars).toBe(false);
  });
});
