/**
 * MemoryStorage: the runner's in-memory Queryable, one sorted pair of typed arrays per series. Values stay in
 * Float64Array so stale markers keep their NaN payload.
 */
import type { FloatHistogram } from '../../model/histogram';
import { compareLabels, labelsKey, type Labels } from '../../model/labels';
import { compileMatcher, type CompiledMatcher, type Matcher } from '../../model/matcher';
import type { Querier, Queryable, Series } from '../../model/storage';

interface StoredSeries {
  readonly labels: Labels;
  t: Float64Array;
  v: Float64Array;
  /** st holds start timestamps (0 = unknown), allocated on the first sample that has one. */
  st: Float64Array | null;
  /** h holds native histogram samples parallel to t, allocated on the first one. */
  h: (FloatHistogram | undefined)[] | null;
  n: number;
}

function matchesAll(ls: Labels, ms: readonly CompiledMatcher[]): boolean {
  for (const m of ms) {
    let v = '';
    for (let i = 0; i < ls.length; i += 2) if (ls[i] === m.name) v = ls[i + 1];
    if (!m.matches(v)) return false;
  }
  return true;
}

function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grown(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length * 2);
  out.set(a);
  return out;
}

/**
 * ScriptStorage is what a promqltest script loads into and evaluates against: MemoryStorage, or a real TSDB that
 * persists each load (loaded) before the evals that follow read it.
 */
export interface ScriptStorage extends Queryable {
  /**
   * setsHints says the storage sets counter reset hints as Prometheus's chunks record them (a TSDB head does): it
   * gets histograms as written. Otherwise the runner sets them (storedHint) before appending.
   */
  readonly setsHints?: boolean;
  /** append adds one sample with an optional start time (0 = unknown), as a native histogram when h is given. */
  append(labels: Labels, t: number, v: number, st?: number, h?: FloatHistogram): void;
  /** loaded is called after each load command, before any eval reads the data. */
  loaded?(): Promise<void>;
  /** clear removes all data. */
  clear(): void | Promise<void>;
  /** close releases the storage at the end of a script. */
  close?(): Promise<void>;
}

/** MemoryStorage holds series in memory for tests and benchmarks. */
export class MemoryStorage implements ScriptStorage {
  private readonly series = new Map<string, StoredSeries>();

  /**
   * append adds one sample with an optional start time (0 = unknown) and, when h is given, as a native histogram; a
   * sample at an existing timestamp replaces the old one.
   */
  append(labels: Labels, t: number, v: number, st = 0, h?: FloatHistogram): void {
    const key = labelsKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, t: new Float64Array(16), v: new Float64Array(16), st: null, h: null, n: 0 };
      this.series.set(key, s);
    }
    if (st !== 0 && !s.st) s.st = new Float64Array(s.t.length);
    if (h && !s.h) s.h = new Array<FloatHistogram | undefined>(s.n).fill(undefined);
    const at = lowerBound(s.t, s.n, t);
    if (at < s.n && s.t[at] === t) {
      s.v[at] = v;
      if (s.st) s.st[at] = st;
      if (s.h) s.h[at] = h;
      return;
    }
    if (s.h) s.h.splice(at, 0, h);
    if (s.n === s.t.length) {
      s.t = grown(s.t);
      s.v = grown(s.v);
      if (s.st) s.st = grown(s.st);
    }
    s.t.copyWithin(at + 1, at, s.n);
    s.v.copyWithin(at + 1, at, s.n);
    s.t[at] = t;
    s.v[at] = v;
    if (s.st) {
      s.st.copyWithin(at + 1, at, s.n);
      s.st[at] = st;
    }
    s.n++;
  }

  /** appendSeries adds a whole series at once from parallel arrays (timestamps ascending). */
  appendSeries(labels: Labels, t: Float64Array, v: Float64Array): void {
    const key = labelsKey(labels);
    if (!this.series.has(key) && t.length > 0) {
      this.series.set(key, { labels, t: t.slice(), v: v.slice(), st: null, h: null, n: t.length });
      return;
    }
    for (let i = 0; i < t.length; i++) this.append(labels, t[i], v[i]);
  }

  /** clear removes all data. */
  clear(): void {
    this.series.clear();
  }

  /** querier returns a reader over the current data. */
  querier(): Querier {
    const select = (matchers: readonly Matcher[], mint: number, maxt: number): Series[] => {
      const ms = matchers.map(compileMatcher);
      const out: Series[] = [];
      for (const s of this.series.values()) {
        if (!matchesAll(s.labels, ms)) continue;
        const lo = lowerBound(s.t, s.n, mint);
        const hi = lowerBound(s.t, s.n, maxt + 1);
        if (hi <= lo) continue;
        const series = { labels: s.labels, timestamps: s.t.subarray(lo, hi), values: s.v.subarray(lo, hi) };
        out.push({
          ...series,
          ...(s.st ? { startTimestamps: s.st.subarray(lo, hi) } : {}),
          ...(s.h ? { histograms: s.h.slice(lo, hi) } : {}),
        });
      }
      return out.sort((a, b) => compareLabels(a.labels, b.labels));
    };
    const labelSets = (matchers: readonly Matcher[], mint: number, maxt: number) =>
      select(matchers, mint, maxt).map((s) => s.labels);
    return {
      select: async (m, mint, maxt) => select(m, mint, maxt),
      series: async (m, mint, maxt) => labelSets(m, mint, maxt),
      labelNames: async (m, mint, maxt) => {
        const names = new Set<string>();
        for (const ls of labelSets(m, mint, maxt)) for (let i = 0; i < ls.length; i += 2) names.add(ls[i]);
        return [...names].sort();
      },
      labelValues: async (name, m, mint, maxt) => {
        const values = new Set<string>();
        for (const ls of labelSets(m, mint, maxt)) for (let i = 0; i < ls.length; i += 2) if (ls[i] === name) values.add(ls[i + 1]);
        return [...values].sort();
      },
    };
  }
}
