/**
 * Remote write request bodies: protobuf `prometheus.WriteRequest` (remote write 1.0: series with labels, float
 * samples and native histograms, plus metric metadata) or `io.prometheus.write.v2.Request` (remote write 2.0: a
 * symbols table, series with label references, samples or histograms with start timestamps, per-series metadata),
 * written with @bufbuild/protobuf from the message types generated out of src/proto, and compressed with Snappy's
 * block format. Send them with requestHeaders(message).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import type { FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import type { MetricMetadata, MetricType } from '../model/metadata';
import { WriteRequestSchema } from '../proto/prometheus/remote_pb';
import { RequestSchema, type TimeSeriesSchema as V2TimeSeriesSchema } from '../proto/io/prometheus/write/v2/types_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { toProtoHistogram } from './histogram_proto';
import { snappyEncode } from './snappy';

/** ProtobufMessage is a remote_write entry's protobuf_message: the request message type it sends. */
export type ProtobufMessage = 'prometheus.WriteRequest' | 'io.prometheus.write.v2.Request';

/** PROTOBUF_MESSAGES lists the message types, the default (remote write 1.0) first. */
export const PROTOBUF_MESSAGES: readonly ProtobufMessage[] = ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'];

/** REMOTE_WRITE_HEADERS are the request headers remote-write 1.0 asks for. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/** REMOTE_WRITE_V2_HEADERS are the request headers remote-write 2.0 asks for. */
export const REMOTE_WRITE_V2_HEADERS: Readonly<Record<string, string>> = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
  'X-Prometheus-Remote-Write-Version': '2.0.0',
};

/** requestHeaders returns the protocol headers of a message type. */
export function requestHeaders(message: ProtobufMessage): Readonly<Record<string, string>> {
  return message === 'io.prometheus.write.v2.Request' ? REMOTE_WRITE_V2_HEADERS : REMOTE_WRITE_HEADERS;
}

/** RemoteSample is one float sample: value, timestamp (ms) and start timestamp (ms, 0 or absent: unknown). */
export interface RemoteSample {
  readonly value: number;
  readonly timestamp: number;
  readonly startTimestamp?: number;
}

/** RemoteHistogram is one native histogram sample; sum, when given, overrides histogram.sum (exact stale bits). */
export interface RemoteHistogram {
  readonly histogram: FloatHistogram;
  readonly timestamp: number;
  readonly startTimestamp?: number;
  readonly sum?: number;
}

/** RemoteExemplar is one exemplar: its own labels, value and timestamp (ms). */
export interface RemoteExemplar {
  readonly labels: Labels;
  readonly value: number;
  readonly timestamp: number;
}

/** RemoteSeries is one series to send: sorted labels (with `__name__`), samples, histograms and exemplars, oldest first. */
export interface RemoteSeries {
  readonly labels: Labels;
  readonly samples: readonly RemoteSample[];
  readonly histograms?: readonly RemoteHistogram[];
  readonly exemplars?: readonly RemoteExemplar[];
  /** metadata is the series' type, help and unit (remote write 2.0 sends it with the series). */
  readonly metadata?: MetricMetadata;
}

/** RemoteMetadata is one metric family's metadata to send (remote write 1.0). */
export interface RemoteMetadata {
  readonly family: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** METADATA_TYPE maps a metric type to the MetricType enum of the remote-write protobufs (same in 1.0 and 2.0). */
export const METADATA_TYPE: Readonly<Record<MetricType, number>> = {
  unknown: 0,
  counter: 1,
  gauge: 2,
  histogram: 3,
  gaugehistogram: 4,
  summary: 5,
  info: 6,
  stateset: 7,
};

function labelPairs(ls: Labels): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i < ls.length; i += 2) out.push({ name: ls[i], value: ls[i + 1] });
  return out;
}

