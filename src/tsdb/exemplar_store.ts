/**
 * ExemplarStore is the storage worker's exemplar storage: the ring (exemplar.ts), an appendable layer that gives
 * the head's appenders `appendExemplar` (exemplars become visible when their transaction commits, after its
 * samples), and the batches saved to IndexedDB (exemplar_idb.ts) while this worker is the writer. A save that
 * fails (a full quota) keeps the unsaved exemplars for the next try, up to the ring's size, and says so once.
 */
import { ExemplarError, type Appendable, type Appender } from '../model/storage';
import type { Exemplar, ExemplarQueryResult } from '../model/exemplar';
import type { Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import { CircularExemplarStorage, DEFAULT_MAX_EXEMPLARS, EXEMPLAR_REJECTIONS, type ExemplarStats } from './exemplar';
import { decodeBatch, encodeBatch, type ExemplarPersistence, type StoredExemplar } from './exemplar_idb';

/** ExemplarStoreOptions configures an ExemplarStore. */
export interface ExemplarStoreOptions {
  /** size is the ring's capacity (default 100000; 0 keeps no exemplars). */
  size?: number;
  /** persistence saves batches (absent: memory only). */
  persistence?: ExemplarPersistence | null;
  /** flushDelayMs is how long after a commit the new exemplars are saved (default 1 s). */
  flushDelayMs?: number;
  /** onError hears about a failed save or an unreadable stored batch. */
  onError?(message: string): void;
}

/** ExemplarStore holds the ring and its persistence; see the file comment. */
export class ExemplarStore {
  private readonly ring: CircularExemplarStorage;
  private pending: StoredExemplar[] = [];
  /** saved lists the stored batches, oldest first, with how many exemplars each holds. */
  private saved: { seq: number; count: number }[] = [];
  private savedTotal = 0;
  private nextSeq = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private failing = false;
  /** writer is true while this worker saves what it appends. */
  private writer = false;

  constructor(private readonly opts: ExemplarStoreOptions = {}) {
    this.ring = new CircularExemplarStorage(opts.size ?? DEFAULT_MAX_EXEMPLARS);
  }

  /** size is the ring's capacity. */
  get size(): number {
    return this.ring.size;
  }

  /** stats returns the ring's counts. */
  stats(): ExemplarStats {
    return this.ring.stats();
  }

  /** select answers an exemplar query (see CircularExemplarStorage.select). */
  select(start: number, end: number, matcherSets: readonly (readonly Matcher[])[]): ExemplarQueryResult[] {
    return this.ring.select(start, end, matcherSets);
  }

  /** entries lists every stored exemplar, oldest added first (for export). */
  entries(): StoredExemplar[] {
    return this.ring.entries();
  }

  /**
   * load reads the saved batches into the ring (replacing what it held) and makes this worker the writer: called
   * when it takes over writing, since another writer may have saved exemplars meanwhile.
   */
  async load(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    this.ring.clear();
    this.pending = [];
    this.saved = [];
    this.savedTotal = 0;
    const p = this.opts.persistence;
    if (p) {
      for (const { seq, batch } of await p.load()) {
        let items: StoredExemplar[];
        try {
          items = decodeBatch(batch);
        } catch (e) {
          this.opts.onError?.(`skipped a stored exemplar batch: ${(e as Error).message}`);
          continue;
        }
        for (const { series, e } of items) this.ring.add(series, e);
        this.saved.push({ seq, count: items.length });
        this.savedTotal += items.length;
        this.nextSeq = Math.max(this.nextSeq, seq + 1);
      }
    }
    this.writer = true;
  }

  /** follow stops saving (another worker writes); unsaved exemplars are left to be lost with this worker's head. */
  follow(): void {
    this.writer = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** resize changes the ring's capacity, keeping the newest exemplars; the saved batches follow at the next save. */
  resize(size: number): void {
    if (size === this.ring.size) return;
    this.ring.resize(size);
  }

  /**
   * add stores exemplars as a committed transaction does (import, tests): each is validated against the ring and
   * kept when new. Returns how many were stored.
   */
  add(items: readonly StoredExemplar[]): number {
    let n = 0;
    for (const it of items) {
      if (this.ring.add(it.series, it.e) !== null) continue;
      this.pending.push(it);
      n++;
    }
    if (n > 0) this.schedule();
    return n;
  }

  /** appendable wraps inner so that its appenders take exemplars too, stored when the transaction commits. */
  appendable(inner: Appendable): Appendable {
    return { appender: () => this.appender(inner.appender()) };
  }

  private appender(a: Appender): Appender {
    let got: StoredExemplar[] = [];
    return {
      append: (ref, labels, t, v, st) => a.append(ref, labels, t, v, st),
      appendHistogram: (ref, labels, t, h, st) => a.appendHistogram(ref, labels, t, h, st),
      appendExemplar: (ref, labels: Labels, e: Exemplar) => {
        const problem = this.ring.validate(labels, e);
        if (problem === 'duplicate') return ref;
        if (problem !== null) throw new ExemplarError(problem, EXEMPLAR_REJECTIONS[problem]);
        got.push({ series: labels, e });
        return ref;
      },
      commit: async () => {
        await a.commit();
        const items = got;
        got = [];
        if (items.length > 0) this.add(items);
      },
      rollback: () => {
        got = [];
        a.rollback();
      },
    };
  }

  private schedule(): void {
    if (!this.writer || !this.opts.persistence || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.opts.flushDelayMs ?? 1_000);
  }

  /** flush saves the exemplars stored since the last save as one batch, dropping batches the ring has overwritten. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.save());
    return this.flushing;
  }

  private async save(): Promise<void> {
    const p = this.opts.persistence;
    if (!p || !this.writer || this.pending.length === 0) return;
    const size = this.ring.size;
    const items = this.pending.length > size ? this.pending.slice(this.pending.length - size) : this.pending;
    this.pending = [];
    // The ring can be rebuilt from the newest `size` exemplars saved: older batches are dropped once they lie wholly
    // behind those.
    let total = this.savedTotal + items.length;
    let k = 0;
    while (k < this.saved.length && total - this.saved[k].count >= size) total -= this.saved[k++].count;
    const drop = this.saved.slice(0, k).map((b) => b.seq);
    const seq = this.nextSeq;
    try {
      await p.write(seq, encodeBatch(items), drop);
    } catch (e) {
      this.pending = items.concat(this.pending);
      if (this.pending.length > size) this.pending = this.pending.slice(this.pending.length - size);
      if (!this.failing) this.opts.onError?.(`exemplars could not be saved (they stay in memory): ${(e as Error)?.message ?? e}`);
      this.failing = true;
      return;
    }
    this.failing = false;
    this.nextSeq = seq + 1;
    this.saved = this.saved.slice(k);
    this.saved.push({ seq, count: items.length });
    this.savedTotal = total;
  }

  /** clear forgets every exemplar, saved ones too. */
  async clear(): Promise<void> {
    await this.flushing;
    this.ring.clear();
    this.pending = [];
    this.saved = [];
    this.savedTotal = 0;
    await this.opts.persistence?.clear();
  }
}
