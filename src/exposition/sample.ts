/**
 * The sample line of both formats: `name{labels} value [timestamp]`, with an optional exemplar in OpenMetrics.
 * Two readers share the fields. The fast one takes the usual shape in a single pass over the line's bytes (unquoted
 * names, label values without escapes, plain decimal values parsed while scanning) and gives up on
 * anything else. The general one then reads the line again from its start: it accepts every form and is the only
 * one that reports errors, so what is accepted and where an error lies never depend on the fast reader.
 */
import { COMMA, Cursor, EQUAL, HASH, LBRACE, NL, plainQuoted, QUOTE, RBRACE, skipBlanks, SP, TAB, tokenEnd } from './cursor';
import { scanExemplar } from './exemplar';
import { LIMITS } from './limits';
import {
  codeUnits,
  isLabelStart,
  isNameStart,
  parseNumber,
  parseSecondsToMs,
  POW10,
  sameBytes,
  scanLabelName,
  scanLabelNameCodes,
  scanName,
  scanNameCodes,
  scanPlainValueCodes,
} from './scan';
import { LabelSpans } from './spans';
import type { Exemplar } from './types';

/** MAX_EXACT_DIGITS is how many decimal digits always fit a double's integer range exactly. */
const MAX_EXACT_DIGITS = 15;

/** blanksEnd returns the index of the first code unit at or after i that is not a space or a tab. */
function blanksEnd(u: Uint8Array, i: number): number {
  for (let c = u[i]; c === SP || c === TAB; c = u[++i]);
  return i;
}

/** SampleScanner reads sample lines into its fields; Parser adds the other entries and the accessors. */
export class SampleScanner extends Cursor {
  protected seriesStart = 0;
  protected seriesEnd = 0;
  protected nameStart = -1;
  protected nameEnd = -1;
  protected nameQuoted = false;
  protected readonly spans: LabelSpans;
  /** codes are the body's code units as bytes (see codeUnits), read by the fast reader and by metadata lines. */
  protected readonly codes: Uint8Array;
  private readonly view: DataView;
  /** nameRepeated says that the current sample's metric name is written exactly as the previous sample's. */
  protected nameRepeated = false;
  /** lastNameStart and lastNameLength locate the previous sample's metric name (length 0: unknown). */
  private lastNameStart = 0;
  private lastNameLength = 0;
  protected val = 0;
  protected ts: number | undefined = undefined;
  protected tsSeconds: number | undefined = undefined;
  protected ex: Exemplar | undefined = undefined;

  constructor(
    s: string,
    om: boolean,
    private readonly fast: boolean,
  ) {
    super(s, om);
    const units = codeUnits(s);
    this.codes = units.bytes;
    this.view = new DataView(this.codes.buffer);
    this.spans = new LabelSpans(s, units.ascii ? this.view : null);
  }

  /** sample reads the sample line at the cursor and leaves the cursor at its end. */
  protected sample(): void {
    this.seriesStart = this.pos;
    this.nameQuoted = false;
    this.spans.reset();
    this.ex = undefined;
    this.ts = undefined;
    this.tsSeconds = undefined;
    this.nameRepeated = false;
    if (this.fast && this.fastSample()) return;
    this.pos = this.seriesStart;
    this.spans.reset();
    this.lastNameLength = 0;
    this.generalSample();
  }

  private fastSample(): boolean {
    const u = this.codes;
    const start = this.pos;
    let i = this.repeatedName(start, this.lastNameStart, this.lastNameLength);
    this.nameRepeated = i >= 0;
    if (i < 0) {
      if (!isNameStart(u[start])) return false;
      i = scanNameCodes(u, start + 1);
      if (i - start > LIMITS.nameLength) return false;
      this.lastNameStart = start;
      this.lastNameLength = i - start;
    }
    this.nameStart = start;
    this.nameEnd = i;
    if (u[i] === LBRACE) {
      i = this.fastLabels(i + 1);
      if (i < 0) return false;
    }
    this.seriesEnd = i;
    if (u[i] !== SP) return false;
    i = this.om ? i + 1 : blanksEnd(u, i + 1);
    i = this.fastValue(i);
    if (i >= 0 && !this.lineEndsAt(i)) i = this.om ? this.fastOmTail(i) : this.fastTextTail(i);
    if (i < 0) return false;
    this.pos = i;
    return true;
  }

