/** Promtab's own metrics: the self job scrapes them in protobuf and keeps the native histograms beside the classic ones. */
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SCRAPE_CONFIG, selfFetch } from '../../../src/api/compose';
import { SELF_HOST, SelfMetrics } from '../../../src/api/self_metrics';
import { parseConfig } from '../../../src/scrape/config_parse';
import { loopTarget, ScrapeLoop } from '../../../src/scrape/loop';
import { targetsFromGroup } from '../../../src/scrape/targets';
import { FakeClock, RecordingStorage } from '../scrape/helpers';

const loops: ScrapeLoop[] = [];
afterEach(async () => {
  for (const l of loops.splice(0)) await l.stop(false);
});

it('the promtab job negotiates protobuf and stores promtab_query_duration_seconds as a native histogram', async () => {
  const self = new SelfMetrics();
  for (const s of [0.002, 0.03, 0.4]) self.observeQuery(s);
  const cfg = parseConfig(DEFAULT_SCRAPE_CONFIG).scrapeConfigs.find((j) => j.jobName === 'promtab')!;
  const spec = targetsFromGroup({ targets: [SELF_HOST], labels: {} }, cfg, []).active[0];
  const storage = new RecordingStorage();
  const network = async (): Promise<Response> => {
    throw new Error('the self job must not reach the network');
  };
  const loop = new ScrapeLoop(loopTarget(spec, cfg), {
    appendable: storage,
    fetch: selfFetch(self, network),
    clock: new FakeClock(),
    pageOrigin: '',
    offsetSeed: 1,
    onScrape: () => undefined,
  });
  loops.push(loop);
  await loop.scrapeNow();
  expect(loop.health).toBe('up');
  const [h] = storage.of('promtab_query_duration_seconds');
  expect(h.h).toMatchObject({ schema: 3, count: 3 });
  expect(h.h!.sum).toBeCloseTo(0.432, 12);
  expect(storage.of('promtab_query_duration_seconds_bucket').length).toBeGreaterThan(3);
  expect(storage.of('promtab_query_duration_seconds_count').map((s) => s.v)).toEqual([3]);
});
