/**
 * The benchmark's query worker (a Node worker thread standing in for the app's query Web Worker): the app's
 * QueryService exposed with comlink on the thread's port, as workers/query.ts exposes it on the worker's global.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { QueryService } from '../../../src/api/query_service';

if (!parentPort) throw new Error('query_worker.ts runs in a worker thread');
expose(new QueryService(), nodeEndpoint(parentPort));
