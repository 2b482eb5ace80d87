/** CSV writing for query results (RFC 4180 quoting; formula-leading cells are prefixed so spreadsheets do not run them). */

function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^[-+]?(\d|Inf|NaN)/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** toCsv writes rows with a header line. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** labelColumns returns the sorted union of label names over metrics. */
export function labelColumns(metrics: readonly Record<string, string>[]): string[] {
  const names = new Set<string>();
  for (const m of metrics) for (const k of Object.keys(m)) names.add(k);
  return [...names].sort((a, b) => (a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b)));
}
