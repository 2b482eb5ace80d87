/**
 * Segments: the unit a remote-write queue keeps and persists. One segment holds the samples one commit sent to one
 * queue (after write relabeling), as columns: the distinct series, and per sample a series index, a timestamp, a
 * value, and (when any sample has one) a start timestamp and a native histogram. Values live in a Float64Array so
 * stale markers keep their exact bits through IndexedDB; a histogram sample keeps its sum there too (a stale
 * histogram is one whose sum is the stale marker). Exemplars (send_exemplars) ride with the sample they came with,
 * so they leave in that sample's batch.
 */
import type { FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import type { Exemplar } from '../model/exemplar';
import type { MetricMetadata } from '../model/metadata';
import { isStaleNaN, STALE_NAN_HI, STALE_NAN_LO } from '../model/value';
import {
  encodeWriteRequest,
  encodeWriteRequestV2,
  type ProtobufMessage,
  type RemoteExemplar,
  type RemoteHistogram,
  type RemoteSample,
  type RemoteSeries,
} from './write_request';

/** SegmentExemplar is an exemplar of a segment: the sample it came with (index), its series (ref), labels, value, time. */
export interface SegmentExemplar {
  readonly at: number;
  readonly ref: number;
  readonly labels: Labels;
  readonly value: number;
  readonly t: number;
}

/** Segment is one commit's samples for one queue; `first` numbers its first sample in the queue's sequence. */
export interface Segment {
  readonly first: number;
  readonly series: Labels[];
  readonly refs: Uint32Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** st holds start timestamps (ms, 0: unknown); absent when no sample has one (and in segments kept by older builds). */
  readonly st?: Float64Array;
  /** h holds the histogram of each histogram sample (null for a float sample); absent when there is none. */
  readonly h?: (FloatHistogram | null)[];
  /** ex holds the exemplars sent with the samples (send_exemplars), in order; absent when there is none. */
  readonly ex?: readonly SegmentExemplar[];
}

/** segmentEnd is the sequence number after a segment's last sample. */
export function segmentEnd(s: Segment): number {
  return s.first + s.t.length;
}

/** SegmentBuilder collects samples of one commit; series are matched by label-set identity. */
export class SegmentBuilder {
  private readonly series: Labels[] = [];
  private readonly index = new Map<Labels, number>();
  private refs = new Uint32Array(64);
  private t = new Float64Array(64);
  private v = new Float64Array(64);
  private words = new Uint32Array(this.v.buffer);
  private st: Float64Array | null = null;
  private h: (FloatHistogram | null)[] | null = null;
  private ex: SegmentExemplar[] | null = null;
  /** length is how many samples were added. */
  length = 0;
  /** histograms is how many of them are native histograms. */
  histograms = 0;

  /** add appends one float sample (st: its start timestamp, 0 when unknown); a stale marker is written with its canonical bits. */
  add(labels: Labels, t: number, v: number, st = 0): void {
    const i = this.slot(labels, t, st);
    if (v !== v && isStaleNaN(v)) {
      this.words[2 * i] = STALE_NAN_LO;
      this.words[2 * i + 1] = STALE_NAN_HI;
    } else this.v[i] = v;
  }

  /** addHistogram appends one native histogram sample; its sum goes to the value column so a stale marker keeps its bits. */
  addHistogram(labels: Labels, t: number, h: FloatHistogram, st = 0): void {
    const i = this.slot(labels, t, st);
    if (!this.h) this.h = new Array<FloatHistogram | null>(i).fill(null);
    while (this.h.length < i) this.h.push(null);
    this.h[i] = h;
    this.histograms++;
    if (h.sum !== h.sum && isStaleNaN(h.sum)) {
      this.words[2 * i] = STALE_NAN_LO;
      this.words[2 * i + 1] = STALE_NAN_HI;
    } else this.v[i] = h.sum;
  }

  /** addExemplar attaches an exemplar to the sample just added, which must be of the series labels (by identity). */
  addExemplar(labels: Labels, e: Exemplar): void {
    const ref = this.index.get(labels);
    if (ref === undefined || this.length === 0 || this.refs[this.length - 1] !== ref) return;
    (this.ex ??= []).push({ at: this.length - 1, ref, labels: e.labels, value: e.value, t: e.ts });
  }

  private slot(labels: Labels, t: number, st: number): number {
    if (this.length === this.t.length) this.grow();
    let ref = this.index.get(labels);
    if (ref === undefined) {
      ref = this.series.length;
      this.series.push(labels);
      this.index.set(labels, ref);
    }
    const i = this.length++;
    this.refs[i] = ref;
    this.t[i] = t;
    if (st !== 0 && !this.st) this.st = new Float64Array(this.t.length);
    if (this.st) this.st[i] = st;
    return i;
  }

  private grow(): void {
    const n = this.t.length * 2;
    const refs = new Uint32Array(n);
    refs.set(this.refs);
    const t = new Float64Array(n);
    t.set(this.t);
    const v = new Float64Array(n);
    new Uint32Array(v.buffer).set(this.words);
    this.refs = refs;
    this.t = t;
    this.v = v;
    this.words = new Uint32Array(v.buffer);
    if (this.st) {
      const st = new Float64Array(n);
      st.set(this.st);
      this.st = st;
    }
  }

  /** finish returns the segment numbered from first (its arrays trimmed to length). */
  finish(first: number): Segment {
    const n = this.length;
    const seg: Segment = { first, series: this.series, refs: this.refs.slice(0, n), t: this.t.slice(0, n), v: this.v.slice(0, n) };
    const extra: { st?: Float64Array; h?: (FloatHistogram | null)[]; ex?: SegmentExemplar[] } = {};
    if (this.ex) extra.ex = this.ex;
    if (this.st) extra.st = this.st.slice(0, n);
    if (this.h) {
      while (this.h.length < n) this.h.push(null);
      extra.h = this.h;
    }
    return { ...seg, ...extra };
  }
}

/** Batch is the encoded request for the samples [from, to) of a queue. */
export interface Batch {
  readonly from: number;
  readonly to: number;
  readonly body: Uint8Array;
  /** highest is the newest timestamp in the batch (ms). */
  readonly highest: number;
  /** samples, histograms and exemplars count what the request holds. */
  readonly samples: number;
  readonly histograms: number;
  readonly exemplars: number;
}

/** BatchOptions say how a batch is written: the message type and, for 2.0, where series metadata comes from. */
export interface BatchOptions {
  readonly message: ProtobufMessage;
  readonly metadata?: (labels: Labels) => MetricMetadata | undefined;
}

/**
 * encodeBatch builds the Snappy-compressed request for samples [from, to) of the segments (in order); samples of a
 * series keep their order, so each series lists its samples and histograms oldest first.
 */
export function encodeBatch(segments: readonly Segment[], from: number, to: number, opts: BatchOptions = { message: 'prometheus.WriteRequest' }): Batch {
  const keys = new Map<string, number>();
  const out: { labels: Labels; samples: RemoteSample[]; histograms: RemoteHistogram[]; exemplars: RemoteExemplar[] }[] = [];
  let highest = -Infinity;
  let samples = 0;
  let histograms = 0;
  let exemplars = 0;
  for (const seg of segments) {
    const lo = Math.max(from, seg.first) - seg.first;
    const hi = Math.min(to, segmentEnd(seg)) - seg.first;
    if (lo >= hi) continue;
    const local = new Int32Array(seg.series.length).fill(-1);
    for (let i = lo; i < hi; i++) {
      const r = seg.refs[i];
      let b = local[r];
      if (b < 0) {
        const key = seg.series[r].join('\xff');
        b = keys.get(key) ?? -1;
        if (b < 0) {
          b = out.length;
          keys.set(key, b);
          out.push({ labels: seg.series[r], samples: [], histograms: [], exemplars: [] });
        }
        local[r] = b;
      }
      const st = seg.st ? seg.st[i] : 0;
      const h = seg.h?.[i];
      if (h) {
        out[b].histograms.push({ histogram: h, timestamp: seg.t[i], startTimestamp: st, sum: seg.v[i] });
        histograms++;
      } else {
        out[b].samples.push({ value: seg.v[i], timestamp: seg.t[i], startTimestamp: st });
        samples++;
      }
      if (seg.t[i] > highest) highest = seg.t[i];
    }
    for (const e of seg.ex ?? []) {
      if (e.at < lo || e.at >= hi || local[e.ref] < 0) continue;
      out[local[e.ref]].exemplars.push({ labels: e.labels, value: e.value, timestamp: e.t });
      exemplars++;
    }
  }
  let body: Uint8Array;
  if (opts.message === 'io.prometheus.write.v2.Request') {
    const series: RemoteSeries[] = out.map((s) => ({ ...s, metadata: opts.metadata?.(s.labels) }));
    body = encodeWriteRequestV2(series);
  } else body = encodeWriteRequest(out);
  return { from, to, body, highest, samples, histograms, exemplars };
}
