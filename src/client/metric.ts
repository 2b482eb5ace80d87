/**
 * The shared shape of every client metric: name and label validation, children per label values, and the hook that
 * turns a metric into a MetricFamily for the writers.
 */
import type { MetricFamily, WriteSample } from '../exposition/writer';
import { isLegacyLabelName, isLegacyMetricName, labelsFromPairs, METRIC_NAME } from '../model/labels';

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
  private readonly children = new Map<string, { readonly values: readonly string[]; readonly child: C }>();
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

  /** labels returns the child for these label values (in labelNames order), creating it on first use. */
  labels(...values: string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`metric "${this.name}" takes ${this.labelNames.length} label values (${this.labelNames.join(', ')}), got ${values.length}`);
    }
    const key = values.join('\xff');
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { values: [...values], child: this.newChild() }));
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
}

/** sample builds a WriteSample for a sample name, the child's label pairs and extra pairs such as `le`. */
export function sample(name: string, pairs: readonly (readonly [string, string])[], value: number, extra?: readonly [string, string]): WriteSample {
  const all: (readonly [string, string])[] = [[METRIC_NAME, name], ...pairs];
  if (extra) all.push(extra);
  return { labels: labelsFromPairs(all), value };
}
