/** The exposition formats: pull parsers for the Prometheus text format and OpenMetrics, negotiation, and writers. */
import type { FloatHistogram } from '../model/histogram';
import type { Labels } from '../model/labels';
import type { MetricMetadata, MetricType } from '../model/metadata';
import type { Format } from './negotiate';
import { OM2_DEFAULTS, OpenMetrics2Parser, type OpenMetrics2Options } from './om2_parser';
import { Parser } from './parser';
import type { Exemplar, ExpositionParser } from './types';

export { ExpositionError, type Entry, type Exemplar, type ExpositionParser } from './types';
export { SCRAPE_ACCEPT_HEADER, BodySizeLimitError, decodeBody, decodeBodyBytes, formatFromContentType, type Format, type ScrapeFormat } from './negotiate';
export { acceptsProtobuf, decodeMetricFamilies, ProtobufError, PROTOBUF_CONTENT_TYPE, PROTOBUF_MEDIA_TYPE } from './protobuf';
export { ProtoParser, type ProtoParserOptions } from './proto_parser';
export { NhcbParser, NhcbError, classicToNhcb } from './nhcb';
export { OpenMetrics2Parser, OM2_DEFAULTS, type OpenMetrics2Options } from './om2_parser';
export { LIMITS } from './limits';
export {
  writeOpenMetrics,
  writePrometheusText,
  formatFloat,
  formatSeconds,
  seriesText,
  escapeLabelValue,
  type MetricFamily,
  type WriteSample,
  type WriteOptions,
} from './writer';
export { formatOM2Histogram, writeOpenMetrics2, OPENMETRICS2_CONTENT_TYPE } from './om2_writer';
export { familiesFromSamples, familyOf, TYPE_SUFFIXES, type FamilyRef } from './families';

/**
 * ParserOptions tunes the OpenMetrics parsers. strict (default true) applies every family rule of the OpenMetrics
 * 1.0 suite (counter-like values not negative, histogram consistency, grouping, name clashes); false checks only the
 * line grammar, as lenient as Prometheus's own OpenMetrics parser. The text format ignores it. histograms chooses
 * how OpenMetrics 2.0 histograms come out (default OM2_DEFAULTS: native ones as histograms, classic ones as series).
 */
export interface ParserOptions {
  readonly strict?: boolean;
  readonly histograms?: OpenMetrics2Options;
}

/** newParser returns a pull parser over body in the given format. */
export function newParser(body: string, format: Format, options: ParserOptions = {}): ExpositionParser {
  if (format === 'openmetrics2') return new OpenMetrics2Parser(body, options.histograms ?? OM2_DEFAULTS);
  return new Parser(body, format === 'openmetrics', options.strict ?? true);
}

/** ParsedSample is one sample as parseAll returns it; labels include `__name__`, timestamp is in ms. */
export interface ParsedSample {
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
  readonly timestamp?: number;
  readonly exemplar?: Exemplar;
  /** histogram is the native histogram of a histogram sample (value is then NaN). */
  readonly histogram?: FloatHistogram;
  /** startTimestamp is the sample's start (created) timestamp in ms, where the format carries one. */
  readonly startTimestamp?: number;
}

/** ParseResult holds every sample of a body and the metadata of each metric family. */
export interface ParseResult {
  readonly samples: ParsedSample[];
  readonly metadata: Map<string, MetricMetadata>;
}

/** parseAll parses a whole body into samples and per-family metadata; it throws ExpositionError when malformed. */
export function parseAll(body: string, format: Format, options: ParserOptions = {}): ParseResult {
  const p = newParser(body, format, options);
  const samples: ParsedSample[] = [];
  const metadata = new Map<string, { type: MetricType; help: string; unit: string }>();
  const meta = (family: string) => {
    let m = metadata.get(family);
    if (!m) metadata.set(family, (m = { type: 'unknown', help: '', unit: '' }));
    return m;
  };
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e === 'series') {
      const s: { -readonly [K in keyof ParsedSample]: ParsedSample[K] } = { name: p.metricName(), labels: p.labels(), value: p.value() };
      const ts = p.timestamp();
      if (ts !== undefined) s.timestamp = ts;
      const ex = p.exemplar();
      if (ex !== undefined) s.exemplar = ex;
      const h = p.histogram?.();
      if (h !== undefined) s.histogram = h;
      const st = p.startTimestamp?.();
      if (st !== undefined) s.startTimestamp = st;
      samples.push(s);
    } else if (e === 'type') meta(p.family()).type = p.type();
    else if (e === 'help') meta(p.family()).help = p.help();
    else if (e === 'unit') meta(p.family()).unit = p.unit();
  }
  return { samples, metadata };
}
