/** Registry: the set of metrics one process exposes, and their exposition in either format. */
import { toBinary } from '@bufbuild/protobuf';
import { PROTOBUF_CONTENT_TYPE } from '../exposition/protobuf';
import { OPENMETRICS2_CONTENT_TYPE as OM2_CONTENT_TYPE, writeOpenMetrics2 } from '../exposition/om2_writer';
import { writeOpenMetrics, writePrometheusText, type MetricFamily } from '../exposition/writer';
import { MetricFamilySchema } from '../proto/io/prometheus/client/metrics_pb';
import { Counter, Gauge } from './counter';
import { Histogram, type HistogramOptions } from './histogram';
import type { Collector, MetricOptions } from './metric';
import { Summary, type SummaryOptions } from './summary';

/** PROMETHEUS_TEXT_CONTENT_TYPE is the Content-Type of metrics(). */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** OPENMETRICS_CONTENT_TYPE is the Content-Type of openMetrics(). */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** OPENMETRICS2_CONTENT_TYPE is the Content-Type of openMetrics2() (OpenMetrics 2.0, experimental). */
export const OPENMETRICS2_CONTENT_TYPE = OM2_CONTENT_TYPE;

/** PROTOBUF_EXPOSITION_CONTENT_TYPE is the Content-Type of protobuf(): delimited io.prometheus.client.MetricFamily. */
export const PROTOBUF_EXPOSITION_CONTENT_TYPE = PROTOBUF_CONTENT_TYPE;

/** Registry holds collectors by name and writes them out sorted by name. */
export class Registry {
  private readonly collectors = new Map<string, Collector>();

  /** register adds a collector; a second one with the same name throws. */
  register<T extends Collector>(collector: T): T {
    if (this.collectors.has(collector.name)) throw new Error(`a metric named "${collector.name}" is already registered`);
    this.collectors.set(collector.name, collector);
    return collector;
  }

  /** unregister removes the collector with this name; it reports whether there was one. */
  unregister(name: string): boolean {
    return this.collectors.delete(name);
  }

  /** get returns the collector registered under name. */
  get(name: string): Collector | undefined {
    return this.collectors.get(name);
  }

  /** clear removes every collector. */
  clear(): void {
    this.collectors.clear();
  }

  /** counter creates and registers a Counter. */
  counter(opts: MetricOptions<Counter>): Counter {
    return this.register(new Counter(opts));
  }

  /** gauge creates and registers a Gauge. */
  gauge(opts: MetricOptions<Gauge>): Gauge {
    return this.register(new Gauge(opts));
  }

  /** histogram creates and registers a Histogram. */
  histogram(opts: HistogramOptions): Histogram {
    return this.register(new Histogram(opts));
  }

  /** summary creates and registers a Summary. */
  summary(opts: SummaryOptions): Summary {
    return this.register(new Summary(opts));
  }

  /** collect returns every collector's family, sorted by name. */
  collect(): MetricFamily[] {
    const names = [...this.collectors.keys()].sort();
    return names.map((n) => this.collectors.get(n)!.collect());
  }

  /** metrics writes every metric in the Prometheus text format (PROMETHEUS_TEXT_CONTENT_TYPE). */
  metrics(): string {
    return writePrometheusText(this.collect());
  }

  /** openMetrics writes every metric as OpenMetrics 1.0 text (OPENMETRICS_CONTENT_TYPE). */
  openMetrics(): string {
    return writeOpenMetrics(this.collect());
  }

  /**
   * openMetrics2 writes every metric as OpenMetrics 2.0 text (OPENMETRICS2_CONTENT_TYPE, experimental): histograms as
   * composite values with their native and classic buckets, summaries too, `st@` start timestamps.
   */
  openMetrics2(): string {
    const names = [...this.collectors.keys()].sort();
    return writeOpenMetrics2(names.map((n) => this.collectors.get(n)!.collectProto()));
  }

  /**
   * protobuf writes every metric as varint-length-delimited MetricFamily messages (PROTOBUF_EXPOSITION_CONTENT_TYPE),
   * the only exposition that carries native histograms and created timestamps.
   */
  protobuf(): Uint8Array {
    const names = [...this.collectors.keys()].sort();
    const parts = names.map((n) => toBinary(MetricFamilySchema, this.collectors.get(n)!.collectProto()));
    let size = 0;
    for (const p of parts) size += varintSize(p.length) + p.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      for (let n = p.length; ; n = Math.floor(n / 128)) {
        if (n < 128) {
          out[at++] = n;
          break;
        }
        out[at++] = (n % 128) | 0x80;
      }
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}
