/**
 * HeadRole keeps a storage worker's head in step with its part, writer or follower.
 *
 * - A writer flushes soon after every commit (at most once per `flushGapMs`), so a crash loses about one second of
 *   samples rather than a whole flush interval; a slower timer flushes what arrives by other paths (rules, imports).
 * - A follower never writes. Its reads go to the writer (see follower.ts), its own head being only the fallback.
 * - A head opened before this worker won the lease may be stale: another writer kept adding series, batches and logs
 *   after it was read, and writing from it would reuse their keys. Such a head is opened afresh before writing.
 */
import type { Head } from '../tsdb';
import type { Appendable, Appender, Queryable } from '../model/storage';
import type { ChannelLike } from './lease';
import { followerQueryable, serveFollowers, writerSelectApi } from './follower';

/** STALE_CLOSE_MS is how long a replaced head's database connection stays open for reads begun on it. */
export const STALE_CLOSE_MS = 30_000;

/** HeadRoleOptions configures a HeadRole. */
export interface HeadRoleOptions {
  /** openHead opens the persisted head (again). */
  openHead(): Promise<Head>;
  /** channel carries follower reads (null when there are no other workers, as in Node). */
  channel: ChannelLike | null;
  /** onError receives failures of background flushes and retention. */
  onError(e: unknown): void;
  /**
   * flushGapMs is the least time between two flushes caused by commits (default 1 s); a function is asked at each
   * commit (the app makes it shorter than its shortest scrape interval, so a kill loses at most one scrape).
   */
  flushGapMs?: number | (() => number);
  /** flushMs is the period of the background flush (default 5 s). */
  flushMs?: number;
  /** retentionEveryMs is the period of retention (default 1 min). */
  retentionEveryMs?: number;
  /** readTimeoutMs is how long a follower waits for the writer's answer (default follower.ts's). */
  readTimeoutMs?: number;
}

/** HeadRole holds the current head and runs flushes and retention while this worker is the writer. */
export class HeadRole {
  /** appendable appends to the current head and schedules a flush after each commit. */
  readonly appendable: Appendable;
  /** queryable reads the current head as writer, and the writer's head as follower. */
  readonly queryable: Queryable;
  private current: Head | null = null;
  private grants = 0;
  private openedAfter = -1;
  private leading = false;
  private lastFlush = 0;
  private commitTimer: ReturnType<typeof setTimeout> | undefined;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private retentionTimer: ReturnType<typeof setInterval> | undefined;
  private readonly opts: Required<Omit<HeadRoleOptions, 'readTimeoutMs'>> & { readTimeoutMs?: number };

  constructor(opts: HeadRoleOptions) {
    this.opts = { flushGapMs: 1_000, flushMs: 5_000, retentionEveryMs: 60_000, ...opts };
    this.appendable = { appender: () => this.appender() };
    const local: Queryable = { querier: () => this.head.querier() };
    const ch = opts.channel;
    if (ch) {
      serveFollowers(ch, local, () => this.leading);
      this.queryable = followerQueryable(() => local, writerSelectApi(ch, opts.readTimeoutMs), () => this.leading);
    } else this.queryable = local;
  }

  /** head is the current head (open() must have finished). */
  get head(): Head {
    if (!this.current) throw new Error('head role: the head is not open yet');
    return this.current;
  }

  /** leader reports whether this worker is writing. */
  get leader(): boolean {
    return this.leading;
  }

  /** granted records, as soon as the lease reports it, that this worker won the lock. */
  granted(): void {
    this.grants++;
  }

  /** open (re)opens the head from storage. */
  async open(): Promise<void> {
    const at = this.grants;
    const head = await this.opts.openHead();
    const old = this.current;
    this.current = head;
    this.openedAfter = at;
    // The replaced head never flushes (it is stale); its connection closes once reads begun on it have finished.
    if (old) setTimeout(() => closeConnection(old), STALE_CLOSE_MS);
  }

  /**
   * lead starts writing: reopens a head read before the lock was won, then runs flushes and retention. It reports
   * whether it reopened the head (another writer may have changed the rest of the stored state too).
   */
  async lead(): Promise<boolean> {
    if (this.leading) return false;
    const stale = this.openedAfter < this.grants;
    if (stale) await this.open();
    this.leading = true;
    this.flushTimer = setInterval(() => this.flushNow(), this.opts.flushMs);
    this.retentionTimer = setInterval(() => {
      this.head.applyRetention().catch((e: unknown) => this.opts.onError(e));
    }, this.opts.retentionEveryMs);
    return stale;
  }

  /** flush saves everything the head holds now, while this worker is the writer. */
  async flush(): Promise<void> {
    if (this.leading) await this.head.flush();
  }

  /** follow stops writing (another worker holds the lock). */
  follow(): void {
    this.leading = false;
    clearInterval(this.flushTimer);
    clearInterval(this.retentionTimer);
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
  }

  private appender(): Appender {
    const a = this.head.appender();
    return {
      append: (ref, labels, t, v, st) => a.append(ref, labels, t, v, st),
      appendHistogram: (ref, labels, t, h, st) => a.appendHistogram(ref, labels, t, h, st),
      commit: async () => {
        await a.commit();
        this.scheduleFlush();
      },
      rollback: () => a.rollback(),
    };
  }

  private scheduleFlush(): void {
    if (!this.leading || this.commitTimer !== undefined) return;
    const gap = this.opts.flushGapMs;
    const wait = Math.max(0, this.lastFlush + (typeof gap === 'number' ? gap : gap()) - Date.now());
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      this.flushNow();
    }, wait);
  }

  private flushNow(): void {
    if (!this.leading) return;
    this.lastFlush = Date.now();
    this.head.flush().catch((e: unknown) => this.opts.onError(e));
  }
}

/** closeConnection closes a head's database connection without flushing it. */
function closeConnection(head: Head): void {
  const store = head.persisted;
  if (store && 'close' in store && typeof store.close === 'function') store.close();
}
