/**
 * CircularExemplarStorage keeps the newest exemplars of all series in one bounded ring, after Prometheus's
 * tsdb/exemplar.go: the ring's slots are shared by every series, and each series threads its exemplars through them
 * as a linked list, oldest to newest, so that a full ring overwrites the oldest exemplar of the whole store. A series
 * takes only exemplars newer than its newest one (at an equal time: a greater value, or for an equal value a greater
 * label hash, so that a native histogram's exemplars of one instant all fit); repeating the newest one is a no-op.
 * Out-of-order exemplars are refused, as in Prometheus without an out-of-order window.
 */
import { compileMatcher, type CompiledMatcher, type Matcher } from '../model/matcher';
import type { ExemplarErrorKind } from '../model/storage';
import { compareLabels, labelsGet, labelsHash, labelsKey, type Labels } from '../model/labels';
import { EXEMPLAR_MAX_LABEL_RUNES, exemplarLabelRunes, exemplarsEqual, type Exemplar, type ExemplarQueryResult } from '../model/exemplar';

/** DEFAULT_MAX_EXEMPLARS is the ring's size unless configured, Prometheus's default `max_exemplars`. */
export const DEFAULT_MAX_EXEMPLARS = 100_000;

/** ExemplarRejection names why an exemplar was refused. */
export type ExemplarRejection = ExemplarErrorKind;

/** EXEMPLAR_REJECTIONS are the refusals' messages, worded as Prometheus's storage errors. */
export const EXEMPLAR_REJECTIONS: Readonly<Record<ExemplarRejection, string>> = {
  disabled: 'exemplar storage is disabled or max exemplars is less than or equal to 0',
  label_length: `label length for exemplar exceeds maximum of ${EXEMPLAR_MAX_LABEL_RUNES} UTF-8 characters`,
  out_of_order: 'out of order exemplar',
};

const NONE = -1;

interface Series {
  oldest: number;
  newest: number;
  readonly labels: Labels;
  readonly key: string;
}

interface Slot {
  e: Exemplar;
  next: number;
  prev: number;
  /** series owns the slot; null when the slot is free. */
  series: Series | null;
}

/** ExemplarStats are the store's gauges (Prometheus's prometheus_tsdb_exemplar_* metrics). */
export interface ExemplarStats {
  maxExemplars: number;
  exemplarsInStorage: number;
  seriesWithExemplars: number;
  appended: number;
  outOfOrder: number;
}

/** CircularExemplarStorage is the ring; see the file comment. */
export class CircularExemplarStorage {
  /** slots grows up to capacity as exemplars arrive, so an empty store costs nothing. */
  private slots: Slot[] = [];
  private capacity: number;
  private nextIndex = 0;
  private count = 0;
  private readonly index = new Map<string, Series>();
  private appended = 0;
  private outOfOrder = 0;

  constructor(size: number = DEFAULT_MAX_EXEMPLARS) {
    this.capacity = Math.max(0, Math.floor(size));
  }

  /** size is the ring's capacity (0: exemplar storage is off). */
  get size(): number {
    return this.capacity;
  }

  /** stats returns the store's counts. */
  stats(): ExemplarStats {
    return {
      maxExemplars: this.capacity,
      exemplarsInStorage: this.count,
      seriesWithExemplars: this.index.size,
      appended: this.appended,
      outOfOrder: this.outOfOrder,
    };
  }

  /**
   * validate says why the exemplar would be refused for the series, 'duplicate' when it repeats the series' newest
   * one (adding it is then a no-op), or null when it would be stored.
   */
  validate(series: Labels, e: Exemplar): ExemplarRejection | 'duplicate' | null {
    return this.check(this.index.get(labelsKey(series)), e);
  }

  private check(s: Series | undefined, e: Exemplar): ExemplarRejection | 'duplicate' | null {
    if (this.capacity === 0) return 'disabled';
    if (exemplarLabelRunes(e.labels) > EXEMPLAR_MAX_LABEL_RUNES) return 'label_length';
    if (s === undefined) return null;
    const newest = this.slots[s.newest].e;
    if (exemplarsEqual(newest, e)) return 'duplicate';
    if (e.ts < newest.ts) return 'out_of_order';
    if (e.ts === newest.ts) {
      if (e.value < newest.value) return 'out_of_order';
      if (e.value === newest.value && labelsHash(e.labels) < labelsHash(newest.labels)) return 'out_of_order';
    }
    return null;
  }

