/** The PromQL engine's public face. */
export { Engine, type EngineOptions } from './engine';
export { toPrometheusJSON, type PrometheusJSONData } from './json';
export {
  QueryError,
  type MatrixSeries,
  type QueryData,
  type QueryErrorType,
  type QueryResult,
  type VectorSample,
} from './types';
