/**
 * Property 2: SIGKILL of the whole browser (every process of its profile, by pid) while it scrapes and writes loses
 * at most one scrape interval per kill and tears no scrape. The target serves SERIES series whose value is the
 * scrape's number; each round starts the browser on the same profile (the target is restored from it), waits for
 * scrapes, and kills at a random point of an interval. A last start reads everything back: per round, the scrapes
 * served and not stored (at most one), and per scrape, all of its series stored or none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserPids, cors, startFixture } from '../e2e/helpers';
import { addTarget, fmt, launchProfile, rangeValues, until } from './app';
import { envNumber, type Property } from './property';

const SERIES = 100;

export const kills: Property = {
  name: 'kills',
  budgetMs: 300_000,
  async run(env) {
    const rounds = envNumber('FAULTS_KILLS', 20);
    let served = 0;
    const target = await startFixture((_req, res) => {
      cors(res);
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      served++;
      const lines: string[] = [];
      for (let i = 0; i < SERIES; i++) lines.push(`kill_value{i="${i}"} ${served}`);
      res.end(`${lines.join('\n')}\n`);
    }, env.fixturePort(1));
    const dir = mkdtempSync(path.join(tmpdir(), 'promtab-faults-kills-'));
    const windows: { from: number; to: number }[] = [];
    try {
      for (let k = 0; k < rounds; k++) {
        const context = await launchProfile(dir, env.baseURL);
        const page = await context.newPage();
        const from = served;
        if (k === 0) await addTarget(page, `${target.url}/metrics`, 'kills', '1s');
        else await page.goto('./#/targets');
        // Two scrapes of this round, then a random point inside the next interval.
        await until('two scrapes', () => served >= from + 2, 30_000, 50);
        await new Promise((r) => setTimeout(r, Math.random() * 1000));
        const pids = browserPids(dir);
        if (!pids.length) throw new Error('no browser process to kill');
        for (const pid of pids) process.kill(pid, 'SIGKILL');
        windows.push({ from, to: served });
        await until('the killed browser to end', () => browserPids(dir).length === 0, 10_000, 50);
        await context.close().catch(() => {});
      }
      const context = await launchProfile(dir, env.baseURL);
      try {
        const page = await context.newPage();
        await page.goto('./#/status');
        const at = Date.now() / 1000;
        let values = new Map<string, number[]>();
        await until(
          'the stored scrapes',
          async () => {
            values = await rangeValues(page, 'kill_value[1h]', 'i', at);
            return values.size === SERIES;
          },
          30_000,
        );
        const last = windows[windows.length - 1].to;
        const perScrape = new Map<number, number>();
        for (const v of values.values()) for (const x of v) if (x <= last) perScrape.set(x, (perScrape.get(x) ?? 0) + 1);
        const torn = [...perScrape.values()].filter((n) => n !== SERIES).length;
        const lost = windows.map((w) => {
          let n = 0;
          for (let x = w.from + 1; x <= w.to; x++) if (!perScrape.has(x)) n++;
          return n;
        });
        const servedAll = windows.reduce((n, w) => n + w.to - w.from, 0);
        const worst = Math.max(...lost);
        return {
          figure: `${rounds} kills: ${fmt(perScrape.size)} of ${fmt(servedAll)} scrapes stored, at most ${worst} lost per kill (${lost.reduce((a, b) => a + b, 0)} in all), ${torn} torn`,
          ok: worst <= 1 && torn === 0,
        };
      } finally {
        await context.close();
      }
    } finally {
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
