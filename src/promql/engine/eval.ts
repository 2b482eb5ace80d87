/**
 * The evaluator: one pure function per AST node type, each evaluating its node over a whole step grid. Selected
 * series come from the preparation phase, so evaluation is synchronous.
 */
import { scaleHistogram } from '../../model/histogram';
import type { AggregateExpr, BinaryExpr, Expr, SubqueryExpr, UnaryExpr } from '../ast';
import { aggregate } from './aggregate';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binary';
import { evalCall } from './calls';
import { evalSmoothedSelector } from './extended';
import { evalError, type EvalContext } from './context';
import { evalVectorSelector, matrixAt, windowSource } from './selectors';
import type { Grid, StepSeries, Value } from './types';

type NodeEval<T extends Expr['type']> = (ctx: EvalContext, e: Extract<Expr, { type: T }>, g: Grid) => Value;

/** evaluate evaluates an expression over the grid. */
export function evaluate(ctx: EvalContext, e: Expr, g: Grid): Value {
  ctx.check();
  const v = (NODES[e.type] as NodeEval<typeof e.type>)(ctx, e as never, g);
  ctx.holdSamples(sampleCount(v, g));
  return v;
}

/** sampleCount counts the samples a value holds (a scalar holds one per step). */
function sampleCount(v: Value, g: Grid): number {
  switch (v.type) {
    case 'scalar':
      return g.n;
    case 'string':
      return 0;
    case 'matrix':
      return v.series.reduce((n, s) => n + s.t.length + (s.ht?.length ?? 0), 0);
    case 'vector': {
      let n = 0;
      for (const s of v.series) {
        for (let i = 0; i < g.n; i++) n += s.ok[i];
        if (s.h) for (let i = 0; i < g.n; i++) if (s.h[i]) n++;
      }
      return n;
    }
  }
}

/** evalVector evaluates an expression that must yield an instant vector. */
export function evalVector(ctx: EvalContext, e: Expr, g: Grid): StepSeries[] {
  const v = evaluate(ctx, e, g);
  if (v.type !== 'vector') throw evalError(`expected instant vector, got ${v.type}`);
  return v.series;
}

/** evalScalar evaluates an expression that must yield a scalar, as one value per step. */
export function evalScalar(ctx: EvalContext, e: Expr, g: Grid): Float64Array {
  const v = evaluate(ctx, e, g);
  if (v.type !== 'scalar') throw evalError(`expected scalar, got ${v.type}`);
  return v.v;
}

/** evalSubqueryInner evaluates a subquery's expression over its own grid. */
export function evalSubqueryInner(ctx: EvalContext, sq: SubqueryExpr, sg: Grid): Value {
  if (sg.n === 0) return { type: 'vector', series: [] };
  return evaluate(ctx, sq.expr, sg);
}

function filled(n: number, x: number): Float64Array {
  return new Float64Array(n).fill(x);
}

function evalUnary(ctx: EvalContext, e: UnaryExpr, g: Grid): Value {
  const v = evaluate(ctx, e.expr, g);
  if (e.op === '+') return v;
  if (v.type === 'scalar') return { type: 'scalar', v: v.v.map((x) => -x) };
  if (v.type !== 'vector') throw evalError(`unary expression only allowed on expressions of type scalar or instant vector`);
  return {
    type: 'vector',
    series: v.series.map((s) => ({
      labels: s.labels,
      dropName: true,
      v: s.v.map((x) => -x),
      ok: s.ok,
      ...(s.h ? { h: s.h.map((h) => h && scaleHistogram(h, -1)) } : {}),
    })),
  };
}

function evalBinary(ctx: EvalContext, e: BinaryExpr, g: Grid): Value {
  const l = evaluate(ctx, e.lhs, g);
  const r = evaluate(ctx, e.rhs, g);
  if (l.type === 'scalar' && r.type === 'scalar') {
    const out = new Float64Array(g.n);
    for (let i = 0; i < g.n; i++) out[i] = scalarBinop(e.op, l.v[i], r.v[i]);
    return { type: 'scalar', v: out };
  }
  if (l.type === 'vector' && r.type === 'scalar') return { type: 'vector', series: vectorScalarBinop(ctx, e, l.series, r.v, false, g) };
  if (l.type === 'scalar' && r.type === 'vector') return { type: 'vector', series: vectorScalarBinop(ctx, e, r.series, l.v, true, g) };
  if (l.type === 'vector' && r.type === 'vector') {
    const series =
      e.op === 'and' || e.op === 'or' || e.op === 'unless'
        ? setBinop(e, l.series, r.series, g)
        : vectorBinop(ctx, e, l.series, r.series, g);
    return { type: 'vector', series };
  }
  throw evalError(`binary expression must contain only scalar and instant vector types`);
}

function evalAggregation(ctx: EvalContext, e: AggregateExpr, g: Grid): Value {
  let param: Float64Array | string | null = null;
  if (e.param) {
    const p = evaluate(ctx, e.param, g);
    param = p.type === 'string' ? p.s : p.type === 'scalar' ? p.v : null;
  }
  const input = evalVector(ctx, e.expr, g);
  return { type: 'vector', series: aggregate(ctx, e, input, g, param, e.param ? ctx.posText(e.param.pos) : '') };
}

const NODES: { [T in Expr['type']]: NodeEval<T> } = {
  numberLiteral: (_ctx, e, g) => ({ type: 'scalar', v: filled(g.n, e.val) }),
  stringLiteral: (_ctx, e) => ({ type: 'string', s: e.val }),
  parenExpr: (ctx, e, g) => evaluate(ctx, e.expr, g),
  unaryExpr: evalUnary,
  binaryExpr: evalBinary,
  aggregation: evalAggregation,
  call: (ctx, e, g) => evalCall(ctx, e, g),
  vectorSelector: (ctx, e, g) => ({ type: 'vector', series: e.smoothed ? evalSmoothedSelector(ctx, e, g) : evalVectorSelector(ctx, e, g) }),
  matrixSelector: (ctx, e, g) => {
    if (g.n !== 1) throw evalError('cannot do range evaluation of matrix selector');
    return { type: 'matrix', series: matrixAt(windowSource(ctx, e, g, (sq, sg) => evalSubqueryInner(ctx, sq, sg)), 1) };
  },
  subquery: (ctx, e, g) => {
    if (g.n !== 1) throw evalError('cannot do range evaluation of subquery');
    const src = windowSource(ctx, e, g, (sq, sg) => evalSubqueryInner(ctx, sq, sg));
    return { type: 'matrix', series: matrixAt(src, 1) };
  },
};
