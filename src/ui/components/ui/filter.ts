import type { Option } from './types';

/** MAX_SHOWN caps the options a listbox draws at once (a variable can have thousands of values; typing narrows). */
export const MAX_SHOWN = 300;

/** filterOptions keeps the options whose label or value contains the search text, ignoring case. */
export function filterOptions(options: readonly Option[], search: string): Option[] {
  const q = search.trim().toLowerCase();
  if (!q) return options.slice();
  return options.filter((o) => o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q));
}

/** summarize is the text a multi-value field shows when closed: the selected labels joined with " + ". */
export function summarize(options: readonly Option[], values: readonly string[], placeholder: string): string {
  if (values.length === 0) return placeholder;
  const byValue = new Map(options.map((o) => [o.value, o.label]));
  return values.map((v) => byValue.get(v) ?? v).join(' + ');
}
