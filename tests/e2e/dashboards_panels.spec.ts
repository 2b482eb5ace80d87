import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

// A target with shares (a: 1, b: 3), a service state that flips between up (1) and down (0) every 3 scrapes,
// and pods in two namespaces (x: 1 + 2, y: 5).
let target: Fixture;
let scrapes = 0;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    const state = Math.floor(scrapes++ / 3) % 2 === 0 ? 1 : 0;
    res.end(
      [
        '# TYPE e2e_panel_share gauge',
        'e2e_panel_share{part="a"} 1',
        'e2e_panel_share{part="b"} 3',
        '# TYPE e2e_panel_state gauge',
        `e2e_panel_state{svc="api"} ${state}`,
        '# TYPE e2e_panel_pods gauge',
        'e2e_panel_pods{ns="x",pod="p1"} 1',
        'e2e_panel_pods{ns="x",pod="p2"} 2',
        'e2e_panel_pods{ns="y",pod="p3"} 5',
        '',
      ].join('\n'),
    );
  });
});
test.afterAll(async () => target.stop());

const at = (y: number, x = 0, w = 8, h = 8) => ({ x, y, w, h });
const q = (expr: string, extra: Record<string, unknown> = {}) => [{ refId: 'A', expr, ...extra }];
const STATE_MAPPINGS = [{ type: 'value', options: { '1': { text: 'Up', color: 'green', index: 0 }, '0': { text: 'Down', color: 'red', index: 1 } } }];

const DASHBOARD = {
  title: 'Panels e2e',
  uid: 'panels-e2e',
  time: { from: 'now-2m', to: 'now' },
  panels: [
    {
      id: 1, type: 'piechart', title: 'Shares', gridPos: at(0, 0),
      targets: q('e2e_panel_share', { legendFormat: '{{part}}', instant: true }),
      options: { pieType: 'donut', displayLabels: ['percent'], reduceOptions: { calcs: ['lastNotNull'], values: false }, legend: { showLegend: true, displayMode: 'list', placement: 'right', values: ['value', 'percent'] } },
    },
    {
      id: 2, type: 'state-timeline', title: 'Service state', gridPos: at(0, 8),
      interval: '1s', targets: q('e2e_panel_state', { legendFormat: '{{svc}}' }),
      fieldConfig: { defaults: { mappings: STATE_MAPPINGS, color: { mode: 'thresholds' } }, overrides: [] },
      options: { mergeValues: true, showValue: 'auto', rowHeight: 0.9 },
    },
    {
      id: 3, type: 'status-history', title: 'Service history', gridPos: at(0, 16),
      interval: '5s', targets: q('e2e_panel_state', { legendFormat: '{{svc}}' }),
      fieldConfig: { defaults: { mappings: STATE_MAPPINGS }, overrides: [] },
      options: { showValue: 'never', colWidth: 0.9 },
    },
    {
      id: 4, type: 'barchart', title: 'Share bars', gridPos: at(8, 0),
      targets: q('sum by (part) (e2e_panel_share)', { format: 'table', instant: true }),
      options: { stacking: 'none', showValue: 'always', xTickLabelRotation: 0, legend: { showLegend: true, displayMode: 'list', placement: 'bottom' } },
    },
    {
      id: 5, type: 'histogram', title: 'Pod values', gridPos: at(8, 8),
      targets: q('e2e_panel_pods', { legendFormat: '{{pod}}', instant: true }),
      options: { bucketSize: 2, combine: true, legend: { showLegend: true, displayMode: 'list', placement: 'bottom' } },
    },
    {
      id: 6, type: 'table', title: 'Pods by namespace', gridPos: at(8, 16),
      targets: q('e2e_panel_pods', { instant: true }),
      transformations: [
        { id: 'labelsToFields', options: { mode: 'columns', keepLabels: ['ns', 'pod'] } },
        { id: 'merge', options: {} },
        { id: 'groupBy', options: { fields: { ns: { operation: 'groupby', aggregations: [] }, Value: { operation: 'aggregate', aggregations: ['sum', 'count'] } } } },
      ],
    },
    { id: 7, type: 'dashlist', title: 'Dashboards', gridPos: at(16, 0), options: { showStarred: false, showSearch: true, query: 'panels', tags: [], maxItems: 5 } },
    { id: 8, type: 'alertlist', title: 'Alerts', gridPos: at(16, 8), options: { maxItems: 10, sortOrder: 1, stateFilter: { firing: true, pending: true, error: true } } },
    { id: 9, type: 'text', title: 'Notes', gridPos: at(16, 16), options: { mode: 'html', content: '<h3>Read me</h3><p>Safe <b>bold</b> text</p><script>window.__owned = 1</script>' } },
  ],
};

