/** queryFuncOf adapts an engine's instant query to the rules' QueryFunc, as Prometheus's EngineQueryFunc does. */
import type { Labels } from '../model/labels';
import type { QueryFunc } from './types';

/** InstantQueryData is the part of an instant query's result the adapter reads (the engine's QueryData fits). */
export type InstantQueryData =
  | { readonly resultType: 'vector'; readonly result: readonly { readonly labels: Labels; readonly v: number }[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly v: number } }
  | { readonly resultType: 'matrix' | 'string'; readonly result: unknown };

/** queryFuncOf returns a QueryFunc over run: vectors pass through, a scalar becomes one unlabelled sample. */
export function queryFuncOf(run: (expr: string, tMs: number, signal?: AbortSignal) => Promise<InstantQueryData>): QueryFunc {
  return async (expr, tMs, signal) => {
    const r = await run(expr, tMs, signal);
    if (r.resultType === 'vector') return r.result.map((s) => ({ labels: s.labels, value: s.v }));
    if (r.resultType === 'scalar') return [{ labels: [], value: r.result.v }];
    throw new Error('rule result is not a vector or scalar');
  };
}
