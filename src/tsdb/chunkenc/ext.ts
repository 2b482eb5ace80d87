/**
 * The extension section of a chunk: the native histograms and start timestamps of some of its samples. The float
 * part of a chunk (XOR or compact) keeps every sample's timestamp; a histogram sample has the placeholder value
 * HIST_LO/HIST_HI there, and its histogram is an entry here. An entry names its sample by index in the chunk, so a
 * chunk may hold floats and histograms, and start timestamps only where they are known. See README.md for the bits.
 */
import {
  CUSTOM_BUCKETS_SCHEMA,
  type Buckets,
  type CounterResetHint,
  type FloatHistogram,
} from '../../model/histogram';
import { BitReader, ensureBits, putBit, putBits, putUvarint, putVarint, type BitWriterState } from './bitstream';
import { HIST_COLUMN_FORMAT, HistChunkWriter, decodeHistColumn } from './histchunk';
import { HINTS, MAX_BUCKETS, isIntegral, putRaw64, putSpans, putVarbit, putXor, readRaw64, readSpans, readVarbit, readXor, varbitLen, type XorWindow } from './histbits';

/** HIST_LO and HIST_HI are the words of the placeholder value (a quiet NaN no float append keeps) of a histogram sample. */
export const HIST_LO = 0x48495354;
export const HIST_HI = 0x7ff84e48;

/** isHistWords reports whether two value words are the histogram placeholder. */
export function isHistWords(lo: number, hi: number): boolean {
  return lo >>> 0 === HIST_LO && hi >>> 0 === HIST_HI;
}

/** ExtEntry is one sample's extension: its index in the chunk, its start timestamp (0: unknown) and histogram. */
export interface ExtEntry {
  idx: number;
  st: number;
  h: FloatHistogram | undefined;
}


/** Layout is what must match for a histogram to be written against the previous one: schema, bounds, buckets. */
interface Layout {
  schema: number;
  zeroThreshold: number;
  customValues: readonly number[] | undefined;
  pos: readonly number[];
  neg: readonly number[];
}

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameLayout(l: Layout, h: FloatHistogram): boolean {
  if (l.schema !== h.schema || !Object.is(l.zeroThreshold, h.zeroThreshold)) return false;
  if (!sameIndices(l.pos, h.positive.index) || !sameIndices(l.neg, h.negative.index)) return false;
  if (h.schema !== CUSTOM_BUCKETS_SCHEMA) return true;
  const a = l.customValues ?? [];
  const b = h.customValues ?? [];
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * HistState is the running state both sides keep between histograms of a section: the layout, each value's
 * previous value and delta (count, zero count, then the positive and negative buckets), and the previous sum.
 */
class HistState {
  layout: Layout | null = null;
  prev = new Float64Array(0);
  delta = new Float64Array(0);
  prevIntegral = true;
  sum = 0;
  /** sumWin is the sum's XOR window (sums change every sample; their meaningful bits stay in place). */
  readonly sumWin: XorWindow = { lead: 0, len: 0 };

  setLayout(l: Layout): void {
    const n = 2 + l.pos.length + l.neg.length;
    const prev = new Float64Array(n);
    const delta = new Float64Array(n);
    if (this.layout) {
      prev[0] = this.prev[0];
      prev[1] = this.prev[1];
      delta[0] = this.delta[0];
      delta[1] = this.delta[1];
    }
    this.layout = l;
    this.prev = prev;
    this.delta = delta;
  }
}

function valuesOf(h: FloatHistogram, out: number[]): void {
  out.length = 0;
  out.push(h.count, h.zeroCount);
  for (const c of h.positive.count) out.push(c);
  for (const c of h.negative.count) out.push(c);
}

const scratch: number[] = [];

function putHistogram(w: BitWriterState, s: HistState, h: FloatHistogram): void {
  ensureBits(w, 8);
  putBits(w, HINTS.indexOf(h.counterResetHint) & 3, 2);
  if (s.layout !== null && sameLayout(s.layout, h)) putBit(w, 1);
  else {
    putBit(w, 0);
    putVarint(w, h.schema);
    putRaw64(w, h.zeroThreshold);
    if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
      const cv = h.customValues ?? [];
      putUvarint(w, cv.length);
      for (const v of cv) putRaw64(w, v);
    }
    putSpans(w, h.positive.index);
    putSpans(w, h.negative.index);
    s.setLayout({
      schema: h.schema,
      zeroThreshold: h.zeroThreshold,
      customValues: h.schema === CUSTOM_BUCKETS_SCHEMA ? [...(h.customValues ?? [])] : undefined,
      pos: [...h.positive.index],
      neg: [...h.negative.index],
    });
  }
  const vs = scratch;
  valuesOf(h, vs);
  let integral = s.prevIntegral;
  for (let i = 0; integral && i < vs.length; i++) integral = isIntegral(vs[i]);
  const prev = s.prev;
  const delta = s.delta;
  // Integer counts are written as deltas of deltas (steady rates cost 1 bit). The buckets may instead be written as
  // deltas (a bucket that grows now and then costs less so), whichever is shorter for this sample.
  let byDelta = false;
  if (integral) {
    let dod = 0;
    let dd = 0;
    for (let i = 2; i < vs.length; i++) {
      const d = vs[i] - prev[i];
      dod += varbitLen(d - delta[i]);
      dd += varbitLen(d);
    }
    byDelta = dd < dod;
  }
  ensureBits(w, 2);
  putBit(w, integral ? 1 : 0);
  if (integral) putBit(w, byDelta ? 1 : 0);
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    if (integral) {
      const d = v - prev[i];
      putVarbit(w, byDelta && i >= 2 ? d : d - delta[i]);
      delta[i] = d;
    } else {
      putXor(w, v, prev[i], null);
      delta[i] = 0;
    }
    prev[i] = v;
  }
  s.prevIntegral = integral;
  putXor(w, h.sum, s.sum, s.sumWin);
  s.sum = h.sum;
}

