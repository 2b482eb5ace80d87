import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './helpers';

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
