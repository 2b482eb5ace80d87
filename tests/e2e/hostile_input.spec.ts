import { expect, test, type Locator } from '@playwright/test';
import { collectConsoleErrors, cors, startFixture, type Fixture } from './helpers';

const RLO = '\u202e';
let target: Fixture;

test.beforeAll(async () => {
  target = await startFixture((_req, res) => {
    cors(res);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`# HELP bidi_demo ${RLO}help text\n# TYPE bidi_demo gauge\nbidi_demo{a="${RLO}evil",b="after"} 42\n`);
  });
});
test.afterAll(async () => target.stop());

/**
 * drawnInOrder reports whether the first word is drawn before the second (left of it on its line, or on an
 * earlier line): a right-to-left override that leaks past its label value draws what follows reversed, to its left.
 */
async function drawnInOrder(el: Locator, first: string, second: string): Promise<boolean> {
  return el.evaluate(
    (root, [a, b]) => {
      const rect = (word: string) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent!.indexOf(word);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + word.length);
          return r.getBoundingClientRect();
        }
        throw new Error(`${word} not found`);
      };
      const [ra, rb] = [rect(a), rect(b)];
      // the second word follows on the same line to the right, or on a later line when the text wraps
      return rb.top >= ra.bottom - 1 || (Math.abs(rb.top - ra.top) < 2 && ra.right <= rb.left);
    },
    [first, second] as const,
  );
}

const chain = (n: number) => Array(n).fill('1').join('+');
const nestedSubqueries = (n: number) => {
  let s = 'vector(1)';
  for (let i = 0; i < n; i++) s = `max_over_time((${s})[5m:1m])`;
  return s;
};

test('queries too deep to evaluate get a parse error in the page, never an uncaught error', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const expr = page.getByRole('textbox', { name: 'Expression' });
  const cases: [string, string][] = [
    ['4,576 terms', chain(4576)],
    ['a long ^ chain', Array(3000).fill('2').join('^')],
    ['2,133 nested subqueries', nestedSubqueries(2133)],
  ];
  for (const [name, q] of cases) {
    await test.step(name, async () => {
      await page.goto(`./#/query?g0.expr=${encodeURIComponent(q)}&g0.tab=table`);
      await page.reload();
      await expect(expr).toContainText(q.slice(0, 40));
      await page.getByRole('button', { name: 'Execute' }).click();
      await expect(page.getByRole('alert')).toContainText('parse error: expression nested too deeply (more than 256 levels)');
      await expect(page.getByRole('alert')).toContainText(q.slice(0, 40));
    });
  }
  // a deep but accepted query still evaluates
  await page.goto(`./#/query?g0.expr=${encodeURIComponent(chain(200))}&g0.tab=table`);
  await page.reload();
  await page.getByRole('button', { name: 'Execute' }).click();
  await expect(page.getByRole('table', { name: 'Result' }).getByRole('cell', { name: '200', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a right-to-left override in a label value stays inside that value everywhere it is shown', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(`${target.url}/metrics`);
  await page.getByRole('textbox', { name: 'Job name' }).fill('bidi');
  await page.getByRole('textbox', { name: 'Interval' }).fill('1s');
  await page.getByRole('textbox', { name: 'Extra labels' }).fill(`zone="${RLO}evil", zz="after"`);
  await page.getByRole('button', { name: 'Add targets' }).click();
  const row = page.getByTestId('target-row').filter({ hasText: target.url });
  await expect(row.getByText('UP', { exact: true })).toBeVisible();
  expect(await drawnInOrder(row, 'evil', 'after')).toBe(true);

  await page.goto('./#/query?g0.expr=bidi_demo&g0.tab=table');
  await page.reload();
  await page.getByRole('button', { name: 'Execute' }).click();
  const cell = page.getByRole('table', { name: 'Result' }).getByRole('cell').filter({ hasText: 'bidi_demo' });
  await expect(cell).toBeVisible();
  expect(await drawnInOrder(cell, 'evil', 'after')).toBe(true);
  expect(await drawnInOrder(cell, 'evil', 'zone')).toBe(true);

  await page.getByRole('tab', { name: 'Graph' }).click();
  const legend = page.getByRole('group', { name: 'Legend' }).getByRole('button').filter({ hasText: 'bidi_demo' });
  await expect(legend).toBeVisible();
  expect(await drawnInOrder(legend, 'evil', 'after')).toBe(true);
  const over = page.locator('.u-over');
  const box = (await over.boundingBox())!;
  const tooltip = page.getByRole('tooltip');
  let shown = '';
  for (let dx = 1; dx < box.width && !shown.includes('42'); dx += 2) {
    await page.mouse.move(box.x + box.width - dx, box.y + box.height / 2);
    shown = (await tooltip.textContent()) ?? '';
  }
  expect(await drawnInOrder(tooltip, 'evil', 'after')).toBe(true);
  expect(await drawnInOrder(tooltip, 'after', ': ')).toBe(true);

  await page.getByRole('button', { name: 'Metrics explorer' }).click();
  const explorer = page.getByRole('dialog', { name: 'Metrics explorer' });
  await explorer.getByRole('textbox', { name: 'Search metrics' }).fill('bidi_demo');
  await expect(explorer.locator('bdi').filter({ hasText: 'help text' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the preview server sends the security headers and Trusted Types are enforced', async ({ page, request }) => {
  const errors = collectConsoleErrors(page);
  const res = await request.get('./');
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['referrer-policy']).toBe('no-referrer');
  await page.goto('./#/query');
  await expect(page.getByRole('textbox', { name: 'Expression' })).toBeVisible();
  // An HTML sink refuses a plain string, and workers (scripts of the page's own origin) still start.
  const sink = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<img src=x>';
      return 'accepted';
    } catch (e) {
      return (e as Error).name;
    }
  });
  expect(sink).toBe('TypeError');
  const foreignWorker = await page.evaluate(() => {
    try {
      new Worker('https://example.invalid/w.js');
      return 'accepted';
    } catch (e) {
      return (e as Error).name;
    }
  });
  expect(foreignWorker).toBe('TypeError');
  expect(errors.filter((e) => !/Trusted Type|TrustedScriptURL|TrustedHTML/.test(e))).toEqual([]);
});
