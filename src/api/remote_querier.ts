/**
 * RemoteQueryable lets the query worker's engine read from the storage worker: selects cross the worker boundary
 * as transferable Float64Arrays (timestamps and values), so stale-marker bits survive and nothing is serialised
 * per sample.
 */
import type { Labels } from '../model/labels';
import type { Matcher } from '../model/matcher';
import type { Querier, Queryable, SelectHints, Series } from '../model/storage';

/** SelectApi is the part of the storage worker's API that the query worker reads through. */
export interface SelectApi {
  select(matchers: Matcher[], mint: number, maxt: number, hints?: SelectHints): Promise<Series[]>;
  selectLabelNames(matchers: Matcher[], mint: number, maxt: number): Promise<string[]>;
  selectLabelValues(name: string, matchers: Matcher[], mint: number, maxt: number): Promise<string[]>;
  selectSeries(matchers: Matcher[], mint: number, maxt: number): Promise<Labels[]>;
}

/** RemoteQueryable adapts a SelectApi (usually a comlink proxy) to the engine's Queryable. */
export class RemoteQueryable implements Queryable {
  constructor(private readonly remote: SelectApi) {}

  querier(): Querier {
    const r = this.remote;
    return {
      select: (m, mint, maxt, hints) => r.select([...m], mint, maxt, hints),
      labelNames: (m, mint, maxt) => r.selectLabelNames([...m], mint, maxt),
      labelValues: (name, m, mint, maxt) => r.selectLabelValues(name, [...m], mint, maxt),
      series: (m, mint, maxt) => r.selectSeries([...m], mint, maxt),
    };
  }
}

/** serveSelect exposes a Queryable as a SelectApi whose results are marked for transfer by `mark`. */
export function serveSelect(q: Queryable, mark: <T>(value: T, transfers: Transferable[]) => T): SelectApi {
  return {
    async select(matchers, mint, maxt, hints) {
      const series = await q.querier().select(matchers, mint, maxt, hints);
      const transfers: Transferable[] = [];
      for (const s of series) transfers.push(s.timestamps.buffer as ArrayBuffer, s.values.buffer as ArrayBuffer);
      return mark(series, dedupe(transfers));
    },
    selectLabelNames: (m, mint, maxt) => q.querier().labelNames(m, mint, maxt),
    selectLabelValues: (name, m, mint, maxt) => q.querier().labelValues(name, m, mint, maxt),
    selectSeries: (m, mint, maxt) => q.querier().series(m, mint, maxt),
  };
}

function dedupe(ts: Transferable[]): Transferable[] {
  return [...new Set(ts)];
}