  /**
   * repeatedName returns the end of the metric name at start when it is written as the len bytes at earlier (a name
   * seen before, so already checked), compared four bytes at a time; else -1. Consecutive samples mostly share their
   * name, and a family's TYPE line names what its HELP line did.
   */
  protected repeatedName(start: number, earlier: number, len: number): number {
    const end = start + len;
    if (len === 0 || end >= this.s.length || scanNameCodes(this.codes, end) !== end) return -1;
    return sameBytes(this.view, start, earlier, len) ? end : -1;
  }

  /** lineEndsAt reports whether i is at a newline or at the end of the body. */
  private lineEndsAt(i: number): boolean {
    return this.codes[i] === NL || i >= this.s.length;
  }

  /** fastLabels reads the labels after `{` at i and returns the index after `}`, or -1 to give up. */
  private fastLabels(i: number): number {
    const u = this.codes;
    const spans = this.spans;
    if (u[i] === RBRACE) return i + 1;
    for (;;) {
      const ns = i;
      if (!isLabelStart(u[i])) return -1;
      i = scanLabelNameCodes(u, i + 1);
      if (i - ns > LIMITS.nameLength || u[i] !== EQUAL || u[i + 1] !== QUOTE) return -1;
      const vs = i + 1;
      const close = scanPlainValueCodes(u, vs + 1);
      if (u[close] !== QUOTE || close + 1 - vs > LIMITS.valueLength || spans.count >= LIMITS.labels) return -1;
      if (!spans.addPlain(ns, i, vs, close + 1)) return -1;
      i = close + 1;
      let c = u[i];
      if (c === COMMA) {
        c = u[++i];
        if (c !== RBRACE) continue;
        if (this.om) return -1;
      }
      if (c !== RBRACE) return -1;
      break;
    }
    return i + 1;
  }

  /** fastValue reads the value at i into val and returns the index after it, or -1 to give up. */
  private fastValue(i: number): number {
    const u = this.codes;
    const vs = i;
    let c = u[i];
    const neg = c === 45;
    if (neg) c = u[++i];
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let dot = false;
    for (;;) {
      if (c >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        digits++;
        if (dot) frac++;
      } else if (c === 46 && !dot) {
        dot = true;
      } else {
        break;
      }
      c = u[++i];
    }
    let e10 = -frac;
    let exact = digits > 0 && digits <= MAX_EXACT_DIGITS;
    if ((c | 0x20) === 101 && exact) {
      c = u[++i];
      const eneg = c === 45;
      if (eneg || c === 43) c = u[++i];
      let exp = 0;
      let k = 0;
      for (; c >= 48 && c <= 57 && k < 3; k++, c = u[++i]) exp = exp * 10 + (c - 48);
      e10 += eneg ? -exp : exp;
      exact = k > 0 && e10 >= -22 && e10 <= 22;
    }
    if (exact && (c === SP || c === NL || i >= this.s.length || (c === TAB && !this.om))) {
      const v = e10 < 0 ? mant / POW10[-e10] : mant * POW10[e10];
      this.val = neg ? -v : v;
      return i;
    }
    i = tokenEnd(this.s, vs, this.om);
    const v = parseNumber(this.s, vs, i, this.om ? 'openmetrics' : 'go');
    if (v === undefined || i === vs) return -1;
    this.val = v;
    return i;
  }

  /** fastTextTail reads blanks, an optional timestamp in ms and blanks to the line's end, returned (-1: give up). */
  private fastTextTail(i: number): number {
    const u = this.codes;
    i = blanksEnd(u, i);
    if (this.lineEndsAt(i)) return i;
    const start = i;
    let ms = 0;
    for (let c = u[i]; c >= 48 && c <= 57; c = u[++i]) ms = ms * 10 + (c - 48);
    const digits = i - start;
    const e = blanksEnd(u, i);
    if (digits === 0 || digits > 19 || !this.lineEndsAt(e)) return -1;
    this.ts = digits <= MAX_EXACT_DIGITS ? ms : Number(this.s.slice(start, i));
    return e;
  }

  /** fastOmTail reads ` timestamp` (seconds) to the line's end, returned (-1: give up; exemplars go the general way). */
  private fastOmTail(i: number): number {
    const s = this.s;
    if (this.codes[i] !== SP || this.codes[i + 1] === HASH) return -1;
    const te = tokenEnd(s, i + 1, true);
    const ms = this.lineEndsAt(te) ? parseSecondsToMs(s, i + 1, te) : undefined;
    if (ms === undefined) return -1;
    this.ts = ms;
    this.tsSeconds = parseNumber(s, i + 1, te, 'timestamp');
    return te;
  }

  private generalSample(): void {
    const s = this.s;
    this.nameStart = -1;
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

  protected sampleValue(): void {
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