function readHistogram(r: BitReader, s: HistState): FloatHistogram {
  const hint = HINTS[r.readBits(2)];
  if (r.readBit() === 0) {
    const schema = r.readVarint();
    const zeroThreshold = readRaw64(r);
    let customValues: number[] | undefined;
    if (schema === CUSTOM_BUCKETS_SCHEMA) {
      const n = r.readUvarint();
      if (n > MAX_BUCKETS) throw new RangeError('chunk: bad histogram bounds');
      customValues = [];
      for (let i = 0; i < n; i++) customValues.push(readRaw64(r));
    }
    const pos = readSpans(r);
    const neg = readSpans(r);
    s.setLayout({ schema, zeroThreshold, customValues, pos, neg });
  } else if (s.layout === null) throw new RangeError('chunk: histogram without a layout');
  const l = s.layout!;
  const integral = r.readBit() === 1;
  const byDelta = integral && r.readBit() === 1;
  const prev = s.prev;
  const delta = s.delta;
  for (let i = 0; i < prev.length; i++) {
    if (integral) {
      const d = (byDelta && i >= 2 ? 0 : delta[i]) + readVarbit(r);
      prev[i] += d;
      delta[i] = d;
    } else {
      prev[i] = readXor(r, prev[i], null);
      delta[i] = 0;
    }
  }
  s.prevIntegral = integral;
  s.sum = readXor(r, s.sum, s.sumWin);
  const np = l.pos.length;
  const positive: Buckets = { index: l.pos, count: Array.from(prev.subarray(2, 2 + np)) };
  const negative: Buckets = { index: l.neg, count: Array.from(prev.subarray(2 + np)) };
  const h: FloatHistogram = {
    schema: l.schema,
    zeroThreshold: l.zeroThreshold,
    zeroCount: prev[1],
    count: prev[0],
    sum: s.sum,
    positive,
    negative,
    counterResetHint: hint,
  };
  return l.customValues ? { ...h, customValues: l.customValues } : h;
}

