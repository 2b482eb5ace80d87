/**
 * The binary data snapshot: float samples exactly as the TSDB keeps them (XOR chunks), native histogram samples
 * field by field and start timestamps, so stale markers, NaN payloads and infinities survive bit for bit. Layout
 * (little-endian; "float" is an f64 written as its low then high 32-bit word, so NaN payloads keep their bits):
 *
 *   "PROMTAB1"                          8 bytes of magic
 *   u32 version, u32 series count
 *   per series: u32 label string count, then each string as u32 byte length + UTF-8 bytes;
 *               u32 chunk count, then each chunk as f64 minT, f64 maxT, u32 byte length + XOR chunk bytes (floats);
 *               version 2 adds:
 *               u32 histogram count, then each as f64 t, i32 schema, u8 counter-reset hint (0 unknown, 1 reset,
 *                 2 not reset, 3 gauge), float zero threshold, zero count, count, sum, then positive buckets,
 *                 negative buckets (each u32 n + n × (i32 index, float count), indices ascending) and custom bounds
 *                 (u32 n + n × float);
 *               u32 start timestamp count, then each as f64 t (of a float or histogram sample above), f64 start
 *   version 3 adds, after the series, the exemplars:
 *               u32 exemplar series count, then per series: its labels (as above), u32 exemplar count, then each
 *               exemplar as its labels (as above), float value, f64 t, u8 1 when the exposition gave t (else 0);
 *               a series' exemplars ascend in time
 *   u32 CRC-32 (IEEE) of every byte before it
 *
 * Writing is streamed in pieces; reading checks magic, version, bounds, checksum and every histogram's shape (an
 * imported file is untrusted) before returning anything. Version 1 files (floats only) and version 2 files (no
 * exemplars) still read.
 */
import {
  CUSTOM_BUCKETS_SCHEMA,
  type Buckets,
  type CounterResetHint,
  type FloatHistogram,
} from '../model/histogram';
import type { Labels } from '../model/labels';
import type { ExemplarQueryResult } from '../model/exemplar';
import { isStaleWords, STALE_NAN } from '../model/value';
import { decodeXOR, newXORState, xorAppend, xorBytes, xorNumSamples, type ChunkSeries } from '../tsdb';
import { floatWords, wordsFloat, WORDS } from '../tsdb/chunkenc/words';
import { FileError } from './safejson';

/** SNAPSHOT_MAGIC opens every snapshot. */
export const SNAPSHOT_MAGIC = 'PROMTAB1';

/** SNAPSHOT_VERSION is the layout version this build writes; it reads this one and every older one. */
export const SNAPSHOT_VERSION = 3;

/** HINTS numbers counter-reset hints in the file. */
const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];

/** MAX_EXPONENTIAL_SCHEMA and MIN_EXPONENTIAL_SCHEMA bound exponential native histogram schemas, as Prometheus does. */
const MIN_EXPONENTIAL_SCHEMA = -4;
const MAX_EXPONENTIAL_SCHEMA = 8;

/** SNAPSHOT_CHUNK_SAMPLES is how many samples a written chunk holds at most (as the head cuts them). */
export const SNAPSHOT_CHUNK_SAMPLES = 120;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** crc32 continues an IEEE CRC-32 over bytes (start with 0). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** SnapshotSeries is one series of a snapshot: its labels and its samples (values as two 32-bit words each). */
export interface SnapshotSeries {
  labels: Labels;
  timestamps: Float64Array;
  /** words holds each value's low then high 32 bits, so NaN payloads keep their bits (unused for a histogram sample). */
  words: Uint32Array;
  /** histograms, when present, is parallel to timestamps: where set, the sample is that native histogram. */
  histograms?: (FloatHistogram | undefined)[];
  /** startTimestamps, when present, is parallel to timestamps: each sample's start time in ms (0: unknown). */
  startTimestamps?: Float64Array;
}

/** SnapshotHistogram is one native histogram sample as written. */
export interface SnapshotHistogram {
  t: number;
  h: FloatHistogram;
}

/** encodeChunks cuts samples into XOR chunks of at most SNAPSHOT_CHUNK_SAMPLES samples. */
export function encodeChunks(ts: Float64Array, words: Uint32Array, n = ts.length): { minT: number; maxT: number; bytes: Uint8Array }[] {
  const out: { minT: number; maxT: number; bytes: Uint8Array }[] = [];
  for (let from = 0; from < n; from += SNAPSHOT_CHUNK_SAMPLES) {
    const to = Math.min(n, from + SNAPSHOT_CHUNK_SAMPLES);
    const st = newXORState();
    for (let i = from; i < to; i++) xorAppend(st, ts[i], words[2 * i], words[2 * i + 1]);
    out.push({ minT: ts[from], maxT: ts[to - 1], bytes: xorBytes(st) });
  }
  return out;
}

