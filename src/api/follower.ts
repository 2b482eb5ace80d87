/**
 * Followers. Where SharedWorker is missing every tab runs its own storage worker, and only the writer (the lease
 * holder) scrapes, so a follower's own head stops at the moment it opened and its own scrape manager is idle. A
 * follower therefore sends its selects, and the calls that read or change the scrape state, to the writer over a
 * BroadcastChannel; it answers from its own parts only when no writer replies in time.
 *
 * The protocol is one request and one reply per call: `{ rpc: 'req', id, method, args }` from a follower, and
 * `{ rpc: 'res', id, ok | error }` from the writer. Replies carry the caller's id, so each follower keeps only its own.
 * Samples travel as Float64Arrays (structured clone keeps stale-marker bits).
 */
import type { Matcher } from '../model/matcher';
import type { Querier, Queryable } from '../model/storage';
import type { ChannelLike } from './lease';
import { RemoteQueryable, serveSelect, type SelectApi } from './remote_querier';

/** FOLLOWER_CHANNEL is the BroadcastChannel name that carries followers' calls. */
export const FOLLOWER_CHANNEL = 'promtab-follower-calls';

/** FOLLOWER_TIMEOUT_MS is how long a follower waits for the writer before answering by itself. */
export const FOLLOWER_TIMEOUT_MS = 3_000;

/** SELECT_METHODS are the SelectApi calls a follower sends to the writer. */
export const SELECT_METHODS: readonly (keyof SelectApi)[] = ['select', 'selectLabelNames', 'selectLabelValues', 'selectSeries'];

/** Methods is a table of calls a writer serves, by name. */
export type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** WriterCall sends one call to the writer. */
export type WriterCall = (method: string, args: unknown[]) => Promise<unknown>;

interface Request {
  rpc: 'req';
  id: string;
  method: string;
  args: unknown[];
}

interface Reply {
  rpc: 'res';
  id: string;
  ok?: unknown;
  error?: string;
}

/** NoWriterError says that no writer answered a follower's call in time. */
export class NoWriterError extends Error {}

/** serveWriter answers followers' calls of the methods in the table while isLeader() holds; it returns a stop function. */
export function serveWriter(channel: ChannelLike, methods: Methods, isLeader: () => boolean): () => void {
  let stopped = false;
  channel.addEventListener('message', (e) => {
    const m = e.data as Request | null;
    if (stopped || m?.rpc !== 'req' || !Object.hasOwn(methods, m.method) || !isLeader()) return;
    methods[m.method](...m.args).then(
      (ok) => channel.postMessage({ rpc: 'res', id: m.id, ok } satisfies Reply),
      (err: unknown) => channel.postMessage({ rpc: 'res', id: m.id, error: (err as Error)?.message ?? String(err) } satisfies Reply),
    );
  });
  return () => {
    stopped = true;
  };
}

/** serveFollowers answers followers' selects from q while isLeader() holds; it returns a stop function. */
export function serveFollowers(channel: ChannelLike, q: Queryable, isLeader: () => boolean): () => void {
  return serveWriter(channel, serveSelect(q, (v) => v) as unknown as Methods, isLeader);
}

/** writerCall returns a function that calls the writer; each call rejects with NoWriterError after timeoutMs. */
export function writerCall(channel: ChannelLike, timeoutMs = FOLLOWER_TIMEOUT_MS): WriterCall {
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  const client = Math.random().toString(36).slice(2);
  let next = 0;
  channel.addEventListener('message', (e) => {
    const m = e.data as Reply | null;
    if (m?.rpc !== 'res') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.ok);
  });
  return (method, args) =>
    new Promise<unknown>((resolve, reject) => {
      const id = `${client}:${next++}`;
      const timer = setTimeout(() => {
        if (pending.delete(id)) reject(new NoWriterError(`no writer answered ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      channel.postMessage({ rpc: 'req', id, method, args } satisfies Request);
    });
}

/** writerSelectApi is a SelectApi whose calls go to the writer. */
export function writerSelectApi(channel: ChannelLike, timeoutMs = FOLLOWER_TIMEOUT_MS): SelectApi {
  const call = writerCall(channel, timeoutMs);
  const api: Methods = {};
  for (const m of SELECT_METHODS) api[m] = (...args) => call(m, args);
  return api as unknown as SelectApi;
}

/**
 * followWriter wraps a service so that, while this worker is not the writer, the named methods are the writer's
 * (falling back to the service's own when no writer answers); as the writer it serves the same methods to followers.
 * Calls wait for `ready`, before which a worker does not know its part.
 */
export function followWriter<T extends object>(
  service: T,
  methods: readonly (keyof T & string)[],
  channel: ChannelLike,
  ready: Promise<unknown>,
  isLeader: () => boolean,
  timeoutMs = FOLLOWER_TIMEOUT_MS,
): T {
  const table: Methods = {};
  for (const m of methods) table[m] = (service as unknown as Methods)[m].bind(service);
  serveWriter(channel, table, isLeader);
  const call = writerCall(channel, timeoutMs);
  const forwarded: Methods = {};
  for (const m of methods) {
    forwarded[m] = async (...args) => {
      await ready;
      if (isLeader()) return table[m](...args);
      return call(m, args).catch((e: unknown) => {
        if (e instanceof NoWriterError) return table[m](...args);
        throw e;
      });
    };
  }
  return new Proxy(service, {
    get: (target, prop, receiver) => (typeof prop === 'string' && Object.hasOwn(forwarded, prop) ? forwarded[prop] : Reflect.get(target, prop, receiver)),
  });
}

/**
 * followerQueryable reads the local head while this worker is the writer, and the writer's head otherwise; a read
 * that no writer answers falls back to the local head (a writer's own errors, such as a bad regex, are passed on).
 */
export function followerQueryable(local: () => Queryable, writer: SelectApi, isLeader: () => boolean): Queryable {
  const remote = new RemoteQueryable(writer);
  return {
    querier(): Querier {
      if (isLeader()) return local().querier();
      const r = remote.querier();
      const either = <T>(f: (q: Querier) => Promise<T>): Promise<T> =>
        f(r).catch((e: unknown) => {
          if (e instanceof NoWriterError) return f(local().querier());
          throw e;
        });
      return {
        select: (m, mint, maxt, hints) => either((q) => q.select(plain(m), mint, maxt, hints && { ...hints })),
        labelNames: (m, mint, maxt) => either((q) => q.labelNames(plain(m), mint, maxt)),
        labelValues: (name, m, mint, maxt) => either((q) => q.labelValues(name, plain(m), mint, maxt)),
        series: (m, mint, maxt) => either((q) => q.series(plain(m), mint, maxt)),
      };
    },
  };
}

/** plain copies matchers to plain data (compiled matchers carry functions, which cannot be cloned). */
function plain(ms: readonly Matcher[]): Matcher[] {
  return ms.map(({ type, name, value }) => ({ type, name, value }));
}
