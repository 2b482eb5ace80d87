/**
 * OpenMetricsChecker enforces the family-level rules of OpenMetrics 1.0 that a line grammar cannot see: metadata
 * order, name clashes between families, sample names per type, grouping and timestamp order, histogram bucket
 * consistency, and value domains (counters not negative, states 0 or 1, info 1). It is fed one entry at a time and
 * answers with an error message or null, so the parser can place the error on the offending line.
 */
import type { MetricType } from '../model/metadata';
import { parseNumber } from './scan';

/** SUFFIXES lists the sample-name suffixes each type owns (its family name plus the suffix). */
const SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  summary: ['', '_count', '_sum', '_created'],
  histogram: ['_count', '_sum', '_bucket', '_created'],
  gaugehistogram: ['_gcount', '_gsum', '_bucket'],
  info: ['_info'],
  gauge: [''],
  stateset: [''],
  unknown: [''],
};

const COUNTER_LIKE_NOT_NAN = new Set(['_total', '_sum', '_count', '_bucket', '_gcount', '_gsum']);
const COUNTER_LIKE_NOT_NEGATIVE = new Set(['_total', '_sum', '_count', '_bucket', '_gcount']);

interface Segment {
  readonly key: string;
  readonly ts: number | undefined;
  le: number | undefined;
  bucketValue: number;
  count: number | undefined;
  sum: boolean;
  gsum: boolean;
  negativeBucket: boolean;
  negativeGsum: boolean;
}

interface Family {
  readonly name: string;
  type: MetricType | undefined;
  /** suffixes and rules are SUFFIXES and RULES_BY_SUFFIX of the type (unknown until a TYPE line says otherwise). */
  suffixes: readonly string[];
  rules: readonly (readonly Rule[])[];
  help: boolean;
  unit: string | undefined;
  samples: number;
  readonly groups: Set<string>;
  group: string | undefined;
  groupTs: number | undefined;
  segment: Segment | undefined;
  /** lastSuffix is the index of the previous sample's suffix: the answer again when its name repeats, else tried first. */
  lastSuffix: number;
}

/**
 * SampleSource is how the checker reads the current sample's labels from the parser without decoding them all:
 * one label's value, or a key that identifies the sample's group (its labels without one label).
 */
export interface SampleSource {
  /** metricName decodes the sample's name. */
  metricName(): string;
  /** nameRepeats reports whether the sample's name is written exactly as the previous sample's. */
  nameRepeats(): boolean;
  /** nameIs reports whether the sample's name is prefix + suffix, without decoding it. */
  nameIs(prefix: string, suffix: string): boolean;
  labelValue(name: string): string | undefined;
  groupKey(drop: string | undefined): string;
}

/** SampleView is what the per-sample rules read. */
interface SampleView {
  readonly suffix: string;
  readonly src: SampleSource;
  readonly value: number;
  readonly hasExemplar: boolean;
  /** le is the parsed `le` label of a `_bucket` sample (NaN when absent or not a number). */
  readonly le: number;
}

/** Rule is one sample rule: applies says for which type and suffix it runs, check finds the problem. */
interface Rule {
  readonly applies: (type: MetricType, suffix: string) => boolean;
  readonly check: (f: Family, x: SampleView) => string | null;
}

const isHistogramType = (t: MetricType | undefined) => t === 'histogram' || t === 'gaugehistogram';
const isHistogram = (f: Family) => isHistogramType(f.type);

/** SAMPLE_RULES are the value and label rules, one entry each, checked in order. */
const SAMPLE_RULES: readonly Rule[] = [
  {
    applies: (t) => t === 'stateset',
    check: (f, x) => (x.src.labelValue(f.name) === undefined ? `stateset sample lacks the label "${f.name}"` : null),
  },
  {
    applies: (_t, sfx) => sfx === '_bucket',
    check: (_f, x) => {
      if (Number.isNaN(x.le)) {
        const le = x.src.labelValue('le');
        return `bucket needs a numeric "le" label, got ${le === undefined ? 'none' : `"${le}"`}`;
      }
      if (x.le === Infinity && x.src.labelValue('le') !== '+Inf') return `bucket bound "${x.src.labelValue('le')}" must be written "+Inf"`;
      return Number.isInteger(x.value) ? null : 'bucket value must be an integer';
    },
  },
  {
    applies: (_t, sfx) => sfx === '_count' || sfx === '_gcount',
    check: (_f, x) => (Number.isInteger(x.value) ? null : `${x.suffix} value must be an integer`),
  },
  {
    applies: (t, sfx) => t === 'summary' && sfx === '',
    check: (_f, x) => {
      const q = x.src.labelValue('quantile');
      const v = q === undefined ? undefined : parseNumber(q, 0, q.length, 'openmetrics');
      return v !== undefined && v >= 0 && v <= 1 ? null : `summary needs a "quantile" label between 0 and 1, got ${q === undefined ? 'none' : `"${q}"`}`;
    },
  },
  { applies: (t) => t === 'stateset', check: (_f, x) => (x.value !== 0 && x.value !== 1 ? 'stateset values must be 0 or 1' : null) },
  { applies: (t) => t === 'info', check: (_f, x) => (x.value !== 1 ? 'info values must be 1' : null) },
  {
    applies: (t, sfx) => t === 'summary' && sfx === '',
    check: (_f, x) => (x.value < 0 ? 'quantile values must not be negative' : null),
  },
  {
    applies: (_t, sfx) => COUNTER_LIKE_NOT_NAN.has(sfx),
    check: (_f, x) => (Number.isNaN(x.value) ? `${x.suffix} value must not be NaN` : null),
  },
  {
    applies: (_t, sfx) => COUNTER_LIKE_NOT_NEGATIVE.has(sfx),
    check: (_f, x) => (x.value < 0 ? `${x.suffix} value must not be negative` : null),
  },
  {
    applies: () => true,
    check: (f, x) =>
      x.hasExemplar && !((isHistogram(f) && x.suffix === '_bucket') || (f.type === 'counter' && x.suffix === '_total'))
        ? 'exemplars are allowed only on histogram buckets and counter totals'
        : null,
  },
];