/** writeRequestProto writes the uncompressed 1.0 WriteRequest (start timestamps and per-series metadata have no field there). */
export function writeRequestProto(series: readonly RemoteSeries[], metadata: readonly RemoteMetadata[] = []): Uint8Array {
  const msg = create(WriteRequestSchema, {
    timeseries: series.map((s) => ({
      labels: labelPairs(s.labels),
      samples: s.samples.map((p) => ({ value: p.value, timestamp: BigInt(p.timestamp) })),
      histograms: (s.histograms ?? []).map((h) => toProtoHistogram(h.histogram, h.timestamp, h.sum ?? h.histogram.sum)),
      exemplars: (s.exemplars ?? []).map((e) => ({ labels: labelPairs(e.labels), value: e.value, timestamp: BigInt(e.timestamp) })),
    })),
    metadata: metadata.map((m) => ({ type: METADATA_TYPE[m.type], metricFamilyName: m.family, help: m.help, unit: m.unit })),
  });
  return toBinary(WriteRequestSchema, msg);
}

/** encodeWriteRequest returns the Snappy-compressed 1.0 WriteRequest, ready to POST. */
export function encodeWriteRequest(series: readonly RemoteSeries[], metadata: readonly RemoteMetadata[] = []): Uint8Array {
  return snappyEncode(writeRequestProto(series, metadata));
}

/** Symbols interns strings for a 2.0 request; index 0 is always the empty string. */
class Symbols {
  readonly list: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

type V2Series = MessageInitShape<typeof V2TimeSeriesSchema>;

/** runs splits items into consecutive runs sharing one start timestamp. */
function runs<T extends { readonly startTimestamp?: number }>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let prev = NaN;
  for (const x of items) {
    const st = x.startTimestamp ?? 0;
    if (out.length === 0 || st !== prev) out.push([]);
    out[out.length - 1].push(x);
    prev = st;
  }
  return out;
}

/**
 * writeRequestV2Proto writes the uncompressed 2.0 Request. A series becomes one TimeSeries message per run of float
 * samples and per run of histograms that share a start timestamp (2.0 forbids samples and histograms in one
 * message); each carries the series' metadata and the run's start time both per sample (start_timestamp) and as the
 * message's created_timestamp, which receivers of the first 2.0 releases read. A series' exemplars go with its first
 * message (one of their own when it has neither samples nor histograms).
 */
export function writeRequestV2Proto(series: readonly RemoteSeries[]): Uint8Array {
  const sym = new Symbols();
  const timeseries: V2Series[] = [];
  for (const s of series) {
    const labelsRefs = s.labels.map((x) => sym.ref(x));
    const md = s.metadata;
    const metadata = md ? { type: METADATA_TYPE[md.type], helpRef: sym.ref(md.help), unitRef: sym.ref(md.unit) } : undefined;
    const first = timeseries.length;
    for (const run of runs(s.samples)) {
      const st = BigInt(run[0].startTimestamp ?? 0);
      timeseries.push({
        labelsRefs,
        metadata,
        createdTimestamp: st,
        samples: run.map((p) => ({ value: p.value, timestamp: BigInt(p.timestamp), startTimestamp: st })),
      });
    }
    for (const run of runs(s.histograms ?? [])) {
      const st = BigInt(run[0].startTimestamp ?? 0);
      timeseries.push({
        labelsRefs,
        metadata,
        createdTimestamp: st,
        histograms: run.map((h) => ({ ...toProtoHistogram(h.histogram, h.timestamp, h.sum ?? h.histogram.sum), startTimestamp: st })),
      });
    }
    if (s.exemplars && s.exemplars.length > 0) {
      const exemplars = s.exemplars.map((e) => ({ labelsRefs: e.labels.map((x) => sym.ref(x)), value: e.value, timestamp: BigInt(e.timestamp) }));
      if (timeseries.length === first) timeseries.push({ labelsRefs, metadata, exemplars });
      else timeseries[first].exemplars = exemplars;
    }
  }
  return toBinary(RequestSchema, create(RequestSchema, { symbols: sym.list, timeseries }));
}

/** encodeWriteRequestV2 returns the Snappy-compressed 2.0 Request, ready to POST. */
export function encodeWriteRequestV2(series: readonly RemoteSeries[]): Uint8Array {
  return snappyEncode(writeRequestV2Proto(series));
}
