/**
 * info(v [, {selector}]) (experimental): adds the data labels of matching info series (target_info by default),
 * joined on the identifying labels `instance` and `job`. The preparation phase fetches the candidate info series;
 * evaluation narrows them to the identifying values the base series carry and joins step by step.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsGet, labelsKey, type Labels } from '../../model/labels';
import { compileMatcher, type CompiledMatcher, type Matcher } from '../../model/matcher';
import type { Series } from '../../model/storage';
import { isStaleNaN } from '../../model/value';
import type { Call, Expr } from '../ast';
import { setLabel } from './aggregate';
import { goLabelsString } from './binary';
import { evalError, type EvalContext } from './context';
import { newStepSeries, type Grid, type StepSeries } from './types';

const TARGET_INFO = 'target_info';
const IDENTIFYING = ['instance', 'job'];

/** infoMatchers splits info()'s second argument into name matchers and data-label matchers. */
function infoMatchers(e: Call): { names: Matcher[]; data: Matcher[] } {
  const sel = e.args[1];
  if (!sel || sel.type !== 'vectorSelector') return { names: [{ type: '=', name: METRIC_NAME, value: TARGET_INFO }], data: [] };
  return { names: sel.matchers.filter((m) => m.name === METRIC_NAME), data: sel.matchers.filter((m) => m.name !== METRIC_NAME) };
}

/** effectiveNameMatchers applies Prometheus's defaults: target_info, or `.+_info` when only negative matchers. */
function effectiveNameMatchers(ms: Matcher[]): Matcher[] {
  if (ms.some((m) => m.type === '=' || m.type === '=~')) return ms;
  if (ms.length > 0) return [{ type: '=~', name: METRIC_NAME, value: '.+_info' }, ...ms];
  return [{ type: '=', name: METRIC_NAME, value: TARGET_INFO }];
}

/** infoSelectorTime finds the `@` and offset info series are read with: those of the first selector in v. */
export function infoSelectorTime(arg: Expr): { at: number | null; offset: number } {
  let found: { at: number | null; offset: number } | null = null;
  const go = (n: Expr, subqueries: { at: number | null; offset: number }[]) => {
    if (found) return;
    if (n.type === 'vectorSelector' || n.type === 'matrixSelector') {
      const vs = n.type === 'vectorSelector' ? n : n.vectorSelector;
      let at = vs.at?.kind === 'timestamp' ? vs.at.ms : null;
      let offset = vs.offset;
      for (let i = subqueries.length - 1; at === null && i >= 0; i--) {
        offset += subqueries[i].offset;
        at = subqueries[i].at;
      }
      found = { at, offset };
      return;
    }
    const next = n.type === 'subquery' ? [...subqueries, { at: n.at?.kind === 'timestamp' ? n.at.ms : null, offset: n.offset }] : subqueries;
    for (const c of childrenOf(n)) go(c, next);
  };
  go(arg, []);
  return found ?? { at: null, offset: 0 };
}

function childrenOf(e: Expr): Expr[] {
  switch (e.type) {
    case 'aggregation':
      return e.param ? [e.param, e.expr] : [e.expr];
    case 'binaryExpr':
      return [e.lhs, e.rhs];
    case 'call':
      return [...e.args];
    case 'subquery':
    case 'parenExpr':
    case 'unaryExpr':
      return [e.expr];
    default:
      return [];
  }
}

/** infoFetch returns the matchers and time range to fetch an info() call's candidate info series with. */
export function infoFetch(e: Call, start: number, end: number, lookback: number): { matchers: Matcher[]; mint: number; maxt: number } {
  const { names, data } = infoMatchers(e);
  const { at, offset } = infoSelectorTime(e.args[0]);
  return {
    matchers: [...data, ...effectiveNameMatchers(names)],
    mint: (at ?? start) - lookback + 1 - offset,
    maxt: (at ?? end) - offset,
  };
}

function matchesAll(ms: CompiledMatcher[], ls: Labels): boolean {
  return ms.every((m) => m.matches(labelsGet(ls, m.name)));
}

/** lookupOrigT evaluates an info series like a selector, but yields each sample's own timestamp. */
function lookupOrigT(ctx: EvalContext, s: Series, g: Grid, at: number | null, offset: number): Float64Array {
  const out = new Float64Array(g.n).fill(NaN);
  const { timestamps: t, values: v } = s;
  let j = 0;
  for (let i = 0; i < g.n; i++) {
    const ref = (at ?? g.start + i * g.step) - offset;
    if (at !== null) j = 0;
    while (j < t.length && t[j] <= ref) j++;
    if (j === 0) continue;
    const k = j - 1;
    if (t[k] <= ref - ctx.opts.lookbackDelta || (!s.histograms?.[k] && isStaleNaN(v[k]))) continue;
    if (s.histograms?.[k]) throw evalError('info sample should be float');
    out[i] = t[k];
  }
  return out;
}

