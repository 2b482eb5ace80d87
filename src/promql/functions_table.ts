/**
 * The parse-time signatures of PromQL functions (Prometheus 3.x `promql/parser/functions.go`): argument types,
 * how many optional arguments may follow, the result type and whether the function is experimental. The engine's
 * implementations live elsewhere; this table only tells the parser what is well typed.
 */
import type { ValueType } from './ast';

/**
 * FunctionSignature describes one function. With variadic 0 the call takes exactly argTypes.length arguments;
 * otherwise the last entry of argTypes is optional, may repeat up to `variadic` times (-1: without limit) and
 * extra arguments take the type of the last entry.
 */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  readonly variadic: number;
  readonly returnType: ValueType;
  readonly experimental: boolean;
}

type Row = readonly [name: string, args: string, variadic: number, ret: ValueType, experimental?: 'experimental'];

const ARG: Record<string, ValueType> = { v: 'vector', m: 'matrix', s: 'scalar', S: 'string' };

// One row per function: name, argument types (v vector, m matrix, s scalar, S string), variadic, return type.
const ROWS: readonly Row[] = [
  ['abs', 'v', 0, 'vector'],
  ['absent', 'v', 0, 'vector'],
  ['absent_over_time', 'm', 0, 'vector'],
  ['acos', 'v', 0, 'vector'],
  ['acosh', 'v', 0, 'vector'],
  ['asin', 'v', 0, 'vector'],
  ['asinh', 'v', 0, 'vector'],
  ['atan', 'v', 0, 'vector'],
  ['atanh', 'v', 0, 'vector'],
  ['avg_over_time', 'm', 0, 'vector'],
  ['ceil', 'v', 0, 'vector'],
  ['changes', 'm', 0, 'vector'],
  ['clamp', 'vss', 0, 'vector'],
  ['clamp_max', 'vs', 0, 'vector'],
  ['clamp_min', 'vs', 0, 'vector'],
  ['cos', 'v', 0, 'vector'],
  ['cosh', 'v', 0, 'vector'],
  ['count_over_time', 'm', 0, 'vector'],
  ['days_in_month', 'v', 1, 'vector'],
  ['day_of_month', 'v', 1, 'vector'],
  ['day_of_week', 'v', 1, 'vector'],
  ['day_of_year', 'v', 1, 'vector'],
  ['deg', 'v', 0, 'vector'],
  ['delta', 'm', 0, 'vector'],
  ['deriv', 'm', 0, 'vector'],
  ['double_exponential_smoothing', 'mss', 0, 'vector', 'experimental'],
  ['end', '', 0, 'scalar', 'experimental'],
  ['exp', 'v', 0, 'vector'],
  ['first_over_time', 'm', 0, 'vector'],
  ['floor', 'v', 0, 'vector'],
  ['histogram_avg', 'v', 0, 'vector'],
  ['histogram_count', 'v', 0, 'vector'],
  ['histogram_fraction', 'ssv', 0, 'vector'],
  ['histogram_quantile', 'sv', 0, 'vector'],
  ['histogram_quantiles', 'vSss', 9, 'vector', 'experimental'],
  ['histogram_stddev', 'v', 0, 'vector'],
  ['histogram_stdvar', 'v', 0, 'vector'],
  ['histogram_sum', 'v', 0, 'vector'],
  ['hour', 'v', 1, 'vector'],
  ['idelta', 'm', 0, 'vector'],
  ['increase', 'm', 0, 'vector'],
  ['info', 'vv', 1, 'vector', 'experimental'],
  ['irate', 'm', 0, 'vector'],
  ['label_join', 'vSSS', -1, 'vector'],
  ['label_replace', 'vSSSS', 0, 'vector'],
  ['last_over_time', 'm', 0, 'vector'],
  ['ln', 'v', 0, 'vector'],
  ['log10', 'v', 0, 'vector'],
  ['log2', 'v', 0, 'vector'],
  ['mad_over_time', 'm', 0, 'vector', 'experimental'],
  ['max_of', 'ss', 0, 'scalar', 'experimental'],
  ['max_over_time', 'm', 0, 'vector'],
  ['min_of', 'ss', 0, 'scalar', 'experimental'],
  ['min_over_time', 'm', 0, 'vector'],
  ['minute', 'v', 1, 'vector'],
  ['month', 'v', 1, 'vector'],
  ['pi', '', 0, 'scalar'],
  ['predict_linear', 'ms', 0, 'vector'],
  ['present_over_time', 'm', 0, 'vector'],
  ['quantile_over_time', 'sm', 0, 'vector'],
  ['rad', 'v', 0, 'vector'],
  ['range', '', 0, 'scalar', 'experimental'],
  ['rate', 'm', 0, 'vector'],
  ['resets', 'm', 0, 'vector'],
  ['round', 'vs', 1, 'vector'],
  ['scalar', 'v', 0, 'scalar'],
  ['sgn', 'v', 0, 'vector'],
  ['sin', 'v', 0, 'vector'],
  ['sinh', 'v', 0, 'vector'],
  ['sort', 'v', 0, 'vector'],
  ['sort_by_label', 'vS', -1, 'vector', 'experimental'],
  ['sort_by_label_desc', 'vS', -1, 'vector', 'experimental'],
  ['sort_desc', 'v', 0, 'vector'],
  ['sqrt', 'v', 0, 'vector'],
  ['start', '', 0, 'scalar', 'experimental'],
  ['start_timestamp', 'v', 0, 'vector', 'experimental'],
  ['stddev_over_time', 'm', 0, 'vector'],
  ['stdvar_over_time', 'm', 0, 'vector'],
  ['step', '', 0, 'scalar', 'experimental'],
  ['sum_over_time', 'm', 0, 'vector'],
  ['tan', 'v', 0, 'vector'],
  ['tanh', 'v', 0, 'vector'],
  ['time', '', 0, 'scalar'],
  ['timestamp', 'v', 0, 'vector'],
  ['ts_of_first_over_time', 'm', 0, 'vector', 'experimental'],
  ['ts_of_last_over_time', 'm', 0, 'vector', 'experimental'],
  ['ts_of_max_over_time', 'm', 0, 'vector', 'experimental'],
  ['ts_of_min_over_time', 'm', 0, 'vector', 'experimental'],
  ['vector', 's', 0, 'vector'],
  ['year', 'v', 1, 'vector'],
];

/** FUNCTIONS maps each PromQL function name to its signature. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(
  ROWS.map(([name, args, variadic, returnType, experimental]) => [
    name,
    { name, argTypes: [...args].map((c) => ARG[c]), variadic, returnType, experimental: experimental !== undefined },
  ]),
);
