import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { remoteWriteConfig, type QueueConfig } from '../../../src/remote/config';
import { RemoteWriteQueue } from '../../../src/remote/queue';
import { QueueStore } from '../../../src/remote/queue_store';
import { SegmentBuilder } from '../../../src/remote/segment';
import { STALE_NAN } from '../../../src/model/value';
import { FakeClock, FakeRemote, type Reply } from './fakes';

let dbSeq = 0;

async function setup(queue: Partial<QueueConfig> = {}, extra: Parameters<typeof remoteWriteConfig>[0] | object = {}, dbName?: string) {
  const clock = new FakeClock();
  const remote = new FakeRemote(clock);
  const store = await QueueStore.open(dbName ?? `rw-test-${++dbSeq}`);
  const cfg = remoteWriteConfig({ url: 'http://127.0.0.1:9/api/v1/write', ...extra, queueConfig: { batchSendDeadline: 5000, ...queue } });
  const q = new RemoteWriteQueue('q', cfg, { store, fetch: remote.fetch, clock });
  await q.start();
  const commit = (n: number, t0 = 1000, name = 'm') => {
    const b = new SegmentBuilder();
    for (let i = 0; i < n; i++) b.add(['__name__', name], t0 + i, i);
    q.enqueue(b);
  };
  return { clock, remote, store, q, commit };
}

describe('RemoteWriteQueue batching', () => {
  it('sends full batches at once, one request at a time, and the rest at the deadline', async () => {
    const { clock, remote, q, commit } = await setup({ maxSamplesPerSend: 3 });
    commit(7);
    await clock.advance(0);
    expect(remote.received.map((r) => r.series[0].samples.length)).toEqual([3, 3]);
    await clock.advance(4999);
    expect(remote.received).toHaveLength(2);
    await clock.advance(1);
    expect(remote.received.map((r) => r.series[0].samples.length)).toEqual([3, 3, 1]);
    expect(remote.samples()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `__name__,m ${1000 + i}`));
    expect(q.stats).toMatchObject({ sent: 7, pending: 0, failed: 0, highestSent: 1006 });
  });

  it('groups samples of one series into one TimeSeries in time order', async () => {
    const { clock, remote, q } = await setup({ maxSamplesPerSend: 10 });
    for (let c = 0; c < 3; c++) {
      const b = new SegmentBuilder();
      b.add(['__name__', 'a'], 100 * c, c);
      b.add(['__name__', 'b'], 100 * c, -c);
      q.enqueue(b);
    }
    await clock.advance(5000);
    expect(remote.received).toHaveLength(1);
    expect(remote.received[0].series.map((s) => [s.labels.join(','), s.samples.map((x) => x[0])])).toEqual([
      ['__name__,a', [0, 100, 200]],
      ['__name__,b', [0, 100, 200]],
    ]);
  });

  it('sends the remote-write headers, the configured auth and headers, and no cookies', async () => {
    const { clock, remote, commit } = await setup({}, { headers: { 'X-Scope-OrgID': 'team' }, http: { followRedirects: true, fetchCredentials: 'omit', basicAuth: { username: 'u', password: 'p' } } });
    commit(1);
    await clock.advance(5000);
    expect(remote.received[0].credentials).toBe('omit');
    expect(remote.received[0].headers).toEqual({
      Authorization: `Basic ${btoa('u:p')}`,
      'X-Scope-OrgID': 'team',
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    });
  });

  it('keeps the stale marker bits (also a quieted one) through IndexedDB and the encoder', async () => {
    const name = `rw-test-${++dbSeq}`;
    const a = await setup({}, {}, name);
    a.remote.script = Array(20).fill('network');
    const quiet = new Float64Array(new BigUint64Array([0x7ff8000000000002n]).buffer)[0];
    const b = new SegmentBuilder();
    b.add(['__name__', 's'], 1, STALE_NAN);
    b.add(['__name__', 's'], 2, quiet);
    b.add(['__name__', 's'], 3, NaN);
    a.q.enqueue(b);
    await a.clock.advance(5000);
    a.q.stop();
    const r = await setup({}, {}, name);
    await r.clock.advance(0);
    expect(r.remote.received[0].series[0].samples).toEqual([
      [1, '7ff0000000000002'],
      [2, '7ff0000000000002'],
      [3, '7ff8000000000000'],
    ]);
  });
});

