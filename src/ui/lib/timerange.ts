/** The dashboard time picker's presets (resolution of ranges lives in src/dashboards/timerange.ts). */

/** QUICK_RANGES are the time picker's presets. */
export const QUICK_RANGES: readonly { label: string; from: string }[] = [
  { label: 'Last 5 minutes', from: 'now-5m' },
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 30 minutes', from: 'now-30m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 12 hours', from: 'now-12h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 2 days', from: 'now-2d' },
  { label: 'Last 7 days', from: 'now-7d' },
];

/** describeRange is the time picker's button text: a quick range's label, or "from to to". */
export function describeRange(from: string, to: string): string {
  if (to === 'now') {
    const q = QUICK_RANGES.find((r) => r.from === from);
    if (q) return q.label;
  }
  return `${from} to ${to}`;
}
