/** A small metrics client library after the Prometheus client-library guidelines; pure TypeScript, no DOM. */
export { Registry, PROMETHEUS_TEXT_CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE, OPENMETRICS2_CONTENT_TYPE, PROTOBUF_EXPOSITION_CONTENT_TYPE } from './registry';
export { schemaForFactor, bucketIndex, DEFAULT_NATIVE_ZERO_THRESHOLD } from './native';
export { Counter, CounterChild, Gauge, GaugeChild } from './counter';
export { Histogram, HistogramChild, DEFAULT_BUCKETS, exponentialBuckets, linearBuckets, type HistogramOptions } from './histogram';
export { Summary, SummaryChild, type SummaryOptions } from './summary';
export { validateMetricName, validateLabelNames, type Collector, type MetricOptions } from './metric';
