/**
 * Binary operators: scalar/scalar, vector/scalar and vector/vector with Prometheus's vector matching
 * (on/ignoring, group_left/group_right, fill values), comparison filtering with and without `bool`, and the
 * set operators and/or/unless. Matching signatures are computed once per series, then each step is a pass over
 * typed arrays.
 */
import type { FloatHistogram } from '../../model/histogram';
import { LabelsBuilder, METRIC_NAME, isLegacyLabelName, labelsKey, type Labels } from '../../model/labels';
import type { BinaryExpr, BinaryOp, VectorMatching } from '../ast';
import { StepAnnotations, hasHistograms, histogramElemOp, present } from './binary_histograms';
import { evalError, type EvalContext } from './context';
import { newStepSeries, type Grid, type StepSeries } from './types';

/** goPow is Math.pow with Go's special cases (1^NaN = 1, (-1)^±Inf = 1). */
export function goPow(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** ARITHMETIC maps each arithmetic operator to its float implementation. */
export const ARITHMETIC: Readonly<Partial<Record<BinaryOp, (a: number, b: number) => number>>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': goPow,
  atan2: (a, b) => Math.atan2(a, b),
};

/** COMPARISON maps each comparison operator to its test. */
export const COMPARISON: Readonly<Partial<Record<BinaryOp, (a: number, b: number) => boolean>>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

function isTrim(op: BinaryOp): boolean {
  return op === '</' || op === '>/';
}

/** isArithmetic reports whether the operator computes a new value (and so drops the metric name). */
export function isArithmetic(op: BinaryOp): boolean {
  return ARITHMETIC[op] !== undefined;
}

/** scalarBinop applies an operator to two scalars (comparisons yield 0 or 1). */
export function scalarBinop(op: BinaryOp, a: number, b: number): number {
  const f = ARITHMETIC[op];
  if (f) return f(a, b);
  const c = COMPARISON[op];
  if (c) return c(a, b) ? 1 : 0;
  throw evalError(`operator "${op}" not allowed for scalar operations`);
}

/** ElemOp is an operator on two floats: value gives the result, keep whether a comparison lets it through. */
interface ElemOp {
  readonly value: (a: number, b: number) => number;
  readonly keep: (a: number, b: number) => boolean;
}

const KEEP_ALL = () => true;
const FIRST = (a: number) => a;

function elemOp(op: BinaryOp): ElemOp {
  const f = ARITHMETIC[op];
  if (f) return { value: f, keep: KEEP_ALL };
  const c = COMPARISON[op];
  if (c) return { value: FIRST, keep: c };
  throw evalError(`operator "${op}" not allowed for vector operations`);
}

