/**
 * The annotations native histograms earn, worded as Prometheus words them. Each builder takes what the message
 * names; callers append the position suffix (` (1:5)`) of the expression the annotation is about.
 */
import type { Annotation } from '../window';

const warn = (message: string): Annotation => ({ level: 'warning', message: `PromQL warning: ${message}` });
const info = (message: string): Annotation => ({ level: 'info', message: `PromQL info: ${message}` });

function forMetric(name: string): string {
  return name === '' ? '' : ` for metric name ${JSON.stringify(name)}`;
}

/** HistogramOperation names the operation in counter-reset and custom-bucket annotations. */
export type HistogramOperation = 'addition' | 'subtraction' | 'aggregation';

/** HISTOGRAM_ANNOTATIONS builds each annotation about native histograms. */
export const HISTOGRAM_ANNOTATIONS = {
  mixedFloatsHistograms: (name: string) => warn(`encountered a mix of histograms and floats for metric name ${JSON.stringify(name)}`),
  mixedFloatsHistogramsAggregation: () => warn('encountered a mix of histograms and floats for aggregation'),
  mixedClassicNative: (name: string) => warn(`vector contains a mix of classic and native histograms${forMetric(name)}`),
  notCounter: (name: string) => warn(`this native histogram metric is not a counter: ${JSON.stringify(name)}`),
  notGauge: (name: string) => warn(`this native histogram metric is not a gauge: ${JSON.stringify(name)}`),
  mixedExponentialCustom: (name: string) =>
    warn(`vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`),
  incompatibleBucketLayout: (op: string) => warn(`incompatible bucket layout encountered for binary operator ${op}`),
  counterResetCollision: (op: HistogramOperation) => warn(`conflicting counter resets during histogram ${op}`),
  incompatibleTypes: (op: string, lhs: string, rhs: string) =>
    info(`incompatible sample types encountered for binary operator ${JSON.stringify(op)}: ${lhs} ${op} ${rhs}`),
  ignoredInAggregation: (agg: string) => info(`ignored histogram in ${agg} aggregation`),
  ignoredInMixedRange: (name: string) => info(`ignored histograms in a range containing both floats and histograms for metric name ${JSON.stringify(name)}`),
  quantileNaNResult: (name: string) => info(`input to histogram_quantile has NaN observations, result is NaN${forMetric(name)}`),
  quantileNaNSkew: (name: string) => info(`input to histogram_quantile has NaN observations, result is skewed higher${forMetric(name)}`),
  fractionNaNs: (name: string) => info(`input to histogram_fraction has NaN observations, which are excluded from all fractions${forMetric(name)}`),
  mismatchedCustomBuckets: (op: HistogramOperation) => info(`mismatched custom buckets were reconciled during ${op}`),
} as const;

