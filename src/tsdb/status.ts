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
      pairs.push({ name: `${name}=${value}`, value: refs.length });
      if (name === METRIC_NAME) byMetric.push({ name: value, value: refs.length });
    }
    numLabelPairs += values.size;
    valueCount.push({ name, value: values.size });
    memory.push({ name, value: bytes });
  }
  return {
    headStats: { numSeries: n.numSeries, numLabelPairs, chunkCount: n.chunkCount, minTime: n.minTime, maxTime: n.maxTime },
    seriesCountByMetricName: top(byMetric),
    labelValueCountByLabelName: top(valueCount),
    memoryInBytesByLabelName: top(memory),
    seriesCountByLabelValuePair: top(pairs),
    storageBytes: n.storageBytes,
  };
}

function top(rows: NameCount[]): NameCount[] {
  return rows.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, TOP);
}
