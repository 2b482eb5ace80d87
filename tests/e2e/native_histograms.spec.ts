/**
 * Native histograms end to end (issue #18, "What must show"): a target served over HTTP in protobuf, written with
 * Promtab's own client library, is scraped; its native histogram shows in the Query table (count, sum, bucket chart
 * and bucket table), as a heatmap in the Query graph and in a dashboard heatmap panel, and as bars in a histogram
 * panel (on a log 2 value axis of the bucket bounds, with a tooltip per cell, and a linear one chosen in the panel
 * editor); a time series panel given the raw histogram says what to query instead; `histogram_quantile(0.9,
 * rate(x[1m]))` is graphed; after a reload, and after a snapshot export imported into a fresh browser profile, the
 * same queries give the same answers.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PROTOBUF_EXPOSITION_CONTENT_TYPE, Registry } from '../../src/client';
import { formatUnit } from '../../src/ui/lib/units';
import { cors, startFixture, type Fixture } from './helpers';

const METRIC = 'e2e_request_seconds';
// Each scrape observes the same 20 values, 0.01 · 1.5^k: the 0.9 quantile of the rate lies near 0.01 · 1.5^17.
const OBSERVED = Array.from({ length: 20 }, (_, k) => 0.01 * 1.5 ** k);

let target: Fixture;
let scrapes = 0;

test.beforeAll(async () => {
  const registry = new Registry();
  const latency = registry.histogram({ name: METRIC, help: 'Request latency.', labelNames: ['route'], nativeBucketFactor: 1.1 });
  target = await startFixture((req, res) => {
    cors(res);
    scrapes++;
    for (const v of OBSERVED) latency.labels('/api').observe(v);
    res.setHeader('Content-Type', PROTOBUF_EXPOSITION_CONTENT_TYPE);
    res.end(Buffer.from(registry.protobuf()));
  });
});
test.afterAll(async () => target.stop());

const host = () => target.url.replace('http://', '');

async function configure(page: Page): Promise<void> {
  await page.goto('./#/status');
  const cfg = page.getByRole('region', { name: 'Configuration' });
  const yaml = cfg.getByRole('textbox', { name: 'prometheus.yml' });
  await expect(yaml).toHaveValue(/job_name: promtab/);
  await yaml.fill(
    [
      'scrape_configs:',
      '  - job_name: native',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    scrape_native_histograms: true',
      '    scrape_protocols: [PrometheusProto, PrometheusText0.0.4]',
      '    static_configs:',
      `      - targets: ['${host()}']`,
      '',
    ].join('\n'),
  );
  await cfg.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(cfg.getByRole('status')).toContainText('applied');
}

/** answers runs the instant and range queries the test compares, through the page's own query worker. */
async function answers(page: Page, t: number): Promise<unknown> {
  return page.evaluate(
    async ([metric, at]) => {
      type Cols = { timestamps: Float64Array; counts: Float64Array; sums: Float64Array; bucketCount: Float64Array; bucketUpper: Float64Array };
      type Api = {
        query: {
          query: (e: string, t: number) => Promise<{ status: string; data?: { stats?: unknown } }>;
          queryRange: (
            e: string,
            s: number,
            e2: number,
            st: number,
          ) => Promise<{ status: string; data?: { result: { metric: unknown; timestamps: Float64Array; values: Float64Array; histograms?: Cols }[] } }>;
        };
      };
      const { api } = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest;
      const instant = await api().query.query(metric as string, at as number);
      if (instant.data) delete instant.data.stats;
      const range = async (q: string) => {
        const r = await api().query.queryRange(q, (at as number) - 20, at as number, 1);
        return (r.data?.result ?? []).map((s) => ({
          metric: s.metric,
          timestamps: Array.from(s.timestamps),
          values: Array.from(s.values),
          histograms: s.histograms && [s.histograms.timestamps, s.histograms.counts, s.histograms.sums, s.histograms.bucketCount, s.histograms.bucketUpper].map((a) => Array.from(a)),
        }));
      };
      return {
        instant,
        raw: await range(metric as string),
        quantile: await range(`histogram_quantile(0.9, rate(${metric as string}[1m]))`),
      };
    },
    [METRIC, t] as const,
  );
}

async function run(page: Page, expr: string) {
  const box = page.getByRole('textbox', { name: 'Expression' });
  await box.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(expr);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Execute' }).click();
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await dl.path())!);
}

