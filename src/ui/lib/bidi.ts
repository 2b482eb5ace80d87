/**
 * Bidirectional isolation for text that comes from scraped data. A label value holding right-to-left letters or
 * bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, ...) would otherwise reorder the text after it in the same line: the
 * rest of a series name, or the value next to it in a tooltip. Markup isolates such text with `<bdi>`; a plain
 * string (a uPlot legend label, a table cell's text) with FSI … PDI, Unicode's plain-text form of `<bdi>`.
 */

const FSI = '\u2068';
const PDI = '\u2069';
/** Bidi controls, and the blocks of right-to-left scripts (Hebrew through NKo and Samaritan, presentation forms, and their supplementary planes). */
const BIDI_SENSITIVE = /[\p{Bidi_Control}\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * isolate returns s wrapped in FSI … PDI when it holds right-to-left letters or bidi controls, so its direction and
 * any override inside it end with it; any other string is returned unchanged (no invisible characters added).
 */
export function isolate(s: string): string {
  return BIDI_SENSITIVE.test(s) ? FSI + s + PDI : s;
}
