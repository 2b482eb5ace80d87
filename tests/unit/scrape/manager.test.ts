import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { AddTargetsRequest, MetadataEntry, TargetsResult } from '../../../src/api/types';
import { ScrapeManager } from '../../../src/scrape/manager';
import { localFetch } from '../../../src/scrape/local';
import { scrapeConfig } from '../../../src/scrape/config';
import { relabelConfig } from '../../../src/scrape/relabel';
import { parseConfig } from '../../../src/scrape/config_parse';
import { Head } from '../../../src/tsdb';
import { FakeClock, fakeFetch, RecordingStorage, type Reply } from './helpers';

let managers: ScrapeManager[] = [];
afterEach(async () => {
  for (const m of managers) await m.stop();
  managers = [];
});

function setup(reply: (url: string) => Reply = () => ({ body: '# TYPE a gauge\n# HELP a An a.\na 1\n' })) {
  const clock = new FakeClock();
  const storage = new RecordingStorage();
  const fetch = fakeFetch(reply, clock);
  const m = new ScrapeManager({ appendable: storage, fetch, clock, pageOrigin: 'http://127.0.0.1:4173', offsetSeed: 1 });
  managers.push(m);
  let changes = 0;
  m.subscribe(() => changes++);
  return { clock, storage, fetch, m, changes: () => changes };
}

const YAML = `global:
  scrape_interval: 10s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['a:1', 'b:1']
    relabel_configs:
      - source_labels: [__address__]
        regex: 'b:.*'
        action: drop
  - job_name: sd
    http_sd_configs:
      - url: http://sd.test/list
        refresh_interval: 30s
  - job_name: files
    file_sd_configs:
      - files: ['targets/*.yml']
`;

const sdReply = (url: string): Reply =>
  url === 'http://sd.test/list'
    ? { body: JSON.stringify([{ targets: ['c:1'], labels: { team: 'x' } }]), contentType: 'application/json' }
    : { body: 'a 1\n' };

