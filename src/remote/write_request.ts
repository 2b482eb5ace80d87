/**
 * encodeWriteRequest builds a remote-write 1.0 request body: a protobuf `prometheus.WriteRequest` (time series with
 * labels and samples, optional metric metadata) compressed with Snappy's block format. Send it with
 * REMOTE_WRITE_HEADERS.
 */
import type { Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { ProtoWriter } from './protobuf';
import { snappyEncode } from './snappy';

/** REMOTE_WRITE_HEADERS are the request headers remote-write 1.0 asks for. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

/** RemoteSeries is one series to send: sorted labels (with `__name__`) and samples with timestamps in ms. */
export interface RemoteSeries {
  readonly labels: Labels;
  readonly samples: readonly { readonly value: number; readonly timestamp: number }[];
}

/** RemoteMetadata is one metric family's metadata to send. */
export interface RemoteMetadata {
  readonly family: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** METADATA_TYPE maps a metric type to the MetricMetadata.MetricType enum of the remote-write protobuf. */
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

/** writeRequestProto writes the uncompressed WriteRequest message. */
export function writeRequestProto(series: readonly RemoteSeries[], metadata: readonly RemoteMetadata[] = []): Uint8Array {
  const w = new ProtoWriter();
  for (const s of series) {
    w.message(1, (ts) => {
      for (let i = 0; i < s.labels.length; i += 2) {
        ts.message(1, (l) => {
          l.string(1, s.labels[i]);
          l.string(2, s.labels[i + 1]);
        });
      }
      for (const p of s.samples) {
        ts.message(2, (m) => {
          m.double(1, p.value);
          m.int64(2, p.timestamp);
        });
      }
    });
  }
  for (const m of metadata) {
    w.message(3, (md) => {
      md.int64(1, METADATA_TYPE[m.type]);
      md.string(2, m.family);
      md.string(4, m.help);
      md.string(5, m.unit);
    });
  }
  return w.finish();
}

/** encodeWriteRequest returns the Snappy-compressed WriteRequest, ready to POST. */
export function encodeWriteRequest(series: readonly RemoteSeries[], metadata: readonly RemoteMetadata[] = []): Uint8Array {
  return snappyEncode(writeRequestProto(series, metadata));
}
