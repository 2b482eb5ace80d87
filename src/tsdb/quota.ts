/**
 * What the head does when the browser refuses a flush for quota. Chromium reports `QuotaExceededError` only at
 * commit, and `navigator.storage.estimate()` neither tells the quota in force (an origin's quota may be far below
 * the nominal one) nor what the store really occupies. So the failed write itself is the measure: a write of w
 * bytes that fails at s stored bytes shows that s + w does not fit. The guard deletes the oldest stored batches,
 * at least w bytes and twice as much after each further refusal, retrying the same flush until it is saved or
 * nothing old is left; the level at which it was saved becomes the limit the store keeps to before every later
 * flush, so saving goes on without hitting the quota again. The head's memory is never touched.
 */
import type { FlushData, HeadStore } from './store';

/** QuotaEvent is what one quota recovery did, for the notice and the status. */
export interface QuotaEvent {
  /** freed is the bytes of oldest history deleted. */
  freed: number;
  /** droppedBefore is the newest sample time (ms) among the deleted batches (-Infinity when nothing was deleted). */
  droppedBefore: number;
  /** saved tells whether the flush was saved in the end. */
  saved: boolean;
  /** limit is the storage level (bytes) the store now keeps to (0: none proven yet). */
  limit: number;
  /** refused tells whether the browser refused the write (false: history went only to keep to the limit). */
  refused: boolean;
}

/** isQuotaError reports whether an IndexedDB failure is the quota's. */
export function isQuotaError(e: unknown): boolean {
  return (e as Error | null)?.name === 'QuotaExceededError';
}

/** flushBytes measures what a flush writes: chunk bytes, new series' label text, checkpoint and log. */
export function flushBytes(f: FlushData): number {
  let n = 0;
  for (const c of f.chunks) n += c.bytes.byteLength + 24;
  for (const s of f.newSeries) for (const l of s.labels) n += l.length + 4;
  if (f.checkpoint) for (const e of f.checkpoint) n += 40 + (e.open ? e.open.bytes.byteLength + 24 : 0);
  if (f.log) n += f.log.refs.byteLength + f.log.ts.byteLength + f.log.words.byteLength;
  return n;
}

/** QuotaGuard writes flushes and recovers from quota refusals (see the file comment). */
export class QuotaGuard {
  /** limit is the storage level known to leave room for a flush (0: no refusal seen yet). */
  limit = 0;

  /**
   * write saves f, keeping to the limit first; it returns the recovery's event when the browser refused it, or an
   * event with refused false when keeping to the limit deleted history.
   */
  async write(store: HeadStore, f: FlushData): Promise<QuotaEvent | null> {
    const w = flushBytes(f);
    let freed = 0;
    let droppedBefore = -Infinity;
    const drop = async (bytes: number) => {
      const r = await store.freeOldest(bytes);
      freed += r.freed;
      droppedBefore = Math.max(droppedBefore, r.upTo);
      return r.freed;
    };
    // Keeping to the limit: the browser counts what a transaction writes against what is stored when it starts
    // (Chromium frees a deleted record's quota only once its own transaction has committed), so what a checkpoint
    // replaces is deleted beforehand when the two would not fit side by side.
    // History goes only after what the flush replaces anyway.
    if (this.limit > 0) {
      const over = () => store.storageBytes() + w - this.limit;
      if (over() > 0 && f.checkpoint && store.logBytes() > 0) await store.dropLog();
      if (over() > 0 && f.checkpoint && store.checkpointBytes() > 0) await store.dropCheckpoint();
      if (over() > 0) await drop(over());
    }
    let need = w;
    let droppedLog = false;
    let droppedCheckpoint = false;
    for (let refusals = 0; ; refusals++) {
      const level = store.storageBytes() + w;
      try {
        await store.writeFlush(f);
      } catch (e) {
        if (!isQuotaError(e)) throw e;
        const got = await drop(need);
        need *= 2;
        if (got > 0) continue;
        // Nothing old is left. A checkpoint replaces the stored logs, so they may go to make room for it; a log
        // flush fails, and the head's next flush is a checkpoint (see Head.flushOnce).
        if (f.checkpoint && !droppedLog && store.logBytes() > 0) {
          droppedLog = true;
          await store.dropLog();
          continue;
        }
        // Last, the checkpoint being replaced goes first (a kill before the new one is saved restores the series
        // without their open chunks).
        if (f.checkpoint && !droppedCheckpoint && store.checkpointBytes() > 0) {
          droppedCheckpoint = true;
          await store.dropCheckpoint();
          continue;
        }
        return { freed, droppedBefore, saved: false, limit: this.limit, refused: true };
      }
      if (refusals === 0) return freed > 0 ? { freed, droppedBefore, saved: true, limit: this.limit, refused: false } : null;
      // What was stored before this write, plus the write, fitted: keep to that level (or to what is stored now,
      // should the estimate of the write have fallen short).
      this.limit = Math.max(level, store.storageBytes());
      return { freed, droppedBefore, saved: true, limit: this.limit, refused: true };
    }
  }
}
