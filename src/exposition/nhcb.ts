/**
 * Classic histograms as native histograms with custom buckets (NHCB, schema -53), for convert_classic_histograms_to_nhcb:
 * the `le` bounds become the custom values, cumulative bucket counts become per-bucket counts, `_count` and `_sum`
 * the count and sum. NhcbParser does this over a text pull parser, after Prometheus's NHCBParser: the series of one
 * histogram (same labels but `le`, one after another) are collected and one histogram series follows them.
 */
import { labelsGet, LabelsBuilder, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../model/histogram';
import { parseValue } from '../model/value';
import type { Entry, Exemplar, ExpositionParser } from './types';

/**
 * classicToNhcb builds an NHCB from classic buckets: bounds ascending (the `+Inf` bucket may be among them or left
 * out), cumulative counts parallel to them. It throws when the bounds repeat or the cumulative counts decrease.
 */
export function classicToNhcb(bounds: readonly number[], cumulative: readonly number[], count: number, sum: number, gauge: boolean): FloatHistogram {
  const order = bounds.map((_, i) => i).sort((a, b) => bounds[a] - bounds[b]);
  const customValues: number[] = [];
  const index: number[] = [];
  const counts: number[] = [];
  let prev = 0;
  let last = -Infinity;
  for (const i of order) {
    const b = bounds[i];
    if (Number.isNaN(b) || b === last) throw new Error(`classic histogram has ${Number.isNaN(b) ? 'a NaN' : 'a repeated'} bucket bound (le=${b})`);
    last = b;
    const c = cumulative[i] - prev;
    if (c < 0) throw new Error(`classic histogram bucket counts decrease at le=${b}`);
    prev = cumulative[i];
    if (b !== Infinity) customValues.push(b);
    if (c > 0) {
      index.push(b === Infinity ? customValues.length : customValues.length - 1);
      counts.push(c);
    }
  }
  if (count > prev) {
    // The +Inf bucket was left out, or holds more than the finite buckets: the rest lies above the last bound.
    if (index.length > 0 && index[index.length - 1] === customValues.length) counts[counts.length - 1] += count - prev;
    else {
      index.push(customValues.length);
      counts.push(count - prev);
    }
  }
  return {
    schema: CUSTOM_BUCKETS_SCHEMA,
    zeroThreshold: 0,
    zeroCount: 0,
    count: Math.max(count, prev),
    sum,
    positive: { index, count: counts },
    negative: { index: [], count: [] },
    counterResetHint: gauge ? 'gauge' : 'unknown',
    customValues,
  };
}

/** NhcbError is a classic histogram that cannot become an NHCB (repeated bounds, decreasing counts): a parse error. */
export class NhcbError extends Error {}

/** Group collects one classic histogram's series while the text parser walks them. */
interface Group {
  readonly key: string;
  readonly labels: Labels;
  readonly gauge: boolean;
  readonly bounds: number[];
  readonly cumulative: number[];
  count: number;
  sum: number;
  hasCount: boolean;
  timestamp: number | undefined;
  /** exemplars are the exemplars of the histogram's series, which the NHCB carries (as Prometheus's NHCBParser). */
  readonly exemplars: Exemplar[];
}

/** SUFFIXES map a histogram's series suffixes to their part (OpenMetrics gauge histograms use _gcount and _gsum). */
const SUFFIXES: Readonly<Record<string, Part>> = { _bucket: 'bucket', _count: 'count', _sum: 'sum', _gcount: 'count', _gsum: 'sum' };

type Part = 'bucket' | 'count' | 'sum';

/**
 * NhcbParser wraps a text pull parser and adds, after each classic histogram, a series whose `histogram()` is its
 * NHCB. With keepClassic false the classic `_bucket`, `_count` and `_sum` series are left out.
 */
export class NhcbParser implements ExpositionParser {
  private types = new Map<string, MetricType>();
  private fam = '';
  private open: Group | null = null;
  /** synth is the histogram entry being returned, or null while the inner parser's entry is current. */
  private synth: Group | null = null;
  private synthHist: FloatHistogram | undefined;
  /** held is an inner entry read while closing a group, returned after the group's histogram. */
  private held: Entry | null | undefined = undefined;

  constructor(
    private readonly inner: ExpositionParser,
    private readonly keepClassic: boolean,
  ) {}

  next(): Entry | null {
    this.synth = null;
    if (this.held !== undefined) {
      const e = this.held;
      this.held = undefined;
      return e;
    }
    for (;;) {
      const e = this.inner.next();
      if (e === 'type') {
        this.types.set(this.inner.family(), this.inner.type());
        this.fam = this.inner.family();
      }
      if (e === 'series') {
        const name = this.inner.metricName();
        const suffix = this.histogramSuffix(name);
        if (suffix !== null) {
          const closed = this.collect(suffix);
          if (closed) {
            this.held = this.keepClassic ? 'series' : undefined;
            if (this.emit(closed)) return 'series';
          }
          if (this.keepClassic) {
            this.held = undefined;
            return 'series';
          }
          continue;
        }
      }
      const closed = this.open;
      this.open = null;
      if (closed && this.emit(closed)) {
        this.held = e;
        return 'series';
      }
      return e;
    }
  }

  private histogramSuffix(name: string): Part | null {
    const type = this.types.get(this.fam);
    if (type !== 'histogram' && type !== 'gaugehistogram') return null;
    const rest = name.startsWith(this.fam) ? name.slice(this.fam.length) : '';
    return Object.hasOwn(SUFFIXES, rest) ? SUFFIXES[rest] : null;
  }

  /** collect adds the current series to the open group; it returns a group that the series closed, if any. */
  private collect(suffix: Part): Group | null {
    const ls = this.inner.labels();
    const b = new LabelsBuilder(ls);
    const le = labelsGet(ls, 'le');
    if (suffix === 'bucket') b.del('le');
    b.set(METRIC_NAME, this.fam);
    const labels = b.labels();
    const key = labels.join('\xff');
    let closed: Group | null = null;
    if (this.open && this.open.key !== key) {
      closed = this.open;
      this.open = null;
    }
    const g = (this.open ??= {
      key,
      labels,
      gauge: this.types.get(this.fam) === 'gaugehistogram',
      bounds: [],
      cumulative: [],
      count: 0,
      sum: 0,
      hasCount: false,
      timestamp: this.inner.timestamp(),
      exemplars: [],
    });
    const ex = this.inner.exemplars ? this.inner.exemplars() : this.inner.exemplar() ? [this.inner.exemplar()!] : [];
    g.exemplars.push(...ex);
    const v = this.inner.value();
    if (suffix === 'bucket') {
      g.bounds.push(parseValue(le));
      g.cumulative.push(v);
    } else if (suffix === 'count') {
      g.count = v;
      g.hasCount = true;
    } else g.sum = v;
    return closed;
  }

  /** emit makes a closed group the current entry; a group with no bucket (only _sum) yields nothing. */
  private emit(g: Group): boolean {
    if (g.bounds.length === 0 && !g.hasCount) return false;
    const count = g.hasCount ? g.count : (g.cumulative.length > 0 ? Math.max(...g.cumulative) : 0);
    try {
      this.synthHist = classicToNhcb(g.bounds, g.cumulative, count, g.sum, g.gauge);
    } catch (e) {
      throw new NhcbError(`histogram ${labelsGet(g.labels, METRIC_NAME)}: ${(e as Error).message}`);
    }
    this.synth = g;
    return true;
  }

  seriesKey(): string {
    return this.synth ? `nhcb\xff${this.synth.key}` : this.inner.seriesKey();
  }

  labels(): Labels {
    return this.synth ? this.synth.labels : this.inner.labels();
  }

  metricName(): string {
    return this.synth ? labelsGet(this.synth.labels, METRIC_NAME) : this.inner.metricName();
  }

  value(): number {
    return this.synth ? NaN : this.inner.value();
  }

  /** histogram is the NHCB of the histogram just closed, or the inner parser's (undefined for text). */
  histogram(): FloatHistogram | undefined {
    return this.synth ? this.synthHist : this.inner.histogram?.();
  }

  timestamp(): number | undefined {
    return this.synth ? this.synth.timestamp : this.inner.timestamp();
  }

  startTimestamp(): number | undefined {
    return this.synth ? undefined : this.inner.startTimestamp?.();
  }

  exemplar(): Exemplar | undefined {
    return this.synth ? this.synth.exemplars[0] : this.inner.exemplar();
  }

  /** exemplars are the NHCB's (every exemplar of its classic series), or the inner parser's. */
  exemplars(): Exemplar[] {
    if (this.synth) return this.synth.exemplars;
    if (this.inner.exemplars) return this.inner.exemplars();
    const e = this.inner.exemplar();
    return e ? [e] : [];
  }

  family(): string {
    return this.inner.family();
  }

  type(): MetricType {
    return this.inner.type();
  }

  help(): string {
    return this.inner.help();
  }

  unit(): string {
    return this.inner.unit();
  }
}
