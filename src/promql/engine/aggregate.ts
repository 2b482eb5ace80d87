/**
 * Aggregation operators. Groups are computed once from the labels; the float aggregations then run series by
 * series over per-group typed arrays (one slot per step), adding in input order with Kahan compensation as
 * Prometheus does, while the k-selection operators (topk, bottomk, limitk, limit_ratio) pick series per step.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsKey, type Labels } from '../../model/labels';
import { kahanInc, newKahan } from '../functions/kahan';
import { quantile } from '../functions/over_time';
import type { AggregateExpr } from '../ast';
import { goQuote, isValidLabelName } from '../parser';
import { evalError, type EvalContext } from './context';
import { formatFloatF } from './format';
import { labelsHash64 } from './xxhash';
import { hasHistogramSamples, histogramString, histogramSums, mergeHistogramGroups, prepareHistogramInput } from './aggregate_histograms';
import { KHeap, K_BEFORE, type KOrder } from './kselect';
import { newStepSeries, type Grid, type StepSeries } from './types';

/** groupingLabels returns the labels that identify a series' group (`by` keeps, `without` drops, always the name). */
export function groupingLabels(ls: Labels, grouping: readonly string[], without: boolean): Labels {
  const set = new Set(grouping);
  const out: string[] = [];
  for (let i = 0; i < ls.length; i += 2) {
    const n = ls[i];
    const keep = without ? !set.has(n) && n !== METRIC_NAME : set.has(n);
    if (keep) out.push(n, ls[i + 1]);
  }
  return out;
}

interface Groups {
  readonly labels: Labels[];
  readonly of: Int32Array;
}

function groupSeries(input: StepSeries[], grouping: readonly string[], without: boolean): Groups {
  const byKey = new Map<string, number>();
  const labels: Labels[] = [];
  const of = new Int32Array(input.length);
  input.forEach((s, i) => {
    const gl = groupingLabels(s.labels, grouping, without);
    const k = labelsKey(gl);
    let gi = byKey.get(k);
    if (gi === undefined) {
      gi = labels.length;
      byKey.set(k, gi);
      labels.push(gl);
    }
    of[i] = gi;
  });
  return { labels, of };
}

/** Acc is the per-(group, step) state of a float aggregation, as parallel arrays. */
interface Acc {
  readonly val: Float64Array;
  readonly c: Float64Array;
  readonly mean: Float64Array;
  readonly cnt: Float64Array;
  readonly incr: Uint8Array;
}

type Step = (a: Acc, k: number, f: number) => void;

/** FLOAT_AGGREGATIONS defines each float aggregation by its first-sample, next-sample and final steps. */
const FLOAT_AGGREGATIONS: Record<string, { init: Step; add: Step; done: (a: Acc, k: number) => number }> = {
  sum: {
    init: (a, k, f) => (a.val[k] = f),
    add: (a, k, f) => {
      const s = a.val[k];
      const t = s + f;
      if (t === Infinity || t === -Infinity) a.c[k] = 0;
      else if (Math.abs(s) >= Math.abs(f)) a.c[k] += s - t + f;
      else a.c[k] += f - t + s;
      a.val[k] = t;
    },
    done: (a, k) => a.val[k] + a.c[k],
  },
  avg: {
    init: (a, k, f) => {
      a.val[k] = f;
      a.mean[k] = f;
      a.cnt[k] = 1;
    },
    add: (a, k, f) => {
      const n = ++a.cnt[k];
      if (!a.incr[k]) {
        const s = newKahan(a.val[k], a.c[k]);
        kahanInc(s, f);
        if (s.sum !== Infinity && s.sum !== -Infinity) {
          a.val[k] = s.sum;
          a.c[k] = s.c;
          return;
        }
        a.incr[k] = 1;
        a.mean[k] = a.val[k] / (n - 1);
        a.c[k] /= n - 1;
      }
      const q = (n - 1) / n;
      const s = newKahan(q * a.mean[k], q * a.c[k]);
      kahanInc(s, f / n);
      a.mean[k] = s.sum;
      a.c[k] = s.c;
    },
    done: (a, k) => (a.incr[k] ? a.mean[k] + a.c[k] : a.val[k] / a.cnt[k] + a.c[k] / a.cnt[k]),
  },
  count: {
    init: (a, k) => (a.cnt[k] = 1),
    add: (a, k) => a.cnt[k]++,
    done: (a, k) => a.cnt[k],
  },
  group: { init: () => undefined, add: () => undefined, done: () => 1 },
  max: {
    init: (a, k, f) => (a.val[k] = f),
    add: (a, k, f) => {
      if (a.val[k] < f || Number.isNaN(a.val[k])) a.val[k] = f;
    },
    done: (a, k) => a.val[k],
  },
  min: {
    init: (a, k, f) => (a.val[k] = f),
    add: (a, k, f) => {
      if (a.val[k] > f || Number.isNaN(a.val[k])) a.val[k] = f;
    },
    done: (a, k) => a.val[k],
  },
  stdvar: {
    init: (a, k, f) => {
      a.cnt[k] = 1;
      a.mean[k] = f;
      a.val[k] = Number.isFinite(f) ? 0 : NaN;
    },
    add: (a, k, f) => {
      const n = ++a.cnt[k];
      const d = f - a.mean[k];
      a.mean[k] += d / n;
      a.val[k] += d * (f - a.mean[k]);
    },
    done: (a, k) => a.val[k] / a.cnt[k],
  },
};
FLOAT_AGGREGATIONS.stddev = { ...FLOAT_AGGREGATIONS.stdvar, done: (a, k) => Math.sqrt(a.val[k] / a.cnt[k]) };

