/**
 * graph_render_ms: time from a range-query result (typed arrays, as the query worker sends it) to the first painted
 * frame of a Promtab graph in headless Chromium, against uPlot alone drawing the same, already aligned data.
 */
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

type Report = (name: string, value: number, unit: string) => void;
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CHROMIUM = process.env.PROMTAB_CHROMIUM ?? '/usr/bin/chromium';

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: resolve(root, 'tests/bench/pages/graph_entry.ts'), formats: ['iife'], name: 'Promtab' },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { code?: string }[] };
  return first.output[0].code ?? '';
}

const PAGE_SCRIPT = `
window.runBench = async (nSeries, nPoints) => {
  const step = 15, start = 1700000000, end = start + (nPoints - 1) * step;
  const result = [];
  for (let s = 0; s < nSeries; s++) {
    const ts = new Float64Array(nPoints), vs = new Float64Array(nPoints);
    for (let i = 0; i < nPoints; i++) { ts[i] = (start + i * step) * 1000; vs[i] = Math.sin(i / 50 + s) * 100 + s; }
    result.push({ metric: { __name__: 'bench', series: String(s), job: 'bench' }, timestamps: ts, values: vs });
  }
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const host = document.getElementById('host');
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ours = [], alone = [], convert = [];
  const runOurs = async () => {
    host.replaceChildren();
    const t0 = performance.now();
    const c = Promtab.toChartData(result, start, end, step);
    convert.push(performance.now() - t0);
    const opts = Promtab.chartOptions({ labels: c.labels, width: 1000, height: 300, unit: 'short', stacked: false });
    const u = new uPlot(opts, c.data, host);
    await frame();
    ours.push(performance.now() - t0);
    u.destroy();
  };
  const aligned = Promtab.toChartData(result, start, end, step);
  const runAlone = async () => {
    host.replaceChildren();
    const t0 = performance.now();
    const u = new uPlot({ width: 1000, height: 300, series: [{}, ...aligned.labels.map((label) => ({ label, stroke: 'red' }))] }, aligned.data, host);
    await frame();
    alone.push(performance.now() - t0);
    u.destroy();
  };
  // Alternate which goes first, so warm-up and garbage collection fall on both alike.
  for (let run = 0; run < 9; run++) {
    if (run % 2) { await runOurs(); await runAlone(); } else { await runAlone(); await runOurs(); }
  }
  return { ours: med(ours), uplot: med(alone), convert: med(convert) };
};`;

export default async function bench(report: Report): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`ui bench skipped: no Chromium at ${CHROMIUM}`);
    return;
  }
  const code = await bundle();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 500 } });
    await page.setContent('<div id="host" style="width:1000px"></div>');
    await page.addStyleTag({ content: readFileSync(resolve(root, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8') });
    await page.addScriptTag({ content: readFileSync(resolve(root, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8') });
    await page.addScriptTag({ content: code });
    await page.addScriptTag({ content: PAGE_SCRIPT });
    for (const [s, p] of [
      [50, 1000],
      [10, 10000],
    ] as const) {
      type Run = (s: number, p: number) => Promise<{ ours: number; uplot: number; convert: number }>;
      const r = await page.evaluate(([a, b]) => (window as unknown as { runBench: Run }).runBench(a, b), [s, p] as const);
      report(`graph_render_ms_${s}x${p}`, r.ours, 'ms');
      report(`graph_render_uplot_ms_${s}x${p}`, r.uplot, 'ms');
      report(`graph_convert_ms_${s}x${p}`, r.convert, 'ms');
      report(`graph_render_overhead_pct_${s}x${p}`, ((r.ours - r.uplot) / r.uplot) * 100, '%');
    }
  } finally {
    await browser.close();
  }
}