/** RULES_BY_SUFFIX lists, per type and per index into SUFFIXES[type], the rules that apply, computed once. */
const RULES_BY_SUFFIX = Object.fromEntries(
  (Object.keys(SUFFIXES) as MetricType[]).map((t) => [t, SUFFIXES[t].map((sfx) => SAMPLE_RULES.filter((r) => r.applies(t, sfx)))]),
) as unknown as Record<MetricType, readonly (readonly Rule[])[]>;

/** SEGMENT_RULES check one histogram group (same labels, same timestamp) when it ends. */
const SEGMENT_RULES: readonly ((g: Segment) => string | null)[] = [
  (g) => (g.le !== Infinity ? 'histogram lacks its "+Inf" bucket' : null),
  (g) => (g.count !== undefined && g.count !== g.bucketValue ? 'histogram count differs from its "+Inf" bucket' : null),
  (g) => (g.sum && g.count === undefined ? 'histogram has _sum but no _count' : null),
  (g) => (g.gsum && g.count === undefined ? 'gauge histogram has _gsum but no _gcount' : null),
  (g) => (!g.sum && !g.gsum && g.count !== undefined ? 'histogram has a count but no sum' : null),
  (g) => (g.negativeBucket && g.sum ? 'histogram with negative buckets must not have _sum' : null),
  (g) => (!g.negativeBucket && g.negativeGsum ? 'negative _gsum needs negative buckets' : null),
];

function setType(f: Family, type: MetricType): void {
  f.type = type;
  f.suffixes = SUFFIXES[type];
  f.rules = RULES_BY_SUFFIX[type];
}

/** suffixIndex returns the index into its type's SUFFIXES of the suffix the sample's name has in family f, or -1. */
function suffixIndex(f: Family, src: SampleSource): number {
  const list = f.suffixes;
  if (f.lastSuffix < list.length && src.nameIs(f.name, list[f.lastSuffix])) return f.lastSuffix;
  for (let i = 0; i < list.length; i++) {
    if (i !== f.lastSuffix && src.nameIs(f.name, list[i])) return (f.lastSuffix = i);
  }
  return -1;
}

function bucketBound(le: string | undefined): number {
  return le === undefined ? NaN : (parseNumber(le, 0, le.length, 'openmetrics') ?? NaN);
}

function dropped(f: Family, suffix: string): string | undefined {
  if (f.type === 'summary' && suffix === '') return 'quantile';
  if (f.type === 'stateset') return f.name;
  if (isHistogram(f) && suffix === '_bucket') return 'le';
  return undefined;
}

/** OpenMetricsChecker validates one OpenMetrics body entry by entry; build one per body. */
export class OpenMetricsChecker {
  /** claimed maps every sample name a family owns to that family's name. */
  private readonly claimed = new Map<string, string>();
  private fam: Family | undefined;

  /** meta checks a HELP, TYPE or UNIT line (text is the type or unit; unused for HELP). */
  meta(kind: 'help' | 'type' | 'unit', name: string, text: string): string | null {
    let f = this.fam;
    if (f !== undefined && f.name === name) {
      if (f.samples > 0) return `${kind.toUpperCase()} for "${name}" after its samples`;
    } else {
      const err = this.open(name);
      if (err) return err;
      f = this.fam!;
    }
    if (kind === 'help') {
      if (f.help) return `second HELP for "${name}"`;
      f.help = true;
    } else if (kind === 'type') {
      if (f.type !== undefined) return `second TYPE for "${name}"`;
      setType(f, text as MetricType);
      for (const suffix of f.suffixes) {
        if (suffix === '') continue;
        const err = this.claim(name + suffix, name);
        if (err) return err;
      }
    } else {
      if (f.unit !== undefined) return `second UNIT for "${name}"`;
      f.unit = text;
      if (text !== '' && !name.endsWith(`_${text}`)) return `metric name "${name}" must end with its unit "_${text}"`;
    }
    if (f.unit && (f.type === 'info' || f.type === 'stateset')) return `${f.type} metrics take no unit`;
    return null;
  }

