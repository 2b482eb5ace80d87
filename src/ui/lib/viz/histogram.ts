/**
 * Histogram buckets as Grafana's histogram panel computes them: every value of every numeric field is counted in
 * buckets `floor((v - offset) / size) * size + offset`; an unset size is the first of Grafana's nice sizes above
 * range/20 that is not below the smallest gap between two values. Only buckets holding a value exist; each field
 * keeps its own counts unless `combine` adds them up into one `count` series.
 */
import { displayName, fieldType, type Frame } from '../../../dashboards';

/** HISTOGRAM_BUCKET_SIZES are the nice bucket sizes Grafana picks from (1, 2, 2.5, 4, 5 per decade; no 2.5 at 1). */
export const HISTOGRAM_BUCKET_SIZES: readonly number[] = Array.from({ length: 19 }, (_, i) => i - 9).flatMap((e) =>
  [1, 2, 2.5, 4, 5].filter((m) => !(e === 0 && m === 2.5)).map((m) => Number((m * 10 ** e).toPrecision(3))),
);

/** Histogram is the bucketed data: bucket lower bounds, the size, and counts per series. */
export interface Histogram {
  size: number;
  mins: number[];
  series: { name: string; refId: string; counts: number[] }[];
}

/** autoBucketSize picks Grafana's bucket size for these values (1 for a single value). */
export function autoBucketSize(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let smallest = sorted.length === 1 ? 1 : Infinity;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) smallest = Math.min(smallest, sorted[i] - sorted[i - 1]);
  const target = (sorted[sorted.length - 1] - sorted[0]) / 20;
  return HISTOGRAM_BUCKET_SIZES.find((s) => target < s && s >= smallest) ?? HISTOGRAM_BUCKET_SIZES[HISTOGRAM_BUCKET_SIZES.length - 1];
}

/** buildHistogram buckets the numeric fields of frames; null when there are no numeric values. */
export function buildHistogram(frames: readonly Frame[], opts: { bucketSize?: number; bucketOffset?: number; combine?: boolean } = {}): Histogram | null {
  const fields = frames.flatMap((f) =>
    f.fields
      .filter((x) => fieldType(x) === 'number')
      .map((x) => ({ name: displayName(x), refId: f.refId ?? '', values: x.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)) })),
  );
  const all = fields.flatMap((x) => x.values);
  if (!all.length) return null;
  const size = opts.bucketSize && opts.bucketSize > 0 ? opts.bucketSize : autoBucketSize(all);
  const offset = opts.bucketOffset ?? 0;
  const bucket = (v: number) => Number((Math.floor((v - offset) / size) * size + offset).toPrecision(12));
  const mins = [...new Set(all.map(bucket))].sort((a, b) => a - b);
  const index = new Map(mins.map((m, i) => [m, i]));
  const series = fields.map((x) => {
    const counts = new Array<number>(mins.length).fill(0);
    for (const v of x.values) counts[index.get(bucket(v))!]++;
    return { name: x.name, refId: x.refId, counts };
  });
  if (opts.combine) return { size, mins, series: [{ name: 'count', refId: '', counts: mins.map((_, i) => series.reduce((t, s) => t + s.counts[i], 0)) }] };
  return { size, mins, series };
}
