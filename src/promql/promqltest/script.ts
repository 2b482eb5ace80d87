/**
 * Parsing promqltest scripts into commands: `load`, `clear` and `eval` with its `expect` lines and expected
 * series (the format of Prometheus's promql/promqltest, legacy `eval_fail`/`eval_warn`/... included).
 */
import { labelsKey, type Labels } from '../../model/labels';
import { parseDuration } from '../../model/time';
import { parseNumber, parseSeriesDesc, parseStartLine, type SequenceValue, type StartOffset } from './series';

/** ExpectType is the kind of an `expect` line. */
export type ExpectType = 'fail' | 'warn' | 'info' | 'no_warn' | 'no_info' | 'ordered';

/** Expect is one `expect` line: exact message, regular expression, or anything. */
export interface Expect {
  readonly type: ExpectType;
  readonly message?: string;
  readonly regex?: string;
}

/** ExpectedSeries is one expected result line. */
export interface ExpectedSeries {
  readonly labels: Labels;
  readonly values: SequenceValue[];
  /** pos is the 1-based position among result lines (for `expect ordered`). */
  readonly pos: number;
}

/** LoadedSeries is one series line of a load block, with the start-time offsets of its `@st` line if it has one. */
export interface LoadedSeries {
  readonly labels: Labels;
  readonly values: SequenceValue[];
  readonly histogram: boolean;
  /** startOffsets are per position the start time minus the sample time (ms), or null for none. */
  readonly startOffsets: StartOffset[] | null;
}

/** LoadCommand adds series at a fixed interval from time 0. */
export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly interval: number;
  readonly series: LoadedSeries[];
  /** withNHCB is `load_with_nhcb`: classic histograms are also loaded as native histograms. */
  readonly withNHCB: boolean;
}

/** EvalCommand runs a query and states what it must return. */
export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly query: string;
  readonly range: boolean;
  /** start is the evaluation time of an instant eval; start/end/step describe a range eval. */
  start: number;
  end: number;
  step: number;
  readonly expects: Expect[];
  readonly expected: Map<string, ExpectedSeries>;
  expectScalar: number | null;
  expectString: string | null;
  /** rangeVector is set by `expect range vector`: an instant query returning a matrix. */
  rangeVector: boolean;
  legacy: '' | 'fail' | 'warn' | 'info' | 'ordered';
  failMessage: string | null;
  failRegexp: string | null;
  /** nativeHistograms marks evals that need native histogram support (counted apart). */
  nativeHistograms: boolean;
}

/** Command is a parsed script command; `error` records a command the script states wrongly. */
export type Command = LoadCommand | EvalCommand | { kind: 'clear'; line: number } | { kind: 'error'; line: number; message: string };

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;
const LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;

function isSTLine(line: string): boolean {
  return /^[^\s{]*(\{[^}]*\})?@st\s/.test(line);
}

function attachStart(pending: [Labels, StartOffset[]] | null, labels: Labels, n: number): StartOffset[] | null {
  if (!pending) return null;
  if (labelsKey(pending[0]) !== labelsKey(labels)) throw new Error('@st metric does not match the following sample line metric');
  if (pending[1].length !== n) throw new Error(`@st line has ${pending[1].length} values but sample line has ${n}`);
  return pending[1];
}

function unquoteGo(s: string): string {
  if (s.startsWith('`') && s.endsWith('`') && s.length >= 2) return s.slice(1, -1);
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return JSON.parse(s) as string;
  throw new Error('expected string literal not valid - check that the string is correctly quoted');
}

