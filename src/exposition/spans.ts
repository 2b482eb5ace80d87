/**
 * LabelSpans records where each label of the current sample lies in the body, so that labels are decoded only on
 * request and the OpenMetrics checks can read single labels and group keys straight from the raw text.
 */
import { METRIC_NAME, type Labels } from '../model/labels';
import { LIMITS } from './limits';
import { matchesAt, sameBytes, unescape } from './scan';

/** LabelSpans is reused from sample to sample; reset() forgets the previous sample's labels. */
export class LabelSpans {
  /** count is the number of labels recorded. */
  count = 0;
  /** lab holds per label: name start, name end, value start, value end, flags (1 quoted name, 2 escaped value). */
  private lab = new Int32Array(5 * 16);
  private readonly order = new Int32Array(LIMITS.labels);

  /** keyStart, keyEnd and key remember the last group key cut from one range of the body. */
  private keyStart = 0;
  private keyEnd = 0;
  private key = '';

  /** view holds the body's bytes (codeUnits) when they are exact (an ASCII body), for comparing ranges; else null. */
  constructor(
    private readonly s: string,
    private readonly view: DataView | null,
  ) {}

  /** reset forgets the recorded labels. */
  reset(): void {
    this.count = 0;
  }

  /** add records a label from the positions of its name and quoted value (quotes included). */
  add(ns: number, ne: number, vs: number, ve: number, quotedName: boolean, escapedValue: boolean): void {
    const b = 5 * this.count++;
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
    lab[b + 4] = (quotedName ? 1 : 0) | (escapedValue ? 2 : 0);
  }

  /**
   * addPlain records an unquoted label with an unescaped value, like add, unless the label is `__name__`, repeats
   * a recorded name, or would be the seventeenth: it returns false then, leaving those cases to add's callers.
   */
  addPlain(ns: number, ne: number, vs: number, ve: number): boolean {
    const n = this.count;
    const len = ne - ns;
    if (n >= 16 || (len === 8 && matchesAt(this.s, ns, METRIC_NAME))) return false;
    const lab = this.lab;
    for (let b = 0; b < 5 * n; b += 5) {
      if (lab[b + 1] - lab[b] === len && (lab[b + 4] & 1) === 0 && this.sameText(lab[b], ns, len)) return false;
    }
    this.add(ns, ne, vs, ve, false, false);
    return true;
  }

  /** nameStart is where label k's name starts in the body. */
  nameStart(k: number): number {
    return this.lab[5 * k];
  }

  /** nameText is label k's name, decoded. */
  nameText(k: number): string {
    return this.decodedName(k);
  }

  /** decode returns the labels with `__name__` set to name, sorted by label name. */
  decode(name: string): Labels {
    const out: string[] = new Array(2 * this.count + 2);
    out[0] = METRIC_NAME;
    out[1] = name;
    let n = 2;
    for (let k = 0; k < this.count; k++) {
      const label = this.decodedName(k);
      const value = this.decodedValue(k);
      let j = n;
      while (j > 0 && out[j - 2] > label) {
        out[j] = out[j - 2];
        out[j + 1] = out[j - 1];
        j -= 2;
      }
      out[j] = label;
      out[j + 1] = value;
      n += 2;
    }
    return out;
  }

  /** labelValue decodes the value of the label called name, or returns undefined when it is absent. */
  labelValue(name: string): string | undefined {
    for (let k = 0; k < this.count; k++) if (this.nameIs(k, name)) return this.decodedValue(k);
    return undefined;
  }

  /**
   * groupKey identifies the labels without drop: the raw `name="value"` pairs sorted by name and joined by commas.
   * When the pairs are already in order and adjacent (the usual case) that is one slice of the line, and the very
   * string returned last time when the slice holds the same text, so that comparing the two costs nothing.
   */
  groupKey(drop: string | undefined): string {
    const order = this.order;
    let n = 0;
    let moved = false;
    for (let k = 0; k < this.count; k++) {
      if (drop !== undefined && this.nameIs(k, drop)) continue;
      let j = n++;
      while (j > 0 && this.compareNames(order[j - 1], k) > 0) {
        order[j] = order[j - 1];
        j--;
        moved = true;
      }
      order[j] = k;
    }
    if (n === 0) return '';
    if (!moved && order[n - 1] - order[0] === n - 1) return this.rangeKey(this.pairStart(order[0]), this.pairEnd(order[n - 1]));
    let key = '';
    for (let j = 0; j < n; j++) key += `${j === 0 ? '' : ','}${this.s.slice(this.pairStart(order[j]), this.pairEnd(order[j]))}`;
    return key;
  }

  /** metricNameLabel returns the index of a label called `__name__`, or -1. */
  metricNameLabel(): number {
    const lab = this.lab;
    for (let k = 0; k < this.count; k++) {
      const b = 5 * k;
      if ((lab[b + 4] & 1 || lab[b + 1] - lab[b] === 8) && this.nameIs(k, METRIC_NAME)) return k;
    }
    return -1;
  }

  /** duplicate returns the index of the first label whose name repeats an earlier label's, or -1. */
  duplicate(): number {
    const n = this.count;
    if (n < 2) return -1;
    let quoted = false;
    for (let k = 0; k < n; k++) if (this.lab[5 * k + 4] & 1) quoted = true;
    if (n <= 16 && !quoted) {
      for (let a = 1; a < n; a++) for (let b = 0; b < a; b++) if (this.sameName(a, b)) return a;
      return -1;
    }
    const seen = new Set<string>();
    for (let k = 0; k < n; k++) {
      const name = this.decodedName(k);
      if (seen.has(name)) return k;
      seen.add(name);
    }
    return -1;
  }

  private rangeKey(a: number, b: number): string {
    if (this.view === null || b - a !== this.keyEnd - this.keyStart || !sameBytes(this.view, a, this.keyStart, b - a)) {
      this.key = this.s.slice(a, b);
    }
    this.keyStart = a;
    this.keyEnd = b;
    return this.key;
  }

  private decodedName(k: number): string {
    const lab = this.lab;
    return lab[5 * k + 4] & 1 ? unescape(this.s, lab[5 * k], lab[5 * k + 1], true) : this.s.slice(lab[5 * k], lab[5 * k + 1]);
  }

  private decodedValue(k: number): string {
    const lab = this.lab;
    const b = 5 * k;
    return lab[b + 4] & 2 ? unescape(this.s, lab[b + 2], lab[b + 3], true) : this.s.slice(lab[b + 2], lab[b + 3]);
  }

  private nameIs(k: number, name: string): boolean {
    const lab = this.lab;
    const b = 5 * k;
    if (lab[b + 4] & 1) return this.decodedName(k) === name;
    return lab[b + 1] - lab[b] === name.length && matchesAt(this.s, lab[b], name);
  }

  private pairStart(k: number): number {
    return this.lab[5 * k] - (this.lab[5 * k + 4] & 1);
  }

  private pairEnd(k: number): number {
    return this.lab[5 * k + 3] + 1;
  }

  private sameName(a: number, b: number): boolean {
    const lab = this.lab;
    const len = lab[5 * a + 1] - lab[5 * a];
    return len === lab[5 * b + 1] - lab[5 * b] && this.sameText(lab[5 * a], lab[5 * b], len);
  }

  private sameText(a: number, b: number, len: number): boolean {
    const s = this.s;
    for (let k = 0; k < len; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
    return true;
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
}
