/**
 * The fuzz property's worker thread: it holds the promqltest scripts' data in memory and runs one input at a time
 * through the real PromQL parser and engine or the exposition parsers, answering how the input ended. The main
 * thread terminates it when an answer takes too long (a hang).
 */
import { parentPort } from 'node:worker_threads';
import { parseAll, ExpositionError, type Format } from '../../src/exposition';
import { ParseError, parseExpr } from '../../src/promql/parser';
import { Engine, QueryError } from '../../src/promql/engine';
import { parseScript } from '../../src/promql/promqltest/script';
import { MemoryStorage } from '../../src/promql/promqltest/storage';

/** FuzzInput is one input: a PromQL query over one script's data, or an exposition body in one format. */
export type FuzzInput =
  | { kind: 'promql'; query: string; storage: number; startMs: number; endMs: number; stepMs: number }
  | { kind: 'exposition'; body: string; format: Format };

/**
 * FuzzOutcome is how an input ended: accepted, a positioned parse error, a query error, stopped by the query timeout
 * (a QueryError too, counted apart), or a crash.
 */
export type FuzzOutcome = { result: 'ok' | 'parse_error' | 'query_error' | 'timeout' | 'crash'; detail: string };

/** FuzzMessage is what the main thread sends: the scripts to load and the engine's query timeout once, then inputs. */
export type FuzzMessage =
  | { kind: 'init'; scripts: string[]; queryTimeoutMs: number }
  | { kind: 'input'; id: number; input: FuzzInput };

const storages: MemoryStorage[] = [];
let engine = new Engine({ experimental: true });

function load(script: string): MemoryStorage {
  const s = new MemoryStorage();
  for (const cmd of parseScript(script)) {
    if (cmd.kind !== 'load') continue;
    for (const series of cmd.series) {
      series.values.forEach((v, i) => {
        if (v.kind === 'float') s.append(series.labels, i * cmd.interval, v.v);
      });
    }
  }
  return s;
}

function positioned(e: unknown): boolean {
  if (e instanceof ParseError) return Number.isInteger(e.pos.start) && e.pos.start >= 0 && e.pos.end >= e.pos.start;
  if (e instanceof ExpositionError) return e.line >= 1 && e.column >= 1;
  return false;
}

async function run(input: FuzzInput): Promise<FuzzOutcome> {
  try {
    if (input.kind === 'exposition') {
      parseAll(input.body, input.format);
      return { result: 'ok', detail: '' };
    }
    // Parsed apart first, so a parse error's position can be checked (the engine reports it as a QueryError).
    const expr = parseExpr(input.query, { experimental: true });
    const q = storages[input.storage];
    if (input.stepMs > 0) await engine.rangeQuery(q, expr, input.startMs, input.endMs, input.stepMs);
    else await engine.instantQuery(q, expr, input.startMs);
    return { result: 'ok', detail: '' };
  } catch (e) {
    if (positioned(e)) return { result: 'parse_error', detail: '' };
    if (e instanceof QueryError) return { result: e.errorType === 'timeout' ? 'timeout' : 'query_error', detail: '' };
    const err = e as Error;
    return { result: 'crash', detail: `${err?.name ?? typeof e}: ${String(err?.message ?? e).slice(0, 200)}` };
  }
}

parentPort!.on('message', (m: FuzzMessage) => {
  if (m.kind === 'init') {
    for (const s of m.scripts) storages.push(load(s));
    engine = new Engine({ experimental: true, timeoutMs: m.queryTimeoutMs });
    parentPort!.postMessage({ id: -1 });
    return;
  }
  void run(m.input).then((outcome) => parentPort!.postMessage({ id: m.id, outcome }));
});