function parseEval(lines: string[], i: number): [number, Command] {
  const text = lines[i];
  const inst = EVAL_INSTANT.exec(text);
  const rng = inst ? null : EVAL_RANGE.exec(text);
  if (!inst && !rng) return [i, { kind: 'error', line: i + 1, message: `invalid evaluation command: ${text}` }];
  const cmd: EvalCommand = {
    kind: 'eval',
    line: i + 1,
    query: inst ? inst[3] : rng![5],
    range: !inst,
    start: inst ? parseDuration(inst[2] ?? '0') : parseDuration(rng![2]),
    end: inst ? 0 : parseDuration(rng![3]),
    step: inst ? 0 : parseDuration(rng![4]),
    expects: [],
    expected: new Map(),
    expectScalar: null,
    expectString: null,
    rangeVector: false,
    legacy: ((inst ?? rng)![1] ?? '') as EvalCommand['legacy'],
    failMessage: null,
    failRegexp: null,
    nativeHistograms: false,
  };
  let pos = 0;
  while (i + 1 < lines.length) {
    const def = lines[++i];
    if (def === '') {
      i--;
      break;
    }
    if (cmd.legacy === 'fail' && def.startsWith('expected_fail_message')) {
      cmd.failMessage = def.slice('expected_fail_message'.length).trim();
      break;
    }
    if (cmd.legacy === 'fail' && def.startsWith('expected_fail_regexp')) {
      cmd.failRegexp = def.slice('expected_fail_regexp'.length).trim();
      break;
    }
    const rv = EXPECT_RANGE.exec(def);
    if (rv) {
      cmd.rangeVector = true;
      cmd.start = parseDuration(rv[1]);
      cmd.end = parseDuration(rv[2]);
      cmd.step = parseDuration(rv[3]);
      continue;
    }
    if (def.startsWith('expect string')) {
      cmd.expectString = unquoteGo(def.slice('expect string'.length).trim());
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = EXPECT.exec(def);
      if (!m) return [i, { kind: 'error', line: i + 1, message: `invalid expect statement: ${def}` }];
      const e: Expect = { type: m[1] as ExpectType, ...(m[2] === 'msg' ? { message: m[3].trim() } : m[2] === 'regex' ? { regex: m[3].trim() } : {}) };
      cmd.expects.push(e);
      continue;
    }
    let scalar: number | null = null;
    try {
      scalar = parseNumber(def);
    } catch {
      scalar = null;
    }
    if (scalar !== null) {
      cmd.expectScalar = scalar;
      break;
    }
    const desc = parseSeriesDesc(def);
    if (desc.hasHistogram) cmd.nativeHistograms = true;
    cmd.expected.set(labelsKey(desc.labels), { labels: desc.labels, values: desc.values, pos: ++pos });
  }
  return [i, cmd];
}

function parseLoad(lines: string[], i: number): [number, Command] {
  const m = LOAD.exec(lines[i]);
  if (!m) return [i, { kind: 'error', line: i + 1, message: `invalid load command: ${lines[i]}` }];
  const cmd: LoadCommand = { kind: 'load', line: i + 1, interval: parseDuration(m[2]), series: [], withNHCB: m[1] === 'with_nhcb' };
  let pending: [Labels, StartOffset[]] | null = null;
  while (i + 1 < lines.length) {
    const def = lines[++i];
    if (def === '') {
      i--;
      break;
    }
    if (isSTLine(def)) {
      if (pending) throw new Error('@st line has no following sample line');
      pending = parseStartLine(def);
      continue;
    }
    const desc = parseSeriesDesc(def);
    const startOffsets = attachStart(pending, desc.labels, desc.values.length);
    pending = null;
    cmd.series.push({ labels: desc.labels, values: desc.values, histogram: desc.hasHistogram, startOffsets });
  }
  if (pending) throw new Error('@st line has no following sample line');
  return [i, cmd];
}

/** parseScript parses a whole script; lines are 1-based in the commands. */
export function parseScript(input: string): Command[] {
  const lines = input.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '') continue;
    const word = l.split(/[\t ]+/)[0].toLowerCase();
    let cmd: Command;
    try {
      if (word === 'clear') cmd = { kind: 'clear', line: i + 1 };
      else if (word.startsWith('load')) [i, cmd] = parseLoad(lines, i);
      else if (word.startsWith('eval')) [i, cmd] = parseEval(lines, i);
      else cmd = { kind: 'error', line: i + 1, message: `invalid command ${JSON.stringify(l)}` };
    } catch (e) {
      cmd = { kind: 'error', line: i + 1, message: (e as Error).message };
      while (i + 1 < lines.length && lines[i + 1] !== '') i++;
    }
    cmds.push(cmd);
  }
  return cmds;
}