async function openDashboard(page: Page) {
  await page.goto('./#/alerts');
  const files = page.getByRole('region', { name: 'Rule files' });
  await files.getByRole('textbox', { name: 'File name' }).fill('panels.yml');
  await files.getByRole('textbox', { name: 'Rule file' }).fill('groups:\n  - name: panels\n    interval: 1s\n    rules:\n      - alert: PanelsAlwaysFiring\n        expr: vector(1)\n');
  await files.getByRole('button', { name: 'Save rules' }).click();
  await expect(files.getByRole('status')).toContainText('Saved panels.yml');
  await expect(page.getByRole('group', { name: 'Rule group panels' })).toContainText(/firing/i, { timeout: 30_000 });

  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('panels');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  await expect(page.getByTestId('target-row').filter({ hasText: target.url }).getByText('UP', { exact: true })).toBeVisible();
  // At least 16 s of samples: the status history's 5 s steps then hold three or more cells when the dashboard opens
  // (it does not refresh by itself; at 8 s it sometimes held only two).
  await expect.poll(() => scrapes, { timeout: 45_000 }).toBeGreaterThan(16);
  await page.getByRole('link', { name: 'Dashboards', exact: true }).click();
  await page.getByRole('button', { name: 'Import dashboard' }).click();
  await page.getByLabel('Dashboard file').setInputFiles({ name: 'panels.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DASHBOARD)) });
  await expect(page.getByRole('textbox', { name: 'Dashboard JSON' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Dashboard title' })).toHaveValue('Panels e2e');
}

test('pie, state timeline, status history, bar chart, histogram, lists, HTML text and a grouped table', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = collectConsoleErrors(page);
  await openDashboard(page);

  const pie = page.getByRole('region', { name: 'Shares' });
  await expect(pie.getByRole('img', { name: 'Pie chart' }).locator('path')).toHaveCount(2);
  // Largest first, each with its value and percent.
  await expect(pie.getByRole('group', { name: 'Legend' }).locator('li')).toHaveText([/^b\s*3\s*75%$/, /^a\s*1\s*25%$/]);

  const timeline = page.getByRole('region', { name: 'Service state' });
  await expect(timeline.getByRole('img', { name: 'State timeline' })).toContainText('api');
  await expect.poll(() => timeline.locator('rect[data-value="Up"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => timeline.locator('rect[data-value="Down"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(timeline.getByRole('group', { name: 'Legend' })).toHaveText(/Up\s*Down/);

  const history = page.getByRole('region', { name: 'Service history' });
  await expect.poll(() => history.getByRole('img', { name: 'Status history' }).locator('rect').count(), { timeout: 30_000 }).toBeGreaterThan(2);

  const bars = page.getByRole('region', { name: 'Share bars' });
  await expect(bars.getByRole('img', { name: 'Bar chart' }).locator('rect')).toHaveCount(2);
  await expect(bars.getByRole('img', { name: 'Bar chart' }).locator('text.cat')).toHaveText(['a', 'b']);
  await expect(bars.getByRole('group', { name: 'Legend' })).toHaveText('Value');

  const hist = page.getByRole('region', { name: 'Pod values' });
  // Values 1, 2, 5 in buckets of 2: [0, 2) holds 1, [2, 4) holds 1, [4, 6) holds 1.
  await expect(hist.getByRole('img', { name: 'Histogram' }).locator('rect')).toHaveCount(3);
  await expect(hist.getByRole('group', { name: 'Legend' })).toHaveText('count');

  const table = page.getByRole('region', { name: 'Pods by namespace' }).getByRole('table');
  await expect(table.locator('thead th')).toHaveText(['ns', 'Value (sum)', 'Value (count)']);
  await expect.poll(() => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())))).toEqual([
    ['x', '3', '2'],
    ['y', '5', '1'],
  ]);

  const dashlist = page.getByRole('region', { name: 'Dashboards', exact: true });
  await expect(dashlist.getByRole('link', { name: 'Panels e2e' })).toHaveAttribute('href', '#/dashboards/panels-e2e');

  const alerts = page.getByRole('region', { name: 'Alerts', exact: true });
  await expect(alerts).toContainText('Firing');
  await expect(alerts).toContainText('PanelsAlwaysFiring');

  const notes = page.getByRole('region', { name: 'Notes' });
  await expect(notes.getByRole('heading', { name: 'Read me' })).toBeVisible();
  await expect(notes).toContainText('Safe bold text');
  await expect(notes.locator('b, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
  expect(errors).toEqual([]);
});