describe('ScrapeManager', () => {
  it('runs a prometheus.yml: static, http_sd and file_sd targets, dropped targets, API shapes', async () => {
    const { clock, m, fetch, changes } = setup(sdReply);
    await m.applyConfig(YAML);
    m.start();
    expect(m.importFileSD('d.yml', '- targets: [f:1]\n')).toEqual({ groups: 1, scrapePools: ['files'] });
    await clock.advance(10_001);
    const t = m.targets();
    expect(t.activeTargets.map((x) => [x.scrapePool, x.labels.instance, x.health]).sort()).toEqual([
      ['files', 'f:1', 'up'],
      ['node', 'a:1', 'up'],
      ['sd', 'c:1', 'up'],
    ]);
    const a = t.activeTargets.find((x) => x.labels.instance === 'a:1')!;
    expect(a).toMatchObject({
      scrapeUrl: 'http://a:1/metrics',
      globalUrl: 'http://a:1/metrics',
      lastError: '',
      scrapeInterval: '10s',
      scrapeTimeout: '10s',
      labels: { instance: 'a:1', job: 'node' },
    });
    expect(a.lastScrape).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(t.activeTargets.find((x) => x.scrapePool === 'sd')!.labels.team).toBe('x');
    expect(t.activeTargets.find((x) => x.scrapePool === 'files')!.discoveredLabels.__meta_filepath).toBe('d.yml');
    expect(t.droppedTargets).toEqual([expect.objectContaining({ scrapePool: 'node', discoveredLabels: expect.objectContaining({ __address__: 'b:1' }) })]);
    expect(t.droppedTargetCounts).toEqual({ node: 1, sd: 0, files: 0 });
    expect(m.targets('active').droppedTargets).toEqual([]);
    const kept = m.config().scrapeConfigs.map((sc) => (sc.jobName === 'node' ? { ...sc, keepDroppedTargets: 1, staticConfigs: [{ targets: ['a:1', 'b:1', 'b:2'], labels: {} }] } : sc));
    await m.applyConfig({ ...m.config(), scrapeConfigs: kept });
    expect(m.targets().droppedTargets.length).toBe(1);
    expect(m.targets().droppedTargetCounts.node).toBe(2);
    expect(m.scrapeIntervals()).toEqual({ node: 10_000, sd: 10_000, files: 10_000 });
    expect(fetch.requests.some((r) => r.url.startsWith('http://b:1'))).toBe(false);
    expect(changes()).toBeGreaterThan(3);
    expect(m.discoveryStatus()).toEqual([{ scrapePool: 'sd', source: 'http://sd.test/list', lastError: '', targetGroups: 1 }]);
    expect(m.fileSDContents()).toEqual({ 'd.yml': '- targets: [f:1]\n' });
    m.removeFileSD('d.yml');
    expect(m.targets().activeTargets.some((x) => x.scrapePool === 'files')).toBe(false);
  });

  it('adds pasted targets as a job per host with 15s / 10s, exported as static configs', async () => {
    const { clock, m } = setup();
    m.start();
    const r = await m.addTargets('http://h1:9100/metrics, https://h2/custom?x=1\nh1:9200', undefined);
    expect(r).toEqual({
      added: ['http://h1:9100/metrics', 'https://h2/custom?x=1', 'http://h1:9200/metrics'],
      errors: [],
      hints: ['https://h2/custom is scraped at path /custom, not /metrics'],
    });
    const jobs = m.config().scrapeConfigs;
    expect(jobs.map((j) => [j.jobName, j.scrapeInterval, j.scrapeTimeout])).toEqual([
      ['h1', 15_000, 10_000],
      ['h2', 15_000, 10_000],
    ]);
    expect(jobs[1].staticConfigs[0].labels).toEqual({ __scheme__: 'https', __metrics_path__: '/custom', __param_x: '1' });
    expect(jobs[0].staticConfigs[0].labels).toEqual({});
    const again = parseConfig(m.configYaml());
    expect(again.scrapeConfigs.map((j) => j.staticConfigs.flatMap((g) => g.targets))).toEqual([['h1:9100', 'h1:9200'], ['h2']]);
    const dup = await m.addTargets('h1:9100');
    expect(dup.errors).toEqual(['h1:9100 is already a target of job "h1"']);
    const named = await m.addTargets('z:1', 'mine', { interval: '30s', timeout: '5s', labels: { env: 'dev' } });
    expect(named.added).toEqual(['http://z:1/metrics']);
    await clock.advance(30_001);
    const z = m.targets().activeTargets.find((x) => x.scrapePool === 'mine')!;
    expect(z).toMatchObject({ scrapeInterval: '30s', scrapeTimeout: '5s', labels: { env: 'dev', instance: 'z:1', job: 'mine' }, health: 'up' });
  });

  it('a malformed URL adds nothing; honor_labels and scrape protocols go to the new job; new targets scrape at once', async () => {
    const { clock, m, fetch } = setup();
    m.start();
    const bad = await m.addTargets('h1:1\nnot a url');
    expect(bad.added).toEqual([]);
    expect(bad.errors[0]).toMatch(/^line 2: "not" is not a target URL/);
    expect(m.config().scrapeConfigs).toEqual([]);
    const r = await m.addTargets('pg:9091', 'push', { honorLabels: true, scrapeProtocols: ['PrometheusText0.0.4'] });
    expect(r.added).toEqual(['http://pg:9091/metrics']);
    expect(m.config().scrapeConfigs[0]).toMatchObject({ honorLabels: true, scrapeProtocols: ['PrometheusText0.0.4'] });
    expect(m.configYaml()).toContain('honor_labels: true');
    await clock.advance(0);
    expect(fetch.requests.map((c) => c.url)).toEqual(['http://pg:9091/metrics']);
  });

  it('removing a target writes stale markers and drops an empty job', async () => {
    const { clock, m, storage } = setup();
    m.start();
    await m.addTargets('h1:1 h1:2', 'j');
    await clock.advance(15_001);
    expect(await m.removeTarget('j', 'http://h1:1/metrics')).toBe(true);
    await clock.advance(1);
    const staleFor = (inst: string) => storage.of('a').filter((s) => s.labels.instance === inst && s.stale).length;
    expect(staleFor('h1:1')).toBe(1);
    expect(staleFor('h1:2')).toBe(0);
    expect(m.targets().activeTargets.map((x) => x.labels.instance)).toEqual(['h1:2']);
    expect(await m.removeTarget('j', 'http://nope/metrics')).toBe(false);
    expect(await m.removeTarget('j', 'http://h1:2/metrics')).toBe(true);
    expect(m.config().scrapeConfigs).toEqual([]);
    expect(staleFor('h1:2')).toBe(1);
  });

  it('keeps unchanged targets scraping across a reload and stops removed jobs with stale markers', async () => {
    const { clock, m, storage } = setup();
    await m.applyConfig('scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    static_configs: [{targets: [x:1]}]\n  - job_name: b\n    scrape_interval: 10s\n    static_configs: [{targets: [y:1]}]\n');
    m.start();
    await clock.advance(10_001);
    await m.applyConfig('scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    static_configs: [{targets: [x:1]}]\n');
    await clock.advance(10_000);
    expect(storage.of('a').filter((s) => s.labels.job === 'a' && s.stale)).toEqual([]);
    expect(storage.of('a').filter((s) => s.labels.job === 'b' && s.stale).length).toBe(1);
    expect(storage.of('up').filter((s) => s.labels.job === 'a').length).toBe(2);
  });

  it('a changed job rebuilds its loops without a gap and marks what the new settings no longer produce stale', async () => {
    const { clock, m, storage } = setup(() => ({ body: 'a 1\ngo_x 1\n' }));
    const yaml = (extra: string) => `scrape_configs:\n  - job_name: j\n    scrape_interval: 10s\n    static_configs: [{targets: [x:1]}]\n${extra}`;
    await m.applyConfig(yaml(''));
    m.start();
    await clock.advance(10_001);
    await m.applyConfig(yaml('    metric_relabel_configs: [{source_labels: [__name__], regex: go_.*, action: drop}]\n'));
    await clock.advance(10_000);
    expect(storage.of('go_x').map((s) => s.stale)).toEqual([false, true]);
    expect(storage.of('a').map((s) => s.stale)).toEqual([false, false]);
    expect(m.targets().activeTargets[0].health).toBe('up');
  });

  it('explains failures for the browser in targets()', async () => {
    const { m } = setup(() => ({ error: new TypeError('Failed to fetch') }));
    await m.addTargets('http://far.example:9100');
    await m.scrapeNow();
    const t = m.targets().activeTargets[0];
    expect(t.health).toBe('down');
    expect(t.lastError).toContain('unreachable or blocks cross-origin requests');
    expect(t.errorKind).toBe('unreachable');
    expect(t.errorFix).toContain('Access-Control-Allow-Origin: http://127.0.0.1:4173');
  });

  it('serves metadata, relabel steps, pause/resume and the last body', async () => {
    const { clock, m, fetch } = setup();
    await m.applyConfig(YAML.replace(/  - job_name: sd[\s\S]*/, ''));
    await m.scrapeNow();
    expect(m.metadata()).toEqual({ a: [{ type: 'gauge', help: 'An a.', unit: '' }] });
    expect(m.metadata('nope')).toEqual({});
    expect(m.metadata(undefined, undefined, 0)).toEqual({ a: [{ type: 'gauge', help: 'An a.', unit: '' }] });
    expect(m.metadata(undefined, 0)).toEqual({});
    const steps = m.relabelSteps('node', { __address__: 'b:1' });
    expect(steps.map((s) => s.keep)).toEqual([false]);
    expect(m.lastBody('node', 'http://a:1/metrics')).toBeNull();
    await m.scrapeNow('node');
    expect(m.lastBody('node', 'http://a:1/metrics')).toContain('a 1');
    m.start();
    await m.pause('node');
    const before = fetch.requests.length;
    await clock.advance(30_000);
    expect(fetch.requests.length).toBe(before);
    expect(m.targets().activeTargets[0].paused).toBe(true);
    m.resume('node');
    await clock.advance(10_000);
    expect(fetch.requests.length).toBe(before + 1);
  });

  it('rejects a bad configuration and keeps the old one', async () => {
    const { m } = setup();
    await m.applyConfig('scrape_configs:\n  - job_name: a\n');
    await expect(m.applyConfig('scrape_configs:\n  - job_name: a\n    consul_sd_configs: []\n')).rejects.toThrow(
      'line 3: field "consul_sd_configs" is not supported by Promtab',
    );
    expect(m.config().scrapeConfigs.map((s) => s.jobName)).toEqual(['a']);
    await expect(m.addTargets('x:1', 'j', { interval: '5s', timeout: '10s' })).rejects.toThrow('scrape timeout greater than scrape interval');
    const badRule = scrapeConfig({ jobName: 'r', relabelConfigs: [relabelConfig({ action: 'keep', regex: '(' })] });
    await expect(m.applyConfig({ ...m.config(), scrapeConfigs: [badRule] })).rejects.toThrow('invalid regular expression');
    expect(m.config().scrapeConfigs.map((s) => s.jobName)).toEqual(['a']);
    await m.addTargets('x:1', 'short', { interval: '5s' });
    expect(m.config().scrapeConfigs.find((j) => j.jobName === 'short')!.scrapeTimeout).toBe(5_000);
  });

  it('answers in the worker API types', () => {
    const { m } = setup();
    expectTypeOf(m.targets()).toExtend<TargetsResult>();
    expectTypeOf(m.metadata()).toExtend<Record<string, MetadataEntry[]>>();
    expectTypeOf<AddTargetsRequest>().toExtend<Parameters<ScrapeManager['addTargets']>[2]>();
  });

  it('writes into the real Head', async () => {
    const head = new Head();
    const clock = new FakeClock();
    const m = new ScrapeManager({ appendable: head, fetch: fakeFetch(() => ({ body: 'a 1\nb 2\n' })), clock, offsetSeed: 3 });
    managers.push(m);
    await m.addTargets('h:1');
    await m.scrapeNow();
    const series = await head.querier().series([{ type: '=', name: 'job', value: 'h' }], 0, Infinity);
    expect(series.length).toBe(7);
  });
});

