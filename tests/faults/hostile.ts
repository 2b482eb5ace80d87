/**
 * Property 5: hostile label values and hostile import files execute no script and pollute no prototype.
 *
 * In Chromium, a page whose alert/confirm/prompt and a sentinel global count every execution, and whose CSP and
 * Trusted Types violations are counted too, scrapes a target whose label values and HELP text are script payloads,
 * bidi controls and a 60,000-character string, shows them in the Query view's table and graph, the metrics explorer's list
 * and the Targets view, imports hostile dashboards through the Import dialog (payload titles, Markdown and HTML text
 * panels, legends over the hostile labels, `__proto__` and `constructor` keys) and draws them. In Node, the same
 * import code (`importGrafana`, `importPromtab`, `exportPromtab`) reads FAULTS_IMPORTS (default 1,500) mutated
 * files: each must import or be refused with a DashboardImportError, and Object.prototype must stay clean.
 */
import { DashboardImportError, exportPromtab, importGrafana, importPromtab } from '../../src/dashboards';
import { collectConsoleErrors, cors, startFixture } from '../e2e/helpers';
import { addTarget, fmt, launchBrowser, until } from './app';
import { envNumber, type Property } from './property';

const PAYLOADS = [
  '<script>window.__hostile.hit("script")</script>',
  '"><img src=x onerror="window.__hostile.hit(\'img\')">',
  "'><svg onload=alert(1)>",
  '<iframe srcdoc="<script>parent.__hostile.hit(\'iframe\')</script>">',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '</textarea><script>alert(1)</script>',
  '[click](javascript:alert(1)) <a href="javascript:alert(1)">a</a>',
  '\u202eevil\u202c \u2066iso\u2069 \u200f\u061c',
  '${alert(1)} $__all {{__proto__}}',
  'x'.repeat(60_000),
];

