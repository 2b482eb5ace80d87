/** Small display helpers for the views. */

/** ago formats how long ago an ISO time was ('never' for Prometheus's zero time). */
export function ago(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t) || t <= 0) return 'never';
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return `${s.toFixed(1)}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.floor(s % 60)}s ago`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`;
}

/** seconds formats a duration in seconds for tables (ms below one second). */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '';
  return s < 1 ? `${(s * 1000).toFixed(1)}ms` : `${s.toFixed(3)}s`;
}

/** bytes formats a byte count with binary units. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/**
 * sampleValue formats an API sample value (Prometheus sends `3.24e+00` for alerts) as people read numbers: plain
 * decimals with up to 6 significant digits between 1e-4 and 1e15, exponent notation beyond, and NaN, +Inf, -Inf.
 */
export function sampleValue(v: string): string {
  const inf = /^([+-]?)inf$/i.exec(v.trim());
  const n = inf ? (inf[1] === '-' ? -Infinity : Infinity) : Number(v);
  if (Number.isNaN(n)) return v.trim() === '' ? '' : 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return n.toExponential(5).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(6)));
}
