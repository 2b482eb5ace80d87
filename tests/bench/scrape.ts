/**
 * Scrape cost: loops over an in-memory fetch that returns a 1,000-series body, appending into a real Head. The
 * measured CPU per scrape gives how many targets fit at 15 s in half a core, and the core share of 100 targets.
 */
import { Head } from '../../src/tsdb';
import { scrapeConfig } from '../../src/scrape/config';
import { loopTarget, ScrapeLoop } from '../../src/scrape/loop';
import { targetsFromGroup } from '../../src/scrape/targets';
import type { Clock } from '../../src/scrape/clock';

const INTERVAL = 15_000;
const TARGETS = 20;
const ROUNDS = 15;

function body(round: number): string {
  const lines: string[] = [];
  for (let f = 0; f < 100; f++) {
    lines.push(`# HELP family_${f}_total Requests of family ${f}.`, `# TYPE family_${f}_total counter`);
    for (let s = 0; s < 10; s++) {
      lines.push(`family_${f}_total{handler="/api/v1/h${s}",method="GET",code="200"} ${round * 17 + f * 3 + s}.5`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** bench reports scrape_targets_sustained and scrape_cpu_share. */
export default async function bench(report: (name: string, value: number, unit: string) => void): Promise<void> {
  let now = 1_700_000_000_000;
  const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
  const bodies = Array.from({ length: 4 }, (_, i) => new TextEncoder().encode(body(i)));
  let round = 0;
  const fetch = async () =>
    new Response(bodies[round % bodies.length], { headers: { 'content-type': 'text/plain; version=0.0.4' } });
  const head = new Head();
  const cfg = scrapeConfig({ jobName: 'bench', scrapeInterval: INTERVAL, scrapeTimeout: 10_000 });
  const loops = Array.from({ length: TARGETS }, (_, i) => {
    const spec = targetsFromGroup({ targets: [`host${i}:9100`], labels: {} }, cfg, []).active[0];
    return new ScrapeLoop(loopTarget(spec, cfg), { appendable: head, fetch, clock, pageOrigin: '', offsetSeed: 1, onScrape: () => {} });
  });
  const runRound = async () => {
    for (const l of loops) await l.scrapeNow();
    round++;
    now += INTERVAL;
  };
  for (let i = 0; i < 3; i++) await runRound();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) await runRound();
  const cpu = process.cpuUsage(cpu0);
  const perScrapeMs = (cpu.user + cpu.system) / 1000 / (ROUNDS * TARGETS);
  if (loops.some((l) => l.health !== 'up')) throw new Error('bench scrape failed');
  report('scrape_cost_per_1000_series', perScrapeMs, 'ms');
  report('scrape_targets_sustained', Math.floor((0.5 * INTERVAL) / perScrapeMs), 'targets');
  report('scrape_cpu_share', (100 * perScrapeMs) / INTERVAL, 'core');
}
