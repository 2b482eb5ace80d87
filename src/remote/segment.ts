/**
 * Segments: the unit a remote-write queue keeps and persists. One segment holds the samples one commit sent to one
 * queue (after write relabeling), as columns: the distinct series, and per sample a series index, a timestamp and
 * a value. Values live in a Float64Array so stale markers keep their exact bits through IndexedDB.
 */
import type { Labels } from '../model/labels';
import { isStaleNaN, STALE_NAN_HI, STALE_NAN_LO } from '../model/value';
import { ProtoWriter } from './protobuf';
import { snappyEncode } from './snappy';

/** Segment is one commit's samples for one queue; `first` numbers its first sample in the queue's sequence. */
export interface Segment {
  readonly first: number;
  readonly series: Labels[];
  readonly refs: Uint32Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
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
  /** length is how many samples were added. */
  length = 0;

  /** add appends one sample; a stale marker is written with its canonical bits. */
  add(labels: Labels, t: number, v: number): void {
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
    if (v !== v && isStaleNaN(v)) {
      this.words[2 * i] = STALE_NAN_LO;
      this.words[2 * i + 1] = STALE_NAN_HI;
    } else this.v[i] = v;
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
  }

  /** finish returns the segment numbered from first (its arrays trimmed to length). */
  finish(first: number): Segment {
    const n = this.length;
    return { first, series: this.series, refs: this.refs.slice(0, n), t: this.t.slice(0, n), v: this.v.slice(0, n) };
  }
}

/** Batch is the encoded request for the samples [from, to) of a queue. */
export interface Batch {
  readonly from: number;
  readonly to: number;
  readonly body: Uint8Array;
  /** highest is the newest timestamp in the batch (ms). */
  readonly highest: number;
}

/**
 * encodeBatch builds the Snappy-compressed WriteRequest for samples [from, to) of the segments (in order); samples
 * of a series keep their order, so each TimeSeries lists its samples oldest first.
 */
export function encodeBatch(segments: readonly Segment[], from: number, to: number): Batch {
  const keys = new Map<string, number>();
  const labels: Labels[] = [];
  const samples: number[][] = [];
  const cols: Segment[] = [];
  let highest = -Infinity;
  for (const seg of segments) {
    const lo = Math.max(from, seg.first) - seg.first;
    const hi = Math.min(to, segmentEnd(seg)) - seg.first;
    if (lo >= hi) continue;
    const local = new Int32Array(seg.series.length).fill(-1);
    const col = cols.length;
    cols.push(seg);
    for (let i = lo; i < hi; i++) {
      const r = seg.refs[i];
      let b = local[r];
      if (b < 0) {
        const key = seg.series[r].join('\xff');
        b = keys.get(key) ?? -1;
        if (b < 0) {
          b = labels.length;
          keys.set(key, b);
          labels.push(seg.series[r]);
          samples.push([]);
        }
        local[r] = b;
      }
      samples[b].push(col, i);
      if (seg.t[i] > highest) highest = seg.t[i];
    }
  }
  const w = new ProtoWriter();
  for (let s = 0; s < labels.length; s++) {
    const ls = labels[s];
    const at = samples[s];
    w.message(1, (ts) => {
      for (let i = 0; i < ls.length; i += 2) {
        ts.message(1, (l) => {
          l.string(1, ls[i]);
          l.string(2, ls[i + 1]);
        });
      }
      for (let k = 0; k < at.length; k += 2) {
        const seg = cols[at[k]];
        const i = at[k + 1];
        ts.message(2, (m) => {
          m.double(1, seg.v[i]);
          m.int64(2, seg.t[i]);
        });
      }
    });
  }
  return { from, to, body: snappyEncode(w.finish()), highest };
}
