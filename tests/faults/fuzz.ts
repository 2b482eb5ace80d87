/**
 * Property 6: PromQL and exposition fuzzing in Node against the real parsers and engine. PromQL inputs are mutations
 * of the queries of the promqltest files under ../shared/testdata (PROMTAB_TESTDATA overrides the folder), evaluated
 * over the data their scripts load; exposition inputs are generated Prometheus text and OpenMetrics bodies and the
 * OpenMetrics suite's bodies, mutated. Each input runs in a worker thread that is terminated when it has not
 * answered within 2 s (a hang). Every input must end accepted, as a parse error with a position, or as a QueryError.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseScript } from '../../src/promql/promqltest/script';
import { fmt } from './app';
import type { FuzzInput, FuzzMessage, FuzzOutcome } from './fuzz_worker';
import { envNumber, type Property, type Verdict } from './property';

const HANG_MS = 2000;
/**
 * QUERY_TIMEOUT_MS is the engine's query timeout in the fuzz worker (the app's is 2 minutes): a query too big to answer
 * in time must end with a timeout QueryError well inside HANG_MS, so only a query that ignores the timeout is a hang.
 */
const QUERY_TIMEOUT_MS = 1000;

/** testdataDir is the shared test data folder, or '' when it is absent. */
export function testdataDir(): string {
  const dir = process.env.PROMTAB_TESTDATA ?? path.resolve(process.cwd(), '../shared/testdata');
  return existsSync(dir) ? dir : '';
}

