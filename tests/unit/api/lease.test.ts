import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriterLease, type ChannelLike, type LockManagerLike } from '../../../src/api/lease';

/** FakeLocks is an in-process exclusive lock manager with `steal`, as the Web Locks API behaves. */
class FakeLocks implements LockManagerLike {
  private holder: { reject: (e: Error) => void; done: Promise<void> } | null = null;
  private queue: (() => void)[] = [];

  request(_name: string, opts: { steal?: boolean }, cb: (l: unknown) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        const done = cb({}).then(resolve, reject);
        this.holder = { reject, done };
        void done.finally(() => {
          if (this.holder?.done === done) {
            this.holder = null;
            this.queue.shift()?.();
          }
        });
      };
      if (opts.steal && this.holder) {
        const old = this.holder;
        this.holder = null;
        old.reject(Object.assign(new Error('stolen'), { name: 'AbortError' }));
        grant();
      } else if (this.holder) this.queue.push(grant);
      else grant();
    });
  }
}

/** bus connects channels like a BroadcastChannel: a message reaches every other member. */
function bus() {
  const members: ((d: unknown) => void)[] = [];
  return (): ChannelLike => {
    let fn: (e: { data: unknown }) => void = () => {};
    const deliver = (d: unknown) => fn({ data: d });
    members.push(deliver);
    return {
      postMessage: (m) => members.filter((x) => x !== deliver).forEach((x) => x(m)),
      addEventListener: (_t, f) => (fn = f),
      close: () => members.splice(members.indexOf(deliver), 1),
    };
  };
}

afterEach(() => vi.useRealTimers());

describe('WriterLease', () => {
  it('elects exactly one leader and hands over when it stops', async () => {
    vi.useFakeTimers();
    const locks = new FakeLocks();
    const chan = bus();
    const states = [false, false];
    const a = new WriterLease(locks, chan(), (l) => (states[0] = l), { now: () => Date.now() });
    const b = new WriterLease(locks, chan(), (l) => (states[1] = l), { now: () => Date.now() });
    a.start();
    b.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(states).toEqual([true, false]);
    a.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(states[1]).toBe(true);
    b.stop();
  });

  it('steals from a frozen leader that stopped its heartbeat', async () => {
    vi.useFakeTimers();
    const locks = new FakeLocks();
    const chan = bus();
    const states = [false, false];
    const frozenChannel = chan();
    const a = new WriterLease(locks, frozenChannel, (l) => (states[0] = l));
    a.start();
    await vi.advanceTimersByTimeAsync(10);
    // freeze a: its timers no longer run, but it keeps the lock
    (a as unknown as { tick: () => void }).tick = () => {};
    const b = new WriterLease(locks, chan(), (l) => (states[1] = l), { staleAfterMs: 6000 });
    b.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(states[1]).toBe(false);
    await vi.advanceTimersByTimeAsync(4000);
    expect(states[1]).toBe(true);
    expect(states[0]).toBe(false);
    b.stop();
  });
});
