import { expect, test, type Page } from '@playwright/test';
import { blend, contrastRatio, parseColor, type RGBA } from '../../src/ui/lib/contrast';
import { choose, collectConsoleErrors } from './helpers';

// Issue #20: the home dashboard (the built-in overview) and a result table in light and dark, screenshots of each in
// the test output, and WCAG contrast of panel text against the background it is drawn on: panel titles, stat values,
// legend and "No data" text, table text (at least 4.5:1), and the axis label colour the charts draw with.

/** Sample is one text element as the page draws it: its colour and the backgrounds under it, innermost first. */
interface Sample {
  what: string;
  text: string;
  color: string;
  layers: string[];
  gradients: string[];
}

/** sample reads the text colour and the stack of backgrounds under every visible element matching selector. */
async function sample(page: Page, what: string, selector: string): Promise<Sample[]> {
  return page.locator(selector).evaluateAll(
    (els, what) =>
      els
        .filter((el) => (el as HTMLElement).getClientRects().length > 0 && (el.textContent ?? '').trim() !== '')
        .map((el) => {
          const style = getComputedStyle(el);
          const isSvg = el instanceof SVGElement;
          const layers: string[] = [];
          const gradients: string[] = [];
          for (let n: Element | null = isSvg ? el.closest('svg')?.parentElement ?? null : el; n; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.backgroundImage.includes('gradient')) gradients.push(s.backgroundImage);
            layers.push(s.backgroundColor);
            if (s.backgroundColor !== 'rgba(0, 0, 0, 0)' && !s.backgroundColor.startsWith('rgba') && !s.backgroundColor.includes('/')) break;
          }
          layers.push(getComputedStyle(document.documentElement).backgroundColor);
          return { what, text: (el.textContent ?? '').trim().slice(0, 40), color: isSvg ? style.fill : style.color, layers, gradients };
        }),
    what,
  );
}

/** background composes the layers (translucent ones over what lies beneath) into the opaque colour under the text. */
function background(layers: string[]): RGBA {
  const parsed = layers.map((l) => parseColor(l)).filter((c): c is RGBA => c !== null);
  const opaqueAt = parsed.findIndex((c) => c.a === 1);
  let under: RGBA = opaqueAt < 0 ? { r: 255, g: 255, b: 255, a: 1 } : parsed[opaqueAt];
  for (let i = (opaqueAt < 0 ? parsed.length : opaqueAt) - 1; i >= 0; i--) if (parsed[i].a > 0) under = blend(parsed[i], under);
  return under;
}

/** worst is the lowest contrast of a sample over its background (and every colour stop of a gradient behind it). */
function worst(s: Sample): number {
  const fg = parseColor(s.color);
  if (!fg) throw new Error(`${s.what} "${s.text}": unreadable colour ${s.color}`);
  const bgs = [background(s.layers)];
  for (const g of s.gradients) for (const m of g.matchAll(/rgba?\([^)]*\)/g)) bgs.push(background([m[0], ...s.layers]));
  return Math.min(...bgs.map((bg) => contrastRatio(fg, bg)));
}

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

for (const mode of ['light', 'dark'] as const) {
  test(`the home dashboard in ${mode}: panel text keeps WCAG contrast, with screenshots`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = collectConsoleErrors(page);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto('./#/dashboards/promtab-overview');
    await choose(page, 'Theme', mode === 'light' ? 'Light' : 'Dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', mode);
    // Live data: the self-scrape shows up as a stat value and as drawn charts.
    const targetsUp = page.getByRole('region', { name: 'Targets up' });
    await expect(targetsUp.locator('.stat-value')).toHaveText(/^[1-9]/, { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Target health' }).locator('svg rect').first()).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 60_000 });
    await shoot(page, `home-${mode}`);

    const samples = [
      ...(await sample(page, 'panel title', 'section.panel h3')),
      ...(await sample(page, 'stat value', 'section.panel .stat-value')),
      ...(await sample(page, 'stat name', 'section.panel .stat-name')),
      ...(await sample(page, 'legend text', 'section.panel [role="group"][aria-label="Legend"] button, section.panel [role="group"][aria-label="Legend"] td')),
      ...(await sample(page, 'no data', 'section.panel .nodata')),
    ];
    expect(samples.filter((s) => s.what === 'panel title').length).toBeGreaterThanOrEqual(10);
    expect(samples.filter((s) => s.what === 'stat value').length).toBeGreaterThanOrEqual(2);
    expect(samples.filter((s) => s.what === 'legend text').length).toBeGreaterThanOrEqual(3);

    // Axis labels are drawn on the canvas in the --chart-axis colour (src/ui/lib/chart_theme.ts); measure that colour
    // against each chart's background.
    const axes = await page.locator('section.panel .uplot').evaluateAll((els) =>
      els.map((el) => ({
        color: getComputedStyle(document.documentElement).getPropertyValue('--chart-axis').trim(),
        layers: (() => {
          const out: string[] = [];
          for (let n: Element | null = el; n; n = n.parentElement) out.push(getComputedStyle(n).backgroundColor);
          return out;
        })(),
      })),
    );
    expect(axes.length).toBeGreaterThanOrEqual(3);
    for (const a of axes) samples.push({ what: 'axis label', text: '(canvas)', color: a.color, layers: a.layers, gradients: [] });

    const failures = samples.map((s) => ({ ...s, ratio: worst(s) })).filter((s) => s.ratio < 4.5);
    expect(failures.map((f) => `${f.what} "${f.text}" ${f.color} on ${f.layers[0]}: ${f.ratio.toFixed(2)}`)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test(`a result table in ${mode} keeps WCAG contrast, with a screenshot`, async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    // The Query view runs its query once when it opens: wait for Promtab's first scrape of itself to be stored.
    await page.goto('./#/targets');
    await expect(page.getByTestId('target-row').filter({ hasText: 'promtab.self' }).getByText('UP', { exact: true })).toBeVisible({ timeout: 30_000 });
    await page.goto('./#/query?g0.expr=up&g0.tab=table');
    await choose(page, 'Theme', mode === 'light' ? 'Light' : 'Dark');
    const table = page.getByRole('table', { name: 'Result' });
    await expect(table.getByRole('cell').first()).toBeVisible({ timeout: 30_000 });
    await shoot(page, `query-table-${mode}`);
    const samples = await sample(page, 'table text', 'table[aria-label="Result"] td, table[aria-label="Result"] th');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    const failures = samples.map((s) => ({ ...s, ratio: worst(s) })).filter((s) => s.ratio < 4.5);
    expect(failures.map((f) => `${f.what} "${f.text}" ${f.color}: ${f.ratio.toFixed(2)}`)).toEqual([]);
  });
}