function filesUnder(dir: string, keep: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** Random is a small seeded generator (mulberry32), so a run can be repeated with FAULTS_SEED. */
class Random {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const PROMQL_TOKENS = [
  '(', ')', '{', '}', '[', ']', ',', '[5m]', '[1h:1m]', '[10m:]', '[1s:1ms]', '@ 100', '@ start()', '@ end()', 'offset 1h',
  'offset -5m', ' by (job)', ' without (instance)', ' on (a)', ' ignoring (b)', ' group_left (c)', ' group_right', ' bool', '+', '-',
  '*', '/', '%', '^', '==', '!=', '>', '<=', ' and ', ' or ', ' unless ', ' atan2 ', '"str"', "'x'", '`raw`', '1e308', '-1e-308',
  'NaN', 'Inf', '-Inf', '0x1F', '1_000', '5m', '1y2w', 'rate(', 'sum(', 'topk(3,', 'count_values("v",', 'quantile(0.5,',
  'histogram_quantile(0.9,', 'label_replace(', 'label_join(', 'absent(', 'vector(1)', 'scalar(', 'time()', 'sort_by_label(',
  'predict_linear(', 'holt_winters(', 'double_exponential_smoothing(', 'limitk(2,', 'limit_ratio(0.5,', '=~".*"', '!~"a|b"',
  '{__name__=~".+"}', '{"utf8.name"}', 'info(', 'ts_of_max_over_time(', 'anchored', 'smoothed', ':', '#', '\\', '"', '\n',
  '\u0000', '\u202e', '\ud800', '𝔘', 'é', ' ', '  ', '\t', '-'.repeat(40), '('.repeat(40), '1 + '.repeat(40),
];

/** mutateQuery applies one to four random edits (and sometimes a wrapper) to a seed query. */
function mutateQuery(r: Random, seed: string, others: readonly string[]): string {
  let q = seed;
  const edits = 1 + r.int(4);
  for (let k = 0; k < edits; k++) {
    const at = r.int(q.length + 1);
    switch (r.int(6)) {
      case 0:
        q = q.slice(0, at) + q.slice(at + 1 + r.int(8));
        break;
      case 1:
      case 2:
        q = q.slice(0, at) + r.pick(PROMQL_TOKENS) + q.slice(at);
        break;
      case 3: {
        const len = 1 + r.int(12);
        q = q.slice(0, at) + q.slice(at, at + len) + q.slice(at);
        break;
      }
      case 4: {
        const o = r.pick(others);
        const from = r.int(o.length + 1);
        q = q.slice(0, at) + o.slice(from, from + 1 + r.int(20)) + q.slice(at);
        break;
      }
      default:
        q = `${r.pick(['-(', 'sum by (job) (', 'abs(', 'count(', '('])}${q})${r.pick(['', '[5m:1m]', ' + 1', ' > bool 0', ' offset 1m'])}`;
    }
  }
  switch (r.int(20)) {
    case 0: {
      const n = 50 + r.int(400);
      return '('.repeat(n) + q + ')'.repeat(n);
    }
    case 1:
      return Array.from({ length: 20 + r.int(300) }, () => q).join(r.pick([' + ', ' or ', ' ^ ', ' / on() ']));
    case 2:
      return `${q}[${1 + r.int(100)}h:${1 + r.int(1000)}ms]`;
    default:
      return q;
  }
}

/** generatedBody writes a random exposition body (text or OpenMetrics) with families of every type. */
function generatedBody(r: Random, om: boolean): string {
  const lines: string[] = [];
  const families = 1 + r.int(6);
  for (let f = 0; f < families; f++) {
    const name = `fam_${f}_${r.pick(['a', 'b', 'seconds', 'bytes'])}`;
    const type = r.pick(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'info', 'stateset']);
    lines.push(`# HELP ${name} help with \\\\ and \\n ${r.pick(['é', '"', '{', ''])}`);
    lines.push(`# TYPE ${name} ${om || !['info', 'stateset'].includes(type) ? type : 'untyped'}`);
    const value = () => r.pick(['1', '0', '-1.5e3', 'NaN', '+Inf', '-Inf', '1e308', String(r.next() * 1e6)]);
    const ts = () => (r.int(3) === 0 ? ` ${r.pick(['1700000000', '1700000000.123', '-1', '1e3'])}` : '');
    for (let s = 0; s < 1 + r.int(4); s++) {
      const labels = `{a="${r.pick(['x', 'y\\"q', 'ünï', '\\n', ''])}",b="${s}"}`;
      if (type === 'histogram') {
        for (const le of ['0.1', '1', '+Inf']) lines.push(`${name}_bucket{b="${s}",le="${le}"} ${r.int(10)}${ts()}`);
        lines.push(`${name}_count{b="${s}"} ${r.int(10)}`, `${name}_sum{b="${s}"} ${value()}`);
      } else if (type === 'summary') {
        lines.push(`${name}{b="${s}",quantile="0.5"} ${value()}`, `${name}_count{b="${s}"} 3`, `${name}_sum{b="${s}"} 1`);
      } else if (type === 'counter') {
        lines.push(`${name}${om ? '_total' : ''}${labels} ${r.int(100)}${ts()}${om && r.int(4) === 0 ? ` # {trace_id="abc"} 1 1700000000` : ''}`);
      } else lines.push(`${name}${labels} ${value()}${ts()}`);
    }
  }
  if (om) lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

const BODY_BYTES = ['{', '}', '"', '\\', '\n', ' ', '#', '=', ',', '\u0000', '\u00ff', '\ud83d', 'a', '1', '.', 'e', '+', '-', '# EOF\n', '# TYPE x counter\n'];

/** mutateBody applies a few byte-level edits to a body. */
function mutateBody(r: Random, body: string): string {
  let b = body;
  for (let k = 0, n = r.int(5); k < n; k++) {
    const at = r.int(b.length + 1);
    switch (r.int(4)) {
      case 0:
        b = b.slice(0, at) + b.slice(at + 1 + r.int(10));
        break;
      case 1:
        b = b.slice(0, at) + r.pick(BODY_BYTES) + b.slice(at);
        break;
      case 2: {
        const end = b.indexOf('\n', at);
        const line = b.slice(at, end < 0 ? b.length : end + 1);
        b = b.slice(0, at) + line.repeat(1 + r.int(50)) + b.slice(at);
        break;
      }
      default:
        b = b.slice(0, at) + 'x'.repeat(r.int(2) ? 100 : 70_000) + b.slice(at);
    }
  }
  return b;
}

/** Runner feeds inputs to a worker one at a time and replaces the worker when one hangs. */
class Runner {
  private worker!: Worker;
  private ready!: Promise<void>;
  private next = 0;
  private pending: ((o: FuzzOutcome) => void) | null = null;

  constructor(private readonly scripts: string[]) {
    this.start();
  }

  private start(): void {
    // The worker registers tsx's loader itself (a thread does not inherit the one this process runs under).
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(new URL('./fuzz_worker.ts', import.meta.url).href)}); });`;
    this.worker = new Worker(boot, { eval: true });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('error', reject);
      const first = (m: { id: number }) => {
        if (m.id !== -1) return;
        this.worker.off('message', first);
        resolve();
      };
      this.worker.on('message', first);
    });
    this.worker.on('message', (m: { id: number; outcome?: FuzzOutcome }) => {
      if (m.id === this.next && m.outcome && this.pending) {
        const p = this.pending;
        this.pending = null;
        p(m.outcome);
      }
    });
    this.worker.postMessage({ kind: 'init', scripts: this.scripts, queryTimeoutMs: QUERY_TIMEOUT_MS } satisfies FuzzMessage);
  }

  /** run answers the input's outcome, or 'hang' (after replacing the worker) when it took over HANG_MS. */
  async run(input: FuzzInput): Promise<FuzzOutcome | 'hang'> {
    await this.ready;
    const id = ++this.next;
    const answer = new Promise<FuzzOutcome>((resolve) => (this.pending = resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
    this.worker.postMessage({ kind: 'input', id, input } satisfies FuzzMessage);
    const out = await Promise.race([answer, hang]);
    clearTimeout(timer);
    if (out === 'hang') {
      this.pending = null;
      await this.worker.terminate();
      this.start();
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

interface Tally {
  inputs: number;
  ok: number;
  parse: number;
  query: number;
  timeouts: number;
  crashes: string[];
  hangs: string[];
}

async function fuzzFor(seconds: number, runner: Runner, make: () => FuzzInput): Promise<Tally> {
  const t: Tally = { inputs: 0, ok: 0, parse: 0, query: 0, timeouts: 0, crashes: [], hangs: [] };
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const input = make();
    const out = await runner.run(input);
    t.inputs++;
    const text = input.kind === 'promql' ? input.query : input.body;
    if (out === 'hang') t.hangs.push(JSON.stringify(text.slice(0, 120)));
    else if (out.result === 'crash') t.crashes.push(`${out.detail} on ${JSON.stringify(text.slice(0, 120))}`);
    else if (out.result === 'ok') t.ok++;
    else if (out.result === 'parse_error') t.parse++;
    else if (out.result === 'timeout') t.timeouts++;
    else t.query++;
  }
  return t;
}

function verdict(t: Tally, what: string): Verdict {
  const first = [...t.crashes, ...t.hangs.map((h) => `hang on ${h}`)][0];
  return {
    figure:
      `${fmt(t.inputs)} ${what}: ${fmt(t.ok)} accepted, ${fmt(t.parse)} parse errors with a position, ${fmt(t.query)} query errors, ` +
      `${fmt(t.timeouts)} stopped by the ${QUERY_TIMEOUT_MS / 1000} s query timeout, ` +
      `${t.crashes.length} crashes, ${t.hangs.length} hangs over ${HANG_MS / 1000} s${first ? ` (first: ${first})` : ''}`,
    ok: t.crashes.length === 0 && t.hangs.length === 0 && t.inputs > 0,
  };
}

function skipped(): Verdict {
  return { figure: 'skipped: ../shared/testdata is absent (set PROMTAB_TESTDATA)', ok: false };
}

/** fuzzPromql is property 6's PromQL half. */
export const fuzzPromql: Property = {
  name: 'fuzz-promql',
  budgetMs: 180_000,
  async run() {
    const dir = testdataDir();
    if (!dir) return skipped();
    const r = new Random(envNumber('FAULTS_SEED', 17));
    const scripts = filesUnder(dir, (p) => p.endsWith('.test')).map((p) => readFileSync(p, 'utf8'));
    const seeds: { query: string; storage: number; t: number }[] = [];
    scripts.forEach((s, i) => {
      for (const c of parseScript(s)) if (c.kind === 'eval') seeds.push({ query: c.query, storage: i, t: c.start });
    });
    const queries = seeds.map((s) => s.query);
    const runner = new Runner(scripts);
    try {
      const t = await fuzzFor(envNumber('FAULTS_FUZZ_SECONDS', 40), runner, () => {
        const s = r.pick(seeds);
        const query = mutateQuery(r, s.query, queries);
        const range = r.int(4) === 0;
        const startMs = range ? Math.max(0, s.t - r.int(3_600_000)) : s.t + r.pick([0, 1, -60_000, 3_600_000]);
        return { kind: 'promql', query, storage: s.storage, startMs, endMs: range ? s.t + r.int(600_000) : startMs, stepMs: range ? r.pick([1000, 15_000, 60_000, 300_000]) : 0 };
      });
      return verdict(t, `mutated queries from ${seeds.length} promqltest evals in ${scripts.length} files`);
    } finally {
      await runner.stop();
    }
  },
};

/** fuzzExposition is property 6's exposition half. */
export const fuzzExposition: Property = {
  name: 'fuzz-exposition',
  budgetMs: 180_000,
  async run() {
    const dir = testdataDir();
    if (!dir) return skipped();
    const r = new Random(envNumber('FAULTS_SEED', 17) + 1);
    const suite = filesUnder(path.join(dir, 'openmetrics'), (p) => path.basename(p) === 'metrics' || p.endsWith('.txt')).map((p) => readFileSync(p, 'utf8'));
    const runner = new Runner([]);
    try {
      const t = await fuzzFor(envNumber('FAULTS_FUZZ_SECONDS', 40), runner, () => {
        const om = r.int(2) === 0;
        const seed = r.int(3) === 0 && suite.length ? r.pick(suite) : generatedBody(r, om);
        return { kind: 'exposition', body: mutateBody(r, seed), format: om ? 'openmetrics' : 'text' };
      });
      return verdict(t, `generated and mutated bodies (${suite.length} OpenMetrics suite bodies among the seeds)`);
    } finally {
      await runner.stop();
    }
  },
};
