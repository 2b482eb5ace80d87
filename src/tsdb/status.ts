/** headStatus computes the data of Prometheus's /api/v1/status/tsdb from the head's index. */
import { METRIC_NAME } from '../model/labels';
import type { MemPostings } from './index/mempostings';

/** NameCount is one row of a top-10 table. */
export interface NameCount {
  name: string;
  value: number;
}

/** TsdbStatusData mirrors Prometheus's TSDB status (head statistics and top-10 tables) plus persisted bytes. */
export interface TsdbStatusData {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number; minTime: number; maxTime: number };
  seriesCountByMetricName: NameCount[];
  labelValueCountByLabelName: NameCount[];
  memoryInBytesByLabelName: NameCount[];
  seriesCountByLabelValuePair: NameCount[];
  storageBytes: number;
}

/** HeadNumbers are the head-wide figures the index cannot tell. */
export interface HeadNumbers {
  numSeries: number;
  chunkCount: number;
  minTime: number;
  maxTime: number;
  storageBytes: number;
}

const TOP = 10;

/** headStatus builds the status from the postings index. */
export function headStatus(ix: MemPostings, n: HeadNumbers): TsdbStatusData {
  const byMetric: NameCount[] = [];
  const valueCount: NameCount[] = [];
  const memory: NameCount[] = [];
  const pairs: NameCount[] = [];
  let numLabelPairs = 0;
  for (const [name, values] of ix.entries()) {
    let bytes = 0;
    for (const [value, refs] of values) {
      bytes += value.length;
      if (qualifies(pairs, refs.length)) offer(pairs, `${name}=${value}`, refs.length);
      if (name === METRIC_NAME && qualifies(byMetric, refs.length)) offer(byMetric, value, refs.length);
    }
    numLabelPairs += values.size;
    offer(valueCount, name, values.size);
    offer(memory, name, bytes);
  }
  return {
    headStats: { numSeries: n.numSeries, numLabelPairs, chunkCount: n.chunkCount, minTime: n.minTime, maxTime: n.maxTime },
    seriesCountByMetricName: byMetric,
    labelValueCountByLabelName: valueCount,
    memoryInBytesByLabelName: memory,
    seriesCountByLabelValuePair: pairs,
    storageBytes: n.storageBytes,
  };
}

function before(a: NameCount, b: NameCount): boolean {
  return a.value > b.value || (a.value === b.value && a.name < b.name);
}

/** qualifies reports whether a row with this value may enter the top list (cheap test before building its name). */
function qualifies(top: NameCount[], value: number): boolean {
  return top.length < TOP || value >= top[top.length - 1].value;
}

/** offer inserts a row into a sorted top-TOP list (highest value first, then by name). */
function offer(top: NameCount[], name: string, value: number): void {
  const row = { name, value };
  if (top.length === TOP && !before(row, top[TOP - 1])) return;
  let i = top.length;
  while (i > 0 && before(row, top[i - 1])) i--;
  top.splice(i, 0, row);
  if (top.length > TOP) top.pop();
}
