/**
 * Runs the promqltest evals that are a single window function over one selector (`rate(x{a="b"}[5m])`,
 * `quantile_over_time(0.5, x[1m])`, `predict_linear(x[1h] @ 3000, 600)`, `increase(x[1m] anchored)`) straight
 * through the window function tables, with
 * windows built from the scripts' load blocks. Series with native histograms, and evals that touch them, are left
 * to the engine's conformance run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsFromObject, labelsKey, dropMetricName, type Labels } from '../../../../src/model/labels';
import { parseDuration } from '../../../../src/model/time';
import { WINDOW_FUNCTIONS, WINDOW_KEEPS_NAME } from '../../../../src/promql/functions/window_functions';
import { ANCHORED_WINDOW_FUNCTIONS, SMOOTHED_WINDOW_FUNCTIONS } from '../../../../src/promql/functions/extended';
import { closeTo, recordingContext } from './helpers';

const dir = path.resolve(__dirname, '../../../../../shared/testdata/promqltest');
const exists = existsSync(dir);

interface LoadedSeries {
  name: string;
  labels: Record<string, string>;
  points: [number, number][];
}

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|[-+]?Inf|NaN`;
const STALE = Number.NaN;

function num(s: string): number {
  if (/^\+?Inf$/.test(s)) return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

function expand(values: string): (number | null | 'stale')[] | null {
  const out: (number | null | 'stale')[] = [];
  for (const tok of values.trim().split(/\s+/)) {
    if (tok === '_') out.push(null);
    else if (tok === 'stale') out.push('stale');
    else {
      const m = new RegExp(`^(${NUM})(?:([-+])(${NUM}))?(?:x(\\d+))?$`).exec(tok);
      if (!m) return null;
      const times = m[4] === undefined ? 0 : Number(m[4]);
      const step = m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * num(m[3]);
      const first = num(m[1]);
      for (let i = 0; i <= times; i++) out.push(first + i * step);
    }
  }
  return out;
}

function parseLabels(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  const body = text.trim();
  if (body === '') return out;
  for (const part of body.split(/,\s*/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"$/.exec(part.trim());
    if (!m) return null;
    out[m[1]] = m[2];
  }
  return out;
}

function duration(s: string): number {
  return /^\d+$/.test(s) ? Number(s) * 1000 : parseDuration(s);
}

interface Eval {
  modifier: keyof typeof TABLES;
  file: string;
  line: number;
  text: string;
  fn: string;
  args: number[];
  name: string;
  matchers: Record<string, string>;
  range: number;
  end: number;
  evalTime: number;
  expected: Map<string, number>;
  series: LoadedSeries[];
}

const EXPR = new RegExp(
  String.raw`^(\w+)\((?:(${NUM}), *)?([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\[(\w+)\](?: offset (\w+))?(?: @ (\d+))?(?: (anchored|smoothed))?((?:, *[\w.+-]+)*)\)$`,
);
const LOOKBACK = 300_000;
const TABLES = { plain: WINDOW_FUNCTIONS, anchored: ANCHORED_WINDOW_FUNCTIONS, smoothed: SMOOTHED_WINDOW_FUNCTIONS };

