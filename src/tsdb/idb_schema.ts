/**
 * The IndexedDB schema of a persisted head, as a list of migrations: MIGRATIONS[i] upgrades version i to i + 1,
 * so a database of any older version is brought up to SCHEMA_VERSION step by step. See README.md for the stores.
 */
import { openDB, type IDBPDatabase } from 'idb';

/** SCHEMA_VERSION is the current schema version. */
export const SCHEMA_VERSION = 7;

/** STORES names the object stores. */
export const STORES = {
  meta: 'meta',
  series: 'series',
  chunks: 'chunks',
  chunkMeta: 'chunkMeta',
  checkpoint: 'checkpoint',
  tombstones: 'tombstones',
  log: 'log',
} as const;

type Migration = (db: IDBPDatabase) => void;

/** MIGRATIONS upgrades the schema one version at a time. */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore(STORES.meta);
    db.createObjectStore(STORES.series);
    db.createObjectStore(STORES.chunks);
    db.createObjectStore(STORES.chunkMeta);
    db.createObjectStore(STORES.checkpoint);
  },
  (db) => {
    db.createObjectStore(STORES.tombstones);
  },
  (db) => {
    db.createObjectStore(STORES.log);
  },
  // Version 4 stores no new object: closed chunks may now be compact chunks, which older builds cannot read, so the
  // version bump keeps them from opening the database. XOR chunks written before stay readable as they are.
  () => {},
  // Version 5 stores no new object: series records may hold their strings as a symbol table, which older builds
  // cannot read. Records written before stay readable as they are.
  () => {},
  // Version 6 stores no new object: chunks may be extended chunks (native histograms, start timestamps), and
  // checkpoint and log records may hold extension sections, which older builds would misread as floats. Records
  // written before stay readable as they are.
  () => {},
  // Version 7 stores no new object: chunk batch, checkpoint and log records are Blobs packing their arrays
  // (idb_blob.ts), so that deleting them frees quota at once in Chromium; older builds cannot read them. Plain
  // records written before stay readable as they are.
  () => {},
];

/** VersionHooks tell the owner of a connection about other connections that need a different schema version. */
export interface VersionHooks {
  /** replaced is called after this connection closed itself so that a newer Promtab could upgrade the schema. */
  replaced?(): void;
  /** blocked is called while an older Promtab that does not close for upgrades keeps this upgrade waiting. */
  blocked?(): void;
}

/**
 * openTsdb opens the database, running the migrations from its stored version up to `version`. A connection gives
 * way to a newer schema at once: it closes (so the upgrade in the other tab is never blocked) and says so.
 */
export async function openTsdb(name: string, version: number = SCHEMA_VERSION, hooks: VersionHooks = {}): Promise<IDBPDatabase> {
  let db: IDBPDatabase | null = null;
  db = await openDB(name, version, {
    upgrade(up, oldVersion, newVersion) {
      const to = newVersion ?? version;
      for (let v = oldVersion; v < to; v++) MIGRATIONS[v](up);
    },
    blocked: () => hooks.blocked?.(),
    blocking: () => {
      db?.close();
      hooks.replaced?.();
    },
  });
  return db;
}