describe('localFetch', () => {
  it('scrapes an in-process target and passes other hosts on', async () => {
    const storage = new RecordingStorage();
    const network = fakeFetch(() => ({ body: 'remote 1\n' }));
    const fetch = localFetch({ promtab: () => '# TYPE promtab_up gauge\npromtab_up 1\n' }, network);
    const m = new ScrapeManager({ appendable: storage, fetch, clock: new FakeClock(), offsetSeed: 1 });
    managers.push(m);
    await m.addTargets('http://promtab/metrics other:1', 'promtab');
    await m.scrapeNow();
    expect(storage.of('promtab_up').map((s) => s.labels.instance)).toEqual(['promtab']);
    expect(storage.of('remote').map((s) => s.labels.instance)).toEqual(['other:1']);
    expect(network.requests.map((r) => r.url)).toEqual(['http://other:1/metrics']);
  });
});

describe('ScrapeManager hand-over between writers', () => {
  const ONE = `global:\n  scrape_interval: 10s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['a:1']\n`;

  // Two managers with one offset seed and one clock stand for the writer's tab and the tab that takes over from it.
  async function handOver(atOnce: boolean): Promise<number[]> {
    const clock = new FakeClock();
    const times: number[] = [];
    const reply = () => {
      times.push(clock.now());
      return { body: 'a 1\n' };
    };
    const make = () => {
      const m = new ScrapeManager({ appendable: new RecordingStorage(), fetch: fakeFetch(reply, clock), clock, pageOrigin: 'http://127.0.0.1:4173', offsetSeed: 7 });
      managers.push(m);
      return m;
    };
    const first = make();
    await first.applyConfig(ONE);
    first.start();
    await clock.advance(35_000);
    await first.stop(false);
    const next = make();
    await next.applyConfig(ONE);
    next.start(atOnce);
    await clock.advance(25_000);
    return times;
  }

  it('a worker taking over keeps the writer rhythm: no scrape sooner than an interval after the last', async () => {
    const times = await handOver(false);
    const gaps = times.slice(2).map((t, i) => t - times[i + 1]);
    expect(gaps.every((g) => g === 10_000)).toBe(true);
    expect(times.length).toBeGreaterThan(5);
  });

  it('a first start scrapes at once (what the hand-over must not do)', async () => {
    const times = await handOver(true);
    const gaps = times.slice(2).map((t, i) => t - times[i + 1]);
    expect(gaps.some((g) => g < 10_000)).toBe(true);
  });
});
