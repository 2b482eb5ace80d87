/**
 * ExemplarQuery holds a query panel's exemplars: asked of Promtab's storage worker or of the panel's remote data
 * source (its /api/v1/query_exemplars) for the graph's window; the newest request wins.
 */
import type { ApiResponse, ExemplarData } from '../../api/types';
import type { DataSource } from '../../remote/datasource_config';
import { api } from './api';

/** ExemplarQuery is the rune class behind the graph's "Show exemplars" switch. */
export class ExemplarQuery {
  data = $state.raw<ExemplarData[] | null>(null);
  error = $state('');
  loading = $state(false);
  private seq = 0;

  /** load asks for the exemplars of expr's series in [start, end] (seconds), from ds or from Promtab. */
  async load(ds: DataSource | null, expr: string, start: number, end: number): Promise<void> {
    const id = ++this.seq;
    this.loading = true;
    try {
      const r: ApiResponse<ExemplarData[] | null> = ds
        ? await api().query.datasources.queryExemplars(ds, expr, start, end)
        : await api().storage.queryExemplars(expr, start, end);
      if (id !== this.seq) return;
      if (r.status === 'error') {
        this.data = null;
        this.error = `Exemplars: ${r.error}`;
      } else {
        this.data = r.data ?? [];
        this.error = '';
      }
    } catch (e) {
      if (id === this.seq) this.error = `Exemplars: ${(e as Error).message}`;
    } finally {
      if (id === this.seq) this.loading = false;
    }
  }

  /** clear forgets the exemplars (the switch was turned off). */
  clear(): void {
    this.seq++;
    this.data = null;
    this.error = '';
    this.loading = false;
  }
}