function collect(): { evals: Eval[]; skipped: number } {
  const evals: Eval[] = [];
  let skipped = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test'))) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    let series: LoadedSeries[] = [];
    let skippedNames = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === 'clear') {
        series = [];
        skippedNames = new Set();
        continue;
      }
      if (line.startsWith('load_with_nhcb')) {
        skippedNames.add('*');
        continue;
      }
      const load = /^load (\w+)$/.exec(line);
      if (load) {
        const step = duration(load[1]);
        while (i + 1 < lines.length && lines[i + 1].trim() !== '' && /^\s/.test(lines[i + 1])) {
          const def = lines[++i].trim();
          const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(.*)$/.exec(def);
          const labels = m ? parseLabels(m[2] ?? '') : null;
          const values = m && !m[3].includes('{{') ? expand(m[3]) : null;
          if (!m || !labels || !values) {
            skippedNames.add(m ? m[1] : '*');
            continue;
          }
          const points: [number, number][] = [];
          values.forEach((v, k) => {
            if (v === null) return;
            points.push([k * step, v === 'stale' ? STALE : v]);
          });
          const stalePoints = values.map((v, k) => (v === 'stale' ? k * step : -1)).filter((t) => t >= 0);
          series.push({ name: m[1], labels, points: points.filter(([t]) => !stalePoints.includes(t)) });
        }
        continue;
      }
      const ev = /^eval instant at (\S+) (.*)$/.exec(line);
      if (!ev) continue;
      const start = i;
      const expectedLines: string[] = [];
      let fails = false;
      while (i + 1 < lines.length && lines[i + 1].trim() !== '') {
        const l = lines[++i].trim();
        if (/^expect fail/.test(l)) fails = true;
        if (!l.startsWith('expect') && !l.startsWith('#')) expectedLines.push(l);
      }
      const m = EXPR.exec(ev[2].trim());
      const modifier = (m?.[8] ?? 'plain') as keyof typeof TABLES;
      if (!m || fails || !TABLES[modifier].has(m[1]) || m[1] === 'absent_over_time' || skippedNames.has(m[3]) || skippedNames.has('*')) {
        skipped++;
        continue;
      }
      const matchers = parseLabels(m[4] ?? '');
      const expected = new Map<string, number>();
      let ok = matchers !== null;
      for (const el of expectedLines) {
        const r = new RegExp(`^([a-zA-Z_:][\\w:]*)?\\{([^}]*)\\}\\s+(${NUM})$`).exec(el);
        const ls = r ? parseLabels(r[2]) : null;
        if (!r || !ls) {
          ok = false;
          break;
        }
        if (r[1]) ls.__name__ = r[1];
        expected.set(labelsKey(labelsFromObject(ls)), num(r[3]));
      }
      if (!ok) {
        skipped++;
        continue;
      }
      const evalTime = duration(ev[1]);
      const at = m[7] === undefined ? evalTime : Number(m[7]) * 1000;
      const extra = (m[9] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const args = [...(m[2] === undefined ? [] : [num(m[2])]), ...extra.map((s) => (/^[\d.e+-]+$/.test(s) ? Number(s) : duration(s) / 1000))];
      evals.push({
        modifier,
        file,
        line: start + 1,
        text: ev[2],
        fn: m[1],
        args,
        name: m[3],
        matchers: matchers!,
        range: duration(m[5]),
        end: at - (m[6] ? duration(m[6]) : 0),
        evalTime,
        expected,
        series: series.filter((s) => s.name === m[3] && Object.entries(matchers!).every(([k, v]) => (s.labels[k] ?? '') === v)),
      });
    }
  }
  return { evals, skipped };
}

function run(e: Eval): Map<string, number> {
  const f = TABLES[e.modifier].get(e.fn)!;
  const out = new Map<string, number>();
  const from = e.end - e.range - (e.modifier === 'plain' ? 0 : LOOKBACK);
  const to = e.end + (e.modifier === 'smoothed' ? LOOKBACK : 0);
  for (const s of e.series) {
    const inWindow = s.points.filter(([t]) => t > from && t <= to);
    const labels: Labels = labelsFromObject({ ...s.labels, __name__: s.name });
    const w = {
      t: Float64Array.from(inWindow.map((p) => p[0])),
      v: Float64Array.from(inWindow.map((p) => p[1])),
      start: 0,
      end: inWindow.length,
      rangeStart: e.end - e.range,
      rangeEnd: e.end,
      labels,
    };
    if (inWindow.length === 0) continue;
    const v = f(w, recordingContext(e.args, e.evalTime).ctx);
    if (v === undefined) continue;
    out.set(labelsKey(WINDOW_KEEPS_NAME.has(e.fn) ? labels : dropMetricName(labels)), v);
  }
  return out;
}

describe.skipIf(!exists)('promqltest window-function evals (../shared/testdata/promqltest)', () => {
  const { evals } = exists ? collect() : { evals: [] };
  it('finds a good number of single-window evals', () => {
    expect(evals.length).toBeGreaterThan(100);
  });
  it.each(evals.map((e) => [`${e.file}:${e.line} ${e.text}`, e] as const))('%s', (_name, e) => {
    const got = run(e);
    const show = (m: Map<string, number>) => [...m].map(([k, v]) => `${k.replace(/\xff/g, ',')}=${v}`).sort();
    expect(show(got).map((s) => s.replace(/=.*/, ''))).toEqual(show(e.expected).map((s) => s.replace(/=.*/, '')));
    for (const [k, want] of e.expected) {
      expect(closeTo(got.get(k), want), `${k}: got ${got.get(k)}, want ${want}`).toBe(true);
    }
  });
});
