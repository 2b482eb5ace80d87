/**
 * Running promqltest scripts: loads go into a MemoryStorage, each eval runs against the Engine, and each
 * instant eval is re-checked as Prometheus does: as a range query around the eval time, and with `@` pinned to
 * every selector at several other evaluation times.
 */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, labelsGet, labelsKey, type Labels } from '../../model/labels';
import { compileMatcher } from '../../model/matcher';
import type { Expr } from '../ast';
import { walk } from '../parser';
import { setLabel } from '../engine/aggregate';
import { Engine } from '../engine/engine';
import type { QueryResult, VectorSample } from '../engine/types';
import { checkAnnotations, checkExpectedFailure, compareResult, isFail, isOrdered } from './check';
import { parseScript, type EvalCommand, type LoadCommand } from './script';
import { convertClassicHistograms } from './nhcb';
import { storedHint } from '../../model/histogram_ops';
import { MemoryStorage, type ScriptStorage } from './storage';

/** EvalOutcome is the verdict on one eval command. */
export interface EvalOutcome {
  readonly line: number;
  readonly query: string;
  readonly ok: boolean;
  /** message explains a failure ('' when ok). */
  readonly message: string;
  /** nativeHistograms marks evals that need native histograms (reported apart). */
  readonly nativeHistograms: boolean;
}

/** RunOptions switch the upstream re-checks (both on by default) and choose the storage (MemoryStorage by default). */
export interface RunOptions {
  readonly rangeCheck?: boolean;
  readonly atCheck?: boolean;
  readonly storage?: () => ScriptStorage | Promise<ScriptStorage>;
}

/** AT_MODIFIER_UNSAFE are functions whose result depends on the evaluation time itself (no `@` re-check). */
const AT_MODIFIER_UNSAFE = new Set([
  'days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'end', 'hour', 'minute', 'month', 'year',
  'predict_linear', 'range', 'start', 'step', 'time', 'timestamp',
]);

const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;

/** newTestEngine returns an engine configured as Prometheus's test engine (all experimental features on). */
export function newTestEngine(): Engine {
  return new Engine({ experimental: true, timeoutMs: 100_000, noStepSubqueryIntervalMs: 60_000 });
}

/** histogramLabels lists the label sets of native histogram series a load creates (NHCB conversions included). */
function histogramLabels(cmd: LoadCommand): Labels[] {
  const out: Labels[] = [];
  for (const s of cmd.series) {
    if (s.histogram) out.push(s.labels);
    if (!cmd.withNHCB) continue;
    const name = labelsGet(s.labels, METRIC_NAME).replace(/_(bucket|count|sum)$/, '');
    out.push(setLabel(setLabel(s.labels, 'le', ''), METRIC_NAME, name));
  }
  return out;
}

/** readsAny reports whether a selector of the query selects one of the given series. */
function readsAny(e: Expr, series: readonly Labels[]): boolean {
  if (series.length === 0) return false;
  let hit = false;
  walk(e, (n) => {
    if (hit || n.type !== 'vectorSelector') return;
    const ms = n.matchers.map(compileMatcher);
    hit = series.some((ls) => ms.every((m) => m.matches(labelsGet(ls, m.name))));
  });
  return hit;
}

/** load appends a load command's samples; a series defined twice in one command keeps its last definition, as upstream. */
function load(storage: ScriptStorage, cmd: LoadCommand): void {
  const last = new Map<string, number>();
  cmd.series.forEach((s, i) => last.set(labelsKey(s.labels), i));
  for (const [i, s] of cmd.series.entries()) {
    if (last.get(labelsKey(s.labels)) !== i) continue;
    let prev: FloatHistogram | undefined;
    s.values.forEach((v, i) => {
      const offset = s.startOffsets?.[i] ?? null;
      const st = offset === null ? 0 : i * cmd.interval + offset;
      if (v.kind === 'float') {
        storage.append(s.labels, i * cmd.interval, v.v, st);
        prev = undefined;
      } else if (v.kind === 'histogram') {
        prev = { ...v.h, counterResetHint: storedHint(v.h, prev) };
        storage.append(s.labels, i * cmd.interval, 0, st, storage.setsHints ? v.h : prev);
      }
    });
  }
  if (!cmd.withNHCB) return;
  for (const s of convertClassicHistograms(cmd)) {
    let prev: FloatHistogram | undefined;
    for (const p of s.points) {
      prev = { ...p.h, counterResetHint: storedHint(p.h, prev) };
      storage.append(s.labels, p.t, 0, 0, storage.setsHints ? p.h : prev);
    }
  }
}

