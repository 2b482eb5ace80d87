import { expect, test } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';
let target: Fixture;
let n = 0;

test.beforeAll(async () => {
  target = await startFixture((req, res) => {
    cors(res);
    n++;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# HELP demo_requests_total Requests served.',
        '# TYPE demo_requests_total counter',
        `demo_requests_total{path="/a"} ${n * 10}`,
        `demo_requests_total{path="/b"} ${n * 3}`,
        '# TYPE demo_latency histogram',
        `demo_latency_bucket{le="0.1"} ${n}`,
        `demo_latency_bucket{le="0.5"} ${n * 3}`,
        `demo_latency_bucket{le="+Inf"} ${n * 4}`,
        `demo_latency_sum ${n}`,
        `demo_latency_count ${n * 4}`,
        `# HELP demo_hostile ${HOSTILE}`,
        '# TYPE demo_hostile gauge',
        `demo_hostile{label=${JSON.stringify(HOSTILE)}} 1`,
        '',
      ].join('\n'),
    );
  });
});
test.afterAll(async () => target.stop());

async function addTarget(page: import('@playwright/test').Page, job: string) {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill(job);
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('button', { name: 'Add targets' }).click();
  const row = page.getByTestId('target-row').filter({ hasText: target.url });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();
}

test('query a fixture target: table, graph, syntax error, CSV, shared URL, hostile labels as text', async ({ page, context }) => {
  const errors = collectConsoleErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await addTarget(page, 'demo');

  await page.getByRole('link', { name: 'Query', exact: true }).click();
  const expr = page.getByRole('textbox', { name: 'Expression' });
  await expect(page.locator('.cm-content')).toBeVisible();
  await expr.click();
  await page.keyboard.type('up{job="demo"}');
  await page.getByRole('button', { name: 'Execute' }).click();
  const table = page.getByRole('table', { name: 'Result' });
  await expect(table.getByText('up{instance=', { exact: false })).toBeVisible();
  await expect(table.getByRole('cell', { name: '1', exact: true })).toBeVisible();

  // hostile label value shows as text
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('demo_hostile');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(table.getByText(HOSTILE, { exact: false })).toBeVisible();

  // graph of a rate
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('rate(demo_requests_total[10s])');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Graph' }).click();
  // A rate needs two scrapes in its window: the target is scraped at once when added, so run again until it has them.
  await expect(async () => {
    await page.getByRole('button', { name: 'Execute' }).click();
    await expect(page.locator('.uplot canvas')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('group', { name: 'Legend' }).getByText('{instance=', { exact: false }).first()).toBeVisible();

  // CSV contains the rows
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = await (await dl.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString('utf8');
  expect(text.split('\r\n')[0]).toBe('instance,job,path,timestamp,value');
  expect(text).toContain('/a');

  // a syntax error shows its position
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('foo bar');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid parameter "query": 1:5: parse error: unexpected identifier "bar"');

  // the URL restores panels in a new page
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('demo_requests_total');
  await page.getByRole('button', { name: 'Execute' }).click();
  const url = page.url();
  expect(url).toContain('g0.expr=demo_requests_total');
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByRole('textbox', { name: 'Expression' })).toContainText('demo_requests_total');
  await expect(other.getByRole('tab', { name: 'Graph', selected: true })).toBeVisible();

  // hostile label in the graph legend
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('demo_hostile');
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByRole('group', { name: 'Legend' }).getByText(HOSTILE, { exact: false })).toBeVisible();
  // ... and in the tooltip at the cursor
  const over = page.locator('.u-over');
  const box = (await over.boundingBox())!;
  // the data covers only the last seconds of the range: walk the cursor in from the right edge to the last point
  let shown = '';
  for (let dx = 1; dx < box.width && !shown.includes(HOSTILE); dx += 2) {
    await page.mouse.move(box.x + box.width - dx, box.y + box.height / 2);
    shown = (await page.getByRole('tooltip').textContent()) ?? '';
  }
  expect(shown).toContain(HOSTILE);

  // Classic histogram buckets can be drawn as a heatmap
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('rate(demo_latency_bucket[10s])');
  await page.getByRole('button', { name: 'Execute' }).click();
  await page.getByRole('checkbox', { name: 'Heatmap' }).check();
  await expect(page.getByRole('img', { name: 'Heatmap' })).toBeVisible();
  // a time axis below (the colour scale's top is the largest count, which early rates may leave at 0)
  await expect(page.getByRole('img', { name: 'Heatmap' })).toHaveAttribute('data-time-ticks', /^[1-9]\d*$/);

  // HELP text in the metrics explorer is text too
  await page.getByRole('button', { name: 'Metrics explorer' }).click();
  const explorer = page.getByRole('dialog', { name: 'Metrics explorer' });
  await explorer.getByRole('textbox', { name: 'Search metrics' }).fill('demo_hostile');
  await expect(explorer).toContainText(HOSTILE);
  await explorer.getByRole('button', { name: 'Close' }).click();

  // Format with our printer; the history remembers executed expressions
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('sum(demo_requests_total)by(path)');
  await page.getByRole('button', { name: 'Format' }).click();
  await expect(expr).toHaveText('sum by (path) (demo_requests_total)');
  // History is a menu (it never squeezes the editor); picking an entry puts it back in the editor.
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('menuitem', { name: 'up{job="demo"}' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'up{job="demo"}' }).click();
  await expect(expr).toHaveText('up{job="demo"}');

  // Explain: the tree with types and sentences; a click runs one node alone
  await page.getByRole('tab', { name: 'Explain' }).click();
  await expr.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('sum by (path) (rate(demo_requests_total[10s]))');
  await page.getByRole('button', { name: 'Execute' }).click();
  const tree = page.getByRole('list', { name: 'Expression tree' });
  await expect(tree).toContainText('Aggregation: sums the input, grouped by (path).');
  await expect(tree).toContainText('range vector');
  await tree.getByRole('button', { name: 'rate(demo_requests_total[10s])', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Table', selected: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Result' })).toContainText('path="/a"');
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
