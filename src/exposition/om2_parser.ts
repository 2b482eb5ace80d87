/**
 * OpenMetrics2Parser reads OpenMetrics 2.0 text (experimental: the specification is a release candidate, and
 * Prometheus parses it only behind its `openmetrics2` feature flag). The line grammar is OpenMetrics 1.0's, and a
 * sample line may also carry a composite value, a start timestamp and several exemplars:
 *
 *   name{labels} value|{composite} [timestamp] [st@start] *( # {labels} value timestamp)
 *
 * A family's type applies to samples named exactly as the family (no `_total`, `_bucket` suffixes); a sample of
 * another name starts a family of unknown type, as in Prometheus. Histograms, gauge histograms and summaries must
 * use composite values (composite.ts) and nothing else may. Like ProtoParser, the parser expands a composite value
 * into series: a native histogram is one series whose histogram() is a FloatHistogram; classic buckets and summaries
 * become `_count`, `_sum` (`_gcount`, `_gsum`) and `le`/`quantile` series; options choose native, classic, both or
 * NHCB as the scrape settings do.
 */
import { labelsFromPairs, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import type { FloatHistogram } from '../model/histogram';
import { HASH, LBRACE, NL, SP } from './cursor';
import { readComposite, type Composite, type CompositeKind } from './composite';
import { scanExemplar } from './exemplar';
import { classicToNhcb } from './nhcb';
import { Parser } from './parser';
import { matchesAt, parseNumber, parseSecondsToMs } from './scan';
import type { Entry, Exemplar } from './types';

/** OpenMetrics2Options choose how histograms come out, as ProtoParserOptions do for protobuf. */
export interface OpenMetrics2Options {
  /** nativeHistograms: a native histogram is one histogram series (false: only its classic buckets are read). */
  readonly nativeHistograms: boolean;
  /** classicHistograms: also read the classic buckets beside native ones (always_scrape_classic_histograms). */
  readonly classicHistograms: boolean;
  /** nhcb: classic-only histograms become native ones with custom buckets (convert_classic_histograms_to_nhcb). */
  readonly nhcb: boolean;
}

/** OM2_DEFAULTS reads native histograms as such and classic-only ones as classic series. */
export const OM2_DEFAULTS: OpenMetrics2Options = { nativeHistograms: true, classicHistograms: false, nhcb: false };

/** Expanded is one series a composite value stands for. */
interface Expanded {
  readonly name: string;
  readonly extra?: readonly [string, string];
  readonly value: number;
  readonly histogram?: FloatHistogram;
}

/** OpenMetrics2Parser is the pull parser for OpenMetrics 2.0 text; build it with newParser(body, 'openmetrics2'). */
export class OpenMetrics2Parser extends Parser {
  private famName = '';
  private famType: MetricType = 'unknown';
  private compStart = -1;
  private compEnd = -1;
  private st: number | undefined = undefined;
  private exList: Exemplar[] = [];
  private out: Expanded[] = [];
  private oi = 0;
  private cur: Expanded | null = null;
  private curLabels: Labels | null = null;

  constructor(
    body: string,
    private readonly opts: OpenMetrics2Options = OM2_DEFAULTS,
  ) {
    super(body, true, false);
  }

  /** next advances to the next entry; a composite value's series come one by one. Throws ExpositionError only. */
  override next(): Entry | null {
    if (this.oi < this.out.length) {
      this.cur = this.out[this.oi++];
      this.curLabels = null;
      return 'series';
    }
    for (;;) {
      const e = super.next();
      if (e === 'type' || e === 'help' || e === 'unit') {
        const f = this.family();
        if (f !== this.famName) {
          this.famName = f;
          this.famType = 'unknown';
        }
        if (e === 'type') this.famType = this.type();
        return e;
      }
      if (e !== 'series' || this.compStart < 0) return e;
      if (this.out.length === 0) continue;
      this.cur = this.out[0];
      this.oi = 1;
      return 'series';
    }
  }

  protected override series(): void {
    this.compStart = -1;
    this.st = undefined;
    this.exList = [];
    this.out = [];
    this.oi = 0;
    this.cur = null;
    this.curLabels = null;
    this.sample();
    if (!this.nameIs(this.famName, '')) {
      this.famName = this.metricName();
      this.famType = 'unknown';
    }
    this.checkLine();
    this.endLine();
  }

  /** sampleValue reads the value (a number or a composite) and the rest of the line: timestamp, st@, exemplars. */
  protected override sampleValue(): void {
    const s = this.s;
    if (s.charCodeAt(this.pos) !== SP) this.fail(this.pos, 'expected " " before the value');
    const vs = ++this.pos;
    const ve = this.token();
    if (ve === vs) this.fail(vs, 'expected value');
    if (s.charCodeAt(vs) === LBRACE) {
      this.compStart = vs;
      this.compEnd = ve;
      this.val = NaN;
    } else {
      const v = parseNumber(s, vs, ve, 'openmetrics');
      if (v === undefined) this.fail(vs, `invalid value ${this.shown(vs, ve)}`);
      this.val = v;
    }
    this.pos = ve;
    let exemplars = false;
    while (s.charCodeAt(this.pos) === SP) {
      const at = ++this.pos;
      if (s.charCodeAt(at) === HASH) {
        const ex: Exemplar = scanExemplar(this);
        if (ex.ts === undefined) this.fail(at, 'exemplar without a timestamp (OpenMetrics 2.0 requires one)');
        this.ex ??= ex;
        this.exList.push(ex);
        exemplars = true;
        continue;
      }
      if (exemplars) this.fail(at, 'expected "# {" (another exemplar) or end of line after an exemplar');
      const te = this.token();
      if (te === at) this.fail(at, 'expected timestamp after " "');
      if (matchesAt(s, at, 'st@')) {
        if (this.st !== undefined) this.fail(at, 'start timestamp given twice');
        const ms = parseSecondsToMs(s, at + 3, te);
        if (ms === undefined) this.fail(at + 3, `invalid start timestamp ${this.shown(at + 3, te)}`);
        this.st = ms;
      } else {
        if (this.st !== undefined) this.fail(at, 'the timestamp must come before the st@ start timestamp');
        if (this.ts !== undefined) this.fail(at, 'expected "st@" (a start timestamp) or "# {" (an exemplar) after the timestamp');
        const ms = parseSecondsToMs(s, at, te);
        if (ms === undefined) this.fail(at, `invalid timestamp ${this.shown(at, te)}`);
        this.ts = ms;
      }
      this.pos = te;
    }
    if (this.pos < s.length && s.charCodeAt(this.pos) !== NL) this.fail(this.pos, 'expected end of line');
  }

  /** checkLine applies the family type's rules to the line just read and expands a composite value. */
  private checkLine(): void {
    const t = this.famType;
    const kind: CompositeKind | null = t === 'histogram' || t === 'gaugehistogram' || t === 'summary' ? t : null;
    if (this.compStart < 0) {
      const at = this.seriesEnd + 1;
      if (kind) this.fail(at, `a ${kind} sample needs a composite value ({count:...,sum:...,...})`);
      if (t === 'counter' && Number.isNaN(this.val)) this.fail(at, 'a counter value must not be NaN');
      if (t === 'stateset') {
        if (this.val !== 0 && this.val !== 1) this.fail(at, `a stateset value must be 0 or 1, got ${this.val}`);
        if (this.labelValue(this.famName) === undefined) this.fail(this.seriesStart, `a stateset sample needs a label named "${this.famName}"`);
      }
      return;
    }
    if (!kind) this.fail(this.compStart, `composite values are for histogram, gaugehistogram and summary families, not ${t} ("${this.famName}")`);
    this.out = this.expand(readComposite(this, this.compStart, this.compEnd, kind), kind);
  }

  private expand(c: Composite, kind: CompositeKind): Expanded[] {
    const name = this.famName;
    if (kind === 'summary') {
      const out: Expanded[] = [
        { name: `${name}_count`, value: c.count },
        { name: `${name}_sum`, value: c.sum },
      ];
      if (c.quantiles!.length > 0) this.noOwnLabel('quantile');
      for (const [q, v] of c.quantiles!) out.push({ name, extra: ['quantile', q], value: v });
      return out;
    }
    const gauge = kind === 'gaugehistogram';
    const out: Expanded[] = [];
    if (c.native && this.opts.nativeHistograms) {
      out.push({ name, value: NaN, histogram: c.native });
      if (!this.opts.classicHistograms || !c.classic) return out;
    } else if (!c.classic) {
      return out;
    } else if (this.opts.nhcb) {
      out.push({ name, value: NaN, histogram: this.nhcb(c, gauge) });
      if (!this.opts.classicHistograms) return out;
    }
    this.noOwnLabel('le');
    out.push({ name: `${name}${gauge ? '_gcount' : '_count'}`, value: c.count }, { name: `${name}${gauge ? '_gsum' : '_sum'}`, value: c.sum });
    for (const [le, , v] of c.classic) out.push({ name: `${name}_bucket`, extra: ['le', le], value: v });
    return out;
  }

  private nhcb(c: Composite, gauge: boolean): FloatHistogram {
    const finite = c.classic!.filter(([, le]) => le !== Infinity);
    try {
      return classicToNhcb(finite.map(([, le]) => le), finite.map(([, , v]) => v), c.count, c.sum, gauge);
    } catch (e) {
      return this.fail(this.compStart, (e as Error).message);
    }
  }

  /** noOwnLabel rejects a series that has the label its classic buckets or quantiles would add. */
  private noOwnLabel(name: string): void {
    if (this.labelValue(name) !== undefined) this.fail(this.seriesStart, `a ${this.famType} with "${name}" series must not have a "${name}" label of its own`);
  }

  /** seriesKey identifies the current series' raw text; a composite's series each get their own key. */
  override seriesKey(): string {
    const raw = super.seriesKey();
    const c = this.cur;
    if (c === null || (c.extra === undefined && c.name === this.famName)) return raw;
    return `\n${c.name}\n${c.extra?.[1] ?? ''}\n${raw}`;
  }

  /** labels decodes the current series' labels, `__name__` included, sorted. */
  override labels(): Labels {
    const base = super.labels();
    const c = this.cur;
    if (c === null || (c.extra === undefined && c.name === this.famName)) return base;
    if (this.curLabels) return this.curLabels;
    const pairs: [string, string][] = [];
    for (let i = 0; i < base.length; i += 2) pairs.push([base[i], base[i] === METRIC_NAME ? c.name : base[i + 1]]);
    if (c.extra) pairs.push([c.extra[0], c.extra[1]]);
    return (this.curLabels = labelsFromPairs(pairs));
  }

  /** metricName is the current series' metric name (with its `_count`, `_sum`, `_bucket` suffix). */
  override metricName(): string {
    return this.cur?.name ?? super.metricName();
  }

  /** value is the current sample's value (NaN for a native histogram). */
  override value(): number {
    return this.cur?.value ?? super.value();
  }

  /** histogram is the current series' native histogram, or undefined for a float sample. */
  histogram(): FloatHistogram | undefined {
    return this.cur?.histogram;
  }

  /** startTimestamp is the line's `st@` start timestamp in ms, shared by every series of a composite value. */
  startTimestamp(): number | undefined {
    return this.st;
  }

  /** exemplar is the line's first exemplar, given with its first series only. */
  override exemplar(): Exemplar | undefined {
    return this.cur === null || this.cur === this.out[0] ? super.exemplar() : undefined;
  }

  /**
   * exemplars are all of the line's exemplars, given with its first series only (a native histogram, or a classic
   * histogram's or summary's `_count`), as Prometheus's OpenMetrics 2.0 parser hands them out.
   */
  exemplars(): Exemplar[] {
    return this.cur === null || this.cur === this.out[0] ? this.exList : [];
  }
}
