/**
 * The pull parser for the Prometheus text format (0.0.4 and 1.0.0) and OpenMetrics 1.0 text. One class serves both:
 * the line grammar is the same shape, and `om` switches the lexical rules (single spaces, `# EOF`, seconds) and
 * turns on the family checks of OpenMetricsChecker (unless `strict` is off). The hot path scans with charCodeAt and
 * keeps label positions in a typed array; strings are only cut when an accessor asks for them.
 */
import type { Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { COMMA, Cursor, EQUAL, HASH, LBRACE, NL, plainQuoted, QUOTE, RBRACE, skipBlanks, SP, TAB } from './cursor';
import { scanExemplar } from './exemplar';
import { LIMITS, OM_TYPES, TEXT_TYPES } from './limits';
import { OpenMetricsChecker, type SampleSource } from './omcheck';
import { isLabelStart, isNameStart, matchesAt, parseNumber, parseSecondsToMs, scanLabelName, scanName, unescape } from './scan';
import { LabelSpans } from './spans';
import { ExpositionError, type Entry, type Exemplar, type ExpositionParser } from './types';

/** Parser is the ExpositionParser for both formats; build it with newParser. */
export class Parser extends Cursor implements ExpositionParser, SampleSource {
  private failure: ExpositionError | null = null;
  private done = false;

  private seriesStart = 0;
  private seriesEnd = 0;
  private nameStart = -1;
  private nameEnd = -1;
  private nameQuoted = false;
  private readonly spans: LabelSpans;
  private cachedLabels: Labels | null = null;
  private val = 0;
  private ts: number | undefined = undefined;
  private tsSeconds: number | undefined = undefined;
  private ex: Exemplar | undefined = undefined;

  private famStart = 0;
  private famEnd = 0;
  private famQuoted = false;
  private textStart = 0;
  private textEnd = 0;
  private mtype: MetricType = 'unknown';

  private readonly checker: OpenMetricsChecker | null;

  constructor(s: string, om: boolean, strict: boolean) {
    super(s, om);
    this.spans = new LabelSpans(s);
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
      if (c === HASH) return this.om ? this.omComment() : this.textComment();
      this.series();
      return 'series';
    }
  }

  private finish(): null {
    if (this.om) this.fail(this.pos, 'missing "# EOF" at the end of the input');
    this.done = true;
    return null;
  }

  private textComment(): Entry {
    const s = this.s;
    const lineEnd = this.restOfLine();
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

  private omComment(): Entry | null {
    const s = this.s;
    const lineEnd = this.restOfLine();
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
      for (const kw of ['help', 'type', 'unit'] as const) {
        if (matchesAt(s, p + 2, kw.toUpperCase())) return this.metadata(kw, p + 7, lineEnd);
      }
    }
    return this.fail(p, 'expected "# HELP ", "# TYPE ", "# UNIT " or "# EOF"; OpenMetrics allows no other comments');
  }

  private metadata(kind: 'help' | 'type' | 'unit', at: number, lineEnd: number): Entry {
    const s = this.s;
    const kwName = kind.toUpperCase();
    let i = at;
    this.famQuoted = s.charCodeAt(i) === QUOTE;
    if (this.famQuoted) {
      i = this.quoted(i);
      this.famStart = at + 1;
      this.famEnd = i - 1;
    } else if (isNameStart(s.charCodeAt(i))) {
      i = scanName(s, i + 1);
      this.famStart = at;
      this.famEnd = i;
    } else {
      this.fail(i, `expected metric name after ${kwName}`);
    }
    if (this.famEnd - this.famStart > LIMITS.nameLength) this.fail(at, `metric name longer than ${LIMITS.nameLength}`);
    const sep = s.charCodeAt(i);
    if (i >= lineEnd) {
      if (this.om || kind === 'type') this.fail(i, `expected text after metric name in ${kwName}`);
      this.textStart = this.textEnd = i;
    } else if (sep === SP || (!this.om && sep === TAB)) {
      this.textStart = i + 1;
      this.textEnd = lineEnd;
    } else {
      this.fail(i, `expected " " after metric name in ${kwName}`);
    }
    if (kind === 'type') {
      const t = s.slice(this.textStart, this.textEnd);
      const mt = (this.om ? OM_TYPES : TEXT_TYPES)[t];
      if (mt === undefined) this.fail(this.textStart, `invalid metric type "${t}"`);
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

  private series(): void {
    const s = this.s;
    this.seriesStart = this.pos;
    this.nameStart = -1;
    this.nameQuoted = false;
    this.spans.reset();
    this.ex = undefined;
    let c = s.charCodeAt(this.pos);
    if (isNameStart(c)) {
      this.nameStart = this.pos;
      this.pos = scanName(s, this.pos + 1);
      this.nameEnd = this.pos;
      if (this.nameEnd - this.nameStart > LIMITS.nameLength) this.fail(this.nameStart, `metric name longer than ${LIMITS.nameLength}`);
      this.skipSpaces();
      c = s.charCodeAt(this.pos);
    } else if (c !== LBRACE) {
      this.fail(this.pos, 'expected metric name');
    }
    if (c === LBRACE) {
      this.labelSet();
      this.seriesEnd = this.pos;
    } else {
      if (this.om && c !== SP) this.fail(this.pos, 'expected "{" or " " after metric name');
      this.seriesEnd = this.nameEnd;
    }
    if (this.nameStart < 0) this.fail(this.seriesStart, 'metric name not set (expected a quoted name inside the braces)');
    this.sampleValue();
    if (this.checker) {
      const err = this.checker.sample(this, this.val, this.tsSeconds, this.ex !== undefined);
      if (err) this.fail(this.seriesStart, err);
    }
    this.endLine();
  }

  private labelSet(): void {
    const s = this.s;
    const om = this.om;
    const open = this.pos;
    let i = open + 1;
    let afterComma = false;
    for (;;) {
      if (!om) i = skipBlanks(s, i);
      let c = s.charCodeAt(i);
      if (c === RBRACE) {
        if (om && afterComma) this.fail(i, 'trailing "," before "}"');
        i++;
        break;
      }
      const ns = i;
      let quotedName = false;
      if (isLabelStart(c)) {
        i = scanLabelName(s, i + 1);
      } else if (c === QUOTE) {
        i = this.quoted(i);
        quotedName = true;
      } else {
        this.fail(i >= s.length ? open : i, i >= s.length ? 'unterminated label set' : 'expected label name');
      }
      const ne = i;
      if (!om) i = skipBlanks(s, i);
      c = s.charCodeAt(i);
      if (quotedName && (c === COMMA || c === RBRACE)) {
        if (this.nameStart >= 0) this.fail(ns, 'metric name given twice');
        this.nameStart = ns + 1;
        this.nameEnd = ne - 1;
        this.nameQuoted = true;
        afterComma = c === COMMA;
        if (afterComma) i++;
        continue;
      }
      if (c !== EQUAL) this.fail(i, `expected "=" after label name ${this.shown(ns, ne, quotedName)}`);
      i++;
      if (!om) i = skipBlanks(s, i);
      const vs = i;
      if (s.charCodeAt(vs) !== QUOTE) this.fail(vs, `expected quoted label value after ${this.shown(ns, ne, quotedName)}=`);
      i = plainQuoted(s, vs);
      const escaped = i < 0;
      if (escaped) i = this.quoted(vs, !om);
      this.addLabel(ns, ne, vs, i, quotedName, escaped && this.escaped);
      if (!om) i = skipBlanks(s, i);
      c = s.charCodeAt(i);
      afterComma = c === COMMA;
      if (afterComma) i++;
      else if (c !== RBRACE && (om || !(isLabelStart(c) || c === QUOTE))) this.fail(i, 'expected "," or "}" after label value');
    }
    this.pos = i;
    const spans = this.spans;
    if (spans.count === 0) return;
    const named = spans.metricNameLabel();
    if (named >= 0) this.fail(spans.nameStart(named), 'label "__name__" repeats the metric name');
    const dup = spans.duplicate();
    if (dup >= 0) this.fail(spans.nameStart(dup), `duplicate label name "${spans.nameText(dup)}"`);
  }

  private addLabel(ns: number, ne: number, vs: number, ve: number, quotedName: boolean, escaped: boolean): void {
    if (this.spans.count >= LIMITS.labels) this.fail(ns, `more than ${LIMITS.labels} labels`);
    if (ne - ns > LIMITS.nameLength) this.fail(ns, `label name longer than ${LIMITS.nameLength}`);
    if (ve - vs > LIMITS.valueLength) this.fail(vs, `label value longer than ${LIMITS.valueLength}`);
    this.spans.add(ns, ne, vs, ve, quotedName, escaped);
  }

  private sampleValue(): void {
    const s = this.s;
    if (this.om) {
      if (s.charCodeAt(this.pos) !== SP) this.fail(this.pos, 'expected " " before the value');
      this.pos++;
    } else {
      this.skipSpaces();
    }
    const vs = this.pos;
    const ve = this.token();
    if (ve === vs) this.fail(vs, 'expected value');
    const v = parseNumber(s, vs, ve, this.om ? 'openmetrics' : 'go');
    if (v === undefined) this.fail(vs, `invalid value ${this.shown(vs, ve)}`);
    this.val = v;
    this.pos = ve;
    this.ts = undefined;
    this.tsSeconds = undefined;
    if (this.om) this.omTail();
    else this.textTail();
  }

  private textTail(): void {
    const s = this.s;
    this.skipSpaces();
    if (this.pos >= s.length || s.charCodeAt(this.pos) === NL) return;
    const ts = this.pos;
    let i = ts;
    while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === ts) this.fail(ts, 'expected timestamp or end of line after the value');
    if (i - ts > 19) this.fail(ts, 'timestamp out of range');
    this.ts = Number(s.slice(ts, i));
    this.pos = i;
    this.skipSpaces();
    if (this.pos < s.length && s.charCodeAt(this.pos) !== NL) this.fail(this.pos, 'expected end of line after the timestamp');
  }

  private omTail(): void {
    const s = this.s;
    if (s.charCodeAt(this.pos) === SP) {
      this.pos++;
      if (s.charCodeAt(this.pos) !== HASH) {
        const ts = this.pos;
        const te = this.token();
        if (te === ts) this.fail(ts, 'expected timestamp after " "');
        const ms = parseSecondsToMs(s, ts, te);
        if (ms === undefined) this.fail(ts, `invalid timestamp ${this.shown(ts, te)}`);
        this.ts = ms;
        this.tsSeconds = parseNumber(s, ts, te, 'timestamp');
        this.pos = te;
        if (s.charCodeAt(te) === SP) {
          this.pos++;
          if (s.charCodeAt(this.pos) !== HASH) this.fail(this.pos, 'expected "# {" (an exemplar) or end of line after the timestamp');
        }
      }
      if (s.charCodeAt(this.pos) === HASH) this.ex = scanExemplar(this);
    }
    if (this.pos < s.length && s.charCodeAt(this.pos) !== NL) this.fail(this.pos, 'expected end of line');
  }
}