async function freshSettings(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('./#/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  return page;
}

const DASHBOARD = {
  uid: 'e2e-native',
  title: 'Native histogram e2e',
  schemaVersion: 41,
  time: { from: 'now-5m', to: 'now' },
  panels: [
    {
      id: 1,
      type: 'heatmap',
      title: 'Latency heatmap',
      gridPos: { x: 0, y: 0, w: 24, h: 10 },
      targets: [{ refId: 'A', expr: `sum(rate(${METRIC}[1m]))`, format: 'heatmap' }],
      // Grafana keeps a heatmap's unit in options.yAxis and writes a linear scaleDistribution it ignores here.
      fieldConfig: { defaults: { custom: { scaleDistribution: { type: 'linear' } } }, overrides: [] },
      options: { calculate: false, yAxis: { unit: 's' } },
    },
    {
      id: 3,
      type: 'timeseries',
      title: 'Raw latency',
      gridPos: { x: 0, y: 18, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: METRIC }],
    },
    {
      id: 4,
      type: 'table',
      title: 'Latency buckets',
      gridPos: { x: 12, y: 18, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: `sum(rate(${METRIC}[1m]))`, instant: true, range: false, format: 'table' }],
    },
    {
      id: 2,
      type: 'histogram',
      title: 'Latency histogram',
      gridPos: { x: 0, y: 10, w: 24, h: 8 },
      targets: [{ refId: 'A', expr: `sum(rate(${METRIC}[1m]))` }],
    },
  ],
};

