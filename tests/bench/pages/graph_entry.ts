// The page-side code of the graph render benchmark: Promtab's own result-to-uPlot path.
export { toChartData } from '../../../src/ui/lib/chartdata';
export { chartOptions } from '../../../src/ui/lib/chartopts';
