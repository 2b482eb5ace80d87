/**
 * ProtoParser presents decoded MetricFamily messages through the same pull-parser interface as the text formats,
 * after Prometheus's ProtobufParser: per family its help, unit and type entries, then one `series` entry per sample.
 * Counters, gauges and untyped metrics are one series named as the family; summaries and classic histograms expand
 * into `_count`, `_sum` and `quantile`/`le` series (`le="+Inf"` added when the body leaves it out); a native
 * histogram is one series whose value is `histogram()`.
 */
import { labelsFromPairs, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { compactBuckets, CUSTOM_BUCKETS_SCHEMA, type Buckets, type FloatHistogram } from '../model/histogram';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import {
  MetricType as PbType,
  type Bucket,
  type BucketSpan,
  type Exemplar as PbExemplar,
  type Histogram,
  type Metric,
  type MetricFamily,
} from '../proto/io/prometheus/client/metrics_pb';
import { classicToNhcb } from './nhcb';
import { decodeWithOffsets, ProtobufError } from './protobuf';
import type { Entry, Exemplar, ExpositionParser } from './types';

/** ProtoParserOptions chooses how histograms come out. */
export interface ProtoParserOptions {
  /** nativeHistograms: a native histogram is one histogram series (false: only its classic series are read). */
  readonly nativeHistograms: boolean;
  /** classicHistograms: also read the classic buckets of a native histogram (always_scrape_classic_histograms). */
  readonly classicHistograms: boolean;
  /** nhcb: a classic histogram becomes a native one with custom buckets (convert_classic_histograms_to_nhcb). */
  readonly nhcb?: boolean;
}

/** ProtoSeries is one sample the parser yields. */
interface ProtoSeries {
  readonly name: string;
  readonly extra?: readonly [string, string];
  readonly value: number;
  readonly histogram?: FloatHistogram;
  readonly exemplar?: PbExemplar;
  /** nativeExemplars are a native histogram's exemplars (those with a timestamp), when it has more than one. */
  readonly nativeExemplars?: readonly PbExemplar[];
}

/** TYPE_NAMES maps a protobuf MetricType to its exposition type name. */
export const TYPE_NAMES: Readonly<Record<number, MetricType>> = {
  [PbType.COUNTER]: 'counter',
  [PbType.GAUGE]: 'gauge',
  [PbType.SUMMARY]: 'summary',
  [PbType.UNTYPED]: 'unknown',
  [PbType.HISTOGRAM]: 'histogram',
  [PbType.GAUGE_HISTOGRAM]: 'gaugehistogram',
};

/** formatOMFloat writes a float as Prometheus writes `le` and `quantile` values of protobuf bodies (`1.0`, `0.5`). */
export function formatOMFloat(f: number): string {
  if (f !== f) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  // Go's strconv 'g' with the shortest precision: exponent form below 1e-4 and from 1e6 on, two exponent digits.
  const [mant, e] = f.toExponential().split('e');
  const exp = Number(e);
  const s = exp < -4 || exp >= 6 ? `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}` : String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** timestampMs converts a protobuf Timestamp to ms (undefined when absent). */
export function timestampMs(ts: Timestamp | undefined): number | undefined {
  if (ts === undefined) return undefined;
  return Number(ts.seconds) * 1000 + Math.trunc(ts.nanos / 1e6);
}

/** isNativeHistogram tells a native histogram from a classic one as Prometheus does (spans, zero bucket). */
export function isNativeHistogram(h: Histogram): boolean {
  return h.positiveSpan.length > 0 || h.negativeSpan.length > 0 || h.zeroThreshold > 0 || h.zeroCount > 0n || h.zeroCountFloat > 0;
}

function spansToBuckets(spans: readonly BucketSpan[], deltas: readonly bigint[], counts: readonly number[], float: boolean, what: string): Buckets {
  const n = spans.reduce((s, sp) => s + sp.length, 0);
  const given = float ? counts.length : deltas.length;
  if (n !== given) throw new Error(`native histogram ${what} spans give ${n} buckets but ${given} ${float ? 'counts' : 'deltas'} are present`);
  const index: number[] = new Array(n);
  const count: number[] = new Array(n);
  let i = 0;
  let idx = 0;
  let c = 0;
  for (let s = 0; s < spans.length; s++) {
    idx += spans[s].offset;
    for (let k = 0; k < spans[s].length; k++, i++, idx++) {
      c = float ? counts[i] : c + Number(deltas[i]);
      if (c < 0) throw new Error(`native histogram has a negative ${what} bucket count (${c})`);
      index[i] = idx;
      count[i] = c;
    }
  }
  return { index, count };
}

/** nativeHistogram converts a protobuf native histogram to a FloatHistogram (empty buckets kept out). */
export function nativeHistogram(h: Histogram, gauge: boolean): FloatHistogram {
  const float = h.sampleCountFloat > 0 || h.zeroCountFloat > 0;
  if (h.schema < -4 && h.schema !== CUSTOM_BUCKETS_SCHEMA) throw new Error(`native histogram has invalid schema ${h.schema}`);
  const positive = spansToBuckets(h.positiveSpan, h.positiveDelta, h.positiveCount, float, 'positive');
  const negative = spansToBuckets(h.negativeSpan, h.negativeDelta, h.negativeCount, float, 'negative');
  return {
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: float ? h.zeroCountFloat : Number(h.zeroCount),
    count: float ? h.sampleCountFloat : Number(h.sampleCount),
    sum: h.sampleSum,
    positive: compactBuckets(positive),
    negative: compactBuckets(negative),
    counterResetHint: gauge ? 'gauge' : 'unknown',
  };
}

function histCount(h: Histogram): number {
  return h.sampleCountFloat > 0 ? h.sampleCountFloat : Number(h.sampleCount);
}

function bucketCount(b: Bucket): number {
  return b.cumulativeCountFloat > 0 ? b.cumulativeCountFloat : Number(b.cumulativeCount);
}

function exemplarOf(e: PbExemplar): Exemplar {
  const ts = timestampMs(e.timestamp);
  const labels = labelsFromPairs(e.label.map((l) => [l.name, l.value] as const));
  return ts === undefined ? { labels, value: e.value } : { labels, value: e.value, ts };
}

/** ProtoParser is the pull parser over a delimited protobuf body. */
export class ProtoParser implements ExpositionParser {
  private readonly families: MetricFamily[];
  private readonly offsets: number[];
  private fi = -1;
  private mi = 0;
  /** phase walks a family: 0 help, 1 unit, 2 type, 3 its samples. */
  private phase = 3;
  private series: ProtoSeries[] = [];
  private si = 0;
  private cur: ProtoSeries | null = null;
  private metric: Metric | null = null;
  private keyCache: string | null = null;
  private labelsCache: Labels | null = null;
  private failed: Error | null = null;

  constructor(
    body: Uint8Array,
    private readonly opts: ProtoParserOptions,
  ) {
    ({ families: this.families, offsets: this.offsets } = decodeWithOffsets(body));
  }

  next(): Entry | null {
    if (this.failed) throw this.failed;
    try {
      return this.advance();
    } catch (e) {
      this.failed = e instanceof ProtobufError ? e : this.familyError((e as Error).message);
      throw this.failed;
    }
  }

  /** familyError is a fault of the current family's content, placed at the start of its message. */
  private familyError(msg: string): ProtobufError {
    return new ProtobufError(this.offsets[this.fi] ?? 0, `MetricFamily ${JSON.stringify(this.fam()?.name ?? '')}: ${msg}`);
  }

  private fam(): MetricFamily | undefined {
    return this.families[this.fi];
  }

  private advance(): Entry | null {
    for (;;) {
      if (this.phase < 3) {
        const f = this.fam()!;
        const p = this.phase++;
        if (p === 0 && f.help !== '') return 'help';
        if (p === 1 && f.unit !== '') return 'unit';
        if (p === 2) return 'type';
        continue;
      }
      if (this.si < this.series.length) {
        this.cur = this.series[this.si++];
        this.keyCache = null;
        this.labelsCache = null;
        return 'series';
      }
      const f = this.fam();
      if (f && this.mi < f.metric.length) {
        this.metric = f.metric[this.mi++];
        this.series = this.expand(f, this.metric);
        this.si = 0;
        continue;
      }
      if (this.fi + 1 >= this.families.length) return null;
      this.fi++;
      this.mi = 0;
      this.series = [];
      this.si = 0;
      this.checkFamily(this.fam()!);
      this.phase = 0;
    }
  }

  private checkFamily(f: MetricFamily): void {
    if (f.name === '') throw new Error('metric family without a name');
    if (!(f.type in TYPE_NAMES)) throw new Error(`unknown metric type ${f.type}`);
    if (f.unit !== '') {
      const base = f.type === PbType.COUNTER && f.name.endsWith('_total') ? f.name.slice(0, -6) : f.name;
      if (!base.endsWith(`_${f.unit}`)) throw new Error(`unit "${f.unit}" is not a suffix of metric "${f.name}"`);
    }
  }

  private expand(f: MetricFamily, m: Metric): ProtoSeries[] {
    const name = f.name;
    switch (f.type) {
      case PbType.COUNTER:
        return [{ name, value: m.counter?.value ?? 0, exemplar: m.counter?.exemplar }];
      case PbType.GAUGE:
        return [{ name, value: m.gauge?.value ?? 0 }];
      case PbType.UNTYPED:
        return [{ name, value: m.untyped?.value ?? 0 }];
      case PbType.SUMMARY: {
        const s = m.summary;
        const out: ProtoSeries[] = [
          { name: `${name}_count`, value: Number(s?.sampleCount ?? 0n) },
          { name: `${name}_sum`, value: s?.sampleSum ?? 0 },
        ];
        for (const q of s?.quantile ?? []) out.push({ name, extra: ['quantile', formatOMFloat(q.quantile)], value: q.value });
        return out;
      }
      default:
        return this.expandHistogram(name, m.histogram, f.type === PbType.GAUGE_HISTOGRAM);
    }
  }

  private expandHistogram(name: string, h: Histogram | undefined, gauge: boolean): ProtoSeries[] {
    const out: ProtoSeries[] = [];
    if (h === undefined) return [{ name: `${name}_count`, value: 0 }, { name: `${name}_sum`, value: 0 }, { name: `${name}_bucket`, extra: ['le', '+Inf'], value: 0 }];
    const native = isNativeHistogram(h);
    if (native && this.opts.nativeHistograms) {
      // As Prometheus: the histogram's own exemplars, else its buckets'; only those with a timestamp.
      const all = h.exemplars.length > 0 ? h.exemplars : h.bucket.flatMap((b) => (b.exemplar ? [b.exemplar] : []));
      const exs = all.filter((e) => e.timestamp !== undefined);
      out.push({ name, value: NaN, histogram: nativeHistogram(h, gauge), exemplar: exs[0], nativeExemplars: exs.length > 1 ? exs : undefined });
      if (!this.opts.classicHistograms || h.bucket.length === 0) return out;
    }
    if (this.opts.nhcb) {
      const finite = h.bucket.filter((b) => b.upperBound !== Infinity);
      const nh = classicToNhcb(finite.map((b) => b.upperBound), finite.map(bucketCount), histCount(h), h.sampleSum, gauge);
      out.push({ name, value: NaN, histogram: nh });
      if (!this.opts.classicHistograms) return out;
    }
    out.push({ name: `${name}_count`, value: histCount(h) }, { name: `${name}_sum`, value: h.sampleSum });
    let inf = false;
    for (const b of h.bucket) {
      out.push({ name: `${name}_bucket`, extra: ['le', formatOMFloat(b.upperBound)], value: bucketCount(b), exemplar: b.exemplar });
      if (b.upperBound === Infinity) {
        inf = true;
        break;
      }
    }
    if (!inf) out.push({ name: `${name}_bucket`, extra: ['le', '+Inf'], value: histCount(h) });
    return out;
  }

  seriesKey(): string {
    if (this.keyCache !== null) return this.keyCache;
    const c = this.cur!;
    let k = c.histogram ? `h\xff${c.name}` : c.name;
    for (const l of this.metric!.label) k += `\xff${l.name}\xff${l.value}`;
    if (c.extra) k += `\xff${c.extra[0]}\xff${c.extra[1]}`;
    return (this.keyCache = k);
  }

  labels(): Labels {
    if (this.labelsCache !== null) return this.labelsCache;
    const c = this.cur!;
    const pairs: [string, string][] = [[METRIC_NAME, c.name]];
    const seen = new Set<string>([METRIC_NAME]);
    for (const l of this.metric!.label) {
      if (l.name === '') throw this.familyError(`metric ${JSON.stringify(c.name)} has a label without a name`);
      if (seen.has(l.name)) throw this.familyError(`metric ${JSON.stringify(c.name)} has label ${JSON.stringify(l.name)} twice`);
      seen.add(l.name);
      pairs.push([l.name, l.value]);
    }
    if (c.extra) {
      if (seen.has(c.extra[0])) throw this.familyError(`metric ${JSON.stringify(c.name)} has a label ${JSON.stringify(c.extra[0])} of its own`);
      pairs.push([c.extra[0], c.extra[1]]);
    }
    return (this.labelsCache = labelsFromPairs(pairs));
  }

  metricName(): string {
    return this.cur!.name;
  }

  value(): number {
    return this.cur!.value;
  }

  /** histogram is the current series' native histogram, or undefined for a float sample. */
  histogram(): FloatHistogram | undefined {
    return this.cur!.histogram;
  }

  timestamp(): number | undefined {
    const t = this.metric!.timestampMs;
    return t === 0n ? undefined : Number(t);
  }

  /** startTimestamp is the created timestamp (ms) of the current counter, summary or histogram, if the body has one. */
  startTimestamp(): number | undefined {
    const m = this.metric!;
    return timestampMs(m.counter?.createdTimestamp ?? m.summary?.createdTimestamp ?? m.histogram?.createdTimestamp);
  }

  exemplar(): Exemplar | undefined {
    const e = this.cur!.exemplar;
    return e === undefined ? undefined : exemplarOf(e);
  }

  exemplars(): Exemplar[] {
    const c = this.cur!;
    if (c.nativeExemplars) return c.nativeExemplars.map(exemplarOf);
    return c.exemplar === undefined ? [] : [exemplarOf(c.exemplar)];
  }

  family(): string {
    return this.fam()!.name;
  }

  type(): MetricType {
    return TYPE_NAMES[this.fam()!.type];
  }

  help(): string {
    return this.fam()!.help;
  }

  unit(): string {
    return this.fam()!.unit;
  }
}