/** vectorScalarBinop applies an operator between each series and a scalar column; swap puts the scalar left. */
export function vectorScalarBinop(
  ctx: EvalContext,
  e: BinaryExpr,
  vec: StepSeries[],
  sc: Float64Array,
  swap: boolean,
  g: Grid,
): StepSeries[] {
  const trim = isTrim(e.op);
  const op = trim ? null : elemOp(e.op);
  const cmp = COMPARISON[e.op] !== undefined;
  const dropName = isArithmetic(e.op) || e.bool;
  const out: StepSeries[] = [];
  const notes = new StepAnnotations(g.n);
  for (const s of vec) {
    const r = newStepSeries(s.labels, g.n, s.dropName || dropName);
    let any = false;
    for (let i = 0; i < g.n; i++) {
      const h = s.h?.[i];
      if (h || (trim && s.ok[i])) {
        const res = swap ? histogramElemOp(e.op, sc[i], s.v[i], undefined, h) : histogramElemOp(e.op, s.v[i], sc[i], h, undefined);
        if (res.failed) notes.set(i, res.annotation);
        if (res.failed || !res.keep) continue;
        if (e.bool) {
          r.v[i] = 1;
          r.ok[i] = 1;
        } else (r.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = res.h;
        any = true;
        continue;
      }
      if (!s.ok[i]) continue;
      const a = s.v[i];
      const lv = swap ? sc[i] : a;
      const rv = swap ? a : sc[i];
      const val = op!.value(lv, rv);
      const keep = op!.keep(lv, rv);
      if (e.bool) {
        r.v[i] = keep ? 1 : 0;
      } else {
        if (!keep) continue;
        r.v[i] = cmp ? a : val;
      }
      r.ok[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  for (const a of notes.flush()) ctx.annotateAt(a, ctx.posText(e.pos));
  return out;
}

/** signatureFn returns the function that computes a series' matching signature. */
export function signatureFn(on: boolean, names: readonly string[]): (ls: Labels) => string {
  const set = new Set(names);
  if (on) {
    return (ls) => {
      let k = '';
      for (let i = 0; i < ls.length; i += 2) if (set.has(ls[i])) k += `${ls[i]}\xff${ls[i + 1]}\xff`;
      return k;
    };
  }
  set.add(METRIC_NAME);
  return (ls) => {
    let k = '';
    for (let i = 0; i < ls.length; i += 2) if (!set.has(ls[i])) k += `${ls[i]}\xff${ls[i + 1]}\xff`;
    return k;
  };
}

/** matchLabels keeps the labels a signature is made of (Prometheus's Labels.MatchLabels). */
function matchLabels(ls: Labels, on: boolean, names: readonly string[]): Labels {
  const set = new Set(names);
  const out: string[] = [];
  for (let i = 0; i < ls.length; i += 2) {
    const keep = on ? set.has(ls[i]) : !set.has(ls[i]) && ls[i] !== METRIC_NAME;
    if (keep) out.push(ls[i], ls[i + 1]);
  }
  return out;
}

const DEFAULT_MATCHING: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };

/** sigOrdinals assigns each series of both sides the ordinal of its matching signature. */
function sigOrdinals(m: VectorMatching, lhs: StepSeries[], rhs: StepSeries[]): [Int32Array, Int32Array, number] {
  const sig = signatureFn(m.on, m.labels);
  const ords = new Map<string, number>();
  const assign = (side: StepSeries[]) => {
    const a = new Int32Array(side.length);
    side.forEach((s, i) => {
      const k = sig(s.labels);
      let o = ords.get(k);
      if (o === undefined) ords.set(k, (o = ords.size));
      a[i] = o;
    });
    return a;
  };
  const l = assign(lhs);
  const r = assign(rhs);
  return [l, r, ords.size];
}

/** Slot is one output series and the last step written to it. */
interface Slot {
  readonly s: StepSeries;
  stamp: number;
}

/** OutputSet gathers output series by label set across steps. */
class OutputSet {
  readonly list: StepSeries[] = [];
  private readonly byKey = new Map<string, Slot>();
  constructor(private readonly n: number) {}

  /** slotFor returns the output slot for a label set, creating it on first use. */
  slotFor(labels: Labels, dropName: boolean): Slot {
    const key = labelsKey(labels);
    let o = this.byKey.get(key);
    if (!o) {
      o = { s: newStepSeries(labels, this.n, dropName), stamp: -1 };
      this.byKey.set(key, o);
      this.list.push(o.s);
    }
    return o;
  }

  /** slot returns the output series for labels and whether it already has a value at step i. */
  slot(labels: Labels, dropName: boolean, i: number): { s: StepSeries; dup: boolean } {
    const o = this.slotFor(labels, dropName);
    const dup = o.stamp === i;
    o.stamp = i;
    return { s: o.s, dup };
  }
}

/** setBinop evaluates `and`, `or` and `unless`. */
export function setBinop(e: BinaryExpr, lhs: StepSeries[], rhs: StepSeries[], g: Grid): StepSeries[] {
  const m = e.matching ?? { ...DEFAULT_MATCHING, card: 'many-to-many' };
  const [lo, ro, nsig] = sigOrdinals(m, lhs, rhs);
  const out = new OutputSet(g.n);
  const rStamp = new Int32Array(nsig).fill(-1);
  const lStamp = new Int32Array(nsig).fill(-1);
  const put = (s: StepSeries, i: number) => {
    const o = out.slot(s.labels, s.dropName, i).s;
    const h = s.h?.[i];
    if (h) (o.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
    else {
      o.v[i] = s.v[i];
      o.ok[i] = 1;
    }
  };
  const has = hasHistograms(lhs) || hasHistograms(rhs) ? present : (s: StepSeries, i: number) => s.ok[i] === 1;
  for (let i = 0; i < g.n; i++) {
    if (e.op === 'or') {
      for (let k = 0; k < lhs.length; k++) {
        if (!has(lhs[k], i)) continue;
        lStamp[lo[k]] = i;
        put(lhs[k], i);
      }
      for (let k = 0; k < rhs.length; k++) if (has(rhs[k], i) && lStamp[ro[k]] !== i) put(rhs[k], i);
      continue;
    }
    for (let k = 0; k < rhs.length; k++) if (has(rhs[k], i)) rStamp[ro[k]] = i;
    const want = e.op === 'and';
    for (let k = 0; k < lhs.length; k++) {
      if (has(lhs[k], i) && (rStamp[lo[k]] === i) === want) put(lhs[k], i);
    }
  }
  return out.list;
}

/** resultLabels builds the output label set of one matched pair. */
function resultLabels(op: BinaryOp, m: VectorMatching, many: Labels, one: Labels): Labels {
  const b = new LabelsBuilder(many);
  if (isArithmetic(op)) b.del(METRIC_NAME, '__type__', '__unit__');
  if (m.card === 'one-to-one') {
    if (m.on) {
      const keep = new Set(m.labels);
      b.range((n) => {
        if (!keep.has(n)) b.del(n);
      });
    } else b.del(...m.labels);
  }
  for (const ln of m.include) {
    let v = '';
    for (let i = 0; i < one.length; i += 2) if (one[i] === ln) v = one[i + 1];
    b.set(ln, v);
  }
  return b.labels();
}

/**
 * fixedPartners returns for each series of the many side the index of its one possible partner on the other side
 * (-1 for none), or null when a repeated signature could make partners change from step to step or raise a
 * matching error. One-to-one matching needs unique signatures on both sides, many-to-one on the one side.
 */
function fixedPartners(m: VectorMatching, mo: Int32Array, oo: Int32Array, nsig: number): Int32Array | null {
  const oneOf = new Int32Array(nsig).fill(-1);
  for (let k = 0; k < oo.length; k++) {
    if (oneOf[oo[k]] !== -1) return null;
    oneOf[oo[k]] = k;
  }
  if (m.card === 'one-to-one') {
    const seen = new Uint8Array(nsig);
    for (let k = 0; k < mo.length; k++) {
      if (seen[mo[k]]) return null;
      seen[mo[k]] = 1;
    }
  }
  return mo.map((sig) => oneOf[sig]);
}

/**
 * pairedBinop evaluates a matching whose pairs are the same at every step, one pair at a time over whole columns;
 * it returns null (leaving the step-by-step path to find any error) when two pairs would make the same label set.
 */
function pairedBinop(ctx: EvalContext, e: BinaryExpr, many: StepSeries[], one: StepSeries[], partners: Int32Array, g: Grid): StepSeries[] | null {
  const m = e.matching ?? DEFAULT_MATCHING;
  const swap = m.card === 'one-to-many';
  const labels: (Labels | null)[] = [];
  const keys = new Set<string>();
  for (let k = 0; k < many.length; k++) {
    const r = partners[k];
    if (r < 0) {
      labels.push(null);
      continue;
    }
    const ls = resultLabels(e.op, m, many[k].labels, one[r].labels);
    const key = labelsKey(ls);
    if (keys.has(key)) return null;
    keys.add(key);
    labels.push(ls);
  }
  const { value, keep } = elemOp(e.op);
  const out: StepSeries[] = [];
  for (let k = 0; k < many.length; k++) {
    const ls = labels[k];
    if (ls === null) continue;
    ctx.tick(g.n);
    const { v: mv, ok: mok } = many[k];
    const { v: ov, ok: ook } = one[partners[k]];
    const o = newStepSeries(ls, g.n, e.bool);
    let any = false;
    for (let i = 0; i < g.n; i++) {
      if (!mok[i] || !ook[i]) continue;
      const lv = swap ? ov[i] : mv[i];
      const rv = swap ? mv[i] : ov[i];
      const kept = keep(lv, rv);
      if (e.bool) o.v[i] = kept ? 1 : 0;
      else if (kept) o.v[i] = value(lv, rv);
      else continue;
      o.ok[i] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return out;
}

/** vectorBinop evaluates an arithmetic or comparison operator between two instant vectors. */
export function vectorBinop(ctx: EvalContext, e: BinaryExpr, lhsIn: StepSeries[], rhsIn: StepSeries[], g: Grid): StepSeries[] {
  const m = e.matching ?? DEFAULT_MATCHING;
  if (m.card === 'many-to-many') throw evalError('many-to-many only allowed for set operators');
  const fill = m.fillValues;
  if ((lhsIn.length === 0 || rhsIn.length === 0) && fill?.lhs == null && fill?.rhs == null) return [];
  const swap = m.card === 'one-to-many';
  const many = swap ? rhsIn : lhsIn;
  const one = swap ? lhsIn : rhsIn;
  const [mo, oo, nsig] = sigOrdinals(m, many, one);
  const histograms = hasHistograms(lhsIn) || hasHistograms(rhsIn);
  const partners = fill?.lhs != null || fill?.rhs != null || histograms ? null : fixedPartners(m, mo, oo, nsig);
  const paired = partners && pairedBinop(ctx, e, many, one, partners, g);
  if (paired) return paired;
  const trim = isTrim(e.op);
  const op = trim ? null : elemOp(e.op);
  const oneAt = new Int32Array(nsig);
  const oneStamp = new Int32Array(nsig).fill(-1);
  const matchedStamp = new Int32Array(nsig).fill(-1);
  const out = new OutputSet(g.n);
  const partner = new Int32Array(many.length).fill(-1);
  const partnerSlot: Slot[] = new Array(many.length);
  const fillRhs = fill?.rhs;
  const fillLhs = fill?.lhs;

  const notes = new StepAnnotations(g.n);
  const has = histograms ? present : (s: StepSeries, i: number) => s.ok[i] === 1;
  const apply = (i: number, ml: Labels, mv: number, ol: Labels, ov: number, k: number, r: number, sig: number, mh?: FloatHistogram, oh?: FloatHistogram) => {
    const lv = swap ? ov : mv;
    const rv = swap ? mv : ov;
    let val: number;
    let keep: boolean;
    let h: FloatHistogram | undefined;
    if (mh || oh || !op) {
      const res = swap ? histogramElemOp(e.op, lv, rv, oh, mh) : histogramElemOp(e.op, lv, rv, mh, oh);
      notes.set(i, res.annotation);
      if (res.failed) return;
      val = res.f;
      keep = res.keep;
      h = res.h;
    } else {
      val = op.value(lv, rv);
      keep = op.keep(lv, rv);
    }
    let slot: Slot;
    if (k >= 0 && partner[k] === r) slot = partnerSlot[k];
    else {
      slot = out.slotFor(resultLabels(e.op, m, ml, ol), e.bool);
      if (k >= 0) {
        partner[k] = r;
        partnerSlot[k] = slot;
      }
    }
    if (m.card === 'one-to-one' && matchedStamp[sig] === i) {
      throw evalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    }
    matchedStamp[sig] = i;
    const dup = slot.stamp === i;
    slot.stamp = i;
    if (dup) {
      throw evalError(
        m.card === 'one-to-one'
          ? 'vector cannot contain metrics with the same labelset'
          : 'multiple matches for labels: grouping labels must ensure unique matches',
      );
    }
    if (!keep && !e.bool) return;
    if (h && !e.bool) {
      (slot.s.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
      return;
    }
    slot.s.v[i] = e.bool ? (keep ? 1 : 0) : val;
    slot.s.ok[i] = 1;
  };

  for (let i = 0; i < g.n; i++) {
    ctx.tick(many.length + one.length);
    for (let k = 0; k < one.length; k++) {
      if (!has(one[k], i)) continue;
      const sig = oo[k];
      if (oneStamp[sig] === i) duplicateError(m, swap, one[k].labels, one[oneAt[sig]].labels);
      oneStamp[sig] = i;
      oneAt[sig] = k;
    }
    for (let k = 0; k < many.length; k++) {
      const s = many[k];
      if (!has(s, i)) continue;
      const sig = mo[k];
      if (oneStamp[sig] === i) {
        const r = oneAt[sig];
        apply(i, s.labels, s.v[i], one[r].labels, one[r].v[i], k, r, sig, s.h?.[i], one[r].h?.[i]);
      } else if (fillRhs != null) {
        apply(i, s.labels, s.v[i], matchLabels(s.labels, m.on, m.labels), fillRhs, -1, -1, sig, s.h?.[i]);
      }
    }
    if (fillLhs != null) {
      for (let k = 0; k < one.length; k++) {
        const s = one[k];
        if (!has(s, i) || matchedStamp[oo[k]] === i) continue;
        apply(i, matchLabels(s.labels, m.on, m.labels), fillLhs, s.labels, s.v[i], -1, -1, oo[k], undefined, s.h?.[i]);
      }
    }
  }
  for (const a of notes.flush()) ctx.annotateAt(a, ctx.posText(e.pos));
  return out.list.filter((s) => histograms ? s.ok.includes(1) || s.h?.some((h) => h !== undefined) : s.ok.includes(1));
}

function duplicateError(m: VectorMatching, swap: boolean, a: Labels, b: Labels): never {
  const group = goLabelsString(matchLabels(a, m.on, m.labels));
  let d1 = goLabelsString(a);
  let d2 = goLabelsString(b);
  if (d1 > d2) [d1, d2] = [d2, d1];
  throw evalError(
    `found duplicate series for the match group ${group} on the ${swap ? 'left' : 'right'} hand-side of the operation: ` +
      `[${d1}, ${d2}];many-to-many matching not allowed: matching labels must be unique on one side`,
  );
}

/** goLabelsString prints a label set as Go's labels.Labels.String does: `{__name__="a", b="c"}`. */
export function goLabelsString(ls: Labels): string {
  const parts: string[] = [];
  for (let i = 0; i < ls.length; i += 2) {
    const n = isLegacyLabelName(ls[i]) ? ls[i] : JSON.stringify(ls[i]);
    parts.push(`${n}=${JSON.stringify(ls[i + 1])}`);
  }
  return `{${parts.join(', ')}}`;
}
