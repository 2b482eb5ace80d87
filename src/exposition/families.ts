/**
 * familiesFromSamples groups flat samples (as parseAll or a TSDB select returns them) into metric families ready
 * for the writers, ordered so that OpenMetrics readers accept them: each family's samples together, each group
 * (labels without `le`/`quantile`) together, timestamps ascending, and within one histogram timestamp the buckets
 * by bound, then `_count`, `_sum`, `_created`.
 */
import { labelsGet, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricMetadata, MetricType } from '../model/metadata';
import { parseNumber } from './scan';
import type { MetricFamily, WriteSample } from './writer';

/** TYPE_SUFFIXES lists, per type, the sample-name suffixes (in writing order) that belong to a family. */
export const TYPE_SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  summary: ['', '_count', '_sum', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  info: ['_info'],
  gauge: [''],
  stateset: [''],
  unknown: [''],
};

const ALL_SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];

/** FamilyRef is the family a sample belongs to, with the metadata found for it. */
export interface FamilyRef {
  readonly family: string;
  readonly type: MetricType;
  readonly meta: MetricMetadata | undefined;
}

/**
 * familyOf finds the family a sample name belongs to, given metadata keyed by family name. A text-format counter
 * whose TYPE line names `x_total` itself becomes the OpenMetrics family `x` (unless `x` is a family of its own);
 * names no metadata explains are their own family of type unknown.
 */
export function familyOf(name: string, metadata: ReadonlyMap<string, MetricMetadata>): FamilyRef {
  for (const suffix of ALL_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const family = name.slice(0, -suffix.length);
    const meta = metadata.get(family);
    if (meta && TYPE_SUFFIXES[meta.type].includes(suffix)) return { family, type: meta.type, meta };
  }
  const meta = metadata.get(name);
  const stripped = name.slice(0, -6);
  if (meta?.type === 'counter' && name.endsWith('_total') && !metadata.has(stripped)) return { family: stripped, type: 'counter', meta };
  return { family: name, type: meta && TYPE_SUFFIXES[meta.type].includes('') ? meta.type : 'unknown', meta };
}

interface Keyed {
  readonly sample: WriteSample;
  readonly group: string;
  readonly rank: number;
  readonly bound: number;
  readonly index: number;
}

function sortKey(s: WriteSample, family: string, type: MetricType, index: number): Keyed {
  const name = labelsGet(s.labels, METRIC_NAME);
  const suffix = name.slice(family.length);
  const drop = suffix === '_bucket' ? 'le' : type === 'summary' && suffix === '' ? 'quantile' : '';
  let group = '';
  for (let i = 0; i < s.labels.length; i += 2) {
    if (s.labels[i] !== METRIC_NAME && s.labels[i] !== drop) group += `${s.labels[i]}\xff${s.labels[i + 1]}\xff`;
  }
  const dropped = drop === '' ? '' : labelsGet(s.labels, drop);
  const bound = parseNumber(dropped, 0, dropped.length, 'openmetrics') ?? NaN;
  return { sample: s, group, rank: TYPE_SUFFIXES[type].indexOf(suffix), bound, index };
}

function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  const ta = a.sample.timestamp ?? -Infinity;
  const tb = b.sample.timestamp ?? -Infinity;
  if (ta !== tb) return ta - tb;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.bound !== b.bound && a.bound === a.bound && b.bound === b.bound) return a.bound - b.bound;
  return a.index - b.index;
}

/** familiesFromSamples groups samples into families using metadata (keyed by family name) for types, help and units. */
export function familiesFromSamples(
  samples: Iterable<{ readonly labels: Labels; readonly value: number; readonly timestamp?: number }>,
  metadata: ReadonlyMap<string, MetricMetadata> = new Map(),
): MetricFamily[] {
  const byFamily = new Map<string, { ref: FamilyRef; keyed: Keyed[] }>();
  let index = 0;
  for (const s of samples) {
    const ref = familyOf(labelsGet(s.labels, METRIC_NAME), metadata);
    let f = byFamily.get(ref.family);
    if (!f) byFamily.set(ref.family, (f = { ref, keyed: [] }));
    f.keyed.push(sortKey(s, ref.family, f.ref.type, index++));
  }
  const out: MetricFamily[] = [];
  for (const [name, { ref, keyed }] of byFamily) {
    keyed.sort(compareKeyed);
    const samples = keyed.map((k) => k.sample);
    out.push({ name, type: ref.type, help: ref.meta?.help ?? '', unit: ref.meta?.unit ?? '', samples });
  }
  return out;
}
