/** toPrometheusJSON: a query result in the exact JSON shape of Prometheus's /api/v1/query `data`. */
import { histogramJSON, type HistogramJSON } from '../../model/histogram_json';
import { labelsToObject, type LabelsObject } from '../../model/labels';
import { formatValue } from '../../model/value';
import type { QueryResult } from './types';

/** PrometheusJSONData is the `data` object of a Prometheus query response. */
export type PrometheusJSONData =
  | {
      resultType: 'vector';
      result: ({ metric: LabelsObject; value: [number, string] } | { metric: LabelsObject; histogram: [number, HistogramJSON] })[];
    }
  | {
      resultType: 'matrix';
      result: { metric: LabelsObject; values?: [number, string][]; histograms?: [number, HistogramJSON][] }[];
    }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

const seconds = (ms: number) => ms / 1000;

/** toPrometheusJSON converts a result: times in seconds, values as strings ("+Inf", "NaN"), labels as objects. */
export function toPrometheusJSON(r: QueryResult): PrometheusJSONData {
  switch (r.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((s) =>
          s.h
            ? { metric: labelsToObject(s.labels), histogram: [seconds(s.t), histogramJSON(s.h)] }
            : { metric: labelsToObject(s.labels), value: [seconds(s.t), formatValue(s.v)] },
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => {
          const hs = s.histograms;
          return {
            metric: labelsToObject(s.labels),
            ...(s.timestamps.length > 0 || !hs ? { values: Array.from(s.timestamps, (t, i): [number, string] => [seconds(t), formatValue(s.values[i])]) } : {}),
            ...(hs ? { histograms: Array.from(hs.timestamps, (t, i): [number, HistogramJSON] => [seconds(t), histogramJSON(hs.values[i])]) } : {}),
          };
        }),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(r.result.t), formatValue(r.result.v)] };
    case 'string':
      return { resultType: 'string', result: [seconds(r.result.t), r.result.v] };
  }
}
