/**
 * Summary: the count and sum of observations, and optionally quantiles over a sliding time window. The window is
 * kept simple: ageBuckets rotating lists of raw observations (each capped by reservoir sampling), merged and
 * sorted when collected.
 */
import { formatFloat, type MetricFamily, type WriteSample } from '../exposition/writer';
import { MetricType as PbType } from '../proto/io/prometheus/client/metrics_pb';
import { Metric, pbTimestamp, sample, type MetricOptions, type PbMetricInit } from './metric';

/** SummaryOptions add the quantiles to report and their sliding window. */
export interface SummaryOptions extends MetricOptions<Summary> {
  /** quantiles to report, each in [0, 1]; none by default (count and sum only). */
  readonly quantiles?: readonly number[];
  /** maxAgeSeconds is how far back quantiles look (default 600). */
  readonly maxAgeSeconds?: number;
  /** ageBuckets is how many steps the window slides in (default 5). */
  readonly ageBuckets?: number;
  /** now is the clock in ms (default Date.now), for tests. */
  readonly now?: () => number;
}

/** WINDOW_CAP bounds the observations one age bucket keeps. */
const WINDOW_CAP = 10_000;

/** SummaryChild is one summary series. */
export class SummaryChild {
  /** sum is the sum of all observations. */
  sum = 0;
  /** count is the number of observations. */
  count = 0;
  private readonly windows: number[][];
  private readonly seen: number[];
  private current = 0;
  private rotatedAt: number;

  constructor(
    private readonly ageBuckets: number,
    private readonly stepMs: number,
    private readonly now: () => number,
  ) {
    this.windows = Array.from({ length: ageBuckets }, () => []);
    this.seen = new Array(ageBuckets).fill(0);
    this.rotatedAt = now();
  }

  /** observe records one value. */
  observe(value: number): void {
    this.sum += value;
    this.count++;
    this.rotate();
    const w = this.windows[this.current];
    const n = ++this.seen[this.current];
    if (w.length < WINDOW_CAP) w.push(value);
    else {
      const j = Math.floor(Math.random() * n);
      if (j < WINDOW_CAP) w[j] = value;
    }
  }

  /** quantile returns the q-quantile of the observations in the window (nearest rank), or NaN when there are none. */
  quantile(q: number): number {
    this.rotate();
    const all = this.windows.flat().sort((a, b) => a - b);
    if (all.length === 0) return NaN;
    return all[Math.max(0, Math.ceil(q * all.length) - 1)];
  }

  private rotate(): void {
    const steps = Math.floor((this.now() - this.rotatedAt) / this.stepMs);
    if (steps <= 0) return;
    for (let k = 0; k < Math.min(steps, this.ageBuckets); k++) {
      this.current = (this.current + 1) % this.ageBuckets;
      this.windows[this.current] = [];
      this.seen[this.current] = 0;
    }
    this.rotatedAt += steps * this.stepMs;
  }
}

/** Summary tracks the count and sum of observations and, if asked, quantiles; it writes `{quantile}`, `_sum`, `_count`. */
export class Summary extends Metric<SummaryChild, Summary> {
  /** quantiles are the reported quantiles, sorted. */
  readonly quantiles: readonly number[];
  private readonly ageBuckets: number;
  private readonly stepMs: number;
  private readonly now: () => number;

  constructor(opts: SummaryOptions) {
    super(opts, ['quantile']);
    this.quantiles = [...(opts.quantiles ?? [])].sort((a, b) => a - b);
    for (const q of this.quantiles) if (!(q >= 0 && q <= 1)) throw new Error(`summary "${opts.name}": quantile ${q} is not in [0, 1]`);
    this.ageBuckets = Math.max(1, Math.floor(opts.ageBuckets ?? 5));
    const maxAge = opts.maxAgeSeconds ?? 600;
    if (!(maxAge > 0)) throw new Error(`summary "${opts.name}": maxAgeSeconds must be positive`);
    this.stepMs = (maxAge * 1000) / this.ageBuckets;
    this.now = opts.now ?? Date.now;
  }

  /** observe records a value in a summary without labels. */
  observe(value: number): void {
    this.unlabelled().observe(value);
  }

  protected newChild(): SummaryChild {
    return new SummaryChild(this.ageBuckets, this.stepMs, this.now);
  }

  protected childSamples(child: SummaryChild, pairs: readonly (readonly [string, string])[], out: WriteSample[]): void {
    for (const q of this.quantiles) out.push(sample(this.name, pairs, child.quantile(q), ['quantile', formatFloat(q)]));
    out.push(sample(`${this.name}_sum`, pairs, child.sum));
    out.push(sample(`${this.name}_count`, pairs, child.count));
  }

  protected family(): Pick<MetricFamily, 'name' | 'type'> {
    return { name: this.name, type: 'summary' };
  }

  protected childProto(child: SummaryChild, created: number): PbMetricInit {
    return {
      summary: {
        sampleCount: BigInt(child.count),
        sampleSum: child.sum,
        quantile: this.quantiles.map((quantile) => ({ quantile, value: child.quantile(quantile) })),
        createdTimestamp: pbTimestamp(created),
      },
    };
  }

  protected protoFamily(): { name: string; type: PbType } {
    return { name: this.name, type: PbType.SUMMARY };
  }
}