function floatAggregate(ctx: EvalContext, op: string, input: StepSeries[], gr: Groups, g: Grid): StepSeries[] {
  const { init, add, done } = FLOAT_AGGREGATIONS[op];
  const size = gr.labels.length * g.n;
  const a: Acc = {
    val: new Float64Array(size),
    c: new Float64Array(size),
    mean: new Float64Array(size),
    cnt: new Float64Array(size),
    incr: new Uint8Array(size),
  };
  const seen = new Uint8Array(size);
  const out = gr.labels.map((l) => newStepSeries(l, g.n));
  input.forEach((s, si) => {
    const gi = gr.of[si];
    const base = gi * g.n;
    if (s.dropName) out[gi].dropName = true;
    for (let i = 0; i < g.n; i++) {
      if (!s.ok[i]) continue;
      const k = base + i;
      if (seen[k]) add(a, k, s.v[i]);
      else {
        seen[k] = 1;
        init(a, k, s.v[i]);
      }
    }
    ctx.tick(g.n);
  });
  for (let gi = 0; gi < out.length; gi++) {
    const o = out[gi];
    for (let i = 0; i < g.n; i++) {
      const k = gi * g.n + i;
      if (!seen[k]) continue;
      o.v[i] = done(a, k);
      o.ok[i] = 1;
    }
  }
  return out;
}

function hasSample(o: StepSeries): boolean {
  return o.ok.includes(1) || (o.h !== undefined && o.h.some((h) => h !== undefined));
}

function quantileAggregate(input: StepSeries[], gr: Groups, g: Grid, q: Float64Array): StepSeries[] {
  const out = gr.labels.map((l) => newStepSeries(l, g.n));
  const members = gr.labels.map(() => [] as number[]);
  input.forEach((s, si) => {
    members[gr.of[si]].push(si);
    if (s.dropName) out[gr.of[si]].dropName = true;
  });
  const buf: number[] = [];
  for (let gi = 0; gi < out.length; gi++) {
    for (let i = 0; i < g.n; i++) {
      buf.length = 0;
      for (const si of members[gi]) if (input[si].ok[i]) buf.push(input[si].v[i]);
      if (buf.length === 0) continue;
      out[gi].v[i] = quantile(q[i], buf);
      out[gi].ok[i] = 1;
    }
  }
  return out.filter((o) => o.ok.includes(1));
}

function countValues(e: AggregateExpr, input: StepSeries[], g: Grid, label: string): StepSeries[] {
  if (!isValidLabelName(label)) throw evalError(`invalid label name ${goQuote(label)}`);
  const grouping = e.without ? e.grouping : [...e.grouping, label];
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (let i = 0; i < g.n; i++) {
    for (const s of input) {
      const h = s.h?.[i];
      if (!s.ok[i] && !h) continue;
      const withValue = setLabel(s.labels, label, h ? histogramString(h) : formatFloatF(s.v[i]));
      const gl = groupingLabels(withValue, grouping, e.without);
      const k = labelsKey(gl);
      let o = byKey.get(k);
      if (!o) {
        o = newStepSeries(gl, g.n);
        byKey.set(k, o);
        out.push(o);
      }
      o.v[i] = o.ok[i] ? o.v[i] + 1 : 1;
      o.ok[i] = 1;
    }
  }
  return out;
}

