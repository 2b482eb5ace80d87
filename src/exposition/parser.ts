/**
 * The pull parser for the Prometheus text format (0.0.4 and 1.0.0) and OpenMetrics 1.0 text. One class serves both:
 * the line grammar is the same shape, and `om` switches the lexical rules (single spaces, `# EOF`, seconds) and
 * turns on the family checks of OpenMetricsChecker (unless `strict` is off). Sample lines are read by SampleScanner
 * (sample.ts), which keeps label positions in a typed array; strings are only cut when an accessor asks for them.
 */
import type { Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { HASH, NL, QUOTE, skipBlanks, SP, TAB } from './cursor';
import { LIMITS, OM_TYPES, TEXT_TYPES, typeOf } from './limits';
import { OpenMetricsChecker, type SampleSource } from './omcheck';
import { SampleScanner } from './sample';
import { isNameStart, matchesAt, scanNameCodes, unescape } from './scan';
import { ExpositionError, type Entry, type Exemplar, type ExpositionParser } from './types';

type MetadataKind = 'help' | 'type' | 'unit';

/** KEYWORDS spells each metadata entry's keyword as the comment line writes it. */
const KEYWORDS: Readonly<Record<MetadataKind, string>> = { help: 'HELP', type: 'TYPE', unit: 'UNIT' };
const METADATA_KINDS: readonly MetadataKind[] = ['help', 'type', 'unit'];

/** Parser is the ExpositionParser for both formats; build it with newParser. */
export class Parser extends SampleScanner implements ExpositionParser, SampleSource {
  private failure: ExpositionError | null = null;
  private done = false;
  private cachedLabels: Labels | null = null;

  private famStart = 0;
  private famEnd = 0;
  private famQuoted = false;
  private textStart = 0;
  private textEnd = 0;
  private mtype: MetricType = 'unknown';

  private readonly checker: OpenMetricsChecker | null;

  /** fast (default true) lets common sample lines take the one-pass reader; tests turn it off to compare. */
  constructor(s: string, om: boolean, strict: boolean, fast = true) {
    super(s, om, fast);
    this.checker = om && strict ? new OpenMetricsChecker() : null;
  }

  /** next advances to the next entry; it throws ExpositionError (and nothing else) on malformed input. */
  next(): Entry | null {
    if (this.failure) throw this.failure;
    if (this.done) return null;
    try {
      return this.advance();
    } catch (e) {
      this.failure = e instanceof ExpositionError ? e : new ExpositionError(this.lineNo, this.pos - this.lineStart + 1, String(e));
      throw this.failure;
    }
  }

  /** seriesKey is the raw `name{labels}` text of the current sample. */
  seriesKey(): string {
    return this.s.slice(this.seriesStart, this.seriesEnd);
  }

  /** metricName is the current sample's metric name. */
  metricName(): string {
    return this.nameQuoted ? unescape(this.s, this.nameStart, this.nameEnd, true) : this.s.slice(this.nameStart, this.nameEnd);
  }

  /** labels decodes the current sample's labels, `__name__` included, sorted by name. */
  labels(): Labels {
    return (this.cachedLabels ??= this.spans.decode(this.metricName()));
  }

  /** nameRepeats reports whether the current sample's name is written exactly as the previous sample's. */
  nameRepeats(): boolean {
    return this.nameRepeated;
  }

  /** nameIs reports whether the current sample's name is prefix + suffix, comparing the raw text. */
  nameIs(prefix: string, suffix: string): boolean {
    if (this.nameQuoted) return this.metricName() === prefix + suffix;
    const at = this.nameStart;
    return (
      this.nameEnd - at === prefix.length + suffix.length &&
      (suffix === '' || matchesAt(this.s, at + prefix.length, suffix)) &&
      matchesAt(this.s, at, prefix)
    );
  }

  /** labelValue decodes the value of one label of the current sample, or returns undefined when it is absent. */
  labelValue(name: string): string | undefined {
    return this.spans.labelValue(name);
  }

  /** groupKey identifies the current sample's labels without drop (see LabelSpans.groupKey). */
  groupKey(drop: string | undefined): string {
    return this.spans.groupKey(drop);
  }

  /** value is the current sample's value. */
  value(): number {
    return this.val;
  }

  /** timestamp is the current sample's timestamp in ms, or undefined. */
  timestamp(): number | undefined {
    return this.ts;
  }

  /** exemplar is the current sample's exemplar (OpenMetrics only). */
  exemplar(): Exemplar | undefined {
    return this.ex;
  }

  /** family is the metric family named by the current HELP, TYPE or UNIT entry. */
  family(): string {
    return this.famQuoted ? unescape(this.s, this.famStart, this.famEnd, true) : this.s.slice(this.famStart, this.famEnd);
  }

  /** type is the metric type of the current TYPE entry (`untyped` reads as 'unknown'). */
  type(): MetricType {
    return this.mtype;
  }

  /** help is the unescaped text of the current HELP entry. */
  help(): string {
    return unescape(this.s, this.textStart, this.textEnd, this.om);
  }

  /** unit is the text of the current UNIT entry. */
  unit(): string {
    return this.s.slice(this.textStart, this.textEnd);
  }

  /** comment is the text of the current comment entry (text format only), without the `#`. */
  comment(): string {
    return this.s.slice(this.textStart, this.textEnd);
  }

  private advance(): Entry | null {
    const s = this.s;
    const end = s.length;
    for (;;) {
      if (this.pos >= end) return this.finish();
      let c = s.charCodeAt(this.pos);
      if (!this.om && (c === SP || c === TAB)) {
        this.skipSpaces();
        if (this.pos >= end) return this.finish();
        c = s.charCodeAt(this.pos);
      }
      if (c === NL) {
        if (this.om) this.fail(this.pos, 'blank lines are not allowed in OpenMetrics');
        this.newline(this.pos++);
        continue;
      }
      this.cachedLabels = null;
      if (c === HASH) {
        const nl = s.indexOf('\n', this.pos);
        return this.om ? this.omComment(nl < 0 ? end : nl) : this.textComment(nl < 0 ? end : nl);
      }
      this.series();
      return 'series';
    }
  }

  private finish(): null {
    if (this.om) this.fail(this.pos, 'missing "# EOF" at the end of the input');
    this.done = true;
    return null;
  }

  private textComment(lineEnd: number): Entry {
    const s = this.s;
    let i = this.pos + 1;
    const afterHash = s.charCodeAt(i);
    if (afterHash === SP || afterHash === TAB) {
      i = skipBlanks(s, i);
      const kw = matchesAt(s, i, 'HELP') ? 'help' : matchesAt(s, i, 'TYPE') ? 'type' : null;
      const sep = s.charCodeAt(i + 4);
      if (kw !== null && (sep === SP || sep === TAB)) return this.metadata(kw, skipBlanks(s, i + 4), lineEnd);
    }
    this.textStart = this.pos + 1;
    this.textEnd = lineEnd;
    this.pos = lineEnd;
    this.endLine();
    return 'comment';
  }

  private omComment(lineEnd: number): Entry | null {
    const s = this.s;
    const p = this.pos;
    if (matchesAt(s, p, '# EOF') && lineEnd === p + 5) {
      if (lineEnd + 1 < s.length) {
        this.newline(lineEnd);
        this.fail(lineEnd + 1, 'content after "# EOF"');
      }
      this.pos = s.length;
      this.done = true;
      const err = this.checker?.end();
      if (err) this.fail(p, err);
      return null;
    }
    if (s.charCodeAt(p + 1) === SP && s.charCodeAt(p + 6) === SP) {
      for (const kind of METADATA_KINDS) {
        if (matchesAt(s, p + 2, KEYWORDS[kind])) return this.metadata(kind, p + 7, lineEnd);
      }
    }
    return this.fail(p, 'expected "# HELP ", "# TYPE ", "# UNIT " or "# EOF"; OpenMetrics allows no other comments');
  }

  protected series(): void {
    this.sample();
    if (this.checker) {
      const err = this.checker.sample(this, this.val, this.tsSeconds, this.ex !== undefined);
      if (err) this.fail(this.seriesStart, err);
    }
    this.endLine();
  }

  private metadata(kind: MetadataKind, at: number, lineEnd: number): Entry {
    const s = this.s;
    let i = at;
    const quotedBefore = this.famQuoted;
    this.famQuoted = s.charCodeAt(i) === QUOTE;
    if (this.famQuoted) {
      i = this.quoted(i);
      this.famStart = at + 1;
      this.famEnd = i - 1;
    } else if (isNameStart(this.codes[i])) {
      const repeated = quotedBefore ? -1 : this.repeatedName(at, this.famStart, this.famEnd - this.famStart);
      i = repeated >= 0 ? repeated : scanNameCodes(this.codes, i + 1);
      this.famStart = at;
      this.famEnd = i;
    } else {
      this.fail(i, `expected metric name after ${KEYWORDS[kind]}`);
    }
    if (this.famEnd - this.famStart > LIMITS.nameLength) this.fail(at, `metric name longer than ${LIMITS.nameLength}`);
    const sep = s.charCodeAt(i);
    if (i >= lineEnd) {
      if (this.om || kind === 'type') this.fail(i, `expected text after metric name in ${KEYWORDS[kind]}`);
      this.textStart = this.textEnd = i;
    } else if (sep === SP || (!this.om && sep === TAB)) {
      this.textStart = i + 1;
      this.textEnd = lineEnd;
    } else {
      this.fail(i, `expected " " after metric name in ${KEYWORDS[kind]}`);
    }
    if (kind === 'type') {
      const mt = typeOf(this.om ? OM_TYPES : TEXT_TYPES, s, this.textStart, this.textEnd);
      if (mt === undefined) this.fail(this.textStart, `invalid metric type "${s.slice(this.textStart, this.textEnd)}"`);
      this.mtype = mt;
    }
    if (this.checker) {
      const err = this.checker.meta(kind, this.family(), kind === 'type' ? this.mtype : this.unit());
      if (err) this.fail(at, err);
    }
    this.pos = lineEnd;
    this.endLine();
    return kind;
  }
}

