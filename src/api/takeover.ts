/**
 * Whether this build may take over an origin's stored data. Each database Promtab keeps has a schema version; a
 * build reads every version up to its own and upgrades older ones, but a database written by a newer build (a
 * higher version) is one it cannot read. The service worker of such a build refuses to install, so the build that
 * can read the data stays in charge and nothing is dropped.
 */
import { SCHEMA_VERSION } from '../tsdb/idb_schema';
import { CONFIG_DB_VERSION } from './config_store';
import { QUEUE_DB_VERSION } from '../remote/queue_store';
import { EXEMPLAR_DB_NAME, EXEMPLAR_DB_VERSION } from '../tsdb/exemplar_idb';

/** READABLE_DATABASES maps each database Promtab keeps to the newest schema version this build reads. */
export const READABLE_DATABASES: Readonly<Record<string, number>> = {
  'promtab-tsdb': SCHEMA_VERSION,
  'promtab-config': CONFIG_DB_VERSION,
  'promtab-remote-write': QUEUE_DB_VERSION,
  [EXEMPLAR_DB_NAME]: EXEMPLAR_DB_VERSION,
};

/** StoredDatabase is what `indexedDB.databases()` reports of one database. */
export interface StoredDatabase {
  name?: string;
  version?: number;
}

/**
 * unreadableDatabases lists, as sentences, the stored databases newer than this build reads (empty: it can take
 * over). Databases it does not know belong to someone else and are ignored.
 */
export function unreadableDatabases(stored: readonly StoredDatabase[], readable: Readonly<Record<string, number>> = READABLE_DATABASES): string[] {
  const out: string[] = [];
  for (const db of stored) {
    if (!db.name || !Object.hasOwn(readable, db.name)) continue;
    const max = readable[db.name];
    if ((db.version ?? 0) > max) out.push(`${db.name} is stored in schema version ${db.version}, this build reads up to version ${max}`);
  }
  return out;
}
