/**
 * connect starts (or joins) the storage worker and starts this tab's query worker, and returns comlink proxies.
 * The page imports only the API's types; engine code is bundled into the workers alone. The query worker reads
 * data through its own MessageChannel to the storage worker, so results never pass through the page.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { QueryApi, StorageApi } from '../../api/types';

/** Connection holds the proxies to the workers. */
export interface Connection {
  storage: Remote<StorageApi>;
  query: Remote<QueryApi & { attachStorage(port: MessagePort): void }>;
  /** mode says how the storage worker runs: 'shared' or 'dedicated'. */
  mode: 'shared' | 'dedicated';
}

function startStorage(): { storage: Remote<StorageApi>; mode: 'shared' | 'dedicated' } {
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

/** connect opens the workers. */
export function connect(): Connection {
  const { storage, mode } = startStorage();
  const qw = new Worker(new URL('../../../workers/query.ts', import.meta.url), { type: 'module', name: 'promtab-query' });
  const query = wrap<QueryApi & { attachStorage(port: MessagePort): void }>(qw);
  const channel = new MessageChannel();
  void storage.attach(transfer(channel.port1, [channel.port1]));
  void query.attachStorage(transfer(channel.port2, [channel.port2]));
  return { storage, query, mode };
}