/** Piece is a growable little-endian byte writer for one streamed piece. */
class Piece {
  buf = new Uint8Array(1 << 16);
  view = new DataView(this.buf.buffer);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u32(x: number): void {
    this.room(4);
    this.view.setUint32(this.len, x, true);
    this.len += 4;
  }
  f64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.len, x, true);
    this.len += 8;
  }
  i32(x: number): void {
    this.room(4);
    this.view.setInt32(this.len, x, true);
    this.len += 4;
  }
  u8(x: number): void {
    this.room(1);
    this.buf[this.len++] = x;
  }
  /** float writes an f64 as its two 32-bit words (a stale marker with its canonical bits). */
  float(x: number): void {
    floatWords(x);
    this.u32(WORDS[0]);
    this.u32(WORDS[1]);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  take(): Uint8Array {
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    return out;
  }
}

const encoder = new TextEncoder();

/** SnapshotWriter streams a snapshot: header(count), then series(...) pieces, then end() with the checksum. */
export class SnapshotWriter {
  private crc = 0;
  private readonly piece = new Piece();

  private emit(): Uint8Array {
    const out = this.piece.take();
    this.crc = crc32(out, this.crc);
    return out;
  }

  /** header returns the magic, version and series count. */
  header(seriesCount: number): Uint8Array {
    this.piece.bytes(encoder.encode(SNAPSHOT_MAGIC));
    this.piece.u32(SNAPSHOT_VERSION);
    this.piece.u32(seriesCount);
    return this.emit();
  }

  /**
   * series adds one series' labels, float chunks, histogram samples and start timestamps (pairs t, start) to the
   * current piece; flush() returns the piece.
   */
  series(
    labels: Labels,
    chunks: readonly { minT: number; maxT: number; bytes: Uint8Array }[],
    histograms: readonly SnapshotHistogram[] = [],
    starts: readonly number[] = [],
  ): void {
    const p = this.piece;
    p.u32(labels.length);
    for (const s of labels) {
      const b = encoder.encode(s);
      p.u32(b.length);
      p.bytes(b);
    }
    p.u32(chunks.length);
    for (const c of chunks) {
      p.f64(c.minT);
      p.f64(c.maxT);
      p.u32(c.bytes.length);
      p.bytes(c.bytes);
    }
    p.u32(histograms.length);
    for (const { t, h } of histograms) writeHistogram(p, t, h);
    p.u32(starts.length / 2);
    for (const x of starts) p.f64(x);
  }

  private labels(ls: Labels): void {
    const p = this.piece;
    p.u32(ls.length);
    for (const s of ls) {
      const b = encoder.encode(s);
      p.u32(b.length);
      p.bytes(b);
    }
  }

  /** pending is the size of the piece not yet flushed. */
  get pending(): number {
    return this.piece.len;
  }

  /** flush returns the series written since the last flush. */
  flush(): Uint8Array {
    return this.emit();
  }

  /** end returns the remaining series, the exemplars (each series' in ascending time) and the checksum. */
  end(exemplars: readonly ExemplarQueryResult[] = []): Uint8Array {
    const p = this.piece;
    p.u32(exemplars.length);
    for (const r of exemplars) {
      this.labels(r.seriesLabels);
      p.u32(r.exemplars.length);
      for (const e of r.exemplars) {
        this.labels(e.labels);
        p.float(e.value);
        p.f64(e.ts);
        p.u8(e.hasTs ? 1 : 0);
      }
    }
    const rest = this.emit();
    const tail = new Uint8Array(rest.length + 4);
    tail.set(rest);
    new DataView(tail.buffer).setUint32(rest.length, this.crc, true);
    return tail;
  }
}

function writeBuckets(p: Piece, b: Buckets): void {
  p.u32(b.index.length);
  for (let i = 0; i < b.index.length; i++) {
    p.i32(b.index[i]);
    p.float(b.count[i]);
  }
}

