/**
 * ConfigStore keeps Promtab's configuration (scrape configuration, dashboards, rules, silences, settings, alert
 * state) in its own small IndexedDB database, apart from the TSDB's, as one record per key.
 */
import { openDB, type IDBPDatabase } from 'idb';

/** CONFIG_DB_VERSION is the schema version of the configuration database. */
export const CONFIG_DB_VERSION = 1;

/** ConfigKey names a record. */
export type ConfigKey =
  | 'scrapeConfig'
  | 'dashboards'
  | 'ruleFiles'
  | 'silences'
  | 'settings'
  | 'alertState'
  | 'remote'
  | 'pushGroups'
  | 'scrapeOffsetSeed';

/** ConfigStore reads and writes configuration records. */
export class ConfigStore {
  private constructor(private readonly db: IDBPDatabase | null) {}

  /** open opens (or creates) the database; with indexedDB missing it keeps everything in memory. */
  static async open(name = 'promtab-config'): Promise<ConfigStore> {
    if (typeof indexedDB === 'undefined') return new ConfigStore(null);
    const db = await openDB(name, CONFIG_DB_VERSION, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore('kv');
      },
      blocking() {
        // A newer schema elsewhere wants to upgrade: let it.
        db.close();
      },
    });
    return new ConfigStore(db);
  }

  private readonly memory = new Map<ConfigKey, unknown>();

  /** get reads a record. */
  async get<T>(key: ConfigKey): Promise<T | undefined> {
    if (!this.db) return this.memory.get(key) as T | undefined;
    return (await this.db.get('kv', key)) as T | undefined;
  }

  /** getOrPut reads a record, first writing make()'s value when there is none, in one transaction (so two tabs agree). */
  async getOrPut<T>(key: ConfigKey, make: () => T): Promise<T> {
    if (!this.db) {
      if (!this.memory.has(key)) this.memory.set(key, make());
      return this.memory.get(key) as T;
    }
    const tx = this.db.transaction('kv', 'readwrite');
    let v = (await tx.store.get(key)) as T | undefined;
    if (v === undefined) {
      v = make();
      await tx.store.put(v, key);
    }
    await tx.done;
    return v;
  }

  /** put writes a record. */
  async put(key: ConfigKey, value: unknown): Promise<void> {
    if (!this.db) {
      this.memory.set(key, value);
      return;
    }
    await this.db.put('kv', value, key);
  }

  /** putAll writes several records in one transaction: all or nothing. */
  async putAll(values: Partial<Record<ConfigKey, unknown>>): Promise<void> {
    if (!this.db) {
      for (const [k, v] of Object.entries(values)) this.memory.set(k as ConfigKey, v);
      return;
    }
    const tx = this.db.transaction('kv', 'readwrite');
    for (const [k, v] of Object.entries(values)) void tx.store.put(v, k);
    await tx.done;
  }
}
