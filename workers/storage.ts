// The storage worker: one per origin (a SharedWorker; a dedicated worker where SharedWorker is missing).
import { expose } from 'comlink';
import { createStorageService } from '../src/api/compose';

const service = createStorageService({ mode: 'onconnect' in self ? 'shared' : 'dedicated' });
if ('onconnect' in self) {
  (self as unknown as { onconnect: (e: MessageEvent) => void }).onconnect = (e) => expose(service, e.ports[0]);
} else {
  expose(service);
}