test('a native histogram scraped over protobuf is shown, graphed, and kept across reload and snapshot', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await configure(page);
  await page.getByRole('link', { name: 'Targets', exact: true }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  await expect.poll(() => scrapes, { timeout: 30_000 }).toBeGreaterThan(5);

  // Table: the histogram sample with its count and sum, the bucket chart, and the bucket table on demand.
  await page.getByRole('link', { name: 'Query', exact: true }).click();
  await run(page, METRIC);
  const result = page.getByRole('table', { name: 'Result' });
  const series = `${METRIC}{instance="${host()}", job="native", route="/api"}`;
  await expect(result).toContainText('Count:');
  await expect(result).toContainText('Sum:');
  await expect(page.getByRole('img', { name: `Buckets of ${series}` })).toBeVisible();
  const count = Number(await result.locator('strong', { hasText: 'Count:' }).locator('xpath=following-sibling::span').textContent());
  expect(count % OBSERVED.length).toBe(0);
  expect(count).toBeGreaterThan(0);
  await result.getByText(/^Buckets \(\d+\)$/).click();
  const buckets = page.getByRole('table', { name: `Buckets of ${series} as a table` });
  // 20 values 1.5× apart in schema 3 buckets (factor 2^(1/8)): each value in a bucket of its own.
  await expect(buckets.locator('tbody tr')).toHaveCount(OBSERVED.length);
  await expect(buckets.locator('tbody tr').first()).toContainText(String(count / OBSERVED.length));
  await expect(buckets.locator('tbody tr').first().locator('td').first()).toHaveText(/^\(0\.00\d+, 0\.01\d*\]$/);

  // Graph: the raw histogram series and its rate as heatmaps; the 0.9 quantile as a line.
  await page.getByRole('tab', { name: 'Graph' }).click();
  await run(page, `rate(${METRIC}[1m])`);
  const heat = page.getByRole('img', { name: /^Heatmap of \{instance=.*route="\/api"\}$/ });
  await expect(heat).toBeVisible();
  await expect(heat).toHaveAttribute('data-rows', String(OBSERVED.length));
  await expect(heat).toHaveAttribute('data-y-scale', 'log2');
  await expect(heat).toHaveAttribute('data-y-ticks', /(^|\|)0\.125(\||$)/);
  await page.getByRole('combobox', { name: 'Y axis scale' }).click();
  await page.getByRole('option', { name: 'Log (base 10)', exact: true }).click();
  await expect(heat).toHaveAttribute('data-y-scale', 'log10');
  await expect(heat).toHaveAttribute('data-y-ticks', /(^|\|)0\.01\|0\.1\|1\|10(\||$)/);
  expect(Number(await heat.getAttribute('data-max'))).toBeGreaterThan(0);
  // Download JSON writes the answer in the HTTP API's shape: `histograms` as [time, {count, sum, buckets}].
  const json = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Download JSON' }).click())).toString());
  const points = json.data.result[0].histograms as [number, { count: string; sum: string; buckets: [number, string, string, string][] }][];
  expect(points.length).toBeGreaterThan(0);
  expect(points[0][1].buckets).toHaveLength(OBSERVED.length);
  expect(points[0][1].buckets[0]).toEqual([0, expect.stringMatching(/^0\.00\d+$/), expect.stringMatching(/^0\.01\d*$/), expect.stringMatching(/^[\d.]+$/)]);
  await run(page, `histogram_quantile(0.9, rate(${METRIC}[1m]))`);
  await expect(page.getByRole('group', { name: 'Legend' }).getByRole('button', { name: /route="\/api"/ })).toHaveCount(1);
  await expect(page.locator('.u-over')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Heatmap of / })).toHaveCount(0);

  // A dashboard heatmap panel drawn from the native histogram's buckets.
  await page.goto('./#/dashboards');
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByRole('textbox', { name: 'Dashboard JSON' }).fill(JSON.stringify(DASHBOARD));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Latency heatmap' });
  await expect(panel).toHaveAttribute('data-panel-type', 'heatmap');
  const panelHeat = panel.getByRole('img', { name: 'Heatmap' });
  await expect(panelHeat).toBeVisible();
  await expect(panelHeat).toHaveAttribute('data-rows', String(OBSERVED.length));
  // A value axis on a log 2 scale: every y tick is a power of 2 seconds, in the panel's unit.
  await expect(panelHeat).toHaveAttribute('data-y-scale', 'log2');
  const powers = new Set(Array.from({ length: 30 }, (_, k) => formatUnit(2 ** (k - 15), 's')));
  const ticks = (await panelHeat.getAttribute('data-y-ticks'))!.split('|');
  expect(ticks.length).toBeGreaterThanOrEqual(4);
  for (const t of ticks) expect(powers.has(t), `tick ${t}`).toBe(true);
  expect(ticks).toContain('125 ms');
  // Hovering a cell names its bucket's range in seconds and its rate.
  const canvas = panelHeat.locator('canvas');
  const box = (await canvas.boundingBox())!;
  const tip = panel.getByRole('tooltip');
  for (let y = box.y + 8; y < box.y + box.height - 20 && !(await tip.isVisible()); y += 3) await page.mouse.move(box.x + box.width - 60, y);
  await expect(tip).toContainText(/Bucket \([\d.]+ m?s, [\d.]+ m?s\]/);
  await expect(tip).toContainText(/Value [\d.]+/);
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  // A time series panel given the raw histogram draws nothing and says what to query instead.
  const raw = page.getByRole('region', { name: 'Raw latency' });
  await expect(raw.getByRole('note')).toContainText('native histogram series, which a time series panel does not draw');
  await expect(raw.getByRole('note')).toContainText('histogram_quantile(0.9, …)');
  await expect(raw.locator('canvas')).toHaveCount(0);
  // A table lists the histogram's buckets as Grafana's does: a row per bucket with its bounds and rate.
  const table = page.getByRole('region', { name: 'Latency buckets' }).getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['xMax', 'yMin', 'yMax', 'count', 'yLayout']);
  await expect(table.locator('tbody tr')).toHaveCount(OBSERVED.length);
  // The histogram panel shows the native histogram's own buckets, added up over the range: one bar per bucket.
  const bars = page.getByRole('region', { name: 'Latency histogram' }).getByRole('img', { name: 'Histogram' });
  await expect(bars.locator('rect')).toHaveCount(OBSERVED.length);
  // The panel editor's `Y axis scale` switches the heatmap to a linear axis of the same bounds.
  await panel.hover();
  await page.getByRole('button', { name: 'Menu for Latency heatmap', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const editor = page.getByRole('region', { name: 'Edit panel' });
  await editor.getByRole('radiogroup', { name: 'Y axis scale' }).getByText('Linear').click();
  await expect(editor.getByRole('radiogroup', { name: 'Y axis scale' }).getByRole('radio', { name: 'Linear' })).toBeChecked();
  await editor.getByRole('button', { name: 'Back to dashboard' }).click();
  await expect(panelHeat).toHaveAttribute('data-y-scale', 'linear');
  await expect(panelHeat).toHaveAttribute('data-y-ticks', /(^|\|)5 s\|10 s\|15 s/);

  // The same answers after a reload, and in a fresh profile from a snapshot export.
  const t = Math.floor(Date.now() / 1000) - 2;
  const want = (await answers(page, t)) as {
    instant: { data: { result: { histogram?: [number, { count: string; buckets: unknown[] }] }[] } };
    raw: { values: number[]; histograms?: number[][] }[];
    quantile: { values: number[] }[];
  };
  expect(want.instant.data.result).toHaveLength(1);
  expect(want.instant.data.result[0].histogram?.[1].count).toMatch(/^\d+$/);
  expect(want.instant.data.result[0].histogram?.[1].buckets).toHaveLength(OBSERVED.length);
  expect(want.raw).toHaveLength(1);
  expect(want.raw[0].values).toEqual([]);
  expect(want.raw[0].histograms?.[0].length).toBeGreaterThan(3);
  const q = want.quantile[0].values.filter(Number.isFinite);
  expect(q.length).toBeGreaterThan(2);
  for (const v of q) {
    expect(v).toBeGreaterThan(OBSERVED[16]);
    expect(v).toBeLessThan(OBSERVED[18]);
  }

  await page.reload();
  await expect(page.getByRole('region', { name: 'Latency heatmap' }).getByRole('img', { name: 'Heatmap' })).toBeVisible();
  expect(await answers(page, t)).toEqual(want);

  await page.goto('./#/settings');
  const data = page.getByRole('region', { name: 'Data' });
  await data.getByRole('textbox', { name: 'Selector' }).fill(`{job="native"}`);
  await data.getByLabel('Binary snapshot').check();
  const snapshot = await download(page, () => data.getByRole('button', { name: 'Export data' }).click());
  const fresh = await freshSettings(browser);
  await fresh.locator('input[aria-label="Data file"]').setInputFiles({ name: 'native.promtab', mimeType: 'application/octet-stream', buffer: snapshot });
  await expect(fresh.getByRole('region', { name: 'Data' }).getByRole('status')).toContainText(/\d+ samples added/);
  expect(await answers(fresh, t)).toEqual(want);
});