  /**
   * add stores an exemplar of a series, overwriting the ring's oldest exemplar when it is full. Returns null when
   * it was stored, 'duplicate' when it repeated the series' newest one (a no-op), else why it was refused.
   */
  add(series: Labels, e: Exemplar): ExemplarRejection | 'duplicate' | null {
    const key = labelsKey(series);
    let s = this.index.get(key);
    const problem = this.check(s, e);
    if (problem !== null) {
      if (problem === 'out_of_order') this.outOfOrder++;
      return problem;
    }
    const at = this.nextIndex;
    let old = this.slots[at];
    if (old === undefined) this.slots.push((old = { e: e, next: NONE, prev: NONE, series: null }));
    else if (old.series !== null) this.remove(old);
    if (s === undefined || s.newest === NONE) {
      s = { oldest: at, newest: at, labels: series, key };
      this.index.set(key, s);
      old.prev = NONE;
    } else {
      this.slots[s.newest].next = at;
      old.prev = s.newest;
      s.newest = at;
    }
    old.e = e;
    old.next = NONE;
    old.series = s;
    this.count++;
    this.appended++;
    this.nextIndex = (at + 1) % this.capacity;
    return null;
  }

  /** remove frees a slot, unlinking it from its series (and dropping a series left without exemplars). */
  private remove(slot: Slot): void {
    const s = slot.series!;
    if (slot.prev !== NONE) this.slots[slot.prev].next = slot.next;
    else s.oldest = slot.next;
    if (slot.next !== NONE) this.slots[slot.next].prev = slot.prev;
    else s.newest = slot.prev;
    slot.series = null;
    this.count--;
    if (s.oldest === NONE) this.index.delete(s.key);
  }

  /**
   * select returns, for each series that matches every matcher of at least one set, its exemplars with
   * start <= ts <= end (ms), oldest first; series are sorted by labels and those without exemplars left out.
   */
  select(start: number, end: number, matcherSets: readonly (readonly Matcher[])[]): ExemplarQueryResult[] {
    const out: ExemplarQueryResult[] = [];
    if (this.count === 0 || matcherSets.length === 0) return out;
    const sets = matcherSets.map((ms) => ms.map(compileMatcher));
    for (const s of this.index.values()) {
      if (this.slots[s.oldest].e.ts > end || this.slots[s.newest].e.ts < start) continue;
      if (!sets.some((ms) => matchesAll(s.labels, ms))) continue;
      const exemplars: Exemplar[] = [];
      for (let i = s.oldest; i !== NONE; i = this.slots[i].next) {
        const e = this.slots[i].e;
        if (e.ts > end) break;
        if (e.ts >= start) exemplars.push(e);
      }
      if (exemplars.length > 0) out.push({ seriesLabels: s.labels, exemplars });
    }
    return out.sort((a, b) => compareLabels(a.seriesLabels, b.seriesLabels));
  }

  /** entries returns every stored exemplar with its series in the order they were added, oldest first. */
  entries(): { series: Labels; e: Exemplar }[] {
    const out: { series: Labels; e: Exemplar }[] = [];
    const n = this.slots.length;
    for (let k = 0; k < n; k++) {
      const slot = this.slots[(this.nextIndex + k) % n];
      if (slot.series !== null) out.push({ series: slot.series.labels, e: slot.e });
    }
    return out;
  }

  /**
   * resize changes the ring's capacity, keeping the newest exemplars that fit (in the order they were added).
   * Returns how many were kept.
   */
  resize(size: number): number {
    size = Math.max(0, Math.floor(size));
    if (size === this.capacity) return this.count;
    const all = this.entries();
    const kept = all.slice(Math.max(0, all.length - size));
    this.capacity = size;
    this.clear();
    const appended = this.appended;
    for (const { series, e } of kept) this.add(series, e);
    this.appended = appended;
    return this.count;
  }

  /** clear forgets every exemplar. */
  clear(): void {
    this.slots = [];
    this.index.clear();
    this.nextIndex = 0;
    this.count = 0;
  }
}

function matchesAll(ls: Labels, ms: readonly CompiledMatcher[]): boolean {
  for (const m of ms) if (!m.matches(labelsGet(ls, m.name))) return false;
  return true;
}
