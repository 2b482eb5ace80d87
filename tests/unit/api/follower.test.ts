import { describe, expect, it } from 'vitest';
import { followWriter, followerQueryable, serveFollowers, writerSelectApi } from '../../../src/api/follower';
import type { ChannelLike } from '../../../src/api/lease';
import { labelsFromObject } from '../../../src/model/labels';
import type { Matcher } from '../../../src/model/matcher';
import type { Querier } from '../../../src/model/storage';
import { STALE_NAN, isStaleNaN } from '../../../src/model/value';
import { Head } from '../../../src/tsdb';

/** bus connects channels as a BroadcastChannel does: a message, cloned, reaches every other member, later. */
function bus() {
  const members: { deliver: (d: unknown) => void }[] = [];
  let posted = 0;
  const channel = (): ChannelLike => {
    const fns: ((e: { data: unknown }) => void)[] = [];
    const me = { deliver: (d: unknown) => fns.forEach((f) => f({ data: d })) };
    members.push(me);
    return {
      postMessage: (m) => {
        posted++;
        const copy = structuredClone(m);
        for (const x of members) if (x !== me) setTimeout(() => x.deliver(copy), 1);
      },
      addEventListener: (_t, f) => fns.push(f),
      close: () => members.splice(members.indexOf(me), 1),
    };
  };
  return { channel, posted: () => posted };
}

async function headWith(samples: Record<string, [number, number][]>): Promise<Head> {
  const head = new Head();
  const app = head.appender();
  for (const [name, pts] of Object.entries(samples)) {
    for (const [t, v] of pts) app.append(0, labelsFromObject({ __name__: name, job: 'j' }), t, v);
  }
  await app.commit();
  return head;
}

const eq = (name: string): Matcher[] => [{ type: '=', name: '__name__', value: name }];

/** setup wires a writer head (served while `leader.on`) and a follower whose own head is stale. */
async function setup(timeoutMs = 200) {
  const b = bus();
  const writer = await headWith({ up: [[1000, 1], [2000, STALE_NAN]], fresh: [[2000, 7]] });
  const local = await headWith({ up: [[1000, 1]] });
  const leader = { on: true };
  serveFollowers(b.channel(), writer, () => leader.on);
  const follower = followerQueryable(() => local, writerSelectApi(b.channel(), timeoutMs), () => false);
  return { b, writer, local, leader, follower };
}

describe('follower reads', () => {
  const reads: [string, (q: Querier) => Promise<unknown>, unknown][] = [
    ['select', async (q) => (await q.select(eq('fresh'), 0, 5000)).map((s) => [...s.values]), [[7]]],
    ['labelNames', (q) => q.labelNames(eq('fresh'), 0, 5000), ['__name__', 'job']],
    ['labelValues', (q) => q.labelValues('__name__', [], 0, 5000), ['fresh', 'up']],
    ['series', (q) => q.series(eq('fresh'), 0, 5000), [labelsFromObject({ __name__: 'fresh', job: 'j' })]],
  ];
  for (const [name, read, want] of reads) {
    it(`${name} answers from the writer's head`, async () => {
      const { follower } = await setup();
      expect(await read(follower.querier())).toEqual(want);
    });
  }

  it('keeps stale-marker bits across the channel', async () => {
    const { follower } = await setup();
    const [s] = await follower.querier().select(eq('up'), 0, 5000);
    expect([...s.timestamps]).toEqual([1000, 2000]);
    expect(isStaleNaN(s.values[1])).toBe(true);
  });

  it('falls back to its own head when no writer answers in time', async () => {
    const { follower, leader } = await setup(30);
    leader.on = false;
    const got = await follower.querier().labelValues('__name__', [], 0, 5000);
    expect(got).toEqual(['up']);
  });

  it("passes the writer's errors on instead of falling back", async () => {
    const { follower } = await setup();
    await expect(follower.querier().select([{ type: '=~', name: 'job', value: '(' }], 0, 5000)).rejects.toThrow(/regular expression/);
  });

  it('reads its own head, sending nothing, while it is the writer', async () => {
    const b = bus();
    const local = await headWith({ mine: [[1000, 1]] });
    const q = followerQueryable(() => local, writerSelectApi(b.channel(), 50), () => true);
    expect(await q.querier().labelValues('__name__', [], 0, 5000)).toEqual(['mine']);
    expect(b.posted()).toBe(0);
  });

  it('gives each of two followers its own replies', async () => {
    const b = bus();
    const writer = await headWith({ a: [[1000, 1]], b: [[1000, 2]] });
    serveFollowers(b.channel(), writer, () => true);
    const empty = new Head();
    const fa = followerQueryable(() => empty, writerSelectApi(b.channel(), 500), () => false);
    const fb = followerQueryable(() => empty, writerSelectApi(b.channel(), 500), () => false);
    const [ra, rb] = await Promise.all([fa.querier().select(eq('a'), 0, 5000), fb.querier().select(eq('b'), 0, 5000)]);
    expect(ra.map((s) => [...s.values])).toEqual([[1]]);
    expect(rb.map((s) => [...s.values])).toEqual([[2]]);
  });

  it('answers nothing after the server stops', async () => {
    const b = bus();
    const writer = await headWith({ a: [[1000, 1]] });
    const stop = serveFollowers(b.channel(), writer, () => true);
    stop();
    const api = writerSelectApi(b.channel(), 30);
    await expect(api.selectLabelNames([], 0, 5000)).rejects.toThrow(/no writer answered/);
  });
});

/** Svc is a service with one forwarded call and one kept call. */
class Svc {
  constructor(readonly name: string) {}
  async targets(job: string): Promise<string> {
    return `${this.name}:${job}`;
  }
  async whoami(): Promise<string> {
    return this.name;
  }
}

describe('followWriter', () => {
  it("sends the named calls of a follower to the writer's service, and keeps the others", async () => {
    const b = bus();
    const w = { leader: true };
    const f = { leader: false };
    const writer = followWriter(new Svc('writer'), ['targets'], b.channel(), Promise.resolve(), () => w.leader);
    const follower = followWriter(new Svc('follower'), ['targets'], b.channel(), Promise.resolve(), () => f.leader, 200);
    expect(await follower.targets('a')).toBe('writer:a');
    expect(await follower.whoami()).toBe('follower');
    expect(await writer.targets('b')).toBe('writer:b');
  });

  it('answers by itself when no writer answers, and waits until it knows its part', async () => {
    const b = bus();
    const f = { leader: false };
    let ready!: () => void;
    const follower = followWriter(new Svc('follower'), ['targets'], b.channel(), new Promise<void>((r) => (ready = r)), () => f.leader, 30);
    const pending = follower.targets('x');
    await new Promise((r) => setTimeout(r, 20));
    expect(b.posted()).toBe(0);
    ready();
    expect(await pending).toBe('follower:x');
  });

  it('a writer calls its own service without sending anything', async () => {
    const b = bus();
    const writer = followWriter(new Svc('writer'), ['targets'], b.channel(), Promise.resolve(), () => true);
    expect(await writer.targets('c')).toBe('writer:c');
    expect(b.posted()).toBe(0);
  });
});
