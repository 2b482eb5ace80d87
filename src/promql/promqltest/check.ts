/**
 * Checking one query result against an eval command's expectations, worded like Prometheus's promqltest:
 * expected failures, annotations, and the result itself (floats equal within a relative 1e-6).
 */
import { RE2JS } from 're2js';
import { labelsKey } from '../../model/labels';
import { goLabelsString } from '../engine/binary';
import { almostEqual } from '../engine/format';
import type { QueryResult, VectorSample } from '../engine/types';
import type { EvalCommand, Expect, ExpectType } from './script';

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
    const exp = cmd.expected.get(key);
    if (!exp) return `unexpected metric ${goLabelsString(s.labels)} in result, has value ${s.v}`;
    if (isOrdered(cmd) && exp.pos !== p + 1) return `expected metric ${goLabelsString(s.labels)} at position ${exp.pos} but was at ${p + 1}`;
    const e0 = exp.values[0];
    if (!e0 || e0.kind !== 'float') return `expected ${e0?.kind ?? 'nothing'} for ${goLabelsString(s.labels)} but got float value ${s.v}`;
    if (!almostEqual(e0.v, s.v, EPSILON)) return `expected ${e0.v} for ${goLabelsString(s.labels)} but got ${s.v}`;
    seen.add(key);
  }
  for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${goLabelsString(e.labels)} not found`;
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
        const got = Array.from(s.timestamps, (t, i) => `${s.values[i]} @${t / 1000}`).join(', ');
        if (!exp) return `unexpected metric ${goLabelsString(s.labels)} in result, has ${got}`;
        seen.add(key);
        const want: [number, number][] = [];
        for (let i = 0; i < exp.values.length; i++) {
          const t = cmd.start + i * cmd.step;
          if (t > cmd.end) return `expected ${exp.values.length} points for ${goLabelsString(s.labels)}, but query time range cannot return this many points`;
          const v = exp.values[i];
          if (v.kind === 'float') want.push([t, v.v]);
          else if (v.kind === 'histogram') return `expected histogram points for ${goLabelsString(s.labels)}`;
        }
        if (want.length !== s.timestamps.length) return `expected ${want.length} float points for ${goLabelsString(s.labels)}, but got ${got}`;
        for (let i = 0; i < want.length; i++) {
          if (want[i][0] !== s.timestamps[i]) return `expected float value at index ${i} for ${goLabelsString(s.labels)} to have timestamp ${want[i][0]}, but got ${got}`;
          if (!almostEqual(s.values[i], want[i][1], EPSILON)) return `expected float value at index ${i} for ${goLabelsString(s.labels)} to be ${want[i][1]}, but got ${got}`;
        }
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
