import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeadRole, STALE_CLOSE_MS } from '../../../src/api/head_role';
import { labelsFromObject } from '../../../src/model/labels';
import { Head } from '../../../src/tsdb';

afterEach(() => vi.useRealTimers());

/** role builds a HeadRole over memory heads, counting opens and flushes. */
function role() {
  const heads: Head[] = [];
  let flushes = 0;
  const r = new HeadRole({
    openHead: async () => {
      const h = new Head();
      h.flush = async () => void flushes++;
      heads.push(h);
      return h;
    },
    channel: null,
    onError: (e) => {
      throw e;
    },
    flushGapMs: 1000,
    flushMs: 60_000,
    retentionEveryMs: 60_000,
  });
  return { r, heads, flushes: () => flushes };
}

async function commit(r: HeadRole, t: number): Promise<void> {
  const a = r.appendable.appender();
  a.append(0, labelsFromObject({ __name__: 'm' }), t, t);
  await a.commit();
}

describe('HeadRole', () => {
  const cases: [string, (r: HeadRole) => Promise<void>, number, boolean][] = [
    ['opened after the lock was won: used as is', async (r) => (r.granted(), await r.open()), 1, false],
    ['opened before the lock was won: read again', async (r) => (await r.open(), r.granted()), 2, true],
  ];
  for (const [name, order, opens, reopened] of cases) {
    it(name, async () => {
      const { r, heads } = role();
      await order(r);
      expect(await r.lead()).toBe(reopened);
      expect(heads.length).toBe(opens);
      expect(r.head).toBe(heads.at(-1));
      expect(r.leader).toBe(true);
      r.follow();
    });
  }

  it('reads the head again when it leads a second time (another writer wrote meanwhile)', async () => {
    const { r, heads } = role();
    r.granted();
    await r.open();
    await r.lead();
    r.follow();
    r.granted();
    expect(await r.lead()).toBe(true);
    expect(heads.length).toBe(2);
    r.follow();
  });

  it('a writer flushes soon after commits, at most once per gap', async () => {
    vi.useFakeTimers();
    const { r, flushes } = role();
    r.granted();
    await r.open();
    await r.lead();
    await commit(r, 1000);
    await vi.advanceTimersByTimeAsync(1);
    expect(flushes()).toBe(1);
    await commit(r, 2000);
    await commit(r, 3000);
    await vi.advanceTimersByTimeAsync(500);
    expect(flushes()).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(flushes()).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(flushes()).toBe(2);
    r.follow();
  });

  it('a follower never flushes, and commits stay visible in its head', async () => {
    vi.useFakeTimers();
    const { r, flushes } = role();
    await r.open();
    await commit(r, 1000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(flushes()).toBe(0);
    expect(r.head.numSeries()).toBe(1);
  });

  it('stops flushing when it steps down', async () => {
    vi.useFakeTimers();
    const { r, flushes } = role();
    r.granted();
    await r.open();
    await r.lead();
    await commit(r, 1000);
    r.follow();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(flushes()).toBe(0);
  });

  it("closes a replaced head's connection later, without flushing it", async () => {
    vi.useFakeTimers();
    const { r, heads, flushes } = role();
    await r.open();
    let closed = 0;
    Object.defineProperty(heads[0], 'persisted', { value: { close: () => closed++ } });
    r.granted();
    await r.lead();
    await vi.advanceTimersByTimeAsync(STALE_CLOSE_MS - 100);
    expect(closed).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(closed).toBe(1);
    expect(flushes()).toBe(0);
    r.follow();
  });

  it('has no head before it opens', () => {
    expect(() => role().r.head).toThrow(/not open/);
  });
});
