/**
 * Exemplar persistence: batches of accepted exemplars in their own small IndexedDB database (`promtab-exemplars`),
 * apart from the TSDB's, so that exemplars need no TSDB schema change and a failed exemplar write (a full quota)
 * never touches a sample. Each record is one batch, keyed by an increasing sequence number:
 * `{ series: string[][], ref: Uint32Array, labels: string[][], values: Float64Array, ts: Float64Array, hasTs: Uint8Array }`
 * (`ref[i]` indexes `series`, the other arrays are per exemplar). Replaying the batches in order through the ring
 * rebuilds it exactly, so the writer keeps only the newest batches that hold the ring's worth.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Exemplar } from '../model/exemplar';
import type { Labels } from '../model/labels';

/** EXEMPLAR_DB_VERSION is the schema version of the exemplar database. */
export const EXEMPLAR_DB_VERSION = 1;

/** EXEMPLAR_DB_NAME is the exemplar database's name. */
export const EXEMPLAR_DB_NAME = 'promtab-exemplars';

const STORE = 'batches';

/** ExemplarBatch is one stored batch (see the file comment). */
export interface ExemplarBatch {
  series: Labels[];
  ref: Uint32Array;
  labels: Labels[];
  values: Float64Array;
  ts: Float64Array;
  hasTs: Uint8Array;
}

/** StoredExemplar is one exemplar with the series it belongs to. */
export interface StoredExemplar {
  series: Labels;
  e: Exemplar;
}

/** ExemplarPersistence stores batches; IdbExemplarPersistence is the browser's, tests may pass their own. */
export interface ExemplarPersistence {
  /** load reads every batch, oldest first. */
  load(): Promise<{ seq: number; batch: ExemplarBatch }[]>;
  /** write stores a batch and deletes the batches listed, in one transaction. */
  write(seq: number, batch: ExemplarBatch, drop: readonly number[]): Promise<void>;
  /** clear deletes every batch. */
  clear(): Promise<void>;
  close(): void;
}

/** encodeBatch packs exemplars into a batch, each series' labels stored once. */
export function encodeBatch(items: readonly StoredExemplar[]): ExemplarBatch {
  const n = items.length;
  const b: ExemplarBatch = { series: [], ref: new Uint32Array(n), labels: [], values: new Float64Array(n), ts: new Float64Array(n), hasTs: new Uint8Array(n) };
  const seen = new Map<Labels, number>();
  items.forEach(({ series, e }, i) => {
    let r = seen.get(series);
    if (r === undefined) {
      r = b.series.length;
      b.series.push(series);
      seen.set(series, r);
    }
    b.ref[i] = r;
    b.labels.push(e.labels);
    b.values[i] = e.value;
    b.ts[i] = e.ts;
    b.hasTs[i] = e.hasTs ? 1 : 0;
  });
  return b;
}

function isLabels(x: unknown): x is Labels {
  return Array.isArray(x) && x.length % 2 === 0 && x.every((s) => typeof s === 'string');
}

/** decodeBatch unpacks a stored batch, throwing on a record of another shape. */
export function decodeBatch(b: unknown): StoredExemplar[] {
  const r = b as Partial<ExemplarBatch> | null;
  if (
    !r ||
    !Array.isArray(r.series) ||
    !Array.isArray(r.labels) ||
    !(r.ref instanceof Uint32Array) ||
    !(r.values instanceof Float64Array) ||
    !(r.ts instanceof Float64Array) ||
    !(r.hasTs instanceof Uint8Array)
  ) {
    throw new Error('not an exemplar batch');
  }
  const n = r.ref.length;
  if (r.labels.length !== n || r.values.length !== n || r.ts.length !== n || r.hasTs.length !== n) throw new Error('exemplar batch arrays differ in length');
  if (!r.series.every(isLabels) || !r.labels.every(isLabels)) throw new Error('exemplar batch labels are not label sets');
  const out: StoredExemplar[] = [];
  for (let i = 0; i < n; i++) {
    const series = r.series[r.ref[i]];
    if (series === undefined) throw new Error('exemplar batch refers to a missing series');
    out.push({ series, e: { labels: r.labels[i], value: r.values[i], ts: r.ts[i], hasTs: r.hasTs[i] === 1 } });
  }
  return out;
}

/** IdbExemplarPersistence keeps the batches in IndexedDB. */
export class IdbExemplarPersistence implements ExemplarPersistence {
  private constructor(private readonly db: IDBPDatabase) {}

  /** open opens (or creates) the database; it closes itself for a newer schema elsewhere. */
  static async open(name = EXEMPLAR_DB_NAME): Promise<IdbExemplarPersistence> {
    const db = await openDB(name, EXEMPLAR_DB_VERSION, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore(STORE);
      },
      blocking() {
        db.close();
      },
    });
    return new IdbExemplarPersistence(db);
  }

  async load(): Promise<{ seq: number; batch: ExemplarBatch }[]> {
    const tx = this.db.transaction(STORE);
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    await tx.done;
    return keys.map((k, i) => ({ seq: Number(k), batch: values[i] as ExemplarBatch }));
  }

  async write(seq: number, batch: ExemplarBatch, drop: readonly number[]): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite', { durability: 'relaxed' });
    for (const k of drop) void tx.store.delete(k).catch(() => undefined);
    void tx.store.put(batch, seq).catch(() => undefined);
    await tx.done;
  }

  async clear(): Promise<void> {
    await this.db.clear(STORE);
  }

  close(): void {
    this.db.close();
  }
}
