/**
 * Preparation, a pure AST → AST pass and a walk: resolve what depends on the query (duration expressions,
 * `@ start()`/`@ end()`, the start()/end()/range()/step() functions), then work out the time range every
 * selector needs so the engine can fetch all series before evaluating synchronously.
 */
import type { Matcher } from '../../model/matcher';
import type { SelectHints } from '../../model/storage';
import type { AtModifier, Call, Expr, NumberLiteral, VectorSelector } from '../ast';
import { infoFetch } from './info';
import { evalDurationMs, type DurationEnv } from '../parser';
import { QueryError } from './types';

/** QueryWindow is the query's own time range and step (step 0 for an instant query). */
export interface QueryWindow {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

function resolveAt(at: AtModifier | null, w: QueryWindow): AtModifier | null {
  if (at === null || at.kind === 'timestamp') return at;
  return { kind: 'timestamp', ms: at.kind === 'start' ? w.start : w.end };
}

function duration(d: Parameters<typeof evalDurationMs>[0] | null, fallback: number, env: DurationEnv, neg: boolean): number {
  if (d === null) return fallback;
  try {
    return evalDurationMs(d, env, neg);
  } catch (e) {
    throw new QueryError('bad_data', (e as Error).message);
  }
}

const CONTEXT_FUNCTIONS: Record<string, (w: QueryWindow) => number> = {
  start: (w) => w.start / 1000,
  end: (w) => w.end / 1000,
  range: (w) => (w.end - w.start) / 1000,
  step: (w) => w.step / 1000,
};

function vectorSelector(vs: VectorSelector, w: QueryWindow, env: DurationEnv): VectorSelector {
  return { ...vs, offset: duration(vs.offsetExpr, vs.offset, env, true), at: resolveAt(vs.at, w) };
}

/** resolveQueryContext returns the expression with query-dependent parts replaced by plain numbers. */
export function resolveQueryContext(e: Expr, w: QueryWindow): Expr {
  const env: DurationEnv = { stepMs: w.step, rangeMs: w.end - w.start };
  const go = (n: Expr): Expr => {
    switch (n.type) {
      case 'vectorSelector':
        return vectorSelector(n, w, env);
      case 'matrixSelector':
        return { ...n, vectorSelector: vectorSelector(n.vectorSelector, w, env), range: duration(n.rangeExpr, n.range, env, false) };
      case 'subquery':
        return {
          ...n,
          expr: go(n.expr),
          range: duration(n.rangeExpr, n.range, env, false),
          step: duration(n.stepExpr, n.step, env, false),
          offset: duration(n.offsetExpr, n.offset, env, true),
          at: resolveAt(n.at, w),
        };
      case 'call': {
        const fold = CONTEXT_FUNCTIONS[n.func];
        if (fold && n.args.length === 0) {
          const lit: NumberLiteral = { type: 'numberLiteral', val: fold(w), text: '', pos: n.pos };
          return lit;
        }
        return { ...n, args: n.args.map(go) };
      }
      case 'aggregation':
        return { ...n, expr: go(n.expr), param: n.param ? go(n.param) : null };
      case 'binaryExpr':
        return { ...n, lhs: go(n.lhs), rhs: go(n.rhs) };
      case 'parenExpr':
      case 'unaryExpr':
        return { ...n, expr: go(n.expr) };
      default:
        return n;
    }
  };
  return go(e);
}

/** SelectRange is the inclusive time range (ms) a selector must read, and the hints for its select. */
export interface SelectRange {
  readonly mint: number;
  readonly maxt: number;
  readonly hints?: SelectHints;
}

/** InfoFetch is what an info() call reads: candidate info series by matchers over a time range. */
export interface InfoFetch extends SelectRange {
  readonly matchers: Matcher[];
}

/**
 * selectRanges lists every selector with the time range it reads, given the lookback delta; info() calls get
 * their candidate info series listed in infos (their label-selector argument reads nothing).
 */
export function selectRanges(e: Expr, w: QueryWindow, lookback: number, infos: Map<Call, InfoFetch>): Map<VectorSelector, SelectRange> {
  const out = new Map<VectorSelector, SelectRange>();
  const atMs = (at: AtModifier | null) => (at?.kind === 'timestamp' ? at.ms : null);
  // step is the evaluation step on the query's own grid, 0 inside subqueries (whose grids are their own).
  const go = (n: Expr, start: number, end: number, step = w.step) => {
    switch (n.type) {
      case 'vectorSelector': {
        const at = atMs(n.at);
        const ahead = n.smoothed ? lookback : 0;
        const r = { mint: (at ?? start) - n.offset - lookback, maxt: (at ?? end) - n.offset + ahead };
        const onGrid = step > 0 && at === null && !n.smoothed && !n.anchored;
        out.set(n, onGrid ? { ...r, hints: { start: start - n.offset, end: end - n.offset, step, range: 0 } } : r);
        return;
      }
      case 'matrixSelector': {
        const vs = n.vectorSelector;
        const at = atMs(vs.at);
        const behind = vs.anchored || vs.smoothed ? lookback : 0;
        const ahead = vs.smoothed ? lookback : 0;
        out.set(vs, { mint: (at ?? start) - vs.offset - n.range - behind, maxt: (at ?? end) - vs.offset + ahead });
        return;
      }
      case 'subquery': {
        const at = atMs(n.at);
        go(n.expr, (at ?? start) - n.offset - n.range, (at ?? end) - n.offset, 0);
        return;
      }
      case 'call':
        if (n.func === 'info') {
          infos.set(n, infoFetch(n, start, end, lookback));
          go(n.args[0], start, end, step);
          return;
        }
        n.args.forEach((a) => go(a, start, end, step));
        return;
      case 'aggregation':
        if (n.param) go(n.param, start, end, step);
        go(n.expr, start, end, step);
        return;
      case 'binaryExpr':
        go(n.lhs, start, end, step);
        go(n.rhs, start, end, step);
        return;
      case 'parenExpr':
      case 'unaryExpr':
        go(n.expr, start, end, step);
        return;
      default:
        return;
    }
  };
  go(e, w.start, w.end);
  return out;
}
