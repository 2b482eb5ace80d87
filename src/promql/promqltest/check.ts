/**
 * Checking one query result against an eval command's expectations, worded like Prometheus's promqltest:
 * expected failures, annotations, and the result itself (floats equal within a relative 1e-6).
 */
import { RE2JS } from 're2js';
import { labelsKey } from '../../model/labels';
import { goLabelsString } from '../engine/binary';
import { almostEqual } from '../engine/format';
import type { FloatHistogram } from '../../model/histogram';
import type { MatrixSeries, QueryResult, VectorSample } from '../engine/types';
import { histogramMatches, histogramText } from './histogram_check';
import type { EvalCommand, Expect, ExpectType, ExpectedSeries } from './script';

const EPSILON = 1e-6;

function matches(e: Expect, s: string): boolean {
  if (e.message !== undefined) return e.message === s;
  if (e.regex !== undefined) return RE2JS.compile(e.regex).matcher(s).find();
  return true;
}

function expectsOf(cmd: EvalCommand, t: ExpectType): Expect[] {
  return cmd.expects.filter((e) => e.type === t);
}

/** isFail reports whether the eval expects the query to fail. */
export function isFail(cmd: EvalCommand): boolean {
  return cmd.legacy === 'fail' || expectsOf(cmd, 'fail').length > 0;
}

/** isOrdered reports whether the eval checks result order. */
export function isOrdered(cmd: EvalCommand): boolean {
  return cmd.legacy === 'ordered' || expectsOf(cmd, 'ordered').length > 0;
}

/** checkExpectedFailure returns a complaint when the error is not the one expected, else null. */
export function checkExpectedFailure(cmd: EvalCommand, err: string): string | null {
  if (cmd.failMessage !== null && cmd.failMessage !== err) return `expected error ${JSON.stringify(cmd.failMessage)}, but got: ${err}`;
  if (cmd.failRegexp !== null && !RE2JS.compile(cmd.failRegexp).matcher(err).find()) {
    return `expected error matching pattern ${JSON.stringify(cmd.failRegexp)}, but got: ${err}`;
  }
  const fail = expectsOf(cmd, 'fail');
  if (fail.length > 0 && !matches(fail[0], err)) return `expected error matching ${JSON.stringify(fail[0].message ?? fail[0].regex)}, but got: ${err}`;
  return null;
}

function checkAnnotationsOfType(expected: Expect[], actual: string[], kind: string): string | null {
  if (expected.length === 0) return null;
  if (actual.length === 0) return `expected ${kind} annotations but none were found`;
  for (const e of expected) {
    if (!actual.some((a) => matches(e, a))) return `expected ${kind} annotation matching ${JSON.stringify(e.message ?? e.regex)} but found: ${JSON.stringify(actual)}`;
  }
  for (const a of actual) if (!expected.some((e) => matches(e, a))) return `unexpected ${kind} annotation ${JSON.stringify(a)}`;
  return null;
}

/** checkAnnotations returns a complaint when warnings or infos do not match the expectations, else null. */
export function checkAnnotations(cmd: EvalCommand, r: QueryResult): string | null {
  const warnings = r.warnings ?? [];
  const infos = r.infos ?? [];
  if (cmd.legacy === 'warn' && warnings.length === 0) return 'expected warnings but got none';
  if (cmd.legacy === 'info' && infos.length === 0) return 'expected info annotations but got none';
  const w = checkAnnotationsOfType(expectsOf(cmd, 'warn'), warnings, 'warn');
  if (w) return w;
  const i = checkAnnotationsOfType(expectsOf(cmd, 'info'), infos, 'info');
  if (i) return i;
  if (expectsOf(cmd, 'no_warn').length > 0 && warnings.length > 0) return `unexpected warning annotations: ${JSON.stringify(warnings)}`;
  if (expectsOf(cmd, 'no_info').length > 0 && infos.length > 0) return `unexpected info annotations: ${JSON.stringify(infos)}`;
  return null;
}

