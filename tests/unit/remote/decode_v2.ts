/**
 * An independent decoder for remote write requests with native histograms, for the tests: it reads the wire format
 * with @bufbuild/protobuf's BinaryReader only (no generated code, no schema), against field numbers checked by hand
 * in Prometheus's prompb/types.proto (1.0) and prompb/io/prometheus/write/v2/types.proto (2.0):
 *
 *   v2 Request:     symbols = 4 (string), timeseries = 5            (1..3 reserved)
 *   v2 TimeSeries:  labels_refs = 1 (uint32, packed), samples = 2, histograms = 3, exemplars = 4, metadata = 5,
 *                   created_timestamp = 6 (int64; reserved in the newest spec)
 *   v2 Sample:      value = 1 (double), timestamp = 2 (int64), start_timestamp = 3 (int64)
 *   v2 Metadata:    type = 1 (enum), help_ref = 3, unit_ref = 4 (uint32)
 *   Histogram:      count_int = 1 (uint64) | count_float = 2 (double), sum = 3, schema = 4 (sint32),
 *                   zero_threshold = 5, zero_count_int = 6 | zero_count_float = 7, negative_spans = 8,
 *                   negative_deltas = 9 (sint64), negative_counts = 10 (double), positive_spans = 11,
 *                   positive_deltas = 12, positive_counts = 13, reset_hint = 14 (enum), timestamp = 15 (int64),
 *                   custom_values = 16 (double), start_timestamp = 17 (int64, 2.0 only)
 *   BucketSpan:     offset = 1 (sint32), length = 2 (uint32)
 *   v1 TimeSeries:  labels = 1, samples = 2, exemplars = 3, histograms = 4
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { snappyDecode } from './decode';

/** DecodedHistogram is a histogram as the wire says it, with buckets expanded to absolute indices and counts. */
export interface DecodedHistogram {
  integer: boolean;
  count: number;
  sum: number;
  sumBits: string;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  positive: { index: number[]; count: number[] };
  negative: { index: number[]; count: number[] };
  resetHint: number;
  timestamp: number;
  startTimestamp: number;
  customValues: number[];
}

/** DecodedSeriesV2 is one 2.0 TimeSeries with its label references resolved. */
export interface DecodedSeriesV2 {
  labels: string[];
  samples: { value: number; timestamp: number; startTimestamp: number }[];
  histograms: DecodedHistogram[];
  metadata: { type: number; help: string; unit: string } | null;
  createdTimestamp: number;
  /** exemplars is set when the message has any. */
  exemplars?: { labels: string[]; value: number; timestamp: number }[];
}

const num = (x: bigint | string) => Number(x);

/** rawDouble reads a fixed64 double as its bits (hex, from the bytes: a JS number may quiet a NaN) and its value. */
function rawDouble(r: BinaryReader, w: WireType, f: number): { bits: string; value: number } {
  const raw = r.skip(w, f);
  const view = new DataView(raw.buffer, raw.byteOffset, 8);
  return { bits: view.getBigUint64(0, true).toString(16).padStart(16, '0'), value: view.getFloat64(0, true) };
}

/** packedOrOne reads a repeated scalar field that may come packed (length-delimited) or one value per tag. */
function packedOrOne<T>(r: BinaryReader, wire: WireType, one: () => T): T[] {
  if (wire !== WireType.LengthDelimited) return [one()];
  const end = r.uint32() + r.pos;
  const out: T[] = [];
  while (r.pos < end) out.push(one());
  return out;
}

function spans(r: BinaryReader, end: number): { offset: number; length: number } {
  const s = { offset: 0, length: 0 };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1) s.offset = r.sint32();
    else if (f === 2) s.length = r.uint32();
    else r.skip(w, f);
  }
  return s;
}

function expand(sp: { offset: number; length: number }[], counts: number[], deltas: number[]): { index: number[]; count: number[] } {
  const index: number[] = [];
  const count: number[] = [];
  let idx = 0;
  let k = 0;
  let running = 0;
  sp.forEach((s) => {
    idx += s.offset;
    for (let j = 0; j < s.length; j++) {
      index.push(idx);
      if (deltas.length > 0) {
        running += deltas[k];
        count.push(running);
      } else count.push(counts[k]);
      k++;
      idx++;
    }
  });
  if (k !== Math.max(counts.length, deltas.length)) throw new Error(`spans cover ${k} buckets, ${Math.max(counts.length, deltas.length)} counts sent`);
  return { index, count };
}

