/** The TSDB: Head (in memory or persisted in IndexedDB), chunk-level select and its decoder, and the chunk encodings. */
export { Head, DAY_MS, type HeadOptions, type HeadStats, type StorageNotice } from './head';
export { decodeChunkSeries, type ChunkSeries } from './querier';
export type { ChunkMeta } from './memseries';
export type { TsdbStatusData, NameCount } from './status';
export { XORIterator, newXORState, xorAppend, xorBytes, xorNumSamples } from './chunkenc/xor';
export { decodeXOR } from './chunkenc/xor_decode';
export { chunkNumSamples, decodeChunk } from './chunkenc/chunk';
export { SCHEMA_VERSION } from './idb_schema';
