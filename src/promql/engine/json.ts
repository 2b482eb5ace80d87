/** toPrometheusJSON: a query result in the exact JSON shape of Prometheus's /api/v1/query `data`. */
import { labelsToObject, type LabelsObject } from '../../model/labels';
import { formatValue } from '../../model/value';
import type { QueryResult } from './types';

/** PrometheusJSONData is the `data` object of a Prometheus query response. */
export type PrometheusJSONData =
  | { resultType: 'vector'; result: { metric: LabelsObject; value: [number, string] }[] }
  | { resultType: 'matrix'; result: { metric: LabelsObject; values: [number, string][] }[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

const seconds = (ms: number) => ms / 1000;

/** toPrometheusJSON converts a result: times in seconds, values as strings ("+Inf", "NaN"), labels as objects. */
export function toPrometheusJSON(r: QueryResult): PrometheusJSONData {
  switch (r.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((s) => ({ metric: labelsToObject(s.labels), value: [seconds(s.t), formatValue(s.v)] })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => ({
          metric: labelsToObject(s.labels),
          values: Array.from(s.timestamps, (t, i): [number, string] => [seconds(t), formatValue(s.values[i])]),
        })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(r.result.t), formatValue(r.result.v)] };
    case 'string':
      return { resultType: 'string', result: [seconds(r.result.t), r.result.v] };
  }
}