const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** hostileDashboards are import files a user could be sent: payloads everywhere text goes, prototype keys. */
function hostileDashboards(): { name: string; json: string }[] {
  const panel = (id: number, extra: Record<string, unknown>) => ({ id, gridPos: { x: 0, y: id * 8, w: 24, h: 8 }, ...extra });
  const base = (uid: string, title: string, panels: unknown[]) => ({ uid, title, schemaVersion: 39, panels, time: { from: 'now-15m', to: 'now' } });
  const files = [
    base('hostile-1', PAYLOADS[1], [
      panel(1, { type: 'timeseries', title: PAYLOADS[0], targets: [{ expr: 'hostile_value', legendFormat: '{{v}} <b>{{v}}</b>' }] }),
      panel(2, { type: 'text', title: PAYLOADS[2], options: { mode: 'markdown', content: PAYLOADS.slice(0, 8).join('\n\n') } }),
      panel(3, { type: 'text', title: 'html', options: { mode: 'html', content: PAYLOADS.slice(0, 8).join('<br>') } }),
      panel(4, { type: 'table', title: PAYLOADS[5], targets: [{ expr: 'hostile_value', format: 'table', instant: true }] }),
      panel(5, { type: 'stat', title: PAYLOADS[8], description: PAYLOADS[1], links: [{ title: PAYLOADS[1], url: 'javascript:alert(1)' }], targets: [{ expr: 'count(hostile_value)' }] }),
    ]),
    { ...base('hostile-2', 'proto keys', []), __proto__: { polluted: 'yes' }, constructor: { prototype: { polluted: 'yes' } } },
    base('hostile-3', 'variables', [panel(1, { type: 'timeseries', title: '$v', targets: [{ expr: 'hostile_value{v=~"$v"}' }] })]),
  ];
  (files[2] as Record<string, unknown>).templating = {
    list: [{ name: 'v', type: 'custom', query: PAYLOADS.slice(0, 6).map((p) => p.replace(/,/g, ' ')).join(','), current: { text: PAYLOADS[1], value: PAYLOADS[1] } }],
  };
  return files.map((f, i) => {
    // JSON.stringify drops a __proto__ set by a literal; write the keys into the text itself.
    const text = JSON.stringify(f).replace(/^\{/, i === 1 ? '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' : '{');
    return { name: `hostile-${i + 1}.json`, json: text };
  });
}

/** Random is a small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const WRONG = [null, 0, -1, 1e308, 'x', '', true, [], {}, [[[]]], { length: 1e9 }, '__proto__', Number.NaN];

/** mutate replaces, adds or deepens random fields of a parsed dashboard with hostile keys, wrong types and nesting. */
function mutate(r: () => number, v: unknown, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  if (r() < 0.05) return pick(WRONG);
  if (r() < 0.02) {
    let deep: unknown = pick(WRONG);
    for (let i = 0, n = 100 + Math.floor(r() * 3000); i < n; i++) deep = r() < 0.5 ? [deep] : { a: deep };
    return deep;
  }
  if (Array.isArray(v)) return depth > 8 ? v : v.map((x) => mutate(r, x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = depth > 8 ? x : mutate(r, x, depth + 1);
    if (r() < 0.3) Object.defineProperty(out, pick(HOSTILE_KEYS), { value: { polluted: 'yes', prototype: { polluted: 'yes' } }, enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

function prototypeClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && Object.getOwnPropertyNames(Object.prototype).every((k) => k !== 'polluted') && (Function.prototype as unknown as Record<string, unknown>).polluted === undefined;
}

/** importCorpus runs n mutated import files through the import code in Node. */
function importCorpus(n: number): { refused: number; imported: number; crashes: string[]; polluted: number } {
  const r = random(envNumber('FAULTS_SEED', 17) + 5);
  const seeds = hostileDashboards().map((f) => JSON.parse(f.json) as unknown);
  const out = { refused: 0, imported: 0, crashes: [] as string[], polluted: 0 };
  for (let i = 0; i < n; i++) {
    const seed = seeds[Math.floor(r() * seeds.length)];
    let text = JSON.stringify(mutate(r, seed));
    for (const k of HOSTILE_KEYS) if (r() < 0.1) text = text.replace(/^\{/, `{"${k}":{"polluted":"yes","prototype":{"polluted":"yes"}},`);
    try {
      const g = importGrafana(text);
      importPromtab(JSON.parse(exportPromtab(g.dashboard)));
      out.imported++;
    } catch (e) {
      if (e instanceof DashboardImportError) out.refused++;
      else out.crashes.push(`${(e as Error).name}: ${(e as Error).message.slice(0, 120)}`);
    }
    if (!prototypeClean()) {
      out.polluted++;
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  }
  return out;
}

export const hostile: Property = {
  name: 'hostile',
  budgetMs: 180_000,
  async run(env) {
    const target = await startFixture((_req, res) => {
      cors(res);
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      const lines = [`# HELP hostile_value ${PAYLOADS.slice(0, 9).join(' ').replace(/\n/g, ' ')}`, '# TYPE hostile_value gauge'];
      PAYLOADS.forEach((p, i) => lines.push(`hostile_value{v="${escapeValue(p)}",i="${i}"} ${i}`));
      res.end(`${lines.join('\n')}\n`);
    }, env.fixturePort(4));
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ baseURL: env.baseURL });
      // A string, not a function: the test's compiler would wrap named functions in a helper the page lacks.
      await context.addInitScript(`(() => {
        const hostile = { hits: [], violations: [], hit(s) { hostile.hits.push(s); } };
        Object.defineProperty(window, '__hostile', { value: hostile });
        for (const k of ['alert', 'confirm', 'prompt', 'print']) {
          Object.defineProperty(window, k, { value: (a) => hostile.hit(k + '(' + String(a) + ')') });
        }
        document.addEventListener('securitypolicyviolation', (e) => hostile.violations.push(e.violatedDirective + ' ' + e.blockedURI));
      })()`);
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      const state = () => page.evaluate(() => {
        const h = (window as unknown as { __hostile: { hits: string[]; violations: string[] } }).__hostile;
        const probe = {} as Record<string, unknown>;
        return { hits: [...h.hits], violations: [...h.violations], polluted: probe.polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).includes('polluted') };
      });
      await addTarget(page, `${target.url}/metrics`, 'hostile', '2s');
      // The sentinel must see a call made on purpose, or its zero below would prove nothing.
      await page.evaluate('alert("self-check")');
      const selfCheck = (await state()).hits.length === 1;
      await page.evaluate('window.__hostile.hits.length = 0');
      const views: string[] = [];
      // The Query view: table, then graph (legend and tooltip), over every hostile series.
      for (const tab of ['table', 'graph']) {
        await page.goto(`./#/query?g0.expr=${encodeURIComponent('hostile_value')}&g0.tab=${tab}`);
        await page.reload();
        await page.getByRole('button', { name: 'Execute' }).click();
        if (tab === 'table') await page.getByRole('table', { name: 'Result' }).getByRole('row').nth(PAYLOADS.length).waitFor({ timeout: 20_000 });
        else await page.locator('canvas').first().waitFor({ timeout: 20_000 });
        const box = await page.locator('canvas').first().boundingBox().catch(() => null);
        if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        views.push(`query ${tab}`);
      }
      await page.getByRole('button', { name: /Metrics explorer/i }).click().catch(() => {});
      await page.keyboard.press('Escape');
      await page.goto('./#/targets');
      await page.getByTestId('target-row').first().waitFor();
      views.push('targets');
      // Import each hostile dashboard through the dialog, as a user would, and let it draw.
      const dashboards = hostileDashboards();
      for (const d of dashboards) {
        await page.goto('./#/dashboards');
        await page.getByRole('button', { name: 'Import dashboard' }).click();
        await page.getByLabel('Dashboard file').setInputFiles({ name: d.name, mimeType: 'application/json', buffer: Buffer.from(d.json) });
        await until('the file to load', async () => (await page.getByRole('textbox', { name: 'Dashboard JSON' }).inputValue()) !== '', 10_000);
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.waitForURL(/#\/dashboards\/hostile-/, { timeout: 20_000 });
        await page.getByRole('region').first().waitFor({ timeout: 20_000 });
        await page.waitForTimeout(1500);
        views.push(d.name);
      }
      const s = await state();
      const pageErrors = errors.filter((e) => !/Failed to load resource/.test(e));
      const corpusSize = envNumber('FAULTS_IMPORTS', 1500);
      const corpus = importCorpus(corpusSize);
      const polluted = (s.polluted ? 1 : 0) + corpus.polluted;
      return {
        figure:
          `${PAYLOADS.length} hostile label values in ${views.length} views and ${dashboards.length} hostile dashboards imported and drawn: ${s.hits.length} script executions, ` +
          `${s.violations.length} CSP/Trusted Types violations, ${pageErrors.length} page errors; ${fmt(corpusSize)} mutated import files in Node: ${fmt(corpus.imported)} imported, ` +
          `${fmt(corpus.refused)} refused with a DashboardImportError, ${corpus.crashes.length} other errors; ${polluted} prototype pollutions` +
          (s.hits.length || s.violations.length || pageErrors.length || corpus.crashes.length ? ` (first: ${[...s.hits, ...s.violations, ...pageErrors, ...corpus.crashes][0]})` : ''),
        ok: selfCheck && s.hits.length === 0 && s.violations.length === 0 && pageErrors.length === 0 && polluted === 0 && corpus.crashes.length === 0,
      };
    } finally {
      await browser.close();
      await target.stop();
    }
  },
};
