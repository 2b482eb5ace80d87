/** Parser limits and keyword tables. The limits bound what one line may make the parser allocate. */
import type { MetricType } from '../model/metadata';
import { matchesAt } from './scan';

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

/** TypeKeywords lists the TYPE keywords of a format with the metric type each stands for. */
export type TypeKeywords = readonly (readonly [keyword: string, type: MetricType])[];

/** TEXT_TYPES are the Prometheus text format's TYPE keywords (`untyped` reads as unknown). */
export const TEXT_TYPES: TypeKeywords = [
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
];

/** OM_TYPES are the OpenMetrics TYPE keywords (`untyped` is not one of them). */
export const OM_TYPES: TypeKeywords = [
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['gaugehistogram', 'gaugehistogram'],
  ['summary', 'summary'],
  ['info', 'info'],
  ['stateset', 'stateset'],
  ['unknown', 'unknown'],
];

/** typeOf returns the metric type that s[start, end) names in table, or undefined; it cuts no string. */
export function typeOf(table: TypeKeywords, s: string, start: number, end: number): MetricType | undefined {
  for (const [keyword, type] of table) if (keyword.length === end - start && matchesAt(s, start, keyword)) return type;
  return undefined;
}
