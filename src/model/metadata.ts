/** Metric metadata as the Prometheus API's `metadata` endpoint returns it. */

/** MetricType is a metric family's type, as in the exposition formats. */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown';

/** MetricMetadata is one family's metadata. */
export interface MetricMetadata {
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}
