/**
 * `load_with_nhcb`: classic histogram series (`_bucket` with `le`, `_count`, `_sum`) of a load block are also
 * converted into native histograms with custom buckets (NHCB), one per label set and timestamp, as Prometheus's
 * test loader does. Timestamps whose buckets cannot form a histogram are skipped.
 */
import { CUSTOM_BUCKETS_SCHEMA, newFloatHistogram, type FloatHistogram } from '../../model/histogram';
import { LabelsBuilder, METRIC_NAME, labelsGet, labelsKey, type Labels } from '../../model/labels';
import { parseGoFloat } from '../engine/format';
import type { LoadCommand } from './script';

interface TempHistogram {
  readonly buckets: Map<number, number>;
  count: number | null;
  sum: number;
}

/** NHCBSeries is one converted series: its labels and its histogram points in time order. */
export interface NHCBSeries {
  readonly labels: Labels;
  readonly points: { readonly t: number; readonly h: FloatHistogram }[];
}

const SUFFIXES = ['_bucket', '_sum', '_count'] as const;

function convert(tmp: TempHistogram): FloatHistogram | null {
  const les = [...tmp.buckets.keys()].sort((a, b) => a - b);
  let count = tmp.count;
  if (count === null && les.length > 0) count = tmp.buckets.get(les[les.length - 1])!;
  count ??= 0;
  if (les.length === 0 || les[les.length - 1] !== Infinity) {
    les.push(Infinity);
    tmp.buckets.set(Infinity, count);
  }
  const index: number[] = [];
  const counts: number[] = [];
  let prev = 0;
  for (let i = 0; i < les.length; i++) {
    const c = tmp.buckets.get(les[i])!;
    if (c < 0 || c < prev) return null;
    if (c - prev !== 0) {
      index.push(i);
      counts.push(c - prev);
    }
    prev = c;
  }
  if (count !== prev) return null;
  return newFloatHistogram({
    schema: CUSTOM_BUCKETS_SCHEMA,
    count,
    sum: tmp.sum,
    positive: { index, count: counts },
    customValues: les.slice(0, -1),
  });
}

/** convertClassicHistograms builds the NHCB series a `load_with_nhcb` block adds. */
export function convertClassicHistograms(cmd: LoadCommand): NHCBSeries[] {
  const byBase = new Map<string, { labels: Labels; at: Map<number, TempHistogram> }>();
  for (const s of cmd.series) {
    const name = labelsGet(s.labels, METRIC_NAME);
    const suffix = SUFFIXES.find((x) => name.endsWith(x));
    if (!suffix) continue;
    let le = 0;
    if (suffix === '_bucket') {
      const parsed = parseGoFloat(labelsGet(s.labels, 'le'));
      if (parsed === null || Number.isNaN(parsed)) continue;
      le = parsed;
    }
    const base = new LabelsBuilder(s.labels).set(METRIC_NAME, name.slice(0, -suffix.length)).del('le').labels();
    const key = labelsKey(base);
    let entry = byBase.get(key);
    if (!entry) {
      entry = { labels: base, at: new Map() };
      byBase.set(key, entry);
    }
    s.values.forEach((v, i) => {
      if (v.kind !== 'float') return;
      const t = i * cmd.interval;
      let tmp = entry!.at.get(t);
      if (!tmp) {
        tmp = { buckets: new Map(), count: null, sum: 0 };
        entry!.at.set(t, tmp);
      }
      if (suffix === '_bucket') {
        if (!tmp.buckets.has(le)) tmp.buckets.set(le, v.v);
      } else if (suffix === '_count') tmp.count = v.v;
      else tmp.sum = v.v;
    });
  }
  const out: NHCBSeries[] = [];
  for (const { labels, at } of byBase.values()) {
    const points: { t: number; h: FloatHistogram }[] = [];
    for (const [t, tmp] of [...at].sort((a, b) => a[0] - b[0])) {
      const h = convert(tmp);
      if (h) points.push({ t, h });
    }
    out.push({ labels, points });
  }
  return out;
}
