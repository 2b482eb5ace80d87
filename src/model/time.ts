/** Durations and timestamps as Prometheus writes them. */

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** parseDuration parses a Prometheus duration such as `1h30m` or `15s` into milliseconds; throws on bad input. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const re = /(\d+)(ms|[smhdwy])/gy;
  let total = 0;
  let last = -1;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const idx = ORDER.indexOf(m[2]);
    if (idx <= last) throw new Error(`not a valid duration string: "${s}"`);
    last = idx;
    total += Number(m[1]) * UNITS[m[2]];
    pos = re.lastIndex;
  }
  if (pos !== s.length || s.length === 0) throw new Error(`not a valid duration string: "${s}"`);
  return total;
}

/** formatDuration writes milliseconds as Prometheus prints durations (`1h30m`, `15s`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  for (const u of ORDER) {
    const size = UNITS[u];
    if (rest >= size) {
      const n = Math.floor(rest / size);
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}
