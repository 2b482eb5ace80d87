/**
 * Legend and repeat benchmark, in CPU time (process.cpuUsage, best of 5 runs): the legend calcs of a table legend
 * (min, mean, max, last *) over 100 series of 1,000 points, and the expansion of a dashboard with a panel repeated
 * over 50 values inside a row repeated over 10 values.
 */
import { newDashboard, newPanel, newRow, type Row, type Variable } from '../../src/dashboards/model';
import { expandRepeats } from '../../src/dashboards/repeat';
import { reduceAll, sortLegend } from '../../src/ui/lib/reduce';

function cpuMs(iterations: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < iterations; i++) fn();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000 / iterations);
  }
  return best;
}

function variable(name: string, n: number): Variable {
  const options = Array.from({ length: n }, (_, i) => ({ text: `${name}${i}`, value: `${name}${i}` }));
  return {
    type: 'custom', name, label: '', description: '', hide: 0, query: '', regex: '', sort: 0, refresh: 1, multi: true, includeAll: true,
    allValue: null, auto: false, autoCount: 30, autoMin: '10s', current: { text: ['All'], value: ['$__all'] }, options,
  };
}

/** bench reports the legend calcs and repeat expansion figures. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  const calcs = ['min', 'mean', 'max', 'lastNotNull'];
  const series = Array.from({ length: 100 }, (_, s) => Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 50 + s) * 100 + s));
  const names = series.map((_, s) => `series ${s}`);
  report('dashboard_legend_calcs_100x1000_ms', cpuMs(50, () => {
    const values = series.map((vs) => reduceAll(calcs, vs));
    sortLegend(names, values, calcs, 'Mean', true);
  }), 'ms');

  const row: Row = { ...newRow('Row $dc', 1, 0), repeat: 'dc' };
  const panel = { ...newPanel('timeseries', 2, { x: 0, y: 1, w: 6, h: 4 }), repeat: { variable: 'host', direction: 'h' as const } };
  const d = { ...newDashboard('bench', 'bench'), panels: [row, panel] };
  const vars = [variable('dc', 10), variable('host', 50)];
  report('dashboard_repeat_expand_500_panels_ms', cpuMs(50, () => expandRepeats(d, vars)), 'ms');
}
