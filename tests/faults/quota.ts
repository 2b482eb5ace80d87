/**
 * Property 4: with the origin's quota forced to 2 MiB (CDP `Storage.overrideQuotaForOrigin`) and 5,000 series
 * scraped every second, the browser soon refuses writes; Promtab must drop old history, keep ingesting, resume
 * saving, and a kill while the quota is full must lose at most one flush interval. Series i="0" counts the scrapes;
 * most others are counters, one in ten a random gauge (random floats in every series would not fit a 2 MiB quota
 * even as one chunk per series: the head alone would outgrow it). The app shell's offline cache is kept out
 * (service workers blocked): it takes about 1.8 MiB of the origin's quota by itself. After the first recovery the run goes
 * on for FAULTS_QUOTA_AFTER_SECONDS (default 100: past the first chunk cut at 120 samples), checking at every
 * self-scrape that the newest saved sample is at most 10 s old (refused saves that recover within that are counted), then kills the browser by pid and reopens the profile (the quota forced again) to read what was saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { browserPids, cors, startFixture } from '../e2e/helpers';
import { addTarget, fmt, launchProfile, notices, runtimeInfo, scalar, until } from './app';
import { envNumber, type Property } from './property';

const QUOTA_BYTES = 2 * 1024 * 1024;
const SERIES = 5000;

async function openWithQuota(dir: string, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchProfile(dir, baseURL, true);
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: QUOTA_BYTES });
  return { context, page };
}

export const quota: Property = {
  name: 'quota',
  budgetMs: 300_000,
  async run(env) {
    const after = envNumber('FAULTS_QUOTA_AFTER_SECONDS', 100);
    let served = 0;
    const target = await startFixture((_req, res) => {
      cors(res);
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      served++;
      const lines: string[] = [];
      // Like an exporter's: most series counters at steady rates, one in ten a gauge that jumps at random.
      for (let i = 0; i < SERIES; i++) lines.push(`quota_value{i="${i}"} ${i % 10 === 5 ? Math.floor(Math.random() * 1e6) : served * (1 + (i % 7))}`);
      res.end(`${lines.join('\n')}\n`);
    }, env.fixturePort(3));
    const dir = mkdtempSync(path.join(tmpdir(), 'promtab-faults-quota-'));
    try {
      let { context, page } = await openWithQuota(dir, env.baseURL);
      await addTarget(page, `${target.url}/metrics`, 'quota', '1s');
      const t0 = Date.now();
      const recovered = /^quota_exceeded: .*saved again/;
      await until('a quota recovery that saved again', async () => (await notices(page)).some((n) => recovered.test(n)), 180_000, 1000);
      const firstRecovery = Math.round((Date.now() - t0) / 1000);

      // Saving goes on: at each self-scrape, the newest saved sample is only seconds old.
      const lag = async () => (await scalar(page, 'timestamp(promtab_tsdb_saved_max_time_seconds) - promtab_tsdb_saved_max_time_seconds')) ?? Infinity;
      let worstLag = 0;
      let persisted = 0;
      const end = Date.now() + after * 1000;
      while (Date.now() < end) {
        await new Promise((r) => setTimeout(r, 3000));
        worstLag = Math.max(worstLag, await lag());
        persisted = Math.max(persisted, (await scalar(page, 'promtab_tsdb_persisted_bytes')) ?? 0);
      }
      const ingesting = (await scalar(page, 'count(count_over_time(quota_value[5s]) >= 4)')) ?? 0;
      const failed = (await notices(page)).filter((n) => n.startsWith('flush_failed')).length;
      const inForce = Number((await runtimeInfo(page)).storageQuotaInForceBytes ?? 0);

      // A kill while the quota is full: what comes back must reach the last flush interval.
      const pids = browserPids(dir);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      const servedAtKill = served;
      const killedAt = Date.now() / 1000;
      await until('the killed browser to end', () => browserPids(dir).length === 0, 10_000, 50);
      await context.close().catch(() => {});
      ({ context, page } = await openWithQuota(dir, env.baseURL));
      try {
        await page.goto('./#/status');
        let back = 0;
        await until(
          'the stored head',
          async () => {
            // At the kill's time: the reopened browser scrapes on.
            back = (await scalar(page, 'max_over_time(quota_value{i="0"}[30m])', killedAt)) ?? 0;
            return back > 0;
          },
          60_000,
        );
        const lost = servedAtKill - back;
        return {
          figure:
            `2 MiB quota, ${fmt(SERIES)} series every 1 s: first recovery after ${firstRecovery} s; over the next ${after} s ${fmt(ingesting)} of ${fmt(SERIES)} series ingesting, ` +
            `newest saved sample at most ${worstLag.toFixed(1)} s old, ${failed} refused saves recovered from, stored ≤ ${(persisted / 1048576).toFixed(2)} MiB, quota in force ${(inForce / 1048576).toFixed(2)} MiB; ` +
            `a kill lost ${lost} scrapes`,
          ok: ingesting === SERIES && worstLag <= 10 && inForce > 0 && inForce <= QUOTA_BYTES && lost <= 2,
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
