/** Installs fake-indexeddb as the global IndexedDB, for CLI runs of the TSDB in Node (imported only when needed). */
import 'fake-indexeddb/auto';
