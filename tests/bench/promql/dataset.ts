/**
 * The PromQL benchmark's data, shaped as Thanos promql-engine's range-query benchmark (engine/bench_test.go):
 * per pod p0…p999, `http_requests_total` for containers c0…c2 (starts at the pod number, grows by the container
 * number per sample), one constant `http_responses_total`, and eleven `http_response_seconds_bucket` series
 * (le 0…9 grow by le per sample, +Inf by the pod number): 3,000 + 1,000 + 11,000 series at 30 s over the 2 h the
 * queries read. Beside it, a dashboard case: 500 `dashboard_requests_total` counters with 1,000 samples at 30 s,
 * ending where the 2 h do, for a 500-series × 1,000-step answer. The same series are appended into a Head (one
 * commit per scrape time, as a scrape would) and written as OpenMetrics text for promtool's backfill.
 */
import { labelsFromPairs, type Labels } from '../../../src/model/labels';
import type { Appendable } from '../../../src/model/storage';

/** STEP_MS is the scrape interval and the queries' step. */
export const STEP_MS = 30_000;
/** T0 is where the 2 h of the Thanos series start: 2026-01-01 12:00 UTC (one backfilled day holds all data). */
export const T0 = Date.UTC(2026, 0, 1, 12);
/** T_END is where the 2 h end (and the dashboard's 1,000 samples). */
export const T_END = T0 + 2 * 3_600_000;
/** DASH_STEPS is the dashboard case's number of samples and steps. */
export const DASH_STEPS = 1000;
/** DASH_START is the dashboard case's first sample and step. */
export const DASH_START = T_END - (DASH_STEPS - 1) * STEP_MS;

const PODS = 1000;
const CONTAINERS = 3;
const BUCKETS = 10;
const DASH_SERIES = 500;

/** BenchSeries is one series: its labels, the span of its samples and its value at sample k. */
export interface BenchSeries {
  labels: Labels;
  start: number;
  samples: number;
  value(k: number): number;
}

/** benchSeries lists every series of the dataset, grouped by metric name (as OpenMetrics wants families). */
export function benchSeries(): BenchSeries[] {
  const out: BenchSeries[] = [];
  const n = (T_END - T0) / STEP_MS + 1;
  const line = (labels: [string, string][], v0: number, dv: number, start = T0, samples = n) =>
    out.push({ labels: labelsFromPairs(labels), start, samples, value: (k) => v0 + dv * k });
  for (let i = 0; i < PODS; i++) {
    for (let j = 0; j < CONTAINERS; j++) {
      line([['__name__', 'http_requests_total'], ['pod', `p${i}`], ['container', `c${j}`]], i, j);
    }
  }
  for (let i = 0; i < PODS; i++) line([['__name__', 'http_responses_total'], ['pod', `p${i}`]], i, 0);
  for (let i = 0; i < PODS; i++) {
    for (let j = 0; j < BUCKETS; j++) line([['__name__', 'http_response_seconds_bucket'], ['pod', `p${i}`], ['le', String(j)]], i, j);
    line([['__name__', 'http_response_seconds_bucket'], ['pod', `p${i}`], ['le', '+Inf']], i, i);
  }
  for (let i = 0; i < DASH_SERIES; i++) {
    const labels: [string, string][] = [['__name__', 'dashboard_requests_total'], ['instance', `host-${i}:9100`], ['job', 'node']];
    line(labels, i * 1000, (i % 17) + 1, DASH_START, DASH_STEPS);
  }
  return out;
}

/** appendAll appends the dataset into a head as a scrape would: every series at one time, then a commit. */
export async function appendAll(head: Appendable, series: BenchSeries[]): Promise<number> {
  const refs = new Array<number>(series.length).fill(0);
  let samples = 0;
  for (let t = DASH_START; t <= T_END; t += STEP_MS) {
    const app = head.appender();
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      const k = (t - s.start) / STEP_MS;
      if (k < 0 || k >= s.samples) continue;
      refs[i] = app.append(refs[i], s.labels, t, s.value(k));
      samples++;
    }
    await app.commit();
  }
  return samples;
}

/** openMetricsChunks yields the dataset as OpenMetrics text (untyped families, timestamps in seconds), in pieces. */
export function* openMetricsChunks(series: BenchSeries[]): Generator<string> {
  for (const s of series) {
    let sel = s.labels[1] + '{';
    for (let i = 2; i < s.labels.length; i += 2) sel += `${i > 2 ? ',' : ''}${s.labels[i]}="${s.labels[i + 1]}"`;
    sel += '} ';
    let text = '';
    for (let k = 0; k < s.samples; k++) text += `${sel}${s.value(k)} ${(s.start + k * STEP_MS) / 1000}\n`;
    yield text;
  }
  yield '# EOF\n';
}
