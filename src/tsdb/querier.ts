/**
 * The head's Querier, and the chunk-level select that lets another thread decode samples itself: select resolves
 * matchers to series, gathers their chunks (persisted ones read lazily, in-memory ones snapshotted), and decodes
 * only the asked range, dropping deleted intervals (tombstones).
 */
import { compareLabels, compareStrings, type Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import type { Querier, Series, SeriesCursor } from '../model/storage';
import { chunkNumSamples, decodeChunk, isExtChunk, type ExtSink } from './chunkenc/chunk';
import type { MemPostings } from './index/mempostings';
import { postingsForMatchers } from './index/matchers';
import type { ChunkMeta, MemSeries } from './memseries';

/** ChunkSeries is a selected series as raw chunks (time-ordered) plus deleted intervals [mint0, maxt0, ...]. */
export interface ChunkSeries {
  /** ref is the series' ref in the head (0 when unknown). */
  ref: number;
  labels: Labels;
  chunks: ChunkMeta[];
  deleted?: Float64Array;
}

/** PersistedChunkReader reads chunks that live only in storage, per series ref, for [mint, maxt]. */
export interface PersistedChunkReader {
  chunksFor(refs: readonly number[], mint: number, maxt: number): Promise<Map<number, ChunkMeta[]>>;
}

/** HeadReader is what the querier needs from the head. */
export interface HeadReader {
  /** epoch names this head instance: its refs keep their label sets for as long as it lives. */
  readonly epoch?: string;
  readonly postings: MemPostings;
  seriesByRef(ref: number): MemSeries | undefined;
  tombstones(ref: number): Float64Array | undefined;
  readonly persisted: PersistedChunkReader | null;
}

/** matchingSeries returns the series matching the matchers whose samples may overlap [mint, maxt]. */
export function matchingSeries(h: HeadReader, matchers: readonly Matcher[], mint: number, maxt: number): MemSeries[] {
  const refs = postingsForMatchers(h.postings, matchers);
  const out: MemSeries[] = [];
  for (let i = 0; i < refs.length; i++) {
    const s = h.seriesByRef(refs[i]);
    if (s && s.maxT >= mint && s.minT <= maxt) out.push(s);
  }
  return out;
}

/**
 * selectChunks returns the matching series with their chunks overlapping [mint, maxt], sorted by labels. Chunk bytes
 * may be views of head memory unless `copy` is set (set it when the result is transferred to another thread); the
 * views stay valid: closed chunks' bytes are never written again, whatever the head does next.
 */
export async function selectChunks(
  h: HeadReader,
  matchers: readonly Matcher[],
  mint: number,
  maxt: number,
  copy = false,
): Promise<ChunkSeries[]> {
  const series = matchingSeries(h, matchers, mint, maxt);
  const out: ChunkSeries[] = [];
  const older: number[] = [];
  let floor = -Infinity;
  for (const s of series) {
    const chunks: ChunkMeta[] = [];
    s.memChunks(mint, maxt, chunks);
    const f = s.memFloor();
    if (h.persisted && f > mint) {
      older.push(s.ref);
      if (f > floor) floor = f;
    }
    const deleted = h.tombstones(s.ref);
    out.push(deleted ? { ref: s.ref, labels: s.labels, chunks, deleted } : { ref: s.ref, labels: s.labels, chunks });
  }
  if (h.persisted && older.length > 0) {
    const byRef = await h.persisted.chunksFor(older, mint, Math.min(maxt, floor));
    for (let i = 0; i < series.length; i++) {
      const old = byRef.get(series[i].ref);
      if (!old) continue;
      const f = series[i].memFloor();
      const keep = old.filter((c) => c.minT < f);
      if (keep.length) out[i].chunks = [...keep, ...out[i].chunks];
    }
  }
  const nonEmpty = out.filter((cs) => cs.chunks.length > 0);
  if (copy) for (const cs of nonEmpty) cs.chunks = cs.chunks.map((c) => ({ minT: c.minT, maxT: c.maxT, bytes: c.bytes.slice() }));
  return nonEmpty.sort((a, b) => compareLabels(a.labels, b.labels));
}

/**
 * decodeChunkSeries decodes a ChunkSeries' samples in [mint, maxt]; values keep their exact bits. Histograms and
 * start timestamps of extended chunks come back in histograms and startTimestamps (absent when there is none).
 */
export function decodeChunkSeries(cs: ChunkSeries, mint: number, maxt: number): Series {
  const cap = capacity(cs);
  let ts = new Float64Array(cap);
  let vs = new Float64Array(cap);
  const sink: ExtSink = { cap, hist: null, st: null };
  const n = decodeInto(cs, mint, maxt, ts, new Uint32Array(vs.buffer), 0, sink, vs);
  if (n < cap) {
    ts = ts.slice(0, n);
    vs = vs.slice(0, n);
  }
  const out: { -readonly [K in keyof Series]: Series[K] } = { labels: cs.labels, timestamps: ts, values: vs };
  if (sink.hist) out.histograms = sink.hist.length > n ? sink.hist.slice(0, n) : sink.hist;
  if (sink.st) out.startTimestamps = sink.st.length > n ? sink.st.slice(0, n) : sink.st;
  return out;
}

function capacity(cs: ChunkSeries): number {
  let cap = 0;
  for (const c of cs.chunks) cap += chunkNumSamples(c.bytes);
  return cap;
}

/**
 * decodeInto decodes a series' samples in [mint, maxt] into ts and words from index at; returns the new end. floats
 * views the same buffer as words, as doubles.
 */
function decodeInto(
  cs: ChunkSeries,
  mint: number,
  maxt: number,
  ts: Float64Array,
  words: Uint32Array,
  at: number,
  sink?: ExtSink,
  floats?: Float64Array,
): number {
  let n = at;
  let last = -Infinity;
  for (const c of cs.chunks) {
    if (c.maxT < mint || c.minT > maxt || c.maxT <= last) continue;
    const from = n;
    n = decodeChunk(c.bytes, Math.max(mint, last + 1), maxt, ts, words, n, sink, floats);
    if (n > from) last = ts[n - 1];
  }
  if (cs.deleted) n = dropDeleted(ts, words, at, n, cs.deleted, sink);
  return n;
}

/**
 * decodeAll decodes every series into one pair of buffers: each series' arrays are views of them, in order and
 * back to back from the start, so a caller can hand both buffers on whole. Series with extended chunks (native
 * histograms, start times) are decoded on their own and copied in; series without samples in range are left out.
 */
export function decodeAll(chunked: readonly ChunkSeries[], mint: number, maxt: number): Series[] {
  let cap = 0;
  for (const cs of chunked) cap += capacity(cs);
  let ts = new Float64Array(cap);
  let vs = new Float64Array(cap);
  const words = new Uint32Array(vs.buffer);
  const ends = new Float64Array(chunked.length);
  const ext: (Series | undefined)[] = new Array(chunked.length);
  let at = 0;
  for (let i = 0; i < chunked.length; i++) {
    const cs = chunked[i];
    if (hasExtChunk(cs.chunks)) {
      const s = decodeChunkSeries(cs, mint, maxt);
      ts.set(s.timestamps, at);
      vs.set(s.values, at);
      at += s.timestamps.length;
      ext[i] = s;
    } else at = decodeInto(cs, mint, maxt, ts, words, at, undefined, vs);
    ends[i] = at;
  }
  // A short read of long chunks (an instant query) keeps only what it uses.
  if (at < cap / 2) {
    ts = ts.slice(0, at);
    vs = vs.slice(0, at);
  }
  const out: Series[] = [];
  let from = 0;
  for (let i = 0; i < chunked.length; i++) {
    const to = ends[i];
    if (to > from) {
      const cs = chunked[i];
      const e = ext[i];
      const timestamps = ts.subarray(from, to);
      const values = vs.subarray(from, to);
      if (e) out.push(cs.ref ? { ...e, labels: cs.labels, ref: cs.ref, timestamps, values } : { ...e, labels: cs.labels, timestamps, values });
      else out.push(cs.ref ? { labels: cs.labels, ref: cs.ref, timestamps, values } : { labels: cs.labels, timestamps, values });
    }
    from = to;
  }
  return out;
}

function hasExtChunk(chunks: readonly ChunkMeta[]): boolean {
  for (let i = 0; i < chunks.length; i++) if (isExtChunk(chunks[i].bytes)) return true;
  return false;
}

function dropDeleted(ts: Float64Array, words: Uint32Array, from: number, n: number, deleted: Float64Array, sink?: ExtSink): number {
  let k = from;
  for (let i = from; i < n; i++) {
    const t = ts[i];
    let gone = false;
    for (let j = 0; j < deleted.length; j += 2) if (t >= deleted[j] && t <= deleted[j + 1]) gone = true;
    if (gone) continue;
    ts[k] = t;
    words[2 * k] = words[2 * i];
    words[2 * k + 1] = words[2 * i + 1];
    if (sink?.hist) sink.hist[k] = sink.hist[i];
    if (sink?.st) sink.st[k] = sink.st[i];
    k++;
  }
  return k;
}

/** ChunkCursor decodes selected chunks one series at a time into buffers it reuses (see SeriesCursor). */
class ChunkCursor implements SeriesCursor {
  private ts = new Float64Array(0);
  private vs = new Float64Array(0);
  private words = new Uint32Array(0);
  /** counts[i] is series i's samples in range once decoded (-1 before). */
  private readonly counts: Int32Array;

  constructor(
    private readonly chunked: ChunkSeries[],
    private readonly mint: number,
    private readonly maxt: number,
  ) {
    this.counts = new Int32Array(chunked.length).fill(-1);
  }

  get length(): number {
    return this.chunked.length;
  }

  at(i: number): Series {
    const cs = this.chunked[i];
    if (hasExtChunk(cs.chunks)) {
      const s = decodeChunkSeries(cs, this.mint, this.maxt);
      this.counts[i] = s.timestamps.length;
      return cs.ref ? { ...s, ref: cs.ref } : s;
    }
    const cap = capacity(cs);
    if (this.ts.length < cap) {
      const size = Math.max(cap, 2 * this.ts.length);
      this.ts = new Float64Array(size);
      this.vs = new Float64Array(size);
      this.words = new Uint32Array(this.vs.buffer);
    }
    const n = decodeInto(cs, this.mint, this.maxt, this.ts, this.words, 0, undefined, this.vs);
    this.counts[i] = n;
    const timestamps = this.ts.subarray(0, n);
    const values = this.vs.subarray(0, n);
    return cs.ref ? { labels: cs.labels, ref: cs.ref, timestamps, values } : { labels: cs.labels, timestamps, values };
  }

  all(): Series[] {
    return decodeAll(this.chunked, this.mint, this.maxt);
  }

  loaded(): { series: number; samples: number } {
    let series = 0;
    let samples = 0;
    for (let i = 0; i < this.chunked.length; i++) {
      const n = this.counts[i] >= 0 ? this.counts[i] : this.at(i).timestamps.length;
      if (n > 0) series++;
      samples += n;
    }
    return { series, samples };
  }
}

/** HeadQuerier implements Querier over a head. */
export class HeadQuerier implements Querier {
  readonly refEpoch?: string;
  readonly freshArrays = true;

  constructor(private readonly h: HeadReader) {
    if (h.epoch) this.refEpoch = h.epoch;
  }

  async select(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Series[]> {
    return decodeAll(await selectChunks(this.h, matchers, mint, maxt), mint, maxt);
  }

  async selectCursor(matchers: readonly Matcher[], mint: number, maxt: number): Promise<SeriesCursor> {
    // Decoding happens later, after other awaits: safe, since the chunks' views never change (see selectChunks).
    return new ChunkCursor(await selectChunks(this.h, matchers, mint, maxt), mint, maxt);
  }

  async labelNames(matchers: readonly Matcher[], mint: number, maxt: number): Promise<string[]> {
    if (matchers.length === 0) return this.h.postings.labelNames();
    const names = new Set<string>();
    for (const s of matchingSeries(this.h, matchers, mint, maxt)) {
      for (let i = 0; i < s.labels.length; i += 2) names.add(s.labels[i]);
    }
    return [...names].sort(compareStrings);
  }

  async labelValues(name: string, matchers: readonly Matcher[], mint: number, maxt: number): Promise<string[]> {
    if (matchers.length === 0) return [...(this.h.postings.values(name)?.keys() ?? [])].sort(compareStrings);
    const values = new Set<string>();
    for (const s of matchingSeries(this.h, matchers, mint, maxt)) {
      for (let i = 0; i < s.labels.length; i += 2) if (s.labels[i] === name) values.add(s.labels[i + 1]);
    }
    return [...values].sort(compareStrings);
  }

  async series(matchers: readonly Matcher[], mint: number, maxt: number): Promise<Labels[]> {
    return matchingSeries(this.h, matchers, mint, maxt)
      .map((s) => s.labels)
      .sort(compareLabels);
  }
}
