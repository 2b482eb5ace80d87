/**
 * QueueStore keeps remote-write queues in their own IndexedDB database, so samples not yet sent survive a reload.
 *
 * Schema (database `promtab-remote-write`, version 1):
 * - `segments`: key [queue name, first sample number] → Segment (series label arrays, Uint32Array refs,
 *   Float64Array timestamps and values, so stale markers keep their bits);
 * - `cursors`: key queue name → the number of the first sample not yet sent, failed or dropped.
 * Writes are chained in call order; acknowledging deletes the segments wholly before the cursor.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { segmentEnd, type Segment } from './segment';

/** QUEUE_DB_VERSION is the schema version of the remote-write database. */
export const QUEUE_DB_VERSION = 1;

/** StoredQueue is a queue as loaded: its segments in order and its cursor. */
export interface StoredQueue {
  segments: Segment[];
  cursor: number;
}

/** QueueStore persists the queues of one origin; with indexedDB missing it keeps nothing. */
export class QueueStore {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: IDBPDatabase | null) {}

  /** open opens (or creates) the database; when that fails (no IndexedDB, a private window) queues live in memory. */
  static async open(name = 'promtab-remote-write'): Promise<QueueStore> {
    if (typeof indexedDB === 'undefined') return new QueueStore(null);
    const db = await openDB(name, QUEUE_DB_VERSION, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) {
          d.createObjectStore('segments');
          d.createObjectStore('cursors');
        }
      },
      blocking() {
        db?.close();
      },
    }).catch(() => null);
    return new QueueStore(db);
  }

  private run<T>(op: (db: IDBPDatabase) => Promise<T>, fallback: T): Promise<T> {
    const db = this.db;
    if (!db) return Promise.resolve(fallback);
    const next = this.chain.then(() => op(db));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** load reads a queue's segments after its cursor. */
  load(queue: string): Promise<StoredQueue> {
    return this.run(
      async (db) => {
        const tx = db.transaction(['segments', 'cursors'], 'readonly');
        const cursor = ((await tx.objectStore('cursors').get(queue)) as number | undefined) ?? 0;
        const range = IDBKeyRange.bound([queue, -Infinity], [queue, Infinity]);
        const segments = ((await tx.objectStore('segments').getAll(range)) as Segment[]).filter((s) => segmentEnd(s) > cursor);
        await tx.done;
        return { segments, cursor };
      },
      { segments: [], cursor: 0 },
    );
  }

  /** append stores one segment. */
  append(queue: string, seg: Segment): Promise<void> {
    return this.run(async (db) => {
      await db.put('segments', seg, [queue, seg.first]);
    }, undefined);
  }

  /** ack moves the cursor and deletes segments that end at or before it (keepFrom: first segment still needed). */
  ack(queue: string, cursor: number, keepFrom: number): Promise<void> {
    return this.run(async (db) => {
      const tx = db.transaction(['segments', 'cursors'], 'readwrite');
      void tx.objectStore('segments').delete(IDBKeyRange.bound([queue, -Infinity], [queue, keepFrom], false, true));
      void tx.objectStore('cursors').put(cursor, queue);
      await tx.done;
    }, undefined);
  }

  /** clear forgets a queue entirely (its endpoint was removed from the configuration). */
  clear(queue: string): Promise<void> {
    return this.run(async (db) => {
      const tx = db.transaction(['segments', 'cursors'], 'readwrite');
      void tx.objectStore('segments').delete(IDBKeyRange.bound([queue, -Infinity], [queue, Infinity]));
      void tx.objectStore('cursors').delete(queue);
      await tx.done;
    }, undefined);
  }

  /** close closes the database. */
  close(): void {
    this.db?.close();
  }
}