/** StRun is a run of consecutive samples with the same start timestamp. */
export interface StRun {
  start: number;
  len: number;
  st: number;
}

/** HistEntry is one histogram sample of a section, by index in the chunk. */
export interface HistEntry {
  idx: number;
  h: FloatHistogram;
}

function putSt(w: BitWriterState, st: number, prev: number): void {
  ensureBits(w, 8);
  if (Number.isSafeInteger(st) && Number.isSafeInteger(st - prev) && Math.abs(st - prev) < 2 ** 50) {
    putBit(w, 0);
    putVarint(w, st - prev);
  } else {
    putBit(w, 1);
    putRaw64(w, st);
  }
}

/**
 * CHUNK_SECTION starts a chunk's section (a histogram chunk column, of format HIST_COLUMN_FORMAT); a format-1 section
 * starts with two zero bytes only when empty (0 0 0).
 */
const CHUNK_SECTION = [0, 0, HIST_COLUMN_FORMAT] as const;

/**
 * ExtWriter appends entries to an extension section as samples arrive, in ascending index order. A section is two
 * columns: the start timestamps as runs of consecutive samples sharing one (a counter's start time changes only at
 * a reset, so a chunk of them costs a few bytes), and the histograms. bytes() returns uvarint run count, uvarint
 * histogram count, uvarint byte length of the runs column, the runs column, then the histogram column. A chunk's
 * section (`chunked`) is format 2: three marker bytes first, and the histogram column a histogram chunk
 * (histchunk.ts: one layout and counter reset header, the head cutting where it cannot append); a sample log's
 * is format 1, every histogram with its own layout and hint.
 */
export class ExtWriter {
  private readonly runs: BitWriterState = { buf: new Uint8Array(8), bits: 0 };
  private hists: BitWriterState | null = null;
  private hs: HistState | null = null;
  private hc: HistChunkWriter | null = null;
  private nRuns = 0;
  private nHists = 0;
  private lastIdx = -1;
  private lastHistIdx = -1;
  /** the open run (runLen 0: none) and where the previous written run ended and what it held */
  private runStart = 0;
  private runLen = 0;
  private runSt = 0;
  private prevRunEnd = 0;
  private prevRunSt = 0;
  /** last is the last histogram written (for duplicate checks). */
  last: FloatHistogram | undefined;

  constructor(
    /** chunked says the section belongs to a chunk (format 2) rather than to a sample log (format 1). */
    readonly chunked: boolean,
  ) {}

  /** holdsHistograms reports whether a histogram was pushed. */
  holdsHistograms(): boolean {
    return this.nHists > 0;
  }

  /**
   * cutFor returns the counter reset header of the new chunk histogram h needs, or null when the chunk can take it
   * (see HistChunkWriter.cutFor). A chunk restored with a format-1 section holding histograms is cut (unknown).
   */
  cutFor(h: FloatHistogram, lastStale: boolean): CounterResetHint | null {
    if (this.hc !== null) return this.hc.cutFor(h, lastStale);
    return this.nHists > 0 ? 'unknown' : null;
  }

