/**
 * Function calls: range-vector functions run per series per step over windows (the window functions are
 * pure and live in src/promql/functions), element-wise functions map samples, and the functions that work on
 * whole vectors or label sets (absent, scalar, sort, label_replace, histogram_quantile...) have their own entry.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsGet, type Labels } from '../../model/labels';
import { HISTOGRAM_ANNOTATIONS } from '../functions/histogram_annotations';
import { HISTOGRAM_WINDOW_FUNCTIONS } from '../functions/histogram_window';
import type { Call, Expr, MatrixSelector, SubqueryExpr } from '../ast';
import { WINDOW_FUNCTIONS, WINDOW_KEEPS_NAME, WINDOW_STEPS_FUNCTIONS } from '../functions/window_functions';
import { annotateNonCounter } from '../functions/rate';
import type { Window, WindowContext } from '../window';
import { evalError, type EvalContext } from './context';
import { evalScalar, evalSubqueryInner, evalVector, evaluate } from './eval';
import { DATE_FUNCTIONS, MATH_FUNCTIONS, dateOf } from './functions';
import { evalExtendedCall, isExtended } from './extended';
import { evalInfo } from './info';
import { histogramFraction, histogramQuantile, histogramQuantiles } from './histogram';
import { nativeVariance } from './native_quantile';
import { labelJoin, labelReplace, sortByLabel, sortByValue } from './label_functions';
import { evalVectorSelector, forEachWindow, windowSource } from './selectors';
import { newStepSeries, type Grid, type StepSeries, type Value } from './types';

type CallEval = (ctx: EvalContext, e: Call, g: Grid) => Value;

function unwrap(e: Expr): Expr {
  return e.type === 'parenExpr' ? unwrap(e.expr) : e;
}

function isRange(e: Expr): e is MatrixSelector | SubqueryExpr {
  const u = unwrap(e);
  return u.type === 'matrixSelector' || u.type === 'subquery';
}

function stepTimes(g: Grid): Float64Array {
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) out[i] = (g.start + i * g.step) / 1000;
  return out;
}

function scalarValue(v: Float64Array): Value {
  return { type: 'scalar', v };
}

function vec(series: StepSeries[]): Value {
  return { type: 'vector', series };
}

/** absentLabels derives absent()'s output labels from the equality matchers of a selector argument. */
export function absentLabels(arg: Expr): Labels {
  const vs = arg.type === 'vectorSelector' ? arg : arg.type === 'matrixSelector' ? arg.vectorSelector : null;
  if (!vs) return [];
  const set = new Map<string, string>();
  const has = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !has.has(m.name)) {
      set.set(m.name, m.value);
      has.add(m.name);
    } else set.delete(m.name);
  }
  const names = [...set.keys()].sort();
  return names.flatMap((n) => [n, set.get(n)!]);
}

function absentWhere(present: Uint8Array, labels: Labels, g: Grid): StepSeries[] {
  const out = newStepSeries(labels, g.n, true);
  for (let i = 0; i < g.n; i++) {
    if (present[i]) continue;
    out.v[i] = 1;
    out.ok[i] = 1;
  }
  return out.ok.includes(1) ? [out] : [];
}

