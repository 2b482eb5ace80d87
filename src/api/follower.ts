/**
 * Follower reads. Where SharedWorker is missing every tab runs its own storage worker, and only the writer (the
 * lease holder) scrapes, so a follower's own head stops at the moment it opened. A follower therefore sends its
 * selects to the writer over a BroadcastChannel and answers from its own head only when no writer replies in time.
 *
 * The protocol is one request and one reply per call: `{ rpc: 'req', id, method, args }` from a follower, and
 * `{ rpc: 'res', id, ok | error }` from the writer. Replies carry the caller's id, so each follower keeps only its own.
 * Samples travel as Float64Arrays (structured clone keeps stale-marker bits).
 */
import type { Matcher } from '../model/matcher';
import type { Querier, Queryable } from '../model/storage';
import type { ChannelLike } from './lease';
import { RemoteQueryable, serveSelect, type SelectApi } from './remote_querier';

/** FOLLOWER_CHANNEL is the BroadcastChannel name that carries follower reads. */
export const FOLLOWER_CHANNEL = 'promtab-follower-reads';

/** FOLLOWER_TIMEOUT_MS is how long a follower waits for the writer before reading its own head. */
export const FOLLOWER_TIMEOUT_MS = 3_000;

type Method = keyof SelectApi;

const METHODS: readonly Method[] = ['select', 'selectLabelNames', 'selectLabelValues', 'selectSeries'];

interface Request {
  rpc: 'req';
  id: string;
  method: Method;
  args: unknown[];
}

interface Reply {
  rpc: 'res';
  id: string;
  ok?: unknown;
  error?: string;
}

/** NoWriterError says that no writer answered a follower's read in time. */
export class NoWriterError extends Error {}

/** serveFollowers answers followers' reads from q while isLeader() holds; it returns a function that stops it. */
export function serveFollowers(channel: ChannelLike, q: Queryable, isLeader: () => boolean): () => void {
  const api = serveSelect(q, (v) => v);
  let stopped = false;
  channel.addEventListener('message', (e) => {
    const m = e.data as Request | null;
    if (stopped || m?.rpc !== 'req' || !METHODS.includes(m.method) || !isLeader()) return;
    const call = api[m.method] as (...a: unknown[]) => Promise<unknown>;
    call(...m.args).then(
      (ok) => channel.postMessage({ rpc: 'res', id: m.id, ok } satisfies Reply),
      (err: unknown) => channel.postMessage({ rpc: 'res', id: m.id, error: (err as Error)?.message ?? String(err) } satisfies Reply),
    );
  });
  return () => {
    stopped = true;
  };
}

/** writerSelectApi is a SelectApi whose calls go to the writer; each rejects with NoWriterError after timeoutMs. */
export function writerSelectApi(channel: ChannelLike, timeoutMs = FOLLOWER_TIMEOUT_MS): SelectApi {
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
  const call = (method: Method, args: unknown[]) =>
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
  const api = {} as Record<Method, (...a: unknown[]) => Promise<unknown>>;
  for (const m of METHODS) api[m] = (...args) => call(m, args);
  return api as unknown as SelectApi;
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
