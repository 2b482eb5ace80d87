/**
 * Axis ticks for the SVG panels: nice value ticks (1, 2, 5 steps) and time ticks at round intervals with labels
 * as Grafana writes them (HH:mm within a day, MM/DD HH:mm beyond).
 */

/** niceTicks returns about count round values covering lo..hi. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

/** timeTicks returns round times within from..to, about one per 80 px of width. */
export function timeTicks(from: number, to: number, widthPx: number): number[] {
  const want = Math.max(2, Math.floor(widthPx / 80));
  const step = TIME_STEPS.find((s) => (to - from) / s <= want) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const offset = new Date(from).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) out.push(t);
  return out;
}

/** timeLabel writes a tick time: HH:mm:ss when ticks are under a minute apart, HH:mm, or MM/DD HH:mm over more than a day. */
export function timeLabel(t: number, spanMs: number, stepMs = spanMs): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (spanMs > 86_400_000) return `${p(d.getMonth() + 1)}/${p(d.getDate())} ${hm}`;
  return stepMs < 60_000 ? `${hm}:${p(d.getSeconds())}` : hm;
}

/** fitLabel shortens a label to what fits in widthPx (about 6.5 px a character), ending it with an ellipsis. */
export function fitLabel(label: string, widthPx: number): string {
  const max = Math.max(1, Math.floor(widthPx / 6.5));
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}
