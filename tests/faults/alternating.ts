/**
 * Property 1: a target whose bodies alternate good and malformed every scrape loses no sample of a good scrape.
 * Good bodies carry SERIES series whose value is the good body's number; bad bodies repeat a good prefix and then
 * break (a parse error part-way, after series the next good body carries again). At the end the fixture answers 503
 * (no body is served after the count is taken) and every series must hold every good body's sample, in order.
 */
import { cors, startFixture } from '../e2e/helpers';
import { addTarget, fmt, launchBrowser, rangeValues, until } from './app';
import { envNumber, type Property } from './property';

const SERIES = 50;

export const alternating: Property = {
  name: 'alternating',
  budgetMs: 120_000,
  async run(env) {
    const seconds = envNumber('FAULTS_ALTERNATING_SECONDS', 40);
    let good = 0;
    let bad = 0;
    let open = true;
    const target = await startFixture((_req, res) => {
      cors(res);
      if (!open) {
        res.statusCode = 503;
        res.end('closed\n');
        return;
      }
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      const lines = ['# TYPE alt_value gauge'];
      if ((good + bad) % 2 === 0) {
        good++;
        for (let i = 0; i < SERIES; i++) lines.push(`alt_value{i="${i}"} ${good}`);
      } else {
        bad++;
        for (let i = 0; i < SERIES / 2; i++) lines.push(`alt_value{i="${i}"} ${-bad}`);
        lines.push('alt_value{i="broken" 1');
        for (let i = SERIES / 2; i < SERIES; i++) lines.push(`alt_value{i="${i}"} ${-bad}`);
      }
      res.end(`${lines.join('\n')}\n`);
    }, env.fixturePort(0));
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ baseURL: env.baseURL })).newPage();
      await addTarget(page, `${target.url}/metrics`, 'alternating', '1s');
      const t0 = Date.now();
      await until('the scrape run', () => Date.now() - t0 > seconds * 1000, seconds * 1000 + 1000, 500);
      open = false;
      const servedGood = good;
      const servedBad = bad;
      // Wait for a scrape after the close (up turns 0), so every body served is committed.
      const requests = target.requests;
      await until('a scrape after the close', () => target.requests > requests + 1, 10_000);
      const values = await rangeValues(page, 'alt_value[10m]', 'i');
      let stored = 0;
      let inOrder = 0;
      const want = Array.from({ length: servedGood }, (_, k) => k + 1);
      for (let i = 0; i < SERIES; i++) {
        const v = values.get(String(i)) ?? [];
        stored += v.filter((x) => x > 0).length;
        if (v.length === want.length && v.every((x, k) => x === want[k])) inOrder++;
      }
      const foreign = [...values.keys()].filter((k) => !/^\d+$/.test(k)).length;
      const expected = servedGood * SERIES;
      return {
        figure: `${fmt(stored)} of ${fmt(expected)} samples of ${servedGood} good bodies stored (${servedBad} malformed bodies between, ${inOrder} of ${SERIES} series complete, ${foreign} series from bad bodies)`,
        ok: stored === expected && inOrder === SERIES && foreign === 0 && servedGood >= 5,
      };
    } finally {
      await browser.close();
      await target.stop();
    }
  },
};
