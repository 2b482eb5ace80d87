/**
 * connect starts (or joins) the storage worker and starts this tab's query worker, and returns comlink proxies.
 * The page imports only the API's types; engine code is bundled into the workers alone.
 */
import { wrap, type Remote } from 'comlink';
import type { StorageApi } from '../../api/types';

/** Connection holds the proxies to the workers. */
export interface Connection {
  storage: Remote<StorageApi>;
  /** mode says how the storage worker runs: 'shared' or 'dedicated'. */
  mode: 'shared' | 'dedicated';
}

/** connect opens the workers. */
export function connect(): Connection {
  if (typeof SharedWorker !== 'undefined') {
    const w = new SharedWorker(new URL('../../../workers/storage.ts', import.meta.url), {
      type: 'module',
      name: 'promtab-storage',
    });
    return { storage: wrap<StorageApi>(w.port), mode: 'shared' };
  }
  const w = new Worker(new URL('../../../workers/storage.ts', import.meta.url), {
    type: 'module',
    name: 'promtab-storage',
  });
  return { storage: wrap<StorageApi>(w), mode: 'dedicated' };
}