  /**
   * push records sample idx (above the previous one's): its start timestamp (0: unknown) and histogram; header is
   * the counter reset header of a chunk's column, used when h is its first histogram.
   */
  push(idx: number, st: number, h: FloatHistogram | undefined, header: CounterResetHint = 'unknown'): void {
    if (idx <= this.lastIdx) throw new RangeError('chunk: extension entries out of order');
    this.lastIdx = idx;
    if (st !== 0) {
      if (this.runLen > 0 && st === this.runSt && idx === this.runStart + this.runLen) this.runLen++;
      else {
        if (this.runLen > 0) this.writeRun(this.runs);
        this.runStart = idx;
        this.runLen = 1;
        this.runSt = st;
      }
    }
    if (!h) return;
    if (this.chunked && this.nHists === 0) this.hc = HistChunkWriter.start(h, header);
    if (this.hc !== null) this.hc.push(idx, h);
    else {
      const w = (this.hists ??= { buf: new Uint8Array(64), bits: 0 });
      const gap = idx - this.lastHistIdx - 1;
      ensureBits(w, 8);
      if (gap === 0) putBit(w, 0);
      else {
        putBit(w, 1);
        putUvarint(w, gap - 1);
      }
      putHistogram(w, (this.hs ??= new HistState()), h);
    }
    this.lastHistIdx = idx;
    this.nHists++;
    this.last = h;
  }

  /** writeRun writes the open run to w (the runs column, or a copy of it) and moves the run state on. */
  private writeRun(w: BitWriterState): void {
    putUvarint(w, this.runStart - this.prevRunEnd);
    putUvarint(w, this.runLen - 1);
    putSt(w, this.runSt, this.prevRunSt);
    this.prevRunEnd = this.runStart + this.runLen;
    this.prevRunSt = this.runSt;
    this.nRuns++;
  }

  /** bytes returns the section as it stands (a copy), the open run included. */
  bytes(): Uint8Array {
    const runs: BitWriterState = { buf: this.runs.buf.slice(), bits: this.runs.bits };
    const saved = [this.prevRunEnd, this.prevRunSt, this.nRuns];
    if (this.runLen > 0) this.writeRun(runs);
    const nRuns = this.nRuns;
    [this.prevRunEnd, this.prevRunSt, this.nRuns] = saved;
    const runBytes = (runs.bits + 7) >>> 3;
    const hists = this.hc !== null ? this.hc.bytes() : this.hists ? this.hists.buf.subarray(0, (this.hists.bits + 7) >>> 3) : EMPTY;
    const head: BitWriterState = { buf: new Uint8Array(32), bits: 0 };
    if (this.chunked) for (const b of CHUNK_SECTION) putBits(head, b, 8);
    putUvarint(head, nRuns);
    putUvarint(head, this.nHists);
    putUvarint(head, runBytes);
    const hl = head.bits >>> 3;
    const out = new Uint8Array(hl + runBytes + hists.length);
    out.set(head.buf.subarray(0, hl));
    out.set(runs.buf.subarray(0, runBytes), hl);
    out.set(hists, hl + runBytes);
    return out;
  }

  /**
   * fromSection rebuilds a chunk's writer holding a section's entries, so appending can go on (after a restore). A
   * format-1 section stays format 1 (the head cuts the chunk at its next histogram).
   */
  static fromSection(bytes: Uint8Array): ExtWriter {
    const { runs, hists, histStart, format } = readSection(bytes);
    const w = new ExtWriter(format > 1);
    if (format === 1) {
      for (const e of decodeExt(bytes)) w.push(e.idx, e.st, e.h);
      return w;
    }
    for (const e of decodeExt(bytes, runs, [])) w.push(e.idx, e.st, undefined);
    if (hists > 0) {
      w.hc = HistChunkWriter.fromColumn(new BitReader(bytes, histStart), hists, format);
      const all = decodeHistColumn(new BitReader(bytes, histStart), hists, format);
      w.nHists = hists;
      w.lastHistIdx = all[all.length - 1].idx;
      w.lastIdx = Math.max(w.lastIdx, w.lastHistIdx);
      w.last = all[all.length - 1].h;
    }
    return w;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * sectionFormat returns a section's format: 1 without a marker (format 1 starts with two zero bytes only when
 * empty: a third one), else the marker's third byte.
 */
function sectionFormat(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] !== 0 ? bytes[2] : 1;
}

/**
 * readSection reads a section's header and runs column; histStart is the bit where the histogram column starts.
 * Formats 2 (a histogram chunk column without edge skipping, from the first builds with histogram chunks) and 3
 * read.
 */
