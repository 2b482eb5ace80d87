/**
 * Record shapes of the IndexedDB stores and their encoding: many chunks or series per record, held in typed arrays
 * so that a record clones fast and stale-marker bits never pass through a JS number.
 */
import type { Labels } from '../model/labels';
import type { ChunkMeta } from './memseries';
import type { CheckpointEntry, FlushChunk, OpenChunk } from './store';

/** ChunkBatchRecord holds a flush's chunks sorted by (ref, minT); chunk i is data[offsets[i], offsets[i+1]). */
export interface ChunkBatchRecord {
  refs: Uint32Array;
  minTs: Float64Array;
  maxTs: Float64Array;
  offsets: Uint32Array;
  data: Uint8Array;
}

/** ChunkBatchMeta is the small record kept in memory for each batch; compacted batches hold few series. */
export interface ChunkBatchMeta {
  id: number;
  minT: number;
  maxT: number;
  bytes: number;
  /** minRef and maxRef bound the batch's series refs (absent in batches written before compaction existed). */
  minRef?: number;
  maxRef?: number;
  compacted?: boolean;
}

/**
 * SeriesRecord holds new series: counts[i] strings (name, value, ...) for refs[i], in order. Since schema version 5
 * each distinct string is stored once, in symbols, and indices points into it (a scrape's label sets repeat their
 * names and most values, and one string cloned is cheaper than many); older records flatten the strings in strings.
 */
export interface SeriesRecord {
  refs: Uint32Array;
  counts: Uint16Array;
  symbols?: string[];
  indices?: Uint32Array;
  strings?: string[];
}

/** CheckpointRecord holds a shard of the head checkpoint; an open chunk of length 0 means none. */
export interface CheckpointRecord {
  refs: Uint32Array;
  minTs: Float64Array;
  maxTs: Float64Array;
  last: Uint32Array;
  openMinTs: Float64Array;
  /** openState holds, per series, the open chunk's bit length, leading and trailing counts. */
  openState: Uint32Array;
  openTDeltas: Float64Array;
  offsets: Uint32Array;
  data: Uint8Array;
  /**
   * extOffsets and extData (since schema version 6, only when some open chunk has one) hold the open chunks'
   * extension sections (histograms, start timestamps): series i's is extData[extOffsets[i], extOffsets[i+1]).
   */
  extOffsets?: Uint32Array;
  extData?: Uint8Array;
}

/** encodeChunkBatch packs chunks into one record. */
export function encodeChunkBatch(chunks: FlushChunk[]): ChunkBatchRecord {
  const sorted = [...chunks].sort((a, b) => a.ref - b.ref || a.minT - b.minT);
  const n = sorted.length;
  const rec: ChunkBatchRecord = {
    refs: new Uint32Array(n),
    minTs: new Float64Array(n),
    maxTs: new Float64Array(n),
    offsets: new Uint32Array(n + 1),
    data: new Uint8Array(sorted.reduce((a, c) => a + c.bytes.length, 0)),
  };
  let at = 0;
  sorted.forEach((c, i) => {
    rec.refs[i] = c.ref;
    rec.minTs[i] = c.minT;
    rec.maxTs[i] = c.maxT;
    rec.offsets[i] = at;
    rec.data.set(c.bytes, at);
    at += c.bytes.length;
  });
  rec.offsets[n] = at;
  return rec;
}

/** batchMeta describes a batch record under an id. */
export function batchMeta(id: number, rec: ChunkBatchRecord, compacted: boolean): ChunkBatchMeta {
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < rec.refs.length; i++) {
    if (rec.minTs[i] < minT) minT = rec.minTs[i];
    if (rec.maxTs[i] > maxT) maxT = rec.maxTs[i];
  }
  const n = rec.refs.length;
  return { id, minT, maxT, bytes: recordBytes(rec), minRef: n ? rec.refs[0] : 0, maxRef: n ? rec.refs[n - 1] : 0, compacted };
}

/** batchChunk returns chunk i of a batch record (a view of its data). */
export function batchChunk(rec: ChunkBatchRecord, i: number): ChunkMeta {
  return { minT: rec.minTs[i], maxT: rec.maxTs[i], bytes: rec.data.subarray(rec.offsets[i], rec.offsets[i + 1]) };
}

/** encodeSeries packs label sets into one record. */
export function encodeSeries(series: { ref: number; labels: Labels }[]): SeriesRecord {
  const ids = new Map<string, number>();
  const symbols: string[] = [];
  const indices = new Uint32Array(series.reduce((a, s) => a + s.labels.length, 0));
  const rec: SeriesRecord = { refs: new Uint32Array(series.length), counts: new Uint16Array(series.length), symbols, indices };
  let at = 0;
  series.forEach((s, i) => {
    rec.refs[i] = s.ref;
    rec.counts[i] = s.labels.length;
    for (const x of s.labels) {
      let id = ids.get(x);
      if (id === undefined) {
        id = symbols.length;
        ids.set(x, id);
        symbols.push(x);
      }
      indices[at++] = id;
    }
  });
  return rec;
}

/**
 * decodeSeries visits each (ref, labels) of a record (each label set an array of its own), passing every string
 * through intern once; it throws on a record that does not hold together.
 */
