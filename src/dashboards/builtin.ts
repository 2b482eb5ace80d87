/** The built-in `Promtab overview` dashboard: Promtab's own health from its self-scraped metrics. */
import { DASHBOARD_VERSION, newPanel, newRow, newTarget, type Dashboard, type FieldConfig, type Panel, type PanelType, type Target, type Variable } from './model';

/** SELF_METRICS names Promtab's self-metrics the overview queries (change them here when they are renamed). */
export const SELF_METRICS = {
  headSamplesAppended: 'promtab_tsdb_head_samples_appended_total',
  headSeries: 'promtab_tsdb_head_series',
  storageUsed: 'promtab_storage_used_bytes',
  storageQuota: 'promtab_storage_quota_bytes',
  queryDuration: 'promtab_query_duration_seconds',
  scrapeDuration: 'promtab_scrape_duration_seconds',
  workerRestarts: 'promtab_worker_restarts_total',
} as const;

/** OVERVIEW_UID is the uid of the built-in overview dashboard. */
export const OVERVIEW_UID = 'promtab-overview';

const M = SELF_METRICS;
const UP = 'up{job=~"$job"}';

function target(refId: string, expr: string, legendFormat = '', extra: Partial<Target> = {}): Target {
  return { ...newTarget(refId, expr), legendFormat, ...extra };
}

function panel(id: number, type: PanelType, title: string, gridPos: Panel['gridPos'], targets: Target[], defaults: FieldConfig = {}, description = ''): Panel {
  const p = newPanel(type, id, gridPos);
  const instant = type === 'stat' || type === 'gauge';
  return {
    ...p,
    title,
    description,
    targets: targets.map((t) => (instant ? { ...t, instant: true, range: false } : t)),
    fieldConfig: { defaults: { ...p.fieldConfig.defaults, ...defaults }, overrides: [] },
  };
}

function quantiles(histogram: string): Target[] {
  return ['0.5', '0.9', '0.99'].map((q, i) =>
    target(String.fromCharCode(65 + i), `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket[$__rate_interval])))`, `p${Number(q) * 100}`),
  );
}

const red = (at: number) => ({ mode: 'absolute' as const, steps: [{ value: null, color: 'green' }, { value: at, color: 'red' }] });

function jobVariable(): Variable {
  return {
    type: 'query', name: 'job', label: 'Job', description: '', hide: 0, query: 'label_values(up, job)', regex: '', sort: 1, refresh: 2,
    multi: true, includeAll: true, allValue: '.*', auto: false, autoCount: 30, autoMin: '10s',
    current: { text: ['All'], value: ['$__all'] }, options: [],
  };
}

/** overviewDashboard builds the `Promtab overview` dashboard. */
export function overviewDashboard(): Dashboard {
  let id = 1;
  const next = () => id++;
  const targetsRow = newRow('Targets', next(), 0);
  const targets = [
    panel(next(), 'stat', 'Targets up', { x: 0, y: 1, w: 4, h: 4 }, [target('A', `sum(${UP})`)], { unit: 'none', thresholds: { mode: 'absolute', steps: [{ value: null, color: 'red' }, { value: 1, color: 'green' }] } }),
    panel(next(), 'stat', 'Targets down', { x: 4, y: 1, w: 4, h: 4 }, [target('A', `count(${UP} == 0) or vector(0)`)], { unit: 'none', thresholds: red(1) }),
    panel(next(), 'state-timeline', 'Target health', { x: 8, y: 1, w: 16, h: 8 }, [target('A', UP, '{{job}} {{instance}}')], {
      mappings: [
        { type: 'value', value: '0', result: { text: 'DOWN', color: 'red' } },
        { type: 'value', value: '1', result: { text: 'UP', color: 'green' } },
      ],
    }, 'Each target over time: UP when its scrape succeeded (up is 1), DOWN when it failed.'),
    panel(next(), 'timeseries', 'Scrape durations', { x: 0, y: 5, w: 8, h: 4 }, [target('A', `scrape_duration_seconds{job=~"$job"}`, '{{job}} {{instance}}')], { unit: 's' }),
  ];
  const storageRow = newRow('Storage', next(), 9);
  const storage = [
    panel(next(), 'timeseries', 'Samples appended', { x: 0, y: 10, w: 8, h: 8 }, [target('A', `rate(${M.headSamplesAppended}[$__rate_interval])`, 'samples/s')], { unit: 'cps' }),
    panel(next(), 'timeseries', 'Head series', { x: 8, y: 10, w: 8, h: 8 }, [target('A', M.headSeries, 'series')], { unit: 'short' }),
    panel(next(), 'gauge', 'Storage used', { x: 16, y: 10, w: 8, h: 4 }, [target('A', `${M.storageUsed} / ${M.storageQuota}`)], {
      unit: 'percentunit', min: 0, max: 1,
      thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 0.8, color: 'orange' }, { value: 0.9, color: 'red' }] },
    }),
    panel(next(), 'timeseries', 'Storage used against quota', { x: 16, y: 14, w: 8, h: 4 }, [target('A', M.storageUsed, 'used'), target('B', M.storageQuota, 'quota')], { unit: 'bytes' }),
  ];
  storage[3].fieldConfig.overrides.push({
    matcher: { type: 'byFrameRefID', refId: 'B' },
    properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }, { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }],
  });
  const queriesRow = newRow('Queries and workers', next(), 18);
  const queries = [
    panel(next(), 'timeseries', 'Query durations', { x: 0, y: 19, w: 8, h: 8 }, quantiles(M.queryDuration), { unit: 's' }),
    panel(next(), 'heatmap', 'Query duration distribution', { x: 8, y: 19, w: 8, h: 8 }, [target('A', `sum(rate(${M.queryDuration}[$__rate_interval]))`, '', { format: 'heatmap' })], { unit: 's' }),
    panel(next(), 'timeseries', 'Self-scrape durations', { x: 16, y: 19, w: 8, h: 4 }, quantiles(M.scrapeDuration), { unit: 's' }),
    panel(next(), 'stat', 'Worker restarts', { x: 16, y: 23, w: 8, h: 4 }, [target('A', `sum(increase(${M.workerRestarts}[$__range])) or vector(0)`)], { unit: 'none', decimals: 0, thresholds: red(1) }),
  ];
  return {
    version: DASHBOARD_VERSION,
    uid: OVERVIEW_UID,
    title: 'Promtab overview',
    description: "Promtab's own health: targets, scrapes, storage and queries.",
    tags: ['promtab'],
    time: { from: 'now-1h', to: 'now' },
    refresh: '10s',
    timezone: 'browser',
    graphTooltip: 1,
    panels: [targetsRow, ...targets, storageRow, ...storage, queriesRow, ...queries],
    variables: [jobVariable()],
  };
}