function readSection(bytes: Uint8Array): { runs: StRun[]; hists: number; histStart: number; format: number } {
  let at = 0;
  const format = sectionFormat(bytes);
  if (format > 1) {
    if (format > HIST_COLUMN_FORMAT) throw new RangeError(`chunk: unknown extension section format ${format}`);
    at = 3;
  }
  const head = new BitReader(bytes, at * 8);
  const nRuns = head.readUvarint();
  const nHists = head.readUvarint();
  const runBytes = head.readUvarint();
  const from = head.pos >>> 3;
  if (from + runBytes > bytes.length || nRuns > bytes.length * 8 || nHists > bytes.length * 8) throw new RangeError('chunk: extension section shorter than its header');
  const r = new BitReader(bytes, from * 8, (from + runBytes) * 8);
  const runs: StRun[] = [];
  let end = 0;
  let prevSt = 0;
  for (let k = 0; k < nRuns; k++) {
    const start = end + r.readUvarint();
    const len = r.readUvarint() + 1;
    const st = r.readBit() === 0 ? prevSt + r.readVarint() : readRaw64(r);
    runs.push({ start, len, st });
    end = start + len;
    prevSt = st;
  }
  return { runs, hists: nHists, histStart: (from + runBytes) * 8, format };
}

/**
 * decodeExtColumns reads a section's two columns (either format); it throws RangeError on bytes that do not hold
 * together.
 */
export function decodeExtColumns(bytes: Uint8Array): { runs: StRun[]; hists: HistEntry[] } {
  const { runs, hists: n, histStart, format } = readSection(bytes);
  const hr = new BitReader(bytes, histStart);
  if (format > 1) return { runs, hists: decodeHistColumn(hr, n, format) };
  const hs = new HistState();
  const hists: HistEntry[] = [];
  let idx = -1;
  for (let k = 0; k < n; k++) {
    idx += hr.readBit() === 0 ? 1 : hr.readUvarint() + 2;
    hists.push({ idx, h: readHistogram(hr, hs) });
  }
  return { runs, hists };
}

/** decodeExt reads every entry of a section (one per sample with a start timestamp or a histogram), by index. */
export function decodeExt(bytes: Uint8Array, runs?: StRun[], hists?: HistEntry[]): ExtEntry[] {
  if (runs === undefined || hists === undefined) ({ runs, hists } = decodeExtColumns(bytes));
  const out: ExtEntry[] = [];
  let r = 0;
  let k = 0;
  let next = runs.length > 0 ? runs[0].start : Infinity;
  while (r < runs.length || k < hists.length) {
    const hi = k < hists.length ? hists[k].idx : Infinity;
    const idx = Math.min(next, hi);
    const run = r < runs.length && idx >= runs[r].start ? runs[r] : undefined;
    out.push({ idx, st: run ? run.st : 0, h: hi === idx ? hists[k++].h : undefined });
    if (run && idx === run.start + run.len - 1) {
      r++;
      next = r < runs.length ? runs[r].start : Infinity;
    } else if (run) next = idx + 1;
  }
  return out;
}

/** histogramProblem returns why a histogram cannot be stored (bucket indices not strictly ascending integers), or ''. */
export function histogramProblem(h: FloatHistogram): string {
  for (const [name, b] of [['positive', h.positive], ['negative', h.negative]] as const) {
    if (b.index.length !== b.count.length) return `${name} buckets: ${b.index.length} indices but ${b.count.length} counts`;
    for (let i = 0; i < b.index.length; i++) {
      if (!Number.isSafeInteger(b.index[i])) return `${name} bucket index ${b.index[i]} is not an integer`;
      if (i > 0 && b.index[i] <= b.index[i - 1]) return `${name} bucket indices do not ascend`;
    }
  }
  if (!Number.isSafeInteger(h.schema)) return `schema ${h.schema} is not an integer`;
  return '';
}
