/**
 * The binary data snapshot: samples exactly as the TSDB keeps them (XOR chunks), so stale markers, NaN payloads and
 * infinities survive bit for bit. Layout (little-endian):
 *
 *   "PROMTAB1"                          8 bytes of magic
 *   u32 version, u32 series count
 *   per series: u32 label string count, then each string as u32 byte length + UTF-8 bytes;
 *               u32 chunk count, then each chunk as f64 minT, f64 maxT, u32 byte length + XOR chunk bytes
 *   u32 CRC-32 (IEEE) of every byte before it
 *
 * Writing is streamed in pieces; reading checks magic, version, bounds and checksum before returning anything.
 */
import type { Labels } from '../model/labels';
import { decodeXOR, newXORState, xorAppend, xorBytes, xorNumSamples, type ChunkSeries } from '../tsdb';
import { FileError } from './safejson';

/** SNAPSHOT_MAGIC opens every snapshot. */
export const SNAPSHOT_MAGIC = 'PROMTAB1';

/** SNAPSHOT_VERSION is the layout version this build writes and reads. */
export const SNAPSHOT_VERSION = 1;

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
  /** words holds each value's low then high 32 bits, so NaN payloads keep their bits. */
  words: Uint32Array;
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

  /** series adds one series' labels and chunks to the current piece; flush() returns the piece. */
  series(labels: Labels, chunks: readonly { minT: number; maxT: number; bytes: Uint8Array }[]): void {
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
  }

  /** pending is the size of the piece not yet flushed. */
  get pending(): number {
    return this.piece.len;
  }

  /** flush returns the series written since the last flush. */
  flush(): Uint8Array {
    return this.emit();
  }

  /** end returns the remaining series and the checksum. */
  end(): Uint8Array {
    const rest = this.emit();
    const tail = new Uint8Array(rest.length + 4);
    tail.set(rest);
    new DataView(tail.buffer).setUint32(rest.length, this.crc, true);
    return tail;
  }
}

/** writeSnapshot encodes whole series (as chunk series) into one snapshot buffer. */
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
 * version, truncated, checksum mismatch, malformed chunk); nothing is returned from a damaged file.
 */
export function readSnapshot(bytes: Uint8Array): SnapshotSeries[] {
  if (!isSnapshot(bytes)) throw new FileError('', `not a Promtab data snapshot (it does not start with ${SNAPSHOT_MAGIC})`);
  if (bytes.length < 20) throw new FileError('', 'the snapshot is truncated (no room for its header and checksum)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_VERSION) {
    throw new FileError('version', `the snapshot is version ${version}; this Promtab reads version ${SNAPSHOT_VERSION}`);
  }
  const end = bytes.length - 4;
  const want = view.getUint32(end, true);
  const got = crc32(bytes.subarray(0, end));
  if (want !== got) {
    throw new FileError('', `the snapshot is damaged or truncated: checksum ${hex(got)} does not match the stored ${hex(want)}`);
  }
  const count = view.getUint32(12, true);
  let at = 16;
  const need = (n: number, what: string) => {
    if (at + n > end) throw new FileError(what, 'the snapshot is truncated');
  };
  const u32 = (what: string) => {
    need(4, what);
    const x = view.getUint32(at, true);
    at += 4;
    return x;
  };
  const out: SnapshotSeries[] = [];
  for (let i = 0; i < count; i++) {
    const where = `series[${i}]`;
    const nStrings = u32(where);
    if (nStrings % 2 !== 0) throw new FileError(where, 'a label set needs an even number of strings');
    const labels: string[] = [];
    for (let k = 0; k < nStrings; k++) {
      const len = u32(where);
      need(len, where);
      try {
        labels.push(decoder.decode(bytes.subarray(at, at + len)));
      } catch {
        throw new FileError(where, 'a label is not valid UTF-8');
      }
      at += len;
    }
    const nChunks = u32(where);
    const chunks: Uint8Array[] = [];
    let samples = 0;
    for (let c = 0; c < nChunks; c++) {
      need(16, where);
      at += 16;
      const len = u32(where);
      need(len, where);
      const b = bytes.subarray(at, at + len);
      at += len;
      if (len < 2) throw new FileError(`${where}.chunks[${c}]`, 'a chunk is shorter than its header');
      samples += xorNumSamples(b);
      chunks.push(b);
    }
    out.push(decodeSeries(labels, chunks, samples, where));
  }
  if (at !== end) throw new FileError('', `the snapshot has ${end - at} unexpected bytes after its last series`);
  return out;
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

function hex(x: number): string {
  return x.toString(16).padStart(8, '0');
}
