/**
 * The exposition pull-parser seam, after Prometheus's textparse: `next()` returns the kind of the entry; accessors
 * read the current entry. No object per line unless the caller asks for one.
 */
import type { Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import type { FloatHistogram } from '../model/histogram';

/** Entry is the kind of the current entry. */
export type Entry = 'series' | 'type' | 'help' | 'unit' | 'comment' | 'eof';

/** Exemplar is an OpenMetrics exemplar attached to a sample. */
export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  /** ts in ms, or undefined when absent. */
  readonly ts?: number;
}

/** ExpositionParser is the pull parser for both formats. */
export interface ExpositionParser {
  /** next advances; returns null at the end of input (after `# EOF` for OpenMetrics). Throws ExpositionError only. */
  next(): Entry | null;
  /** seriesKey returns a string that identifies the current series' raw text, so a caller can skip decoding labels. */
  seriesKey(): string;
  /** labels decodes the current series' labels (including `__name__`), sorted. */
  labels(): Labels;
  /** metricName is the current series' metric name. */
  metricName(): string;
  /** value is the current sample's value. */
  value(): number;
  /** timestamp is the current sample's timestamp in ms, or undefined when the line had none. */
  timestamp(): number | undefined;
  /** exemplar is the current sample's exemplar, if any. */
  exemplar(): Exemplar | undefined;
  /** exemplars lists all of the current sample's exemplars where it may have several (a native histogram's). */
  exemplars?(): Exemplar[];
  /** family is the metric family name for a type/help/unit entry. */
  family(): string;
  /** type is the metric type for a `type` entry. */
  type(): MetricType;
  /** help is the help text for a `help` entry. */
  help(): string;
  /** unit is the unit for a `unit` entry. */
  unit(): string;
  /** comment is the text after `#` of a `comment` entry (text format only). */
  comment?(): string;
  /** createdTimestamp is the OpenMetrics `_created` value in ms attached to the current series, if known. */
  createdTimestamp?(): number | undefined;
  /** histogram is the current series' native histogram (its value() is then meaningless), if it is one. */
  histogram?(): FloatHistogram | undefined;
  /** startTimestamp is the current sample's start (created) timestamp in ms, where the format carries one. */
  startTimestamp?(): number | undefined;
}

/** ExpositionError is a malformed-input error with a 1-based line and column. */
export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly msg: string,
  ) {
    super(`line ${line}, column ${column}: ${msg}`);
  }
}