function evalWindowCall(ctx: EvalContext, e: Call, g: Grid, argIndex: number): Value {
  const arg = unwrap(e.args[argIndex]) as MatrixSelector | SubqueryExpr;
  if (arg.type === 'matrixSelector' && isExtended(arg)) return vec(evalExtendedCall(ctx, e, arg, g));
  const scalars = e.args.flatMap((a, i) => (i === argIndex ? [] : [evalScalar(ctx, a, g)]));
  const src = windowSource(ctx, arg, g, (sq, sg) => evalSubqueryInner(ctx, sq, sg));
  if (e.func === 'absent_over_time') {
    const present = new Uint8Array(g.n);
    src.each((p) => {
      forEachWindow(p, src, g.n, (i) => (present[i] = 1));
      if (p.ht) forEachWindow({ ...p, t: p.ht }, src, g.n, (i) => (present[i] = 1));
    });
    return vec(absentWhere(present, absentLabels(arg), g));
  }
  const fn = WINDOW_FUNCTIONS.get(e.func);
  if (!fn) throw evalError(`unknown function with name "${e.func}"`);
  const keepsName = WINDOW_KEEPS_NAME.has(e.func);
  const posText = ctx.posText(e.args[argIndex].pos);
  const args: number[] = new Array(scalars.length).fill(0);
  const seen = new Set<string>();
  let last = '';
  const wctx: WindowContext & { evalTime: number } = {
    args,
    evalTime: 0,
    annotate: (a) => {
      if (a.message === last || seen.has(a.message)) return;
      last = a.message;
      seen.add(a.message);
      ctx.annotations.add({ level: a.level, message: a.message + posText });
    },
  };
  const out: StepSeries[] = [];
  const { refs, range } = src;
  const w = { t: EMPTY_TIMES, v: EMPTY_TIMES, start: 0, end: 0, rangeStart: 0, rangeEnd: 0, labels: [] as Labels, st: undefined as Float64Array | undefined };
  const hfn = HISTOGRAM_WINDOW_FUNCTIONS.get(e.func);
  const fast = scalars.length === 0 ? WINDOW_STEPS_FUNCTIONS.get(e.func) : undefined;
  src.each((p) => {
    if (fast && !p.ht && !p.st) {
      const o = newStepSeries(p.labels, g.n, keepsName ? p.dropName : true);
      const produced = fast.steps(p.t, p.v, refs, range, o.v, o.ok);
      ctx.tick(p.t.length);
      if (produced === 0) return;
      if (fast.counter) annotateNonCounter(p, wctx);
      out.push(o);
      return;
    }
    const t = p.t;
    const len = t.length;
    w.t = t;
    w.v = p.v;
    w.labels = p.labels;
    w.st = p.st;
    const ht = p.ht ?? EMPTY_TIMES;
    const hw = { t: ht, h: p.hv ?? [], start: 0, end: 0, ...(p.hst ? { st: p.hst } : {}) };
    let o: StepSeries | null = null;
    let lo = 0;
    let hi = 0;
    let lastRef = -Infinity;
    let work = 0;
    for (let i = 0; i < g.n; i++) {
      const ref = refs[i];
      if (ref < lastRef) lo = hi = hw.start = hw.end = 0;
      lastRef = ref;
      const min = ref - range;
      while (hi < len && t[hi] <= ref) hi++;
      while (lo < hi && t[lo] <= min) lo++;
      while (hw.end < ht.length && ht[hw.end] <= ref) hw.end++;
      while (hw.start < hw.end && ht[hw.start] <= min) hw.start++;
      const hasHistograms = hw.end > hw.start;
      if (hi === lo && !hasHistograms) continue;
      for (let k = 0; k < scalars.length; k++) args[k] = scalars[k][i];
      wctx.evalTime = g.start + i * g.step;
      w.start = lo;
      w.end = hi;
      w.rangeStart = min;
      w.rangeEnd = ref;
      work += hi - lo + hw.end - hw.start;
      let r: number | FloatHistogram | undefined;
      if (!hasHistograms) r = fn(w as Window, wctx);
      else if (hfn) r = hfn(w as Window, hw, wctx);
      else if (hi > lo) {
        wctx.annotate(HISTOGRAM_ANNOTATIONS.ignoredInMixedRange(labelsGet(p.labels, METRIC_NAME)));
        r = fn(w as Window, wctx);
      }
      if (r === undefined) continue;
      o ??= newStepSeries(p.labels, g.n, keepsName ? p.dropName : true);
      if (typeof r === 'number') {
        o.v[i] = r;
        o.ok[i] = 1;
      } else (o.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = r;
    }
    ctx.tick(work);
    if (o) out.push(o);
  });
  return vec(out);
}

const EMPTY_TIMES: Float64Array = new Float64Array(0);

function mapValues(ctx: EvalContext, e: Call, g: Grid, f: (v: number, i: number) => number | undefined): Value {
  const input = e.args.length > 0 ? evalVector(ctx, e.args[0], g) : [];
  const out: StepSeries[] = [];
  for (const s of input) {
    const o = newStepSeries(s.labels, g.n, true);
    let any = false;
    for (let i = 0; i < g.n; i++) {
      if (!s.ok[i]) continue;
      const r = f(s.v[i], i);
      if (r === undefined) continue;
      o.v[i] = r;
      o.ok[i] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return vec(out);
}

/** floatsOnly drops the histogram samples of a vector (sort and sort_desc order floats only). */
function floatsOnly(v: StepSeries[]): StepSeries[] {
  return v.filter((s) => s.ok.includes(1)).map((s) => (s.h ? { ...s, h: undefined } : s));
}

function sortWarning(ctx: EvalContext, e: Call, g: Grid): void {
  if (g.n > 1) {
    ctx.annotations.add({
      level: 'warning',
      message: `PromQL warning: sort is ineffective for range queries since results are always ordered by labels${ctx.posText(e.pos)}`,
    });
  }
}

function strings(ctx: EvalContext, args: readonly Expr[], g: Grid): string[] {
  return args.map((a) => {
    const v = evaluate(ctx, a, g);
    if (v.type !== 'string') throw evalError('expected string argument');
    return v.s;
  });
}

/** HISTOGRAM_PROPERTIES are the functions that read one float off each native histogram sample (floats are dropped). */
const HISTOGRAM_PROPERTIES: Record<string, (h: FloatHistogram) => number> = {
  histogram_count: (h) => h.count,
  histogram_sum: (h) => h.sum,
  histogram_avg: (h) => h.sum / h.count,
  histogram_stddev: (h) => Math.sqrt(nativeVariance(h)),
  histogram_stdvar: nativeVariance,
};

function mapHistograms(input: StepSeries[], g: Grid, f: (h: FloatHistogram) => number): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of input) {
    if (!s.h) continue;
    const o = newStepSeries(s.labels, g.n, true);
    for (let i = 0; i < g.n; i++) {
      const h = s.h[i];
      if (!h) continue;
      o.v[i] = f(h);
      o.ok[i] = 1;
    }
    if (o.ok.includes(1)) out.push(o);
  }
  return out;
}

/** SPECIAL_CALLS are the functions that are not a plain map over samples or windows. */
const SPECIAL_CALLS: Record<string, CallEval> = {
  time: (_ctx, _e, g) => scalarValue(stepTimes(g)),
  pi: (_ctx, _e, g) => scalarValue(new Float64Array(g.n).fill(Math.PI)),
  vector: (ctx, e, g) => {
    const s = newStepSeries([], g.n);
    s.v.set(evalScalar(ctx, e.args[0], g));
    s.ok.fill(1);
    return vec([s]);
  },
  scalar: (ctx, e, g) => {
    const input = evalVector(ctx, e.args[0], g);
    const out = new Float64Array(g.n).fill(NaN);
    const count = new Uint32Array(g.n);
    for (const s of input) {
      for (let i = 0; i < g.n; i++) {
        if (!s.ok[i]) continue;
        out[i] = ++count[i] === 1 ? s.v[i] : NaN;
      }
    }
    return scalarValue(out);
  },
  timestamp: (ctx, e, g) => {
    const arg = unwrap(e.args[0]);
    if (arg.type === 'vectorSelector') {
      return vec(evalVectorSelector(ctx, arg, g, 'timestamp').map((s) => ({ ...s, dropName: true })));
    }
    const times = stepTimes(g);
    return mapValues(ctx, e, g, (_v, i) => times[i]);
  },
  start_timestamp: (ctx, e, g) => {
    const arg = unwrap(e.args[0]);
    if (arg.type === 'vectorSelector') {
      return vec(evalVectorSelector(ctx, arg, g, 'startTimestamp').map((s) => ({ ...s, dropName: true })));
    }
    evalVector(ctx, arg, g);
    return vec([]);
  },
  absent: (ctx, e, g) => {
    const input = evalVector(ctx, e.args[0], g);
    const present = new Uint8Array(g.n);
    for (const s of input) for (let i = 0; i < g.n; i++) present[i] |= s.ok[i] | (s.h?.[i] ? 1 : 0);
    return vec(absentWhere(present, absentLabels(e.args[0]), g));
  },
  label_replace: (ctx, e, g) => {
    const [dst, repl, src, re] = strings(ctx, e.args.slice(1), g);
    return vec(labelReplace(evalVector(ctx, e.args[0], g), dst, repl, src, re, g));
  },
  label_join: (ctx, e, g) => {
    const [dst, sep, ...src] = strings(ctx, e.args.slice(1), g);
    return vec(labelJoin(evalVector(ctx, e.args[0], g), dst, sep, src, g));
  },
  sort: (ctx, e, g) => {
    sortWarning(ctx, e, g);
    return vec(sortByValue(floatsOnly(evalVector(ctx, e.args[0], g)), false));
  },
  sort_desc: (ctx, e, g) => {
    sortWarning(ctx, e, g);
    return vec(sortByValue(floatsOnly(evalVector(ctx, e.args[0], g)), true));
  },
  sort_by_label: (ctx, e, g) => {
    sortWarning(ctx, e, g);
    return vec(sortByLabel(evalVector(ctx, e.args[0], g), strings(ctx, e.args.slice(1), g), false));
  },
  sort_by_label_desc: (ctx, e, g) => {
    sortWarning(ctx, e, g);
    return vec(sortByLabel(evalVector(ctx, e.args[0], g), strings(ctx, e.args.slice(1), g), true));
  },
  histogram_quantile: (ctx, e, g) => {
    const q = evalScalar(ctx, e.args[0], g);
    const input = evalVector(ctx, e.args[1], g);
    return vec(histogramQuantile(ctx, q, input, g, ctx.posText(e.args[0].pos), ctx.posText(e.args[1].pos)));
  },
  info: (ctx, e, g) => vec(evalInfo(ctx, e, evalVector(ctx, e.args[0], g), g)),
  histogram_quantiles: (ctx, e, g) => {
    const input = evalVector(ctx, e.args[0], g);
    const [label] = strings(ctx, [e.args[1]], g);
    const qs = e.args.slice(2).map((a) => ({ q: evalScalar(ctx, a, g), pos: ctx.posText(a.pos) }));
    return vec(histogramQuantiles(ctx, input, label, qs, g, ctx.posText(e.args[0].pos)));
  },
  min_of: (ctx, e, g) => {
    const [a, b] = e.args.map((x) => evalScalar(ctx, x, g));
    return scalarValue(a.map((x, i) => Math.min(x, b[i])));
  },
  max_of: (ctx, e, g) => {
    const [a, b] = e.args.map((x) => evalScalar(ctx, x, g));
    return scalarValue(a.map((x, i) => Math.max(x, b[i])));
  },
  histogram_fraction: (ctx, e, g) => {
    const lower = evalScalar(ctx, e.args[0], g);
    const upper = evalScalar(ctx, e.args[1], g);
    const input = evalVector(ctx, e.args[2], g);
    return vec(histogramFraction(ctx, lower, upper, input, g, ctx.posText(e.args[2].pos)));
  },
  ...Object.fromEntries(
    Object.entries(HISTOGRAM_PROPERTIES).map(([name, f]): [string, CallEval] => [
      name,
      (ctx, e, g) => vec(mapHistograms(evalVector(ctx, e.args[0], g), g, f)),
    ]),
  ),
};

/** evalCall evaluates a function call over the grid. */
export function evalCall(ctx: EvalContext, e: Call, g: Grid): Value {
  const special = SPECIAL_CALLS[e.func];
  if (special) return special(ctx, e, g);
  const rangeArg = e.args.findIndex(isRange);
  if (rangeArg >= 0) return evalWindowCall(ctx, e, g, rangeArg);
  const math = MATH_FUNCTIONS.get(e.func);
  if (math) {
    const scalars = e.args.slice(1).map((a) => evalScalar(ctx, a, g));
    const args: number[] = new Array(scalars.length).fill(0);
    if (e.func === 'clamp') {
      return mapValues(ctx, e, g, (v, i) => (scalars[1][i] < scalars[0][i] ? undefined : math(v, [scalars[0][i], scalars[1][i]])));
    }
    return mapValues(ctx, e, g, (v, i) => {
      for (let k = 0; k < scalars.length; k++) args[k] = scalars[k][i];
      return math(v, args);
    });
  }
  const dateFn = DATE_FUNCTIONS.get(e.func);
  if (dateFn) {
    if (e.args.length === 0) return vec([{ ...newStepSeries([], g.n), v: stepTimes(g).map((t) => dateFn(dateOf(t))), ok: new Uint8Array(g.n).fill(1) }]);
    return mapValues(ctx, e, g, (v) => (Number.isNaN(v) ? NaN : dateFn(dateOf(v))));
  }
  throw evalError(`unknown function with name ${JSON.stringify(e.func)}`);
}
