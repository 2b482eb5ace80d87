/** Parser limits and keyword tables. The limits bound what one line may make the parser allocate. */
import type { MetricType } from '../model/metadata';

/**
 * LIMITS caps what one sample may hold: labels per series, characters per metric or label name, characters per label
 * value, and the OpenMetrics exemplar label budget (128 code points, from the specification). Input beyond a cap
 * is malformed: the parser reports it as an ExpositionError at the offending position.
 */
export const LIMITS = {
  labels: 512,
  nameLength: 1024,
  valueLength: 65536,
  exemplarRunes: 128,
} as const;

/** TEXT_TYPES maps the Prometheus text format's TYPE keywords to metric types. */
export const TEXT_TYPES: Readonly<Record<string, MetricType>> = Object.assign(Object.create(null), {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  untyped: 'unknown',
});

/** OM_TYPES maps OpenMetrics TYPE keywords to metric types (`untyped` is not one of them). */
export const OM_TYPES: Readonly<Record<string, MetricType>> = Object.assign(Object.create(null), {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'gaugehistogram',
  summary: 'summary',
  info: 'info',
  stateset: 'stateset',
  unknown: 'unknown',
});
