/** Time axis ticks for canvases drawn without uPlot (the heatmap): round steps and labels that fit the span. */

const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** TimeTick is one tick: its time in seconds and its label. */
export interface TimeTick {
  t: number;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * timeTicks returns ticks on round times (local time of day, whole days at midnight) between start and end
 * (seconds), about one per `minGapPx` of `widthPx`; labels show seconds only when steps are under a minute and the
 * date when steps are a day or more.
 */
export function timeTicks(start: number, end: number, widthPx: number, minGapPx = 90): TimeTick[] {
  if (!(end > start) || widthPx <= 0) return [];
  const want = Math.max(1, Math.floor(widthPx / minGapPx));
  const step = STEPS_S.find((s) => (end - start) / s <= want) ?? STEPS_S[STEPS_S.length - 1];
  // Round in local time: offset the epoch by the zone so ticks fall on 00, 15, 30... of the local clock.
  const offset = -new Date(start * 1000).getTimezoneOffset() * 60;
  const first = Math.ceil((start + offset) / step) * step - offset;
  const out: TimeTick[] = [];
  for (let t = first; t <= end; t += step) {
    const d = new Date(t * 1000);
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    const label = step < 60 ? `${hm}:${pad(d.getSeconds())}` : step >= 86400 ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : hm;
    out.push({ t, label });
  }
  return out;
}