/** setLabel returns the label set with one label set (or removed when value is empty). */
export function setLabel(ls: Labels, name: string, value: string): Labels {
  const out: string[] = [];
  let done = false;
  for (let i = 0; i < ls.length; i += 2) {
    if (!done && ls[i] >= name) {
      done = true;
      if (value !== '') out.push(name, value);
      if (ls[i] === name) continue;
    }
    out.push(ls[i], ls[i + 1]);
  }
  if (!done && value !== '') out.push(name, value);
  return out;
}

/** limitRatioPosition maps a series to [0, 1) as Prometheus does: its label hash over the largest uint64. */
function limitRatioPosition(ls: Labels): number {
  return Number(labelsHash64(ls)) / 2 ** 64;
}

/**
 * kAggregate picks series per step and group: topk/bottomk keep the k best in a bounded heap, limitk the first k
 * with a sample, limit_ratio those whose label hash falls in the ratio. Output series are allocated only for
 * series picked at some step; an instant query lists them in pick order (best first), a range query in input order.
 */
function kAggregate(
  ctx: EvalContext,
  e: AggregateExpr,
  input: StepSeries[],
  gr: Groups,
  g: Grid,
  param: Float64Array,
): StepSeries[] {
  const out: (StepSeries | undefined)[] = new Array(input.length);
  const groupOf = gr.of;
  const ng = gr.labels.length;
  const members: Int32Array[] = [];
  {
    const counts = new Int32Array(ng);
    for (let si = 0; si < input.length; si++) counts[groupOf[si]]++;
    for (let gi = 0; gi < ng; gi++) members.push(new Int32Array(counts[gi]));
    counts.fill(0);
    for (let si = 0; si < input.length; si++) members[groupOf[si]][counts[groupOf[si]]++] = si;
  }
  const instantOrder: number[] = [];
  const before = K_BEFORE[e.op];
  const picked = new Int32Array(input.length);
  const ratioPos = e.op === 'limit_ratio' ? input.map((s) => limitRatioPosition(s.labels)) : [];
  const pick = (si: number, i: number) => {
    const s = input[si];
    const o = (out[si] ??= newStepSeries(s.labels, g.n, s.dropName));
    const h = s.h?.[i];
    if (h) (o.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
    else {
      o.v[i] = s.v[i];
      o.ok[i] = 1;
    }
    if (g.n === 1) instantOrder.push(si);
  };
  if (before) heapSelect(ctx, before, members, input, g, param, picked, pick);
  for (let i = 0; i < g.n && !before; i++) {
    ctx.tick(input.length);
    const p = param[i];
    const k = Math.trunc(p);
    if (e.op !== 'limit_ratio' && k < 1) continue;
    for (const m of members) {
      if (e.op === 'limitk') {
        let n = 0;
        for (let j = 0; j < m.length && n < k; j++) if (input[m[j]].ok[i]) picked[n++] = m[j];
        for (let j = 0; j < m.length && n < k; j++) if (!input[m[j]].ok[i] && input[m[j]].h?.[i]) picked[n++] = m[j];
        for (let j = 0; j < n; j++) pick(picked[j], i);
      } else {
        const r = Math.max(-1, Math.min(1, p));
        const chosen = (si: number) => (r >= 0 ? ratioPos[si] < r : ratioPos[si] >= 1 + r);
        for (let j = 0; j < m.length; j++) if (input[m[j]].ok[i] && chosen(m[j])) pick(m[j], i);
        for (let j = 0; j < m.length; j++) if (!input[m[j]].ok[i] && input[m[j]].h?.[i] && chosen(m[j])) pick(m[j], i);
      }
    }
  }
  if (g.n === 1) return instantOrder.map((si) => out[si]!);
  const res: StepSeries[] = [];
  for (const o of out) if (o && hasSample(o)) res.push(o);
  return res;
}

/** K_STEP_BLOCK is how many steps heapSelect keeps heaps for at once (a long range reuses them block by block). */
const K_STEP_BLOCK = 512;

/**
 * heapSelect runs topk/bottomk group by group with one bounded heap per step, reading each member series' columns
 * front to back (walking all series at one step, then the next, misses the cache at every series). Steps go in
 * blocks of K_STEP_BLOCK with the same heaps, so a subquery of half a million steps allocates 512 heaps, not 500,000.
 */
function heapSelect(
  ctx: EvalContext,
  before: KOrder,
  members: readonly Int32Array[],
  input: StepSeries[],
  g: Grid,
  param: Float64Array,
  picked: Int32Array,
  pick: (si: number, i: number) => void,
): void {
  const heaps: KHeap[] = [];
  for (let b = Math.min(g.n, K_STEP_BLOCK); b > 0; b--) heaps.push(new KHeap(before));
  const ks = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) ks[i] = Math.trunc(param[i]);
  for (let i0 = 0; i0 < g.n; i0 += K_STEP_BLOCK) {
    const i1 = Math.min(g.n, i0 + K_STEP_BLOCK);
    for (const m of members) {
      for (let i = i0; i < i1; i++) if (ks[i] >= 1) heaps[i - i0].reset(ks[i], m.length);
      for (let j = 0; j < m.length; j++) {
        const si = m[j];
        const { ok, v } = input[si];
        for (let i = i0; i < i1; i++) if (ok[i] && ks[i] >= 1) heaps[i - i0].offer(si, v[i]);
      }
      for (let i = i0; i < i1; i++) {
        if (ks[i] < 1) continue;
        const heap = heaps[i - i0];
        const n = g.n === 1 ? heap.drain(picked) : heap.keptIds(picked);
        for (let j = 0; j < n; j++) pick(picked[j], i);
      }
      ctx.tick(m.length * (i1 - i0));
    }
  }
}

