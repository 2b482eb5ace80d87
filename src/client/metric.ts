/**
 * The shared shape of every client metric: name and label validation, children per label values, and the hook that
 * turns a metric into a MetricFamily for the writers.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { MetricFamily, WriteSample } from '../exposition/writer';
import { isLegacyLabelName, isLegacyMetricName, labelsFromPairs, METRIC_NAME } from '../model/labels';
import {
  MetricFamilySchema,
  type Metric as PbMetric,
  type MetricFamily as PbMetricFamily,
  type MetricSchema,
  type MetricType as PbMetricType,
} from '../proto/io/prometheus/client/metrics_pb';

/** PbMetricInit is one protobuf Metric as a child fills it (labels are added by the base class). */
export type PbMetricInit = Exclude<MessageInitShape<typeof MetricSchema>, PbMetric>;

/** pbTimestamp converts ms since the epoch to a protobuf Timestamp (for created_timestamp). */
export const pbTimestamp = timestampFromMs;

/** MetricOptions are the options every metric takes. */
export interface MetricOptions<M> {
  /** name is the metric (family) name; `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  readonly name: string;
  /** help is the HELP text; required, as the client-library guidelines ask. */
  readonly help: string;
  /** labelNames are the names of the labels the metric is partitioned by. */
  readonly labelNames?: readonly string[];
  /** onCollect runs before each collection, for values that are read rather than pushed. */
  readonly onCollect?: (metric: M) => void;
}

/** Collector is what a Registry holds: something with a name that yields one metric family. */
export interface Collector {
  /** name identifies the collector in its registry. */
  readonly name: string;
  /** collect returns the family to write. */
  collect(): MetricFamily;
  /** collectProto returns the family as a protobuf MetricFamily message. */
  collectProto(): PbMetricFamily;
}

/** validateMetricName throws when a metric name is not a valid Prometheus name. */
export function validateMetricName(name: string): void {
  if (!isLegacyMetricName(name)) throw new Error(`invalid metric name "${name}": must match [a-zA-Z_:][a-zA-Z0-9_:]*`);
}

/** validateLabelNames throws for invalid, reserved (`__` prefix or listed), or repeated label names. */
export function validateLabelNames(names: readonly string[], reserved: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (!isLegacyLabelName(n)) throw new Error(`invalid label name "${n}": must match [a-zA-Z_][a-zA-Z0-9_]*`);
    if (n.startsWith('__')) throw new Error(`label name "${n}" is reserved: names starting with "__" are for internal use`);
    if (reserved.includes(n)) throw new Error(`label name "${n}" is reserved for this metric type`);
    if (seen.has(n)) throw new Error(`label name "${n}" is given twice`);
    seen.add(n);
  }
}

/** Metric holds the children of one metric, one per combination of label values. */
export abstract class Metric<C, M> implements Collector {
  /** name is the metric name as given. */
  readonly name: string;
  /** help is the HELP text. */
  readonly help: string;
  /** labelNames are the label names, in the order labels() takes their values. */
  readonly labelNames: readonly string[];
  private readonly children = new Map<string, { readonly values: readonly string[]; readonly child: C; readonly created: number }>();
  private readonly onCollect: ((metric: M) => void) | undefined;

  protected constructor(opts: MetricOptions<M>, reserved: readonly string[] = []) {
    validateMetricName(opts.name);
    if (typeof opts.help !== 'string') throw new Error(`metric "${opts.name}" needs a help text`);
    this.labelNames = [...(opts.labelNames ?? [])];
    validateLabelNames(this.labelNames, reserved);
    this.name = opts.name;
    this.help = opts.help;
    this.onCollect = opts.onCollect;
  }

  /** newChild makes the state for one combination of label values. */
  protected abstract newChild(): C;

  /** childSamples writes one child's samples; labels are the child's sorted pairs without `__name__`. */
  protected abstract childSamples(child: C, labels: readonly (readonly [string, string])[], out: WriteSample[]): void;

  /** family is the family's type (and name, when it differs from the metric name). */
  protected abstract family(): Pick<MetricFamily, 'name' | 'type'>;

  /** childProto fills one child's protobuf Metric; created is when the child was made (ms, its start timestamp). */
  protected abstract childProto(child: C, created: number): PbMetricInit;

  /** protoFamily is the family's protobuf name and type (client_golang names a counter family with `_total`). */
  protected abstract protoFamily(): { readonly name: string; readonly type: PbMetricType };

  /** labels returns the child for these label values (in labelNames order), creating it on first use. */
  labels(...values: string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`metric "${this.name}" takes ${this.labelNames.length} label values (${this.labelNames.join(', ')}), got ${values.length}`);
    }
    const key = values.join('\xff');
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { values: [...values], child: this.newChild(), created: Date.now() }));
    return entry.child;
  }

  /** remove forgets the child for these label values; it reports whether there was one. */
  remove(...values: string[]): boolean {
    return this.children.delete(values.join('\xff'));
  }

  /** reset forgets every child. */
  reset(): void {
    this.children.clear();
  }

  /** unlabelled is the single child of a metric without labels; with labels it throws. */
  protected unlabelled(): C {
    if (this.labelNames.length > 0) throw new Error(`metric "${this.name}" has labels (${this.labelNames.join(', ')}): use labels(...) first`);
    return this.labels();
  }

  /** collect runs onCollect and returns the family with every child's samples. */
  collect(): MetricFamily {
    this.onCollect?.(this as unknown as M);
    const samples: WriteSample[] = [];
    if (this.labelNames.length === 0 && this.children.size === 0) this.labels();
    for (const { values, child } of this.children.values()) {
      const pairs = this.labelNames.map((n, i) => [n, values[i]] as const);
      this.childSamples(child, pairs, samples);
    }
    return { ...this.family(), help: this.help, samples };
  }

  /** collectProto runs onCollect and returns the family as a protobuf message, children in creation order. */
  collectProto(): PbMetricFamily {
    this.onCollect?.(this as unknown as M);
    if (this.labelNames.length === 0 && this.children.size === 0) this.labels();
    const metric: PbMetricInit[] = [];
    for (const { values, child, created } of this.children.values()) {
      const label = this.labelNames.map((name, i) => ({ name, value: values[i] }));
      metric.push({ ...this.childProto(child, created), label });
    }
    return create(MetricFamilySchema, { ...this.protoFamily(), help: this.help, metric });
  }
}

/** sample builds a WriteSample for a sample name, the child's label pairs and extra pairs such as `le`. */
export function sample(name: string, pairs: readonly (readonly [string, string])[], value: number, extra?: readonly [string, string]): WriteSample {
  const all: (readonly [string, string])[] = [[METRIC_NAME, name], ...pairs];
  if (extra) all.push(extra);
  return { labels: labelsFromPairs(all), value };
}
