import { describe, expect, it } from 'vitest';
import { SelfMetrics } from '../../../src/api/self_metrics';
import { ExemplarStore } from '../../../src/tsdb/exemplar_store';
import { labelsFromObject } from '../../../src/model/labels';

describe('self-metrics of the exemplar store', () => {
  it('are exposed under Prometheus names and follow the store', () => {
    const self = new SelfMetrics();
    const store = new ExemplarStore({ size: 3 });
    self.observeExemplars(() => store.stats());
    const series = labelsFromObject({ __name__: 'x_total' });
    for (const ts of [1000, 2000, 3000, 4000, 500]) store.add([{ series, e: { labels: ['trace_id', String(ts)], value: 1, ts, hasTs: true } }]);
    const text = self.text();
    expect(text).toContain('prometheus_tsdb_exemplar_exemplars_in_storage 3');
    expect(text).toContain('prometheus_tsdb_exemplar_series_with_exemplars_in_storage 1');
    expect(text).toContain('prometheus_tsdb_exemplar_max_exemplars 3');
    expect(text).toContain('prometheus_tsdb_exemplar_exemplars_appended_total 4');
    expect(text).toContain('prometheus_tsdb_exemplar_out_of_order_exemplars_total 1');
    expect(self.text()).toContain('prometheus_tsdb_exemplar_exemplars_appended_total 4');
  });
});