function writeHistogram(p: Piece, t: number, h: FloatHistogram): void {
  p.f64(t);
  p.i32(h.schema);
  p.u8(HINTS.indexOf(h.counterResetHint));
  p.float(h.zeroThreshold);
  p.float(h.zeroCount);
  p.float(h.count);
  p.float(h.sum);
  writeBuckets(p, h.positive);
  writeBuckets(p, h.negative);
  const cv = h.customValues ?? [];
  p.u32(cv.length);
  for (const v of cv) p.float(v);
}

/** writeSnapshot encodes whole series (as chunk series, floats only) into one snapshot buffer. */
export function writeSnapshot(series: readonly Pick<ChunkSeries, 'labels' | 'chunks'>[]): Uint8Array {
  const w = new SnapshotWriter();
  const parts = [w.header(series.length)];
  for (const s of series) w.series(s.labels, s.chunks);
  parts.push(w.end());
  return concat(parts);
}

/** concat joins byte pieces. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** isSnapshot reports whether bytes start with the snapshot magic. */
export function isSnapshot(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SNAPSHOT_MAGIC.charCodeAt(i)) return false;
  return true;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * readSnapshot checks and decodes a whole snapshot, or throws FileError saying what is wrong (bad magic, newer
 * version, truncated, checksum mismatch, malformed chunk, a histogram of impossible shape); nothing is returned from
 * a damaged file.
 */
export function readSnapshot(bytes: Uint8Array): SnapshotSeries[] {
  return readSnapshotFile(bytes).series;
}

/** readSnapshotFile is readSnapshot with the file's exemplars too (none before version 3). */
export function readSnapshotFile(bytes: Uint8Array): { series: SnapshotSeries[]; exemplars: ExemplarQueryResult[] } {
  if (!isSnapshot(bytes)) throw new FileError('', `not a Promtab data snapshot (it does not start with ${SNAPSHOT_MAGIC})`);
  if (bytes.length < 20) throw new FileError('', 'the snapshot is truncated (no room for its header and checksum)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version < 1 || version > SNAPSHOT_VERSION) {
    throw new FileError('version', `the snapshot is version ${version}; this Promtab reads versions 1 to ${SNAPSHOT_VERSION}`);
  }
  const end = bytes.length - 4;
  const want = view.getUint32(end, true);
  const got = crc32(bytes.subarray(0, end));
  if (want !== got) {
    throw new FileError('', `the snapshot is damaged or truncated: checksum ${hex(got)} does not match the stored ${hex(want)}`);
  }
  const r = new Reader(bytes, view, 16, end);
  const count = view.getUint32(12, true);
  const out: SnapshotSeries[] = [];
  for (let i = 0; i < count; i++) {
    const where = `series[${i}]`;
    const labels = readLabels(r, where);
    const nChunks = r.u32(where);
    const chunks: Uint8Array[] = [];
    let samples = 0;
    for (let c = 0; c < nChunks; c++) {
      r.bytes(16, where);
      const len = r.u32(where);
      const b = r.bytes(len, where);
      if (len < 2) throw new FileError(`${where}.chunks[${c}]`, 'a chunk is shorter than its header');
      samples += xorNumSamples(b);
      chunks.push(b);
    }
    const floats = decodeSeries(labels, chunks, samples, where);
    if (version < 2) {
      out.push(floats);
      continue;
    }
    const nHist = r.u32(where);
    const hs: SnapshotHistogram[] = [];
    for (let k = 0; k < nHist; k++) hs.push(readHistogram(r, `${where}.histograms[${k}]`));
    const nStarts = r.u32(where);
    const starts: number[] = [];
    for (let k = 0; k < nStarts; k++) starts.push(r.f64(where), r.f64(where));
    out.push(mergeSeries(floats, hs, starts, where));
  }
  const exemplars = version >= 3 ? readExemplars(r) : [];
  if (r.at !== end) throw new FileError('', `the snapshot has ${end - r.at} unexpected bytes after its ${version >= 3 ? 'exemplars' : 'last series'}`);
  return { series: out, exemplars };
}

function readLabels(r: Reader, where: string): string[] {
  const nStrings = r.u32(where);
  if (nStrings % 2 !== 0) throw new FileError(where, 'a label set needs an even number of strings');
  const labels: string[] = [];
  for (let k = 0; k < nStrings; k++) {
    const len = r.u32(where);
    const b = r.bytes(len, where);
    try {
      labels.push(decoder.decode(b));
    } catch {
      throw new FileError(where, 'a label is not valid UTF-8');
    }
  }
  return labels;
}