describe('RemoteWriteQueue retries', () => {
  type Case = { name: string; script: Reply[]; retry429?: boolean; sent: number; failed: number; retried: number; attemptsAt: number[] };
  const cases: Case[] = [
    { name: '5xx retried with doubling backoff up to the maximum', script: [{ status: 500 }, { status: 503 }, { status: 502 }], sent: 2, failed: 0, retried: 6, attemptsAt: [0, 30, 90, 190] },
    // Each failed attempt is tried again at once as plainer requests, in case CORS refused it (see the CORS cases).
    { name: 'network error retried', script: Array(6).fill('network'), sent: 2, failed: 0, retried: 4, attemptsAt: [0, 0, 0, 30, 30, 30, 90] },
    { name: '429 dropped unless retry_on_http_429', script: [{ status: 429 }], sent: 0, failed: 2, retried: 0, attemptsAt: [0] },
    { name: '429 retried after Retry-After when configured', script: [{ status: 429, retryAfter: '2' }], retry429: true, sent: 2, failed: 0, retried: 2, attemptsAt: [0, 2000] },
    { name: '400 drops the batch', script: [{ status: 400, body: 'out of order sample' }], sent: 0, failed: 2, retried: 0, attemptsAt: [0] },
    { name: '404 drops the batch', script: [{ status: 404 }], sent: 0, failed: 2, retried: 0, attemptsAt: [0] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { clock, remote, q, commit } = await setup({ maxSamplesPerSend: 2, minBackoff: 30, maxBackoff: 100, retryOnRateLimit: c.retry429 ?? false });
      remote.script = [...c.script];
      const t0 = clock.now();
      commit(2);
      await clock.advance(3000);
      expect(remote.calls.map((t) => t - t0)).toEqual(c.attemptsAt);
      expect(q.stats).toMatchObject({ sent: c.sent, failed: c.failed, retried: c.retried, pending: 0 });
      if (c.failed > 0) expect(q.stats.lastError).toMatch(/HTTP status 4\d\d/);
    });
  }

  it('keeps order: the next batch waits for the one being retried', async () => {
    const { clock, remote, commit } = await setup({ maxSamplesPerSend: 2, minBackoff: 10, maxBackoff: 10 });
    remote.script = [{ status: 500 }, { status: 500 }];
    commit(6);
    await clock.advance(100);
    expect(remote.samples()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `__name__,m ${1000 + i}`));
  });

  it('falls back to Content-Type only when the full headers fail like a refused CORS preflight', async () => {
    const { clock, remote, q, commit } = await setup();
    remote.script = ['cors'];
    commit(2);
    await clock.advance(5000);
    expect(remote.refused).toHaveLength(1);
    expect(remote.received[0].headers).toEqual({ 'Content-Type': 'application/x-protobuf' });
    expect(q.stats).toMatchObject({ sent: 2, headerMode: 'minimal', retried: 0 });
  });

  it('sends blind (no-cors, no headers) when answers are unreadable, and never with authentication', async () => {
    const { clock, remote, q, commit } = await setup();
    remote.script = ['unreadable'];
    commit(2);
    await clock.advance(5000);
    expect(remote.calls).toHaveLength(3);
    expect(remote.received.at(-1)!.headers).toEqual({});
    expect(q.stats).toMatchObject({ sent: 2, headerMode: 'opaque', retried: 0 });
    commit(1, 2000);
    await clock.advance(5000);
    expect(remote.calls).toHaveLength(4);

    const auth = await setup({ minBackoff: 1000, maxBackoff: 1000 }, { http: { followRedirects: true, fetchCredentials: 'omit', authorization: { type: 'Bearer', credentials: 't' } } });
    auth.remote.script = ['unreadable'];
    auth.commit(2);
    await auth.clock.advance(5000);
    expect(auth.q.stats).toMatchObject({ sent: 0, headerMode: 'full' });
    expect(auth.remote.received.every((r) => r.headers.Authorization === 'Bearer t')).toBe(true);
  });
});

describe('RemoteWriteQueue capacity and persistence', () => {
  it('drops the oldest samples beyond capacity, but not the batch in flight', async () => {
    const { clock, remote, q, commit } = await setup({ capacity: 4, maxSamplesPerSend: 2, minBackoff: 1000, maxBackoff: 1000 });
    remote.script = ['network', 'network', 'network'];
    commit(2, 0);
    await clock.advance(0);
    commit(3, 10);
    commit(3, 20);
    expect(q.stats.dropped.queue_full).toBe(0);
    await clock.advance(0);
    expect(q.stats.dropped.queue_full).toBe(2);
    await clock.advance(5000);
    expect(remote.samples()).toEqual([0, 1, 12, 20, 21, 22].map((t) => `__name__,m ${t}`));
    expect(q.stats).toMatchObject({ sent: 6, pending: 0 });
  });

  it('reports a failed IndexedDB write as the last error and keeps sending', async () => {
    const { clock, remote, store, q, commit } = await setup();
    store.close();
    commit(2);
    await clock.advance(5000);
    expect(remote.samples()).toHaveLength(2);
    expect(q.stats.lastError).toMatch(/^could not keep the queue in IndexedDB/);
  });

  it('pending samples survive a reload, and sent ones are not sent again', async () => {
    const name = `rw-test-${++dbSeq}`;
    const a = await setup({ maxSamplesPerSend: 3 }, {}, name);
    a.remote.script = [{ status: 204 }, ...Array(50).fill('network')];
    a.commit(3, 0);
    a.commit(4, 10);
    await a.clock.advance(100);
    expect(a.remote.samples()).toHaveLength(3);
    a.q.stop();
    a.store.close();

    const b = await setup({ maxSamplesPerSend: 3 }, {}, name);
    expect(b.q.stats.pending).toBe(4);
    await b.clock.advance(5000);
    expect(b.remote.samples()).toEqual([10, 11, 12, 13].map((t) => `__name__,m ${t}`));
    b.commit(1, 50);
    await b.clock.advance(5000);
    b.q.stop();
    b.store.close();

    const c = await setup({}, {}, name);
    expect(c.q.stats.pending).toBe(0);
    await c.clock.advance(10_000);
    expect(c.remote.received).toHaveLength(0);
  });
});