  /** sample checks one sample line; tsSeconds is its timestamp as written (seconds), or undefined. */
  sample(src: SampleSource, value: number, tsSeconds: number | undefined, hasExemplar: boolean): string | null {
    let f = this.fam;
    let idx = f === undefined ? -1 : f.samples > 0 && src.nameRepeats() ? f.lastSuffix : suffixIndex(f, src);
    if (f === undefined || idx < 0) {
      const err = this.open(src.metricName(), true);
      if (err) return err;
      f = this.fam!;
      setType(f, 'unknown');
      idx = 0;
    }
    const suffix = f.suffixes[idx];
    const le = suffix === '_bucket' ? bucketBound(src.labelValue('le')) : NaN;
    const x: SampleView = { suffix, src, value, hasExemplar, le };
    const rules = f.rules[idx];
    for (let i = 0; i < rules.length; i++) {
      const err = rules[i].check(f, x);
      if (err) return err;
    }
    const key = f.type === 'info' ? '' : src.groupKey(dropped(f, x.suffix));
    if (key !== f.group) {
      const seen = f.groups.size;
      f.groups.add(key);
      if (f.group !== undefined && f.groups.size === seen) return `samples of one ${f.type} group are not together`;
    } else {
      if ((tsSeconds === undefined) !== (f.groupTs === undefined)) return 'timestamps are present on only some samples of a group';
      if (f.groupTs !== undefined && tsSeconds! < f.groupTs && f.type !== 'info') return 'timestamps go backwards within a group';
    }
    f.group = key;
    f.groupTs = tsSeconds;
    f.samples++;
    return isHistogram(f) ? this.histogramSample(f, x, key, tsSeconds) : null;
  }

  /** end checks the last family at `# EOF`. */
  end(): string | null {
    return this.close();
  }

  private claim(name: string, family: string, sample = false): string | null {
    const owner = this.claimed.get(name);
    if (owner === undefined) {
      this.claimed.set(name, family);
      return null;
    }
    const f = this.fam;
    if (sample && f !== undefined && f.name === owner && f.type !== undefined) {
      const names = SUFFIXES[f.type].map((x) => f.name + x).join(', ');
      return `sample name "${name}" does not belong to ${f.type} family "${f.name}" (expected ${names})`;
    }
    return `metric family "${family}" clashes with an earlier use of "${name}" by family "${owner}"`;
  }

  private open(name: string, sample = false): string | null {
    const err = this.close() ?? this.claim(name, name, sample);
    if (err) return err;
    this.fam = {
      name,
      type: undefined,
      suffixes: SUFFIXES.unknown,
      rules: RULES_BY_SUFFIX.unknown,
      help: false,
      unit: undefined,
      samples: 0,
      groups: new Set(),
      group: undefined,
      groupTs: undefined,
      segment: undefined,
      lastSuffix: 0,
    };
    return null;
  }

  private close(): string | null {
    const f = this.fam;
    if (f === undefined || f.segment === undefined) return null;
    const g = f.segment;
    f.segment = undefined;
    return this.checkSegment(f, g);
  }

  private checkSegment(f: Family, g: Segment): string | null {
    for (const rule of SEGMENT_RULES) {
      const err = rule(g);
      if (err) return `${err} ("${f.name}")`;
    }
    return null;
  }

  private histogramSample(f: Family, x: SampleView, key: string, ts: number | undefined): string | null {
    let g = f.segment;
    if (g === undefined || g.key !== key || g.ts !== ts) {
      if (g !== undefined) {
        const err = this.checkSegment(f, g);
        if (err) return err;
      }
      g = { key, ts, le: undefined, bucketValue: 0, count: undefined, sum: false, gsum: false, negativeBucket: false, negativeGsum: false };
      f.segment = g;
    }
    if (x.suffix === '_bucket') {
      const le = x.le;
      if (le < 0) g.negativeBucket = true;
      if (g.le !== undefined && le <= g.le) return `histogram buckets out of order ("${f.name}")`;
      if (x.value < g.bucketValue) return `histogram bucket counts decrease ("${f.name}")`;
      g.le = le;
      g.bucketValue = x.value;
    } else if (x.suffix === '_count' || x.suffix === '_gcount') {
      g.count = x.value;
    } else if (x.suffix === '_sum') {
      g.sum = true;
    } else if (x.suffix === '_gsum') {
      g.gsum = true;
      if (x.value < 0) g.negativeGsum = true;
    }
    return null;
  }
}
