import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newFloatHistogram } from '../../../src/model/histogram';
import { AppendError, type Appendable, type Appender } from '../../../src/model/storage';
import { STALE_NAN } from '../../../src/model/value';
import { remoteWriteConfig, remoteName, type RemoteWriteInput } from '../../../src/remote/config';
import { QueueStore } from '../../../src/remote/queue_store';
import { RemoteWriteStorage } from '../../../src/remote/storage';
import { parseRelabelConfigs } from '../../../src/scrape/config_parse';
import { decodeHistogramsV1 } from './decode_v2';
import { FakeClock, FakeRemote } from './fakes';

/** memoryAppendable keeps committed samples; a sample at t < 0 is refused as out of order. */
function memoryAppendable(): Appendable & { committed: number } {
  const self = {
    committed: 0,
    appender(): Appender {
      let n = 0;
      return {
        append(_ref, _ls, t) {
          if (t < 0) throw new AppendError('out_of_order', 'out of order sample');
          n++;
          return 1;
        },
        appendHistogram(_ref, _ls, t) {
          if (t < 0) throw new AppendError('out_of_order', 'out of order sample');
          n++;
          return 1;
        },
        async commit() {
          self.committed += n;
        },
        rollback() {},
      };
    },
  };
  return self;
}

let dbSeq = 0;

async function setup(inputs: RemoteWriteInput[], external: Record<string, string> = {}) {
  const clock = new FakeClock();
  const remote = new FakeRemote(clock);
  const store = await QueueStore.open(`rw-storage-${++dbSeq}`);
  const rw = new RemoteWriteStorage({ store, fetch: remote.fetch, clock });
  const cfgs = inputs.map((i) => remoteWriteConfig({ ...i, queueConfig: { batchSendDeadline: 1000, ...i.queueConfig } }));
  rw.applyConfig(cfgs, external);
  const inner = memoryAppendable();
  const app = rw.appendable(inner);
  return { clock, remote, rw, inner, app, cfgs };
}

const up = (job: string) => ['__name__', 'up', 'instance', 'x', 'job', job];

describe('RemoteWriteStorage', () => {
  it('queues committed samples only (not rolled back, not refused) once started', async () => {
    const { clock, remote, rw, app, inner } = await setup([{ url: 'http://r/w' }]);
    const before = app.appender();
    before.append(0, up('a'), 1, 1);
    await before.commit();
    rw.start();
    const a = app.appender();
    a.append(0, up('a'), 2, 1);
    expect(() => a.append(0, up('a'), -1, 1)).toThrow('out of order');
    a.append(0, up('a'), 3, STALE_NAN);
    await a.commit();
    const r = app.appender();
    r.append(0, up('a'), 4, 1);
    r.rollback();
    await clock.advance(1000);
    expect(inner.committed).toBe(3);
    expect(remote.received).toHaveLength(1);
    expect(remote.received[0].series[0].samples).toEqual([
      [2, '3ff0000000000000'],
      [3, '7ff0000000000002'],
    ]);
    expect(rw.highestTimestamp).toBe(3);
  });

  it('adds external labels (a series label wins) and applies write_relabel_configs per endpoint', async () => {
    const drop = parseRelabelConfigs('- source_labels: [job]\n  regex: b\n  action: drop\n');
    const { clock, remote, rw, app } = await setup(
      [
        { url: 'http://r/one', name: 'one', writeRelabelConfigs: drop },
        { url: 'http://r/two', name: 'two' },
      ],
      { replica: 'r1', job: 'ignored' },
    );
    rw.start();
    const a = app.appender();
    a.append(0, up('a'), 10, 1);
    a.append(0, up('b'), 10, 0);
    await a.commit();
    await clock.advance(1000);
    const byUrl = (n: string) => remote.received.filter((r) => r.url === `http://r/${n}`).flatMap((r) => r.series.map((s) => s.labels.join(',')));
    expect(remote.received).toHaveLength(2);
    expect(byUrl('one')).toEqual(['__name__,up,instance,x,job,a,replica,r1']);
    expect(byUrl('two')).toEqual(['__name__,up,instance,x,job,a,replica,r1', '__name__,up,instance,x,job,b,replica,r1']);
    const [one, two] = rw.stats();
    expect(one).toMatchObject({ name: 'one', sent: 1, dropped: { dropped_series: 1, queue_full: 0} });
    expect(two).toMatchObject({ name: 'two', sent: 2, dropped: { dropped_series: 0, queue_full: 0} });
  });

  it('sends native histogram samples (after relabeling) with send_native_histograms, beside the floats', async () => {
    const drop = parseRelabelConfigs('- source_labels: [job]\n  regex: b\n  action: drop\n');
    const { clock, remote, rw, app } = await setup([{ url: 'http://r/one', name: 'one', writeRelabelConfigs: drop, sendNativeHistograms: true }]);
    rw.start();
    const a = app.appender();
    const h = newFloatHistogram({ count: 3, sum: 1.5, zeroCount: 1, positive: { index: [1, 2], count: [1, 1] } });
    a.appendHistogram(0, up('a'), 10, h);
    a.appendHistogram(0, up('b'), 10, h);
    a.append(0, up('a'), 20, 1);
    await a.commit();
    await clock.advance(1000);
    expect(remote.samples()).toEqual(['__name__,up,instance,x,job,a 20']);
    expect(decodeHistogramsV1(remote.received[0].body).map((s) => [s.labels.join(','), s.histograms.map((x) => [x.timestamp, x.count])])).toEqual([
      ['__name__,up,instance,x,job,a', [[10, 3]]],
    ]);
    expect(rw.stats()[0].dropped).toEqual({ dropped_series: 1, queue_full: 0 });
    expect(rw.stats()[0]).toMatchObject({ sent: 2, histogramsSent: 1, histogramsSkipped: 0 });
    expect(rw.highestTimestamp).toBe(20);
  });

  it('stops sending and queueing when this worker stops being the writer; a later writer sends what was left', async () => {
    const { clock, remote, rw, app, cfgs } = await setup([{ url: 'http://r/w' }]);
    rw.start();
    remote.script = Array(10).fill('network');
    const a = app.appender();
    a.append(0, up('a'), 1, 1);
    await a.commit();
    await clock.advance(1000);
    rw.stop();
    const calls = remote.calls.length;
    await clock.advance(60_000);
    expect(remote.calls.length).toBe(calls);
    const late = app.appender();
    late.append(0, up('a'), 2, 1);
    await late.commit();
    remote.script = [];
    rw.applyConfig(cfgs);
    rw.start();
    await clock.advance(1000);
    expect(remote.samples()).toEqual(['__name__,up,instance,x,job,a 1']);
  });

  it('keeps an unchanged queue on reconfiguration and forgets a removed one', async () => {
    const { clock, remote, rw, app, cfgs } = await setup([{ url: 'http://r/w', queueConfig: { batchSendDeadline: 60_000 } }]);
    rw.start();
    const a = app.appender();
    a.append(0, up('a'), 1, 1);
    await a.commit();
    await clock.advance(0);
    const q = rw.queue(remoteName(cfgs[0]));
    rw.applyConfig(cfgs);
    expect(rw.queue(remoteName(cfgs[0]))).toBe(q);
    expect(q!.stats.pending).toBe(1);
    rw.applyConfig([]);
    expect(rw.stats()).toEqual([]);
    await clock.advance(120_000);
    expect(remote.calls).toEqual([]);
  });
});