/** evalInfo joins the base vector with the info series fetched for this call. */
export function evalInfo(ctx: EvalContext, e: Call, base: StepSeries[], g: Grid): StepSeries[] {
  const { names, data } = infoMatchers(e);
  const nameMs = effectiveNameMatchers(names).map(compileMatcher);
  const dataMs = data.map(compileMatcher);
  const dataNames = new Set(data.map((m) => m.name));
  const ignored = base.map((s) => nameMs.every((m) => m.matches(labelsGet(s.labels, METRIC_NAME))));
  const idValues = new Map<string, Set<string>>();
  base.forEach((s, i) => {
    if (ignored[i]) return;
    for (const l of IDENTIFYING) {
      const v = labelsGet(s.labels, l);
      if (v === '') continue;
      if (!idValues.has(l)) idValues.set(l, new Set());
      idValues.get(l)!.add(v);
    }
  });
  const { at, offset } = infoSelectorTime(e.args[0]);
  const candidates = idValues.size === 0 ? [] : (ctx.infoData.get(e) ?? []);
  const infos = candidates
    .filter((s) => [...idValues].every(([l, vals]) => vals.has(labelsGet(s.labels, l))) && matchesAll(dataMs, s.labels))
    .map((s) => ({ labels: s.labels, origT: lookupOrigT(ctx, s, g, at, offset), sig: signature(labelsGet(s.labels, METRIC_NAME), s.labels) }));
  const infoNames = [...new Set(infos.map((s) => labelsGet(s.labels, METRIC_NAME)))];
  const baseSigs = base.map((s) => infoNames.map((n) => signature(n, s.labels)));
  const allMatchEmpty = dataMs.every((m) => m.matches(''));
  const out = new Map<string, { s: StepSeries; stamp: number }>();
  const bySig = new Map<string, (typeof infos)[number]>();
  for (let i = 0; i < g.n; i++) {
    bySig.clear();
    for (const inf of infos) {
      const t = inf.origT[i];
      if (Number.isNaN(t)) continue;
      const prev = bySig.get(inf.sig);
      if (prev && prev.origT[i] > t) continue;
      if (prev && prev.origT[i] === t) {
        throw evalError(
          `found duplicate series for info metric: existing ${goLabelsString(prev.labels)} @ ${prev.origT[i]}, new ${goLabelsString(inf.labels)} @ ${t}`,
        );
      }
      bySig.set(inf.sig, inf);
    }
    base.forEach((s, bi) => {
      const h = s.h?.[i];
      if (!s.ok[i] && !h) return;
      let labels = s.labels;
      if (!ignored[bi]) {
        const added = new Map<string, string>();
        let matched = false;
        for (const sig of baseSigs[bi]) {
          const inf = bySig.get(sig);
          if (!inf) continue;
          matched = true;
          for (let k = 0; k < inf.labels.length; k += 2) {
            const [n, v] = [inf.labels[k], inf.labels[k + 1]];
            if (n === METRIC_NAME || (dataNames.size > 0 && !dataNames.has(n))) continue;
            const have = added.get(n);
            if (have !== undefined && have !== v) throw evalError(`conflicting label: ${n}`);
            if (labelsGet(s.labels, n) !== '') continue;
            added.set(n, v);
          }
        }
        if (!matched && !allMatchEmpty) return;
        for (const [n, v] of added) labels = setLabel(labels, n, v);
      }
      const key = labelsKey(labels);
      let o = out.get(key);
      if (!o) out.set(key, (o = { s: newStepSeries(labels, g.n, s.dropName), stamp: -1 }));
      if (o.stamp === i) throw evalError('vector cannot contain metrics with the same labelset');
      o.stamp = i;
      if (h) (o.s.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
      else {
        o.s.v[i] = s.v[i];
        o.s.ok[i] = 1;
      }
    });
  }
  return [...out.values()].map((o) => o.s);
}

function signature(name: string, ls: Labels): string {
  let k = name;
  for (const l of IDENTIFYING) {
    const v = labelsGet(ls, l);
    if (v !== '') k += `\xff${l}\xff${v}`;
  }
  return k;
}

/** infoCalls lists the info() calls of an expression. */
export function infoCalls(e: Expr): Call[] {
  const out: Call[] = [];
  const go = (n: Expr) => {
    if (n.type === 'call' && n.func === 'info') out.push(n);
    if (n.type === 'matrixSelector') return;
    for (const c of childrenOf(n)) go(c);
  };
  go(e);
  return out;
}
