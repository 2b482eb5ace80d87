/**
 * EvalContext: the per-query state shared by every evaluation step (selected data, limits, annotations, the
 * query's own start and end for `@ start()`/`@ end()`), and the checks that keep a runaway query from hanging.
 */
import type { Series, SeriesCursor } from '../../model/storage';
import { positionText, type AtModifier, type Call, type PosRange, type VectorSelector } from '../ast';
import type { Annotation } from '../window';
import { Annotations, QueryError } from './types';

/** EvalOptions are the engine settings one evaluation needs. */
export interface EvalOptions {
  readonly lookbackDelta: number;
  readonly maxSamples: number;
  /** deadline is the wall-clock time (Date.now() ms) after which the query fails. */
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** noStepSubqueryInterval returns the step of a subquery written without one, given its range. */
  readonly noStepSubqueryInterval: (rangeMs: number) => number;
}

/** EvalContext is the state of one query evaluation. */
export class EvalContext {
  readonly annotations = new Annotations();
  private ticks = 0;
  private samples = 0;
  private readonly materialized = new Map<VectorSelector, Series[]>();

  constructor(
    readonly opts: EvalOptions,
    readonly data: ReadonlyMap<VectorSelector, Series[] | SeriesCursor>,
    readonly queryStart: number,
    readonly queryEnd: number,
    readonly query: string,
    readonly infoData: ReadonlyMap<Call, Series[]> = new Map(),
  ) {}

  /** posText renders a node position as the suffix Prometheus appends to annotations: ` (1:5)`. */
  posText(pos: PosRange): string {
    return ` (${this.query === '' ? `1:${pos.start + 1}` : positionText(this.query, pos.start)})`;
  }

  /** annotateAt records an annotation with the position suffix of the expression it is about. */
  annotateAt(a: Annotation, posText: string): void {
    this.annotations.add({ level: a.level, message: a.message + posText });
  }

  /** seriesFor returns the series selected for a selector in the preparation phase, each in arrays of its own. */
  seriesFor(vs: VectorSelector): Series[] {
    const d = this.data.get(vs);
    if (d === undefined) return [];
    if (Array.isArray(d)) return d;
    let all = this.materialized.get(vs);
    if (!all) this.materialized.set(vs, (all = (d as SeriesCursor).all()));
    return all;
  }

  /** seriesCount returns how many series were selected for a selector (some may have no sample in range). */
  seriesCount(vs: VectorSelector): number {
    return this.data.get(vs)?.length ?? 0;
  }

  /**
   * eachSeries calls fn with each series selected for a selector, in order, until fn returns false. A series'
   * arrays may be reused once fn returns: fn must copy what it keeps.
   */
  eachSeries(vs: VectorSelector, fn: (s: Series) => boolean | void): void {
    const d = this.data.get(vs);
    if (d === undefined) return;
    if (Array.isArray(d)) {
      for (const s of d) if (fn(s) === false) return;
      return;
    }
    const c = d as SeriesCursor;
    for (let i = 0; i < c.length; i++) if (fn(c.at(i)) === false) return;
  }

  /** atTime resolves an `@` modifier to ms, or null when absent. */
  atTime(at: AtModifier | null): number | null {
    if (at === null) return null;
    if (at.kind === 'timestamp') return at.ms;
    return at.kind === 'start' ? this.queryStart : this.queryEnd;
  }

  /** tick counts work and checks the clock and the abort signal every few thousand units. */
  tick(units = 1): void {
    this.ticks += units;
    if (this.ticks < 4096) return;
    this.ticks = 0;
    this.check();
  }

  /** check fails the query when it was cancelled or ran out of time. */
  check(): void {
    if (this.opts.signal?.aborted) throw new QueryError('canceled', 'query was canceled in expression evaluation');
    if (Date.now() > this.opts.deadline) throw new QueryError('timeout', 'query timed out in expression evaluation');
  }

  /** holdSamples accounts samples kept in memory; it fails the query above the limit. */
  holdSamples(n: number): void {
    this.samples += n;
    if (this.samples > this.opts.maxSamples) {
      throw new QueryError('too_many_samples', 'query processing would load too many samples into memory in query execution');
    }
  }

  /** releaseSamples gives back samples no longer held. */
  releaseSamples(n: number): void {
    this.samples -= n;
  }
}

/** evalError is a run-time error worded as Prometheus words it. */
export function evalError(message: string): QueryError {
  return new QueryError('execution', message);
}