/** readSortedLabels is readLabels for a label set that must have sorted, unique names (an exemplar's and its series'). */
function readSortedLabels(r: Reader, where: string): string[] {
  const labels = readLabels(r, where);
  for (let k = 2; k < labels.length; k += 2) {
    if (labels[k] <= labels[k - 2]) throw new FileError(where, 'label names must be sorted and unique');
  }
  return labels;
}

/** readExemplars reads version 3's exemplar section: whole-millisecond times ascending within each series. */
function readExemplars(r: Reader): ExemplarQueryResult[] {
  const out: ExemplarQueryResult[] = [];
  const n = r.u32('exemplars');
  for (let i = 0; i < n; i++) {
    const where = `exemplars[${i}]`;
    const seriesLabels = readSortedLabels(r, where);
    if (seriesLabels.length === 0) throw new FileError(where, 'exemplars of a series without labels');
    const count = r.u32(where);
    const exemplars: ExemplarQueryResult['exemplars'] = [];
    for (let k = 0; k < count; k++) {
      const at = `${where}.exemplars[${k}]`;
      const labels = readSortedLabels(r, at);
      const value = r.float(at);
      const ts = r.f64(at);
      const has = r.u8(at);
      if (!Number.isSafeInteger(ts)) throw new FileError(at, `exemplar time ${ts} is not a whole millisecond time`);
      if (k > 0 && ts < exemplars[k - 1].ts) throw new FileError(at, `exemplar times must ascend (${ts} after ${exemplars[k - 1].ts})`);
      if (has > 1) throw new FileError(at, `exemplar timestamp flag ${has} is neither 0 nor 1`);
      exemplars.push({ labels, value, ts, hasTs: has === 1 });
    }
    out.push({ seriesLabels, exemplars });
  }
  return out;
}

/** Reader reads the snapshot's fields with bounds checks; every read names where a truncation was found. */
class Reader {
  constructor(
    private readonly buf: Uint8Array,
    private readonly view: DataView,
    public at: number,
    private readonly end: number,
  ) {}

  need(n: number, what: string): void {
    if (this.at + n > this.end) throw new FileError(what, 'the snapshot is truncated');
  }
  u32(what: string): number {
    this.need(4, what);
    const x = this.view.getUint32(this.at, true);
    this.at += 4;
    return x;
  }
  i32(what: string): number {
    this.need(4, what);
    const x = this.view.getInt32(this.at, true);
    this.at += 4;
    return x;
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.at++];
  }
  f64(what: string): number {
    this.need(8, what);
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }
  /** float reads two 32-bit words as an f64; a stale marker comes back as STALE_NAN. */
  float(what: string): number {
    const lo = this.u32(what);
    const hi = this.u32(what);
    return isStaleWords(lo, hi) ? STALE_NAN : wordsFloat(lo, hi);
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }
}

function readBuckets(r: Reader, where: string): Buckets {
  const n = r.u32(where);
  r.need(n * 12, where);
  const index: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < n; i++) {
    const idx = r.i32(where);
    if (i > 0 && idx <= index[i - 1]) throw new FileError(where, `bucket indices must ascend (${idx} after ${index[i - 1]})`);
    index.push(idx);
    count.push(r.float(where));
  }
  return { index, count };
}