/** decodeHistogram reads one Histogram message (1.0 and 2.0 share it). */
export function decodeHistogram(bytes: Uint8Array): DecodedHistogram {
  const r = new BinaryReader(bytes);
  let integer = false;
  let count = 0;
  let zeroCount = 0;
  let sum = 0;
  let sumBits = '0000000000000000';
  let schema = 0;
  let zeroThreshold = 0;
  const negSpans: { offset: number; length: number }[] = [];
  const posSpans: { offset: number; length: number }[] = [];
  const negD: number[] = [];
  const posD: number[] = [];
  const negC: number[] = [];
  const posC: number[] = [];
  const customValues: number[] = [];
  let resetHint = 0;
  let timestamp = 0;
  let startTimestamp = 0;
  while (r.pos < r.len) {
    const [f, w] = r.tag();
    switch (f) {
      case 1:
        integer = true;
        count = num(r.uint64());
        break;
      case 2:
        count = r.double();
        break;
      case 3:
        ({ bits: sumBits, value: sum } = rawDouble(r, w, f));
        break;
      case 4:
        schema = r.sint32();
        break;
      case 5:
        zeroThreshold = r.double();
        break;
      case 6:
        zeroCount = num(r.uint64());
        break;
      case 7:
        zeroCount = r.double();
        break;
      case 8:
      case 11: {
        const end = r.uint32() + r.pos;
        (f === 8 ? negSpans : posSpans).push(spans(r, end));
        break;
      }
      case 9:
        negD.push(...packedOrOne(r, w, () => num(r.sint64())));
        break;
      case 12:
        posD.push(...packedOrOne(r, w, () => num(r.sint64())));
        break;
      case 10:
        negC.push(...packedOrOne(r, w, () => r.double()));
        break;
      case 13:
        posC.push(...packedOrOne(r, w, () => r.double()));
        break;
      case 14:
        resetHint = r.int32();
        break;
      case 15:
        timestamp = num(r.int64());
        break;
      case 16:
        customValues.push(...packedOrOne(r, w, () => r.double()));
        break;
      case 17:
        startTimestamp = num(r.int64());
        break;
      default:
        r.skip(w, f);
    }
  }
  return {
    integer,
    count,
    sum,
    sumBits,
    schema,
    zeroThreshold,
    zeroCount,
    positive: expand(posSpans, posC, posD),
    negative: expand(negSpans, negC, negD),
    resetHint,
    timestamp,
    startTimestamp,
    customValues,
  };
}

/** decodeRequestV2 decodes a Snappy-compressed io.prometheus.write.v2.Request. */
export function decodeRequestV2(body: Uint8Array): { symbols: string[]; series: DecodedSeriesV2[] } {
  const r = new BinaryReader(snappyDecode(body));
  const symbols: string[] = [];
  const raw: Uint8Array[] = [];
  while (r.pos < r.len) {
    const [f, w] = r.tag();
    if (f === 4) symbols.push(r.string());
    else if (f === 5) raw.push(r.bytes());
    else if (f >= 1 && f <= 3) throw new Error(`field ${f} is reserved in a 2.0 Request`);
    else r.skip(w, f);
  }
  const sym = (i: number) => {
    if (i >= symbols.length) throw new Error(`symbol ${i} out of range (${symbols.length} symbols)`);
    return symbols[i];
  };
  const series = raw.map((b): DecodedSeriesV2 => {
    const t = new BinaryReader(b);
    const out: DecodedSeriesV2 = { labels: [], samples: [], histograms: [], metadata: null, createdTimestamp: 0 };
    while (t.pos < t.len) {
      const [f, w] = t.tag();
      if (f === 1) out.labels.push(...packedOrOne(t, w, () => t.uint32()).map(sym));
      else if (f === 2) {
        const s = new BinaryReader(t.bytes());
        const x = { value: 0, timestamp: 0, startTimestamp: 0 };
        while (s.pos < s.len) {
          const [g, sw] = s.tag();
          if (g === 1) x.value = s.double();
          else if (g === 2) x.timestamp = num(s.int64());
          else if (g === 3) x.startTimestamp = num(s.int64());
          else s.skip(sw, g);
        }
        out.samples.push(x);
      } else if (f === 3) out.histograms.push(decodeHistogram(t.bytes()));
      else if (f === 5) {
        const m = new BinaryReader(t.bytes());
        const md = { type: 0, help: '', unit: '' };
        while (m.pos < m.len) {
          const [g, mw] = m.tag();
          if (g === 1) md.type = m.int32();
          else if (g === 3) md.help = sym(m.uint32());
          else if (g === 4) md.unit = sym(m.uint32());
          else m.skip(mw, g);
        }
        out.metadata = md;
      } else if (f === 4) {
        const e = new BinaryReader(t.bytes());
        const x = { labels: [] as string[], value: 0, timestamp: 0 };
        while (e.pos < e.len) {
          const [g, ew] = e.tag();
          if (g === 1) x.labels.push(...packedOrOne(e, ew, () => e.uint32()).map(sym));
          else if (g === 2) x.value = e.double();
          else if (g === 3) x.timestamp = num(e.int64());
          else e.skip(ew, g);
        }
        (out.exemplars ??= []).push(x);
      } else if (f === 6) out.createdTimestamp = num(t.int64());
      else t.skip(w, f);
    }
    return out;
  });
  return { symbols, series };
}

/** decodeHistogramsV1 returns each 1.0 TimeSeries' labels and decoded histograms. */
export function decodeHistogramsV1(body: Uint8Array): { labels: string[]; histograms: DecodedHistogram[] }[] {
  const r = new BinaryReader(snappyDecode(body));
  const out: { labels: string[]; histograms: DecodedHistogram[] }[] = [];
  while (r.pos < r.len) {
    const [f, w] = r.tag();
    if (f !== 1) {
      r.skip(w, f);
      continue;
    }
    const t = new BinaryReader(r.bytes());
    const s = { labels: [] as string[], histograms: [] as DecodedHistogram[] };
    while (t.pos < t.len) {
      const [g, tw] = t.tag();
      if (g === 1) {
        const l = new BinaryReader(t.bytes());
        let name = '';
        let value = '';
        while (l.pos < l.len) {
          const [h, lw] = l.tag();
          if (h === 1) name = l.string();
          else if (h === 2) value = l.string();
          else l.skip(lw, h);
        }
        s.labels.push(name, value);
      } else if (g === 4) s.histograms.push(decodeHistogram(t.bytes()));
      else t.skip(tw, g);
    }
    out.push(s);
  }
  return out;
}