function compareVector(cmd: EvalCommand, vec: readonly VectorSample[]): string | null {
  if (cmd.expectScalar !== null) return `expected scalar result, but got vector of ${vec.length} samples`;
  const seen = new Set<string>();
  for (let p = 0; p < vec.length; p++) {
    const s = vec[p];
    const key = labelsKey(s.labels);
    const name = goLabelsString(s.labels);
    const exp = cmd.expected.get(key);
    const gotText = s.h ? `histogram ${histogramText(s.h)}` : `value ${s.v}`;
    if (!exp) return `unexpected metric ${name} in result, has ${gotText}`;
    if (isOrdered(cmd) && exp.pos !== p + 1) return `expected metric ${name} at position ${exp.pos} but was at ${p + 1}`;
    const e0 = exp.values[0];
    if (!e0 || e0.kind === 'omitted') return `expected nothing for ${name} but got ${gotText}`;
    if (e0.kind === 'float') {
      if (s.h) return `expected float value ${e0.v} for ${name} but got ${gotText}`;
      if (!almostEqual(e0.v, s.v, EPSILON)) return `expected ${e0.v} for ${name} but got ${s.v}`;
    } else {
      if (!s.h) return `expected histogram ${histogramText(e0.h)} for ${name} but got float value ${s.v}`;
      if (!histogramMatches(e0.h, s.h, e0.hintSet)) return `expected ${histogramText(e0.h)} for ${name} but got ${histogramText(s.h)}`;
    }
    seen.add(key);
  }
  for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${goLabelsString(e.labels)} not found`;
  return null;
}

function compareMatrixSeries(cmd: EvalCommand, s: MatrixSeries, exp: ExpectedSeries): string | null {
  const name = goLabelsString(s.labels);
  const hs = s.histograms ?? { timestamps: new Float64Array(0), values: [] };
  const got = [
    ...Array.from(s.timestamps, (t, i) => `${s.values[i]} @${t / 1000}`),
    ...Array.from(hs.timestamps, (t, i) => `${histogramText(hs.values[i])} @${t / 1000}`),
  ].join(', ');
  const floats: [number, number][] = [];
  const hists: [number, FloatHistogram, boolean][] = [];
  for (let i = 0; i < exp.values.length; i++) {
    const t = cmd.start + i * cmd.step;
    if (t > cmd.end) return `expected ${exp.values.length} points for ${name}, but query time range cannot return this many points`;
    const v = exp.values[i];
    if (v.kind === 'float') floats.push([t, v.v]);
    else if (v.kind === 'histogram') hists.push([t, v.h, v.hintSet]);
  }
  if (floats.length !== s.timestamps.length || hists.length !== hs.timestamps.length) {
    return `expected ${floats.length} float points and ${hists.length} histogram points for ${name}, but got ${got}`;
  }
  for (let i = 0; i < floats.length; i++) {
    if (floats[i][0] !== s.timestamps[i]) return `expected float value at index ${i} for ${name} to have timestamp ${floats[i][0]}, but got ${got}`;
    if (!almostEqual(s.values[i], floats[i][1], EPSILON)) return `expected float value at index ${i} for ${name} to be ${floats[i][1]}, but got ${got}`;
  }
  for (let i = 0; i < hists.length; i++) {
    if (hists[i][0] !== hs.timestamps[i]) return `expected histogram value at index ${i} for ${name} to have timestamp ${hists[i][0]}, but got ${got}`;
    if (!histogramMatches(hists[i][1], hs.values[i], hists[i][2])) return `expected histogram value at index ${i} for ${name} to be ${histogramText(hists[i][1])}, but got ${got}`;
  }
  return null;
}

/** compareResult returns a complaint when the result differs from the expected one, else null. */
export function compareResult(cmd: EvalCommand, r: QueryResult, vectorOverride?: VectorSample[]): string | null {
  if (vectorOverride) return compareVector(cmd, vectorOverride);
  switch (r.resultType) {
    case 'matrix': {
      if (isOrdered(cmd)) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectScalar !== null) return 'expected scalar result, but got matrix';
      const seen = new Set<string>();
      for (const s of r.result) {
        const key = labelsKey(s.labels);
        const exp = cmd.expected.get(key);
        if (!exp) return `unexpected metric ${goLabelsString(s.labels)} in result`;
        seen.add(key);
        const bad = compareMatrixSeries(cmd, s, exp);
        if (bad) return bad;
      }
      for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${goLabelsString(e.labels)} not found`;
      return null;
    }
    case 'vector':
      return compareVector(cmd, r.result);
    case 'scalar':
      if (cmd.expectScalar === null) return `expected vector or matrix result, but got scalar ${r.result.v}`;
      if (!almostEqual(cmd.expectScalar, r.result.v, EPSILON)) return `expected scalar ${cmd.expectScalar} but got ${r.result.v}`;
      return null;
    case 'string':
      if (cmd.expectString !== r.result.v) return `expected string "${cmd.expectString}" but got "${r.result.v}"`;
      return null;
  }
}
