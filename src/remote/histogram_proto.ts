/**
 * Native histograms in the remote-write protobuf Histogram message (the same fields in 1.0 and 2.0): buckets as
 * spans plus counts. A histogram whose counts are all whole numbers goes as an integer histogram (count_int,
 * zero_count_int, deltas between neighbouring buckets), as Prometheus sends scraped histograms, so receivers that
 * predate float histograms (Prometheus before 2.44) store it right; any other one goes with float counts.
 */
import type { Buckets, CounterResetHint, FloatHistogram } from '../model/histogram';
import { usesCustomBuckets } from '../model/histogram';

/** ProtoSpan is a BucketSpan: the gap before a run of buckets (or the first index) and the run's length. */
export interface ProtoSpan {
  offset: number;
  length: number;
}

/** ProtoHistogram is the init shape of the Histogram message shared by remote write 1.0 and 2.0. */
export interface ProtoHistogram {
  count: { case: 'countInt'; value: bigint } | { case: 'countFloat'; value: number };
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCount: { case: 'zeroCountInt'; value: bigint } | { case: 'zeroCountFloat'; value: number };
  negativeSpans: ProtoSpan[];
  negativeDeltas: bigint[];
  negativeCounts: number[];
  positiveSpans: ProtoSpan[];
  positiveDeltas: bigint[];
  positiveCounts: number[];
  resetHint: number;
  timestamp: bigint;
  customValues: number[];
}

/** RESET_HINT numbers a counter-reset hint as the protobuf ResetHint enum does (same in 1.0 and 2.0). */
export const RESET_HINT: Readonly<Record<CounterResetHint, number>> = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 };

/** spansOf cuts ascending bucket indices into spans (a new span wherever an index is not the previous plus one). */
export function spansOf(b: Buckets): ProtoSpan[] {
  const out: ProtoSpan[] = [];
  let prev = 0;
  for (let i = 0; i < b.index.length; i++) {
    const idx = b.index[i];
    const last = out[out.length - 1];
    if (last && idx === prev + 1) last.length++;
    else out.push({ offset: i === 0 ? idx : idx - prev - 1, length: 1 });
    prev = idx;
  }
  return out;
}

const isCount = (x: number) => Number.isSafeInteger(x) && x >= 0;

/** isIntegerHistogram reports whether every count of h is a whole, non-negative, exactly representable number. */
export function isIntegerHistogram(h: FloatHistogram): boolean {
  return isCount(h.count) && isCount(h.zeroCount) && h.positive.count.every(isCount) && h.negative.count.every(isCount);
}

function deltas(counts: readonly number[]): bigint[] {
  const out = new Array<bigint>(counts.length);
  let prev = 0;
  for (let i = 0; i < counts.length; i++) {
    out[i] = BigInt(counts[i] - prev);
    prev = counts[i];
  }
  return out;
}

/** toProtoHistogram converts one histogram sample (sum given apart, so a stale marker keeps its bits). */
export function toProtoHistogram(h: FloatHistogram, timestamp: number, sum = h.sum): ProtoHistogram {
  const int = isIntegerHistogram(h);
  return {
    count: int ? { case: 'countInt', value: BigInt(h.count) } : { case: 'countFloat', value: h.count },
    sum,
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: int ? { case: 'zeroCountInt', value: BigInt(h.zeroCount) } : { case: 'zeroCountFloat', value: h.zeroCount },
    negativeSpans: spansOf(h.negative),
    negativeDeltas: int ? deltas(h.negative.count) : [],
    negativeCounts: int ? [] : [...h.negative.count],
    positiveSpans: spansOf(h.positive),
    positiveDeltas: int ? deltas(h.positive.count) : [],
    positiveCounts: int ? [] : [...h.positive.count],
    resetHint: RESET_HINT[h.counterResetHint],
    timestamp: BigInt(timestamp),
    customValues: usesCustomBuckets(h) ? [...(h.customValues ?? [])] : [],
  };
}
