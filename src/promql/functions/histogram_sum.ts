/**
 * Sum and mean of a list of native histograms with compensated summation; the mean switches to an incremental
 * mean when the plain sum would overflow, as Prometheus's avg and avg_over_time do.
 */
import { compactHistogram, divideHistogram, scaleHistogram, type FloatHistogram } from '../../model/histogram';
import { hasOverflow, kahanAdd, kahanDivide, kahanResult, startKahan, type KahanHistogram } from '../../model/histogram_kahan';

/** HistogramTotal is a sum or mean with what the annotations need to know. */
export interface HistogramTotal {
  readonly h: FloatHistogram;
  /** collision is set when the inputs' hints said both "reset" and "not reset". */
  readonly collision: boolean;
  readonly nhcbBoundsReconciled: boolean;
}

/** totalHistograms returns the sum (or the mean) of at least one histogram; throws HistogramError for mixed schema kinds. */
export function totalHistograms(list: readonly FloatHistogram[], mean: boolean): HistogramTotal {
  let acc = startKahan(list[0]);
  let avg: KahanHistogram | null = null;
  let reset = list[0].counterResetHint === 'reset';
  let notReset = list[0].counterResetHint === 'not_reset';
  let reconciled = false;
  for (let k = 1; k < list.length; k++) {
    const h = list[k];
    reset ||= h.counterResetHint === 'reset';
    notReset ||= h.counterResetHint === 'not_reset';
    const count = k + 1;
    if (!avg) {
      const next = kahanAdd(acc, h);
      reconciled ||= next.nhcbBoundsReconciled;
      if (!mean || !hasOverflow(next.h)) {
        acc = next;
        continue;
      }
      avg = kahanDivide(acc, count - 1);
    }
    const q = (count - 1) / count;
    avg = kahanAdd({ ...avg, h: scaleHistogram(avg.h, q), c: scaleHistogram(avg.c, q) }, divideHistogram(h, count));
    reconciled ||= avg.nhcbBoundsReconciled;
  }
  const total = avg ? kahanResult(avg) : kahanResult(mean ? kahanDivide(acc, list.length) : acc);
  return { h: compactHistogram(total), collision: reset && notReset, nhcbBoundsReconciled: reconciled };
}