/** withAt pins `@ t` on every selector and subquery that has none (not inside a subquery), or null if unsafe. */
export function withAt(e: Expr, t: number): Expr | null {
  let unsafe = false;
  const at = { kind: 'timestamp' as const, ms: t };
  const go = (n: Expr): Expr => {
    switch (n.type) {
      case 'vectorSelector':
        return n.at ? n : { ...n, at };
      case 'matrixSelector':
        return n.vectorSelector.at ? n : { ...n, vectorSelector: { ...n.vectorSelector, at } };
      case 'subquery':
        return n.at ? n : { ...n, at };
      case 'call':
        if (AT_MODIFIER_UNSAFE.has(n.func)) unsafe = true;
        return { ...n, args: n.args.map(go) };
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
  const out = go(e);
  return unsafe ? null : out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function runInstant(engine: Engine, storage: ScriptStorage, cmd: EvalCommand, query: string | Expr, t: number): Promise<string | null> {
  let r: QueryResult;
  try {
    r = await engine.instantQuery(storage, query, t);
  } catch (e) {
    if (isFail(cmd)) return checkExpectedFailure(cmd, errorText(e));
    return `error evaluating query: ${errorText(e)}`;
  }
  if (isFail(cmd)) return 'expected error evaluating query but got none';
  const bad = checkAnnotations(cmd, r) ?? compareResult(cmd, r);
  if (bad) return bad;
  if (cmd.rangeVector || cmd.expectString !== null || QUERY_CONTEXT_FUNCS.test(cmd.query)) return null;
  let rr: QueryResult;
  try {
    rr = await engine.rangeQuery(storage, query, t - 60_000, t + 60_000, 60_000);
  } catch (e) {
    return `error evaluating query in range mode: ${errorText(e)}`;
  }
  if (isOrdered(cmd) || rr.resultType !== 'matrix') return null;
  const vec: VectorSample[] = [];
  for (const s of rr.result) {
    const i = s.timestamps.indexOf(t);
    if (i >= 0) vec.push({ labels: s.labels, t, v: s.values[i] });
    const hi = s.histograms ? s.histograms.timestamps.indexOf(t) : -1;
    if (hi >= 0) vec.push({ labels: s.labels, t, v: 0, h: s.histograms!.values[hi] });
  }
  if (r.resultType === 'scalar') {
    if (vec.length === 0) return 'range mode: no value at the evaluation time';
    return prefix('range mode: ', compareResult(cmd, { resultType: 'scalar', result: { t, v: vec[0].v } }));
  }
  return prefix('range mode: ', compareResult(cmd, r, vec));
}

function prefix(p: string, s: string | null): string | null {
  return s === null ? null : p + s;
}

async function runEval(engine: Engine, storage: ScriptStorage, cmd: EvalCommand, opts: RunOptions): Promise<string | null> {
  if (cmd.range) {
    let r: QueryResult;
    try {
      r = await engine.rangeQuery(storage, cmd.query, cmd.start, cmd.end, cmd.step);
    } catch (e) {
      if (isFail(cmd)) return checkExpectedFailure(cmd, errorText(e));
      return `error evaluating query: ${errorText(e)}`;
    }
    if (isFail(cmd)) return 'expected error evaluating query but got none';
    return checkAnnotations(cmd, r) ?? compareResult(cmd, r);
  }
  const t = cmd.rangeVector ? cmd.end : cmd.start;
  const bad = await runInstant(engine, storage, opts.rangeCheck === false ? { ...cmd, rangeVector: true } : cmd, cmd.query, t);
  if (bad || opts.atCheck === false) return bad;
  let parsed: Expr;
  try {
    parsed = engine.parse(cmd.query);
  } catch {
    return null;
  }
  const pinned = withAt(parsed, t);
  if (!pinned) return null;
  const times = t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
  for (const et of times) {
    const b = await runInstant(engine, storage, cmd, pinned, et);
    if (b) return `with @ ${t / 1000} at time ${et / 1000}: ${b}`;
  }
  return null;
}

/** runScript runs every command of a script and returns one outcome per eval command. */
export async function runScript(text: string, opts: RunOptions = {}, engine: Engine = newTestEngine()): Promise<EvalOutcome[]> {
  const storage: ScriptStorage = opts.storage ? await opts.storage() : new MemoryStorage();
  const outcomes: EvalOutcome[] = [];
  let histograms: Labels[] = [];
  for (const cmd of parseScript(text)) {
    switch (cmd.kind) {
      case 'clear':
        await storage.clear();
        histograms = [];
        break;
      case 'load':
        load(storage, cmd);
        await storage.loaded?.();
        histograms.push(...histogramLabels(cmd));
        break;
      case 'error':
        outcomes.push({ line: cmd.line, query: '', ok: false, message: cmd.message, nativeHistograms: false });
        break;
      case 'eval': {
        let message: string | null;
        try {
          message = await runEval(engine, storage, cmd, opts);
        } catch (e) {
          message = `internal error: ${errorText(e)}`;
        }
        outcomes.push({ line: cmd.line, query: cmd.query, ok: message === null, message: message ?? '', nativeHistograms: cmd.nativeHistograms || readsHistograms(engine, cmd.query, histograms) });
        break;
      }
    }
  }
  await storage.close?.();
  return outcomes;
}

function readsHistograms(engine: Engine, query: string, histograms: readonly Labels[]): boolean {
  try {
    return readsAny(engine.parse(query), histograms);
  } catch {
    return false;
  }
}