export function decodeSeries(rec: SeriesRecord, fn: (ref: number, labels: Labels) => void, intern: (s: string) => string = (s) => s): void {
  const n = rec.refs.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += rec.counts[i];
  if (rec.symbols && rec.indices) {
    const symbols = rec.symbols.map((x) => intern(String(x)));
    const indices = rec.indices;
    if (indices.length !== total) throw new Error('series record: label counts do not match the indices');
    let at = 0;
    for (let i = 0; i < n; i++) {
      const labels = new Array<string>(rec.counts[i]);
      for (let k = 0; k < labels.length; k++) {
        const x = symbols[indices[at++]];
        if (x === undefined) throw new Error('series record: label index out of range');
        labels[k] = x;
      }
      fn(rec.refs[i], labels);
    }
    return;
  }
  const strings = rec.strings ?? [];
  if (strings.length !== total) throw new Error('series record: label counts do not match the strings');
  let at = 0;
  for (let i = 0; i < n; i++) {
    const labels = strings.slice(at, at + rec.counts[i]);
    for (let k = 0; k < labels.length; k++) labels[k] = intern(String(labels[k]));
    fn(rec.refs[i], labels);
    at += rec.counts[i];
  }
}

/** encodeCheckpoint packs checkpoint entries into one shard record. */
export function encodeCheckpoint(entries: CheckpointEntry[]): CheckpointRecord {
  const n = entries.length;
  const rec: CheckpointRecord = {
    refs: new Uint32Array(n),
    minTs: new Float64Array(n),
    maxTs: new Float64Array(n),
    last: new Uint32Array(2 * n),
    openMinTs: new Float64Array(n),
    openState: new Uint32Array(3 * n),
    openTDeltas: new Float64Array(n),
    offsets: new Uint32Array(n + 1),
    data: new Uint8Array(entries.reduce((a, e) => a + (e.open ? e.open.bytes.length : 0), 0)),
  };
  let at = 0;
  entries.forEach((e, i) => {
    rec.refs[i] = e.ref;
    rec.minTs[i] = e.minT;
    rec.maxTs[i] = e.maxT;
    rec.last[2 * i] = e.lastLo;
    rec.last[2 * i + 1] = e.lastHi;
    rec.offsets[i] = at;
    if (e.open) {
      rec.openMinTs[i] = e.open.minT;
      rec.openState[3 * i] = e.open.bits;
      rec.openState[3 * i + 1] = e.open.leading;
      rec.openState[3 * i + 2] = e.open.trailing;
      rec.openTDeltas[i] = e.open.tDelta;
      rec.data.set(e.open.bytes, at);
      at += e.open.bytes.length;
    }
  });
  rec.offsets[n] = at;
  const extBytes = entries.reduce((a, e) => a + (e.open?.ext ? e.open.ext.length : 0), 0);
  if (extBytes > 0) {
    const offsets = new Uint32Array(n + 1);
    const data = new Uint8Array(extBytes);
    let x = 0;
    entries.forEach((e, i) => {
      offsets[i] = x;
      if (e.open?.ext) {
        data.set(e.open.ext, x);
        x += e.open.ext.length;
      }
    });
    offsets[n] = x;
    rec.extOffsets = offsets;
    rec.extData = data;
  }
  return rec;
}

/** decodeCheckpoint returns a shard's entries (open chunks as views of the record). */
export function decodeCheckpoint(rec: CheckpointRecord): CheckpointEntry[] {
  const out: CheckpointEntry[] = [];
  for (let i = 0; i < rec.refs.length; i++) {
    const from = rec.offsets[i];
    const to = rec.offsets[i + 1];
    out.push({
      ref: rec.refs[i],
      minT: rec.minTs[i],
      maxT: rec.maxTs[i],
      lastLo: rec.last[2 * i],
      lastHi: rec.last[2 * i + 1],
      open: to > from ? openChunk(rec, i, from, to) : null,
    });
  }
  return out;
}

function openChunk(rec: CheckpointRecord, i: number, from: number, to: number): OpenChunk {
  const o: OpenChunk = {
    minT: rec.openMinTs[i],
    maxT: rec.maxTs[i],
    bytes: rec.data.subarray(from, to),
    bits: rec.openState[3 * i],
    leading: rec.openState[3 * i + 1],
    trailing: rec.openState[3 * i + 2],
    tDelta: rec.openTDeltas[i],
  };
  if (rec.extOffsets && rec.extData && rec.extOffsets[i + 1] > rec.extOffsets[i]) o.ext = rec.extData.subarray(rec.extOffsets[i], rec.extOffsets[i + 1]);
  return o;
}

/** recordBytes estimates a record's stored size. */
export function recordBytes(rec: ChunkBatchRecord | CheckpointRecord): number {
  let n = rec.data.length + rec.refs.byteLength + rec.offsets.byteLength + rec.minTs.byteLength + rec.maxTs.byteLength;
  if ('last' in rec) n += rec.last.byteLength + rec.openMinTs.byteLength + rec.openState.byteLength + rec.openTDeltas.byteLength;
  if ('extData' in rec && rec.extData && rec.extOffsets) n += rec.extData.byteLength + rec.extOffsets.byteLength;
  return n;
}
