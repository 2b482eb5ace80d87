/**
 * `query_exemplars` as Prometheus's API answers it: the PromQL expression is parsed, every vector selector in it
 * picks series, and their exemplars in [start, end] come back grouped by series in the API's JSON shape.
 */
import { labelsToObject } from '../model/labels';
import { formatValue } from '../model/value';
import type { ExemplarQueryResult } from '../model/exemplar';
import type { Matcher } from '../model/matcher';
import { extractSelectors, parseExpr } from '../promql/parser';
import type { ExemplarData } from './types';

/** ExemplarSelect is what answers a query: the exemplar ring's select. */
export type ExemplarSelect = (start: number, end: number, matcherSets: readonly (readonly Matcher[])[]) => ExemplarQueryResult[];

/** exemplarsToApi writes query results in the API's shape (values as strings, timestamps in seconds). */
export function exemplarsToApi(results: readonly ExemplarQueryResult[]): ExemplarData[] {
  return results.map((r) => ({
    seriesLabels: labelsToObject(r.seriesLabels),
    exemplars: r.exemplars.map((e) => ({ labels: labelsToObject(e.labels), value: formatValue(e.value), timestamp: e.ts / 1000 })),
  }));
}

/**
 * queryExemplars runs a query_exemplars request (start and end in seconds; absent: unbounded). It throws with the
 * API's wording for a bad request and returns null for an expression without selectors, as Prometheus does.
 */
export function queryExemplars(select: ExemplarSelect, query: string, start?: number, end?: number): ExemplarData[] | null {
  const s = start === undefined ? -Infinity : start * 1000;
  const e = end === undefined ? Infinity : end * 1000;
  if (Number.isNaN(s)) throw new Error('invalid parameter "start": cannot parse to a valid timestamp');
  if (Number.isNaN(e)) throw new Error('invalid parameter "end": cannot parse to a valid timestamp');
  if (e < s) throw new Error('end timestamp must not be before start timestamp');
  const selectors = extractSelectors(parseExpr(query));
  if (selectors.length === 0) return null;
  return exemplarsToApi(select(s, e, selectors));
}
