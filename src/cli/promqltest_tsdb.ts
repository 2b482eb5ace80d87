/**
 * TsdbScriptStorage runs promqltest scripts through the real TSDB: each load command's samples go through a head
 * appender in one transaction (refused samples are counted by reason, as Prometheus's storage refuses them), the
 * head is flushed and closed, and the evals read a head reopened from IndexedDB (restored from the checkpoint, older
 * chunks read from storage). `clear` deletes the database. Needs an IndexedDB (fake-indexeddb in Node).
 */
import type { FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import { AppendError, type AppendErrorKind, type Querier } from '../model/storage';
import type { ScriptStorage } from '../promql/promqltest/storage';
import { Head, type HeadOptions } from '../tsdb/head';

/** TSDB_SCRIPT_OPTIONS keep everything a script loads: no time retention, however far apart its samples are. */
const TSDB_SCRIPT_OPTIONS: HeadOptions = { retentionMs: Infinity };

interface Pending {
  labels: Labels;
  t: number;
  v: number;
  st: number;
  h: FloatHistogram | undefined;
}

let dbSeq = 0;

/** TsdbScriptStorage is a ScriptStorage over a Head persisted in IndexedDB. */
export class TsdbScriptStorage implements ScriptStorage {
  readonly setsHints = true;
  private head: Head | null = null;
  private pending: Pending[] = [];
  private name = TsdbScriptStorage.freshName();
  /** refused counts the samples the head refused, by reason. */
  readonly refused: Partial<Record<AppendErrorKind, number>> = {};
  /** reopened counts how many times the head was reopened from storage. */
  reopened = 0;

  private static freshName(): string {
    return `promqltest-${process.pid}-${++dbSeq}`;
  }

  append(labels: Labels, t: number, v: number, st = 0, h?: FloatHistogram): void {
    this.pending.push({ labels, t, v, st, h });
  }

  async loaded(): Promise<void> {
    const head = this.head ?? (await Head.open(this.name, TSDB_SCRIPT_OPTIONS));
    this.head = null;
    const app = head.appender();
    for (const p of this.pending) {
      try {
        if (p.h) app.appendHistogram(0, p.labels, p.t, p.h, p.st);
        else app.append(0, p.labels, p.t, p.v, p.st);
      } catch (e) {
        if (!(e instanceof AppendError)) throw e;
        this.refused[e.kind] = (this.refused[e.kind] ?? 0) + 1;
      }
    }
    this.pending = [];
    await app.commit();
    await head.close();
    this.head = await Head.open(this.name, TSDB_SCRIPT_OPTIONS);
    this.reopened++;
  }

  querier(): Querier {
    if (this.head) return this.head.querier();
    return new Head().querier();
  }

  async clear(): Promise<void> {
    await this.close();
    this.name = TsdbScriptStorage.freshName();
  }

  async close(): Promise<void> {
    this.pending = [];
    const head = this.head;
    this.head = null;
    if (!head) return;
    await head.close();
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(this.name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error ?? new Error('could not delete the database'));
    });
  }
}