function checkKParam(ctx: EvalContext, e: AggregateExpr, p: Float64Array, posText: string): boolean {
  let min = Infinity;
  let max = -Infinity;
  let nan = false;
  for (const x of p) {
    if (Number.isNaN(x)) nan = true;
    else {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
  }
  if (e.op === 'limit_ratio') {
    if (max === 0 && min === 0) return false;
    if (nan) throw evalError('Ratio value is NaN');
    if (max > 1) ctx.annotations.add({ level: 'warning', message: `PromQL warning: ratio value should be between -1 and 1, got ${goG(max)}, capping to 1${posText}` });
    if (min < -1) ctx.annotations.add({ level: 'warning', message: `PromQL warning: ratio value should be between -1 and 1, got ${goG(min)}, capping to -1${posText}` });
    return true;
  }
  if (!(max >= 1) && !nan) return false;
  if (nan) throw evalError('Parameter value is NaN');
  if (min <= -(2 ** 63)) throw evalError(`Scalar value ${goG(min)} underflows int64`);
  if (max >= 2 ** 63) throw evalError(`Scalar value ${goG(max)} overflows int64`);
  return true;
}

/** goG formats a float as Go's %g / %v would for the messages that quote one. */
export function goG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const s = String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3].padStart(2, '0')}`;
  if (Math.abs(x) >= 1e21) return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

/** aggregate evaluates an aggregation over an input vector; param is the evaluated k/q/ratio column if any. */
export function aggregate(
  ctx: EvalContext,
  e: AggregateExpr,
  input: StepSeries[],
  g: Grid,
  param: Float64Array | string | null,
  paramPos: string,
): StepSeries[] {
  if (e.op === 'count_values') return countValues(e, input, g, param as string);
  const histograms = hasHistogramSamples(input);
  if (histograms) input = prepareHistogramInput(ctx, e, input, g);
  const gr = groupSeries(input, e.grouping, e.without);
  if (e.op === 'quantile') {
    const q = param as Float64Array;
    for (const x of new Set(q)) {
      if (Number.isNaN(x) || x < 0 || x > 1) {
        ctx.annotations.add({ level: 'warning', message: `PromQL warning: quantile value should be between 0 and 1, got ${goG(x)}${paramPos}` });
      }
    }
    return quantileAggregate(input, gr, g, q);
  }
  if (e.op in K_BEFORE || e.op === 'limitk' || e.op === 'limit_ratio') {
    const p = param as Float64Array;
    if (!checkKParam(ctx, e, p, paramPos)) return [];
    return kAggregate(ctx, e, input, gr, g, p);
  }
  const out = floatAggregate(ctx, e.op, input, gr, g);
  if (histograms && (e.op === 'sum' || e.op === 'avg')) mergeHistogramGroups(ctx, e, out, histogramSums(ctx, e, input, gr.of, gr.labels.length, g), g);
  return out.filter(hasSample);
}
