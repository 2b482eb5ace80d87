/**
 * The benchmark's storage worker (a Node worker thread standing in for the app's SharedWorker): the app's
 * StorageService over an in-memory Head holding the benchmark data, exposed with comlink on the thread's port.
 * The parts are the ones src/api/compose.ts wires, minus persistence (no IndexedDB in Node: the head, the
 * configuration and the remote-write queues live in memory) and minus the writer lease (this worker is the writer).
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Head } from '../../../src/tsdb';
import { StorageService, type Parts } from '../../../src/api/server';
import { ConfigStore } from '../../../src/api/config_store';
import { SelfMetrics } from '../../../src/api/self_metrics';
import { ScrapeManager } from '../../../src/scrape/manager';
import { RemoteWriteStorage } from '../../../src/remote/storage';
import { QueueStore } from '../../../src/remote/queue_store';
import { ExemplarStore } from '../../../src/tsdb/exemplar_store';
import { appendAll, benchSeries } from './dataset';

const RETENTION_MS = 7 * 86_400_000;

async function open(): Promise<Parts> {
  const head = new Head({ retentionMs: RETENTION_MS });
  await appendAll(head, benchSeries());
  // The app re-encodes cut chunks in idle time after commits; a benchmark reads them all compacted.
  head.recodePending();
  const remote = new RemoteWriteStorage({ store: await QueueStore.open() });
  const scrape = new ScrapeManager({ appendable: remote.appendable(head) });
  return {
    head,
    queryable: head,
    scrape,
    config: await ConfigStore.open(),
    quota: async () => ({ usage: 0, quota: 0 }),
    isLeader: () => true,
    // Nothing here persists: pausing for an update only has the (never started) scrape manager to stop.
    pauseForUpdate: () => scrape.stop(),
    notices: [],
    self: new SelfMetrics(),
    remote,
    exemplars: new ExemplarStore(),
    workerRestarts: 0,
    retentionMs: RETENTION_MS,
  };
}

const parts = open();
const service = new StorageService({ mode: 'dedicated' }, parts);
if (!parentPort) throw new Error('storage_worker.ts runs in a worker thread');
expose(service, nodeEndpoint(parentPort));
await parts;
parentPort.postMessage({ ready: true });
