/**
 * The pull parser for the Prometheus text format (0.0.4 and 1.0.0) and OpenMetrics 1.0 text. One class serves both:
 * the line grammar is the same shape, and `om` switches the lexical rules (single spaces, `# EOF`, seconds) and
 * turns on the family checks of OpenMetricsChecker (unless `strict` is off). The hot path scans with charCodeAt and keeps label positions in
 * a typed array; strings are only cut when an accessor asks for them.
 */
import { METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { OpenMetricsChecker, type SampleSource } from './omcheck';
import { isLabelChar, isLabelStart, isNameChar, isNameStart, matchesAt, parseNumber, parseSecondsToMs, scanLabelName, scanName, unescape } from './scan';
import { ExpositionError, type Entry, type Exemplar, type ExpositionParser } from './types';
import { LIMITS, TEXT_TYPES, OM_TYPES } from './limits';

const NL = 10;
const SP = 32;
const TAB = 9;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const EQUAL = 61;

/** Parser is the ExpositionParser for both formats; build it with newParser. */
export class Parser implements ExpositionParser, SampleSource {
  private pos = 0;
  private lineNo = 1;
  private lineStart = 0;
  private failure: ExpositionError | null = null;
  private done = false;

  private seriesStart = 0;
  private seriesEnd = 0;
  private nameStart = -1;
  private nameEnd = -1;
  private nameQuoted = false;
  /** lab holds per label: name start, name end, value start, value end, flags (1 quoted name, 2 escaped value). */
  private lab = new Int32Array(5 * 16);
  private nlab = 0;
  /** order is scratch space for groupKey's sorted label indices. */
  private order = new Int32Array(LIMITS.labels);
  /** escaped is set by quoted() when the string it scanned holds a backslash. */
  private escaped = false;
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

  constructor(
    private readonly s: string,
    private readonly om: boolean,
    strict: boolean,
  ) {
    this.checker = om && strict ? new OpenMetricsChecker() : null;
  }

  /** next advances to the next entry; it throws ExpositionError (and nothing else) on malformed input. */
  next(): Entry | null {
    if (this.failure) throw this.failure;
    if (this.done) return null;
    try {
      return this.advance();
    } catch (e) {
      this.failure =
        e instanceof ExpositionError ? e : new ExpositionError(this.lineNo, this.column(this.pos), String(e));
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
    if (this.cachedLabels) return this.cachedLabels;
    const s = this.s;
    const lab = this.lab;
    const out: string[] = new Array(2 * this.nlab + 2);
    out[0] = METRIC_NAME;
    out[1] = this.metricName();
    let n = 2;
    for (let k = 0; k < this.nlab; k++) {
      const b = 5 * k;
      const flags = lab[b + 4];
      const name = flags & 1 ? unescape(s, lab[b], lab[b + 1], true) : s.slice(lab[b], lab[b + 1]);
      const value = flags & 2 ? unescape(s, lab[b + 2], lab[b + 3], true) : s.slice(lab[b + 2], lab[b + 3]);
      let j = n;
      while (j > 0 && out[j - 2] > name) {
        out[j] = out[j - 2];
        out[j + 1] = out[j - 1];
        j -= 2;
      }
      out[j] = name;
      out[j + 1] = value;
      n += 2;
    }
    this.cachedLabels = out;
    return out;
  }

  /** nameIs reports whether the current sample's name is prefix + suffix, comparing the raw text. */
  nameIs(prefix: string, suffix: string): boolean {
    if (this.nameQuoted) return this.metricName() === prefix + suffix;
    const at = this.nameStart;
    return (
      this.nameEnd - at === prefix.length + suffix.length &&
      matchesAt(this.s, at, prefix) &&
      (suffix === '' || matchesAt(this.s, at + prefix.length, suffix))
    );
  }

  /** labelValue decodes the value of one label of the current sample, or returns undefined when it is absent. */
  labelValue(name: string): string | undefined {
    for (let k = 0; k < this.nlab; k++) {
      if (this.labelNameIs(k, name)) return this.decodedValue(k);
    }
    return undefined;
  }

  /**
   * groupKey identifies the current sample's labels without drop: the raw `name="value"` pairs sorted by name and
   * joined by commas. When the pairs are already in order and adjacent (the usual case) that is one slice of the line.
   */
  groupKey(drop: string | undefined): string {
    const order = this.order;
    let n = 0;
    let moved = false;
    for (let k = 0; k < this.nlab; k++) {
      if (drop !== undefined && this.labelNameIs(k, drop)) continue;
      let j = n++;
      while (j > 0 && this.compareNames(order[j - 1], k) > 0) {
        order[j] = order[j - 1];
        j--;
        moved = true;
      }
      order[j] = k;
    }
    if (n === 0) return '';
    if (!moved && order[n - 1] - order[0] === n - 1) return this.s.slice(this.pairStart(order[0]), this.pairEnd(order[n - 1]));
    let key = '';
    for (let j = 0; j < n; j++) key += `${j === 0 ? '' : ','}${this.s.slice(this.pairStart(order[j]), this.pairEnd(order[j]))}`;
    return key;
  }

  private pairStart(k: number): number {
    return this.lab[5 * k] - (this.lab[5 * k + 4] & 1);
  }

  private pairEnd(k: number): number {
    return this.lab[5 * k + 3] + 1;
  }

  private labelNameIs(k: number, name: string): boolean {
    const lab = this.lab;
    const b = 5 * k;
    if (lab[b + 4] & 1) return unescape(this.s, lab[b], lab[b + 1], true) === name;
    return lab[b + 1] - lab[b] === name.length && matchesAt(this.s, lab[b], name);
  }

  private decodedValue(k: number): string {
    const lab = this.lab;
    const b = 5 * k;
    return lab[b + 4] & 2 ? unescape(this.s, lab[b + 2], lab[b + 3], true) : this.s.slice(lab[b + 2], lab[b + 3]);
  }

  private compareNames(a: number, b: number): number {
    const lab = this.lab;
    const s = this.s;
    let i = lab[5 * a];
    let j = lab[5 * b];
    const ie = lab[5 * a + 1];
    const je = lab[5 * b + 1];
    for (; i < ie && j < je; i++, j++) {
      const d = s.charCodeAt(i) - s.charCodeAt(j);
      if (d !== 0) return d;
    }
    return ie - i - (je - j);
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

  private column(at: number): number {
    return at - this.lineStart + 1;
  }

  /** fail throws the error at position at, which may lie on an earlier line than the one being read. */
  private fail(at: number, msg: string): never {
    let line = this.lineNo;
    let lineStart = this.lineStart;
    while (at < lineStart && line > 1) {
      lineStart = this.s.lastIndexOf('\n', lineStart - 2) + 1;
      line--;
    }
    throw new ExpositionError(line, at - lineStart + 1, msg);
  }

  private newline(at: number): void {
    this.lineNo++;
    this.lineStart = at + 1;
  }

  private advance(): Entry | null {
    const s = this.s;
    const end = s.length;
    for (;;) {
      if (this.pos >= end) return this.finish();
      let c = s.charCodeAt(this.pos);
      if (!this.om) {
        while (c === SP || c === TAB) c = s.charCodeAt(++this.pos);
        if (this.pos >= end) return this.finish();
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
    if (this.om && !this.done) this.fail(this.pos, 'missing "# EOF" at the end of the input');
    this.done = true;
    return null;
  }

  private endLine(): void {
    if (this.pos < this.s.length) this.newline(this.pos++);
  }

  private restOfLine(): number {
    const i = this.s.indexOf('\n', this.pos);
    return i < 0 ? this.s.length : i;
  }

  private textComment(): Entry {
    const s = this.s;
    const lineEnd = this.restOfLine();
    let i = this.pos + 1;
    const afterHash = s.charCodeAt(i);
    if (afterHash === SP || afterHash === TAB) {
      while (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB) i++;
      const kw = s.startsWith('HELP', i) ? 'help' : s.startsWith('TYPE', i) ? 'type' : null;
      const sep = s.charCodeAt(i + 4);
      if (kw !== null && (sep === SP || sep === TAB)) {
        i += 4;
        while (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB) i++;
        return this.metadata(kw, i, lineEnd);
      }
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
    if (s.startsWith('# EOF', p) && lineEnd === p + 5) {
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
    for (const kw of ['help', 'type', 'unit'] as const) {
      if (s.startsWith(kw.toUpperCase(), p + 2) && s.charCodeAt(p + 1) === SP && s.charCodeAt(p + 6) === SP) {
        return this.metadata(kw, p + 7, lineEnd);
      }
    }
    return this.fail(p, 'expected "# HELP ", "# TYPE ", "# UNIT " or "# EOF"; OpenMetrics allows no other comments');
  }

  private metadata(kind: 'help' | 'type' | 'unit', at: number, lineEnd: number): Entry {
    const s = this.s;
    const kwName = kind.toUpperCase();
    let i = at;
    if (s.charCodeAt(i) === QUOTE) {
      this.famStart = i + 1;
      i = this.quoted(i);
      this.famEnd = i - 1;
      this.famQuoted = true;
    } else if (isNameStart(s.charCodeAt(i))) {
      this.famStart = i;
      while (isNameChar(s.charCodeAt(++i)));
      this.famEnd = i;
      this.famQuoted = false;
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

  /**
   * quoted scans a quoted string starting at the quote at i and returns the index after the closing quote. Only
   * text-format label values may span lines (multiline), as Prometheus's lexer allows.
   */
  private quoted(i: number, multiline = false): number {
    const s = this.s;
    const end = s.length;
    const open = i;
    this.escaped = false;
    for (i++; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        if (s.charCodeAt(i + 1) === NL) this.fail(i, 'backslash at the end of a line inside a quoted string');
        this.escaped = true;
        i++;
      } else if (c === NL) {
        if (!multiline) this.fail(open, 'unterminated quoted string (newline before the closing quote)');
        this.newline(i);
      }
    }
    return this.fail(open, 'unterminated quoted string');
  }

  private skipSpaces(): void {
    if (this.om) return;
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === SP || c === TAB) c = s.charCodeAt(++this.pos);
  }

  private series(): void {
    const s = this.s;
    this.seriesStart = this.pos;
    this.nameStart = -1;
    this.nameQuoted = false;
    this.nlab = 0;
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
      if (i < 0) i = this.quoted(vs, !om);
      else this.escaped = false;
      this.addLabel(ns, ne, vs, i, quotedName);
      if (!om) i = skipBlanks(s, i);
      c = s.charCodeAt(i);
      afterComma = c === COMMA;
      if (afterComma) i++;
      else if (c !== RBRACE && (om || !(isLabelStart(c) || c === QUOTE))) this.fail(i, 'expected "," or "}" after label value');
    }
    this.pos = i;
    this.checkDuplicates();
  }

  private addLabel(ns: number, ne: number, vs: number, ve: number, quotedName: boolean): void {
    if (this.nlab >= LIMITS.labels) this.fail(ns, `more than ${LIMITS.labels} labels`);
    if (ne - ns > LIMITS.nameLength) this.fail(ns, `label name longer than ${LIMITS.nameLength}`);
    if (ve - vs > LIMITS.valueLength) this.fail(vs, `label value longer than ${LIMITS.valueLength}`);
    const b = 5 * this.nlab++;
    if (b + 5 > this.lab.length) {
      const grown = new Int32Array(this.lab.length * 2);
      grown.set(this.lab);
      this.lab = grown;
    }
    const lab = this.lab;
    lab[b] = quotedName ? ns + 1 : ns;
    lab[b + 1] = quotedName ? ne - 1 : ne;
    lab[b + 2] = vs + 1;
    lab[b + 3] = ve - 1;
    lab[b + 4] = (quotedName ? 1 : 0) | (this.escaped ? 2 : 0);
  }

  private shown(start: number, end: number, quoted: boolean): string {
    const text = this.s.slice(start, Math.min(end, start + 40));
    return quoted ? text : `"${text}"`;
  }

  private sameName(a: number, b: number): boolean {
    const lab = this.lab;
    const s = this.s;
    const as = lab[5 * a];
    const bs = lab[5 * b];
    const len = lab[5 * a + 1] - as;
    if (len !== lab[5 * b + 1] - bs) return false;
    for (let k = 0; k < len; k++) if (s.charCodeAt(as + k) !== s.charCodeAt(bs + k)) return false;
    return true;
  }

  private checkDuplicates(): void {
    const n = this.nlab;
    const s = this.s;
    const lab = this.lab;
    for (let k = 0; k < n; k++) {
      if (lab[5 * k + 1] - lab[5 * k] === 8 && matchesAt(s, lab[5 * k], METRIC_NAME)) {
        this.fail(lab[5 * k], 'label "__name__" repeats the metric name');
      }
    }
    if (n < 2) return;
    if (n <= 16) {
      for (let a = 1; a < n; a++) {
        for (let b = 0; b < a; b++) if (this.sameName(a, b)) this.fail(lab[5 * a], `duplicate label name "${s.slice(lab[5 * a], lab[5 * a + 1])}"`);
      }
      return;
    }
    const seen = new Set<string>();
    for (let k = 0; k < n; k++) {
      const name = s.slice(lab[5 * k], lab[5 * k + 1]);
      if (seen.has(name)) this.fail(lab[5 * k], `duplicate label name "${name}"`);
      seen.add(name);
    }
  }

  private token(): number {
    const s = this.s;
    const end = s.length;
    let i = this.pos;
    if (this.om) {
      for (let c = s.charCodeAt(i); i < end && c !== SP && c !== NL; c = s.charCodeAt(++i));
    } else {
      for (let c = s.charCodeAt(i); i < end && c !== SP && c !== NL && c !== TAB && c !== LBRACE; c = s.charCodeAt(++i));
    }
    return i;
  }

  private sampleValue(): void {
    const s = this.s;
    const end = s.length;
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
    if (v === undefined) this.fail(vs, `invalid value "${s.slice(vs, Math.min(ve, vs + 40))}"`);
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
    if (s.charCodeAt(this.pos) !== SP) return this.omLineEnd();
    this.pos++;
    if (s.charCodeAt(this.pos) !== HASH) {
      const ts = this.pos;
      const te = this.token();
      if (te === ts) this.fail(ts, 'expected timestamp after " "');
      const ms = parseSecondsToMs(s, ts, te);
      if (ms === undefined) this.fail(ts, `invalid timestamp "${s.slice(ts, Math.min(te, ts + 40))}"`);
      this.ts = ms;
      this.tsSeconds = parseNumber(s, ts, te, 'timestamp');
      this.pos = te;
      if (s.charCodeAt(this.pos) !== SP) return this.omLineEnd();
      this.pos++;
      if (s.charCodeAt(this.pos) !== HASH) this.fail(this.pos, 'expected "# {" (an exemplar) or end of line after the timestamp');
    }
    this.exemplarTail();
    this.omLineEnd();
  }

  private omLineEnd(): void {
    if (this.pos < this.s.length && this.s.charCodeAt(this.pos) !== NL) this.fail(this.pos, 'expected end of line');
  }

  private exemplarTail(): void {
    const s = this.s;
    const at = this.pos;
    if (s.charCodeAt(at + 1) !== SP || s.charCodeAt(at + 2) !== LBRACE) this.fail(at, 'expected "# {" to start an exemplar');
    this.pos = at + 3;
    const labels: [string, string][] = [];
    let length = 0;
    for (;;) {
      let c = s.charCodeAt(this.pos);
      if (c === RBRACE && (labels.length === 0 || s.charCodeAt(this.pos - 1) !== COMMA)) {
        this.pos++;
        break;
      }
      const ns = this.pos;
      let name: string;
      if (isLabelStart(c)) {
        while (isLabelChar(s.charCodeAt(++this.pos)));
        name = s.slice(ns, this.pos);
      } else if (c === QUOTE) {
        this.pos = this.quoted(ns);
        name = unescape(s, ns + 1, this.pos - 1, true);
      } else {
        this.fail(this.pos, 'expected exemplar label name');
      }
      if (s.charCodeAt(this.pos) !== EQUAL) this.fail(this.pos, `expected "=" after exemplar label name "${name}"`);
      const vs = ++this.pos;
      if (s.charCodeAt(vs) !== QUOTE) this.fail(vs, 'expected quoted exemplar label value');
      this.pos = this.quoted(vs);
      const value = unescape(s, vs + 1, this.pos - 1, true);
      if (labels.some(([n]) => n === name)) this.fail(ns, `duplicate exemplar label name "${name}"`);
      labels.push([name, value]);
      length += codePoints(name) + codePoints(value);
      if (length > LIMITS.exemplarRunes) this.fail(ns, `exemplar labels longer than ${LIMITS.exemplarRunes} characters`);
      c = s.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c !== RBRACE) this.fail(this.pos, 'expected "," or "}" in exemplar labels');
    }
    if (s.charCodeAt(this.pos) !== SP) this.fail(this.pos, 'expected " " and a value after the exemplar labels');
    const vs = ++this.pos;
    const ve = this.token();
    const value = parseNumber(s, vs, ve, 'openmetrics');
    if (value === undefined) this.fail(vs, `invalid exemplar value "${s.slice(vs, Math.min(ve, vs + 40))}"`);
    this.pos = ve;
    let ts: number | undefined;
    if (s.charCodeAt(this.pos) === SP) {
      const tsStart = ++this.pos;
      const te = this.token();
      ts = parseSecondsToMs(s, tsStart, te);
      if (ts === undefined) this.fail(tsStart, `invalid exemplar timestamp "${s.slice(tsStart, Math.min(te, tsStart + 40))}"`);
      this.pos = te;
    }
    labels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.ex = ts === undefined ? { labels: labels.flat(), value } : { labels: labels.flat(), value, ts };
  }
}

/** skipBlanks returns the index of the first character at or after i that is not a space or a tab. */
function skipBlanks(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === SP || c === TAB) c = s.charCodeAt(++i);
  return i;
}

/** plainQuoted returns the index after a quoted string at i that holds no backslash or newline, else -1. */
function plainQuoted(s: string, i: number): number {
  const end = s.length;
  for (i++; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH || c === NL) return -1;
  }
  return -1;
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