/** readHistogram reads one histogram sample and checks its shape as Prometheus validates native histograms. */
function readHistogram(r: Reader, where: string): SnapshotHistogram {
  const t = r.f64(where);
  const schema = r.i32(where);
  const custom = schema === CUSTOM_BUCKETS_SCHEMA;
  if (!custom && (schema < MIN_EXPONENTIAL_SCHEMA || schema > MAX_EXPONENTIAL_SCHEMA)) {
    throw new FileError(where, `schema ${schema} is not a native histogram schema (${MIN_EXPONENTIAL_SCHEMA} to ${MAX_EXPONENTIAL_SCHEMA}, or ${CUSTOM_BUCKETS_SCHEMA} for custom buckets)`);
  }
  const hintNo = r.u8(where);
  const counterResetHint = HINTS[hintNo];
  if (counterResetHint === undefined) throw new FileError(where, `counter-reset hint ${hintNo} is not one of 0 to 3`);
  const zeroThreshold = r.float(where);
  const zeroCount = r.float(where);
  const count = r.float(where);
  const sum = r.float(where);
  const positive = readBuckets(r, `${where}.positive`);
  const negative = readBuckets(r, `${where}.negative`);
  const nCustom = r.u32(where);
  r.need(nCustom * 8, where);
  const customValues: number[] = [];
  for (let i = 0; i < nCustom; i++) customValues.push(r.float(where));
  if (!(zeroThreshold >= 0) || zeroThreshold === Infinity) throw new FileError(where, `zero threshold ${zeroThreshold} is not a finite non-negative number`);
  if (custom) {
    for (let i = 0; i < customValues.length; i++) {
      const v = customValues[i];
      if (!Number.isFinite(v)) throw new FileError(where, `custom bucket bound ${v} is not finite`);
      if (i > 0 && !(v > customValues[i - 1])) throw new FileError(where, `custom bucket bounds must ascend (${v} after ${customValues[i - 1]})`);
    }
    if (negative.index.length > 0) throw new FileError(where, 'a histogram with custom buckets has no negative buckets');
    if (zeroThreshold !== 0 || zeroCount !== 0) throw new FileError(where, 'a histogram with custom buckets has no zero bucket');
    const last = positive.index[positive.index.length - 1];
    if (positive.index.length > 0 && (positive.index[0] < 0 || last > customValues.length)) {
      throw new FileError(where, `bucket index ${positive.index[0] < 0 ? positive.index[0] : last} is outside the ${customValues.length + 1} custom buckets`);
    }
  } else if (customValues.length > 0) throw new FileError(where, `an exponential histogram (schema ${schema}) has no custom bucket bounds`);
  const h: FloatHistogram = { schema, zeroThreshold, zeroCount, count, sum, positive, negative, counterResetHint };
  return { t, h: custom ? { ...h, customValues } : h };
}

function decodeSeries(labels: Labels, chunks: Uint8Array[], samples: number, where: string): SnapshotSeries {
  const ts = new Float64Array(samples);
  const words = new Uint32Array(samples * 2);
  let n = 0;
  for (const c of chunks) n = decodeXOR(c, -Infinity, Infinity, ts, words, n);
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(ts[i]) || (i > 0 && ts[i] <= ts[i - 1])) {
      throw new FileError(where, `malformed chunk data (timestamp ${ts[i]} at sample ${i})`);
    }
  }
  return { labels, timestamps: ts.subarray(0, n), words: words.subarray(0, 2 * n) };
}

/**
 * mergeSeries joins a series' float samples, histogram samples and start timestamps into one timeline; timestamps
 * must be whole and strictly ascending across both kinds, and each start timestamp must name one of its samples.
 */
function mergeSeries(floats: SnapshotSeries, hs: SnapshotHistogram[], starts: number[], where: string): SnapshotSeries {
  if (hs.length === 0 && starts.length === 0) return floats;
  const n = floats.timestamps.length + hs.length;
  const ts = new Float64Array(n);
  const words = new Uint32Array(2 * n);
  const histograms: (FloatHistogram | undefined)[] = hs.length > 0 ? new Array<FloatHistogram | undefined>(n) : [];
  let f = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const useHist = k < hs.length && (f >= floats.timestamps.length || hs[k].t < floats.timestamps[f]);
    if (useHist) {
      ts[i] = hs[k].t;
      histograms[i] = hs[k].h;
      k++;
    } else {
      ts[i] = floats.timestamps[f];
      words[2 * i] = floats.words[2 * f];
      words[2 * i + 1] = floats.words[2 * f + 1];
      f++;
    }
    if (!Number.isSafeInteger(ts[i]) || (i > 0 && ts[i] <= ts[i - 1])) {
      throw new FileError(where, `sample timestamps must be whole milliseconds and ascend (${ts[i]} at sample ${i})`);
    }
  }
  const out: SnapshotSeries = { labels: floats.labels, timestamps: ts, words };
  if (hs.length > 0) out.histograms = histograms;
  if (starts.length > 0) {
    const st = new Float64Array(n);
    let at = 0;
    for (let j = 0; j < starts.length; j += 2) {
      const t = starts[j];
      const start = starts[j + 1];
      while (at < n && ts[at] < t) at++;
      if (at === n || ts[at] !== t) throw new FileError(where, `start timestamp for ${t}, which is not one of the series' samples (or out of order)`);
      if (!Number.isSafeInteger(start) || start === 0) throw new FileError(where, `start timestamp ${start} at ${t} is not a whole, non-zero millisecond time`);
      st[at++] = start;
    }
    out.startTimestamps = st;
  }
  return out;
}

function hex(x: number): string {
  return x.toString(16).padStart(8, '0');
}
