/**
 * The composition root: the one place that wires TSDB, scrape manager, self-instrumentation and the API for the
 * storage worker. Each workers/*.ts file only calls into here.
 */
import { StorageService, type StorageServiceOptions } from './server';

/** createStorageService builds the storage worker's API object. */
export function createStorageService(opts: StorageServiceOptions): StorageService {
  return new StorageService(opts);
}
