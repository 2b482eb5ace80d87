/** The seam between the head and its persistence: what a flush writes and what a restore reads back. */
import type { Labels } from '../model/labels';
import type { ChunkMeta } from './memseries';
import type { PersistedChunkReader } from './querier';

/** FlushChunk is a closed chunk of one series, ready to persist. */
export interface FlushChunk {
  ref: number;
  minT: number;
  maxT: number;
  bytes: Uint8Array;
}

/** OpenChunk is an open chunk with the encoder state needed to keep appending to it after a restart. */
export interface OpenChunk extends ChunkMeta {
  /** bits is the chunk's length in bits (header included). */
  bits: number;
  tDelta: number;
  leading: number;
  trailing: number;
  /** ext is the open chunk's extension section (histograms, start timestamps), absent when it has none. */
  ext?: Uint8Array;
}

/** CheckpointEntry is one live series' head state: its time bounds, last value bits and open chunk. */
export interface CheckpointEntry {
  ref: number;
  minT: number;
  maxT: number;
  lastLo: number;
  lastHi: number;
  /** open is the open chunk (null when empty). */
  open: OpenChunk | null;
}

/**
 * SampleLog holds committed samples in commit order: series refs, timestamps and value words (low, high), and, when
 * some carry a histogram or start timestamp, an extension section (chunkenc/ext.ts) whose entries index the samples.
 */
export interface SampleLog {
  refs: Uint32Array;
  ts: Float64Array;
  words: Uint32Array;
  ext?: Uint8Array;
}

/**
 * FlushData is everything one flush writes, in one transaction: new chunks and series, and either a full checkpoint
 * (which replaces the log) or the log of samples committed since the previous flush.
 */
export interface FlushData {
  chunks: FlushChunk[];
  newSeries: { ref: number; labels: Labels }[];
  checkpoint: CheckpointEntry[] | null;
  log: SampleLog | null;
  nextRef: number;
}

/** RestoredSeries is a series read back at open. */
export interface RestoredSeries extends CheckpointEntry {
  labels: Labels;
}

/** RestoredHead is the state read back at open: the checkpoint's series, then the logs to replay on top. */
export interface RestoredHead {
  series: RestoredSeries[];
  logs: SampleLog[];
  nextRef: number;
  tombstones: Map<number, Float64Array>;
}

/** HeadStore persists a head: batched chunks, series, the head checkpoint and tombstones. */
export interface HeadStore extends PersistedChunkReader {
  /**
   * load reads the series and head checkpoint (chunks stay in storage until a select needs them), passing every
   * label string through intern.
   */
  load(intern?: (s: string) => string): Promise<RestoredHead>;
  /** writeFlush writes one flush atomically; it rejects with the transaction's error (e.g. QuotaExceededError). */
  writeFlush(f: FlushData): Promise<void>;
  /** putTombstones replaces the stored tombstones. */
  putTombstones(t: ReadonlyMap<number, Float64Array>): Promise<void>;
  /** deleteBefore deletes chunk batches whose samples are all older than cutoff; returns the bytes freed. */
  deleteBefore(cutoff: number): Promise<number>;
  /**
   * freeOldest deletes the oldest chunk batches (by newest sample) until at least `bytes` are freed or none is left;
   * returns the bytes freed and the newest sample time among the deleted batches (-Infinity when none).
   */
  freeOldest(bytes: number): Promise<{ freed: number; upTo: number }>;
  /**
   * dropLog deletes the stored sample logs (the samples since the last checkpoint, which the head still holds) to
   * make room for a checkpoint that replaces them; returns the bytes freed.
   */
  dropLog(): Promise<number>;
  /**
   * dropCheckpoint deletes the stored checkpoint and logs (a restore then creates the stored series without their
   * open chunks), the last resort for a checkpoint that cannot be written beside the one it replaces; returns the
   * bytes freed.
   */
  dropCheckpoint(): Promise<number>;
  /** logBytes returns the bytes of the stored sample logs. */
  logBytes(): number;
  /** checkpointBytes returns the bytes of the stored head checkpoint. */
  checkpointBytes(): number;
  /** shrinkTo deletes the oldest chunk batches until storageBytes() fits the budget; returns the bytes freed. */
  shrinkTo(budget: number): Promise<number>;
  /** compact rewrites old flush batches into time-and-series-sharded batches; returns how many it rewrote. */
  compact(before: number): Promise<number>;
  /** storageBytes returns the bytes of stored chunk batches and checkpoint. */
  storageBytes(): number;
  close(): void;
}
