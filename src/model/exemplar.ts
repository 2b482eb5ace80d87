/**
 * Exemplars: a sample of a series' raw events (a trace id and the value it saw) kept beside the series, as
 * Prometheus's model/exemplar. They live in a bounded ring apart from the samples (see tsdb/exemplar.ts).
 */
import { compareLabels, labelsEqual, type Labels } from './labels';

/** EXEMPLAR_MAX_LABEL_RUNES is OpenMetrics's limit on an exemplar's label names and values together (code points). */
export const EXEMPLAR_MAX_LABEL_RUNES = 128;

/** Exemplar is one stored exemplar: its own labels (sorted pairs), value and time in ms. */
export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  readonly ts: number;
  /** hasTs is false when the exposition gave no timestamp and ts is the scrape's time. */
  readonly hasTs: boolean;
}

/** ExemplarQueryResult is one series' exemplars in a query answer, oldest first. */
export interface ExemplarQueryResult {
  readonly seriesLabels: Labels;
  readonly exemplars: Exemplar[];
}

/**
 * exemplarsEqual reports whether two exemplars are the same one: equal labels and value, and equal times unless
 * neither carried its own (an exemplar exposed without a timestamp is the same exemplar scrape after scrape).
 */
export function exemplarsEqual(a: Exemplar, b: Exemplar): boolean {
  if (!labelsEqual(a.labels, b.labels)) return false;
  if ((a.hasTs || b.hasTs) && a.ts !== b.ts) return false;
  return a.value === b.value;
}

/** compareExemplars orders exemplars by time, then value, then labels (the order a scrape appends them in). */
export function compareExemplars(a: Exemplar, b: Exemplar): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return compareLabels(a.labels, b.labels);
}

/** exemplarLabelRunes counts the code points of an exemplar's label names and values together. */
export function exemplarLabelRunes(ls: Labels): number {
  let n = 0;
  for (const s of ls) {
    n += s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) n--;
    }
  }
  return n;
}
