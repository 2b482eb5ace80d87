/** Counter and Gauge: the two single-value metric types. */
import type { MetricFamily, WriteSample } from '../exposition/writer';
import { MetricType as PbType } from '../proto/io/prometheus/client/metrics_pb';
import { Metric, pbTimestamp, sample, type MetricOptions, type PbMetricInit } from './metric';

/** CounterChild is one counter series: a value that only goes up. */
export class CounterChild {
  private v = 0;

  /** inc adds a non-negative amount (default 1). */
  inc(amount = 1): void {
    if (!(amount >= 0)) throw new Error(`counters only go up: cannot add ${amount}`);
    this.v += amount;
  }

  /** get returns the current value. */
  get(): number {
    return this.v;
  }
}

/** Counter is a monotonic counter; it is exposed as `<name>_total` (a `_total` suffix on the name is dropped). */
export class Counter extends Metric<CounterChild, Counter> {
  private readonly familyName: string;

  constructor(opts: MetricOptions<Counter>) {
    super(opts);
    this.familyName = opts.name.endsWith('_total') ? opts.name.slice(0, -6) : opts.name;
  }

  /** inc adds to the counter of a metric without labels. */
  inc(amount = 1): void {
    this.unlabelled().inc(amount);
  }

  /** get reads the counter of a metric without labels. */
  get(): number {
    return this.unlabelled().get();
  }

  protected newChild(): CounterChild {
    return new CounterChild();
  }

  protected childSamples(child: CounterChild, pairs: readonly (readonly [string, string])[], out: WriteSample[]): void {
    out.push(sample(`${this.familyName}_total`, pairs, child.get()));
  }

  protected family(): Pick<MetricFamily, 'name' | 'type'> {
    return { name: this.familyName, type: 'counter' };
  }

  protected childProto(child: CounterChild, created: number): PbMetricInit {
    return { counter: { value: child.get(), createdTimestamp: pbTimestamp(created) } };
  }

  protected protoFamily(): { name: string; type: PbType } {
    return { name: `${this.familyName}_total`, type: PbType.COUNTER };
  }
}

/** GaugeChild is one gauge series: a value that goes up and down. */
export class GaugeChild {
  private v = 0;

  /** set sets the value. */
  set(value: number): void {
    this.v = value;
  }

  /** inc adds an amount (default 1). */
  inc(amount = 1): void {
    this.v += amount;
  }

  /** dec subtracts an amount (default 1). */
  dec(amount = 1): void {
    this.v -= amount;
  }

  /** setToCurrentTime sets the value to the current Unix time in seconds. */
  setToCurrentTime(): void {
    this.v = Date.now() / 1000;
  }

  /** get returns the current value. */
  get(): number {
    return this.v;
  }
}

/** Gauge is a value that can go up and down. */
export class Gauge extends Metric<GaugeChild, Gauge> {
  constructor(opts: MetricOptions<Gauge>) {
    super(opts);
  }

  /** set sets the gauge of a metric without labels. */
  set(value: number): void {
    this.unlabelled().set(value);
  }

  /** inc adds to the gauge of a metric without labels. */
  inc(amount = 1): void {
    this.unlabelled().inc(amount);
  }

  /** dec subtracts from the gauge of a metric without labels. */
  dec(amount = 1): void {
    this.unlabelled().dec(amount);
  }

  /** setToCurrentTime sets the gauge of a metric without labels to now, in seconds. */
  setToCurrentTime(): void {
    this.unlabelled().setToCurrentTime();
  }

  /** get reads the gauge of a metric without labels. */
  get(): number {
    return this.unlabelled().get();
  }

  protected newChild(): GaugeChild {
    return new GaugeChild();
  }

  protected childSamples(child: GaugeChild, pairs: readonly (readonly [string, string])[], out: WriteSample[]): void {
    out.push(sample(this.name, pairs, child.get()));
  }

  protected family(): Pick<MetricFamily, 'name' | 'type'> {
    return { name: this.name, type: 'gauge' };
  }

  protected childProto(child: GaugeChild): PbMetricInit {
    return { gauge: { value: child.get() } };
  }

  protected protoFamily(): { name: string; type: PbType } {
    return { name: this.name, type: PbType.GAUGE };
  }
}
