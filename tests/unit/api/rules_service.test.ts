import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/api/config_store';
import { RulesService, type RulesParts } from '../../../src/api/rules_service';
import type { ApiResponse } from '../../../src/api/types';
import type { FloatHistogram } from '../../../src/model/histogram';
import { labelsFromObject } from '../../../src/model/labels';
import { Engine } from '../../../src/promql/engine/engine';
import { Head } from '../../../src/tsdb/head';
import { FakeClock } from '../rules/fakes';

const T0 = 1_700_000_000_000;

const RULES = `groups:
  - name: temps
    interval: 1s
    rules:
      - record: job:fixture_temp:max
        expr: max by (job) (fixture_temp)
      - alert: TempHigh
        expr: fixture_temp > 50
        for: 3s
        labels:
          severity: page
        annotations:
          summary: "temperature is {{ $value }}"
`;

interface World {
  clock: FakeClock;
  head: Head;
  parts: RulesParts & { leader: boolean };
  services: RulesService[];
}

const worlds: World[] = [];

async function world(leader = true): Promise<World> {
  const clock = new FakeClock(T0);
  const head = new Head();
  const config = await ConfigStore.open();
  const parts = { head, config, leader, isLeader: () => parts.leader };
  const w: World = { clock, head, parts, services: [] };
  worlds.push(w);
  return w;
}

function service(w: World): RulesService {
  const s = new RulesService(Promise.resolve(w.parts), { clock: w.clock, groupWait: 1_000, groupInterval: 5_000 });
  w.services.push(s);
  return s;
}

afterEach(async () => {
  for (const w of worlds.splice(0)) for (const s of w.services) await s.close();
});

function data<T>(r: ApiResponse<T>): T {
  if (r.status === 'error') throw new Error(r.error);
  return r.data;
}

/** scrape appends fixture_temp at the clock's time, as a 1s scrape would, for n seconds. */
async function scrape(w: World, value: number, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    const app = w.head.appender();
    app.append(0, labelsFromObject({ __name__: 'fixture_temp', job: 'fixture' }), w.clock.now(), value);
    await app.commit();
    await w.clock.advance(500);
  }
}

async function query(w: World, expr: string): Promise<number[]> {
  const r = await new Engine().instantQuery(w.head, expr, w.clock.now());
  if (r.resultType !== 'vector') throw new Error(`unexpected ${r.resultType}`);
  return r.result.map((s) => s.v);
}

async function alertStates(s: RulesService): Promise<string[]> {
  return data(await s.alerts()).alerts.map((a) => a.state);
}

describe('RulesService rule files', () => {
  it.each([
    ['a PromQL syntax error', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up >\n', { line: 5, column: 15, group: 'g', rule: 1 }, /1:5: parse error/],
    ['bad YAML', 'groups:\n  - name: g\n    rules: [\n', { line: 4 }, /yaml: line 4/],
    ['an empty group name', 'groups:\n  - rules: []\n', { line: 2, column: 5 }, /Groupname must not be empty/],
    ['an unknown field', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        fro: 1m\n', {}, /line 6: field fro not found/],
  ])('rejects %s with file, position and message, changing nothing', async (_name, yaml, where, message) => {
    const w = await world();
    const s = service(w);
    const r = await s.setRuleFile('bad.yml', yaml);
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error).toMatch(message);
    expect(r.data?.errors[0]).toMatchObject({ file: 'bad.yml', ...where });
    expect(data(await s.ruleFiles())).toEqual([]);
    expect(data(await s.rules()).groups).toEqual([]);
    expect(await w.parts.config.get('ruleFiles')).toBeUndefined();
  });

  it('stores, lists, replaces and deletes files; a nameless file is refused', async () => {
    const w = await world();
    const s = service(w);
    expect((await s.setRuleFile('  ', RULES)).status).toBe('error');
    expect(data(await s.setRuleFile('b.yml', RULES))).toEqual({ groups: 1, errors: [] });
    expect(data(await s.setRuleFile('a.yml', RULES.replace('temps', 'other')))).toEqual({ groups: 1, errors: [] });
    expect(data(await s.ruleFiles()).map((f) => f.name)).toEqual(['a.yml', 'b.yml']);
    expect(data(await s.rules()).groups.map((g) => `${g.file}/${g.name}`)).toEqual(['a.yml/other', 'b.yml/temps']);
    expect(data(await s.rules('record')).groups[0].rules.map((r) => r.type)).toEqual(['recording']);
    expect(data(await s.deleteRuleFile('a.yml'))).toBeNull();
    expect((await s.deleteRuleFile('a.yml')).status).toBe('error');
    expect(data(await s.rules()).groups.map((g) => g.file)).toEqual(['b.yml']);
    expect(await w.parts.config.get('ruleFiles')).toEqual([{ name: 'b.yml', content: RULES }]);
  });
});

describe('RulesService evaluation', () => {
  it('sends recorded and ALERTS samples through the remote-write tap as well as into the head', async () => {
    const w = await world();
    const sent: string[] = [];
    const remote = {
      appendable: (inner: Head) => ({
        appender: () => {
          const app = inner.appender();
          return {
            append: (ref: number, labels: string[], t: number, v: number) => {
              sent.push(labels[labels.indexOf('__name__') + 1]);
              return app.append(ref, labels, t, v);
            },
            appendHistogram: (ref: number, labels: string[], t: number, h: FloatHistogram) => {
              sent.push(labels[labels.indexOf('__name__') + 1]);
              return app.appendHistogram(ref, labels, t, h);
            },
            commit: () => app.commit(),
            rollback: () => app.rollback(),
          };
        },
      }),
    };
    const s = new RulesService(Promise.resolve({ ...w.parts, remote } as unknown as RulesParts), { clock: w.clock });
    w.services.push(s);
    data(await s.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 3);
    expect(await query(w, 'job:fixture_temp:max')).toEqual([100]);
    expect(sent).toContain('job:fixture_temp:max');
    expect(sent).toContain('ALERTS');
  });

  it('records, goes pending then firing, notifies, is silenced, and resolves', async () => {
    const w = await world();
    const s = service(w);
    data(await s.setRuleFile('temps.yml', RULES));
    await scrape(w, 10, 3);
    expect(await query(w, 'job:fixture_temp:max')).toEqual([10]);
    expect(await alertStates(s)).toEqual([]);
    const rule = data(await s.rules('alert')).groups[0].rules[0];
    expect(rule).toMatchObject({ type: 'alerting', state: 'inactive', health: 'ok', duration: 3 });

    await scrape(w, 100, 1.5);
    expect(await alertStates(s)).toEqual(['pending']);
    await scrape(w, 100, 3);
    const [firing] = data(await s.alerts()).alerts;
    expect(firing).toMatchObject({ state: 'firing', labels: { alertname: 'TempHigh', severity: 'page' }, annotations: { summary: 'temperature is 100' } });
    await scrape(w, 100, 1.5);
    const sent = data(await s.notifications());
    expect(sent.map((n) => [n.id, n.status, n.alerts.length])).toEqual([[1, 'firing', 1]]);
    expect(data(await s.notifications(1))).toEqual([]);

    const id = data(await s.addSilence({ matchers: [{ type: '=', name: 'alertname', value: 'TempHigh' }], endsAt: w.clock.now() + 3_600_000, createdBy: 'me', comment: 'known' })).silenceID;
    expect(data(await s.alerts()).alerts[0].silencedBy).toEqual([id]);
    expect(data(await s.silences()).map((x) => [x.id, x.status.state])).toEqual([[id, 'active']]);
    expect(await w.parts.config.get('silences')).toHaveLength(1);
    await scrape(w, 10, 6);
    expect(await alertStates(s)).toEqual([]);
    expect(data(await s.notifications(1))).toEqual([]);

    expect(data(await s.expireSilence(id))).toBeNull();
    expect((await s.expireSilence(id)).status).toBe('error');
    expect(data(await s.silences())[0].status.state).toBe('expired');
    await scrape(w, 100, 5);
    await scrape(w, 10, 12);
    expect(data(await s.notifications(1)).map((n) => n.status)).toEqual(['firing', 'resolved']);
  });

  it('refuses invalid silences with Alertmanager messages', async () => {
    const w = await world();
    const s = service(w);
    const r = await s.addSilence({ matchers: [{ type: '=~', name: 'x', value: '.*' }], endsAt: T0 + 1000, createdBy: 'me', comment: 'c' });
    expect(r).toMatchObject({ status: 'error', error: 'at least one matcher must not match the empty string' });
    expect(data(await s.silences())).toEqual([]);
  });

  it('keeps activeAt and the firing state across a restart, and silences and files too', async () => {
    const w = await world();
    const s1 = service(w);
    data(await s1.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 6);
    const [before] = data(await s1.alerts()).alerts;
    expect(before.state).toBe('firing');
    await s1.addSilence({ matchers: [{ type: '=', name: 'severity', value: 'page' }], endsAt: w.clock.now() + 60_000, createdBy: 'me', comment: 'c' });
    await s1.close();

    await scrape(w, 100, 2);
    const s2 = service(w);
    await scrape(w, 100, 1.5);
    const [after] = data(await s2.alerts()).alerts;
    expect(after).toMatchObject({ state: 'firing', activeAt: before.activeAt });
    expect(after.silencedBy).toHaveLength(1);
    expect(data(await s2.ruleFiles()).map((f) => f.name)).toEqual(['temps.yml']);
  });

  it('keeps the notification list across a restart without repeating a firing notification', async () => {
    const w = await world();
    const s1 = service(w);
    data(await s1.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 7);
    expect(data(await s1.notifications()).map((n) => [n.id, n.status])).toEqual([[1, 'firing']]);
    await s1.close();

    const s2 = service(w);
    await scrape(w, 100, 8);
    expect(data(await s2.alerts()).alerts.map((a) => a.state)).toEqual(['firing']);
    expect(data(await s2.notifications()).map((n) => [n.id, n.status])).toEqual([[1, 'firing']]);
    await scrape(w, 10, 12);
    expect(data(await s2.notifications()).map((n) => [n.id, n.status])).toEqual([
      [1, 'firing'],
      [2, 'resolved'],
    ]);
  });

  it('evaluates only while its worker is the writer', async () => {
    const w = await world(false);
    const s = service(w);
    data(await s.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 3);
    expect(await query(w, 'job:fixture_temp:max')).toEqual([]);
    expect(data(await s.rules()).groups[0].rules[0].health).toBe('unknown');
    w.parts.leader = true;
    await scrape(w, 100, 3);
    expect(await query(w, 'job:fixture_temp:max')).toEqual([100]);
    w.parts.leader = false;
    await scrape(w, 100, 2);
    const last = data(await s.rules()).groups[0].lastEvaluation;
    await scrape(w, 100, 3);
    expect(data(await s.rules()).groups[0].lastEvaluation).toBe(last);
  });

  it('sends alerts to an Alertmanager set by URL, keeping the URL and reporting failures', async () => {
    const w = await world();
    const posts: { url: string; body: unknown }[] = [];
    let status = 200;
    const fetch = (async (url: string, init: RequestInit) => {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return new Response('', { status });
    }) as typeof globalThis.fetch;
    const s = new RulesService(Promise.resolve(w.parts), { clock: w.clock, fetch });
    w.services.push(s);
    expect((await s.setAlertmanager('ftp://am')).status).toBe('error');
    expect(data(await s.setAlertmanager('http://am.example:9093/'))).toBeNull();
    data(await s.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 6);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0].url).toBe('http://am.example:9093/api/v2/alerts');
    expect(posts[0].body).toEqual([
      expect.objectContaining({ labels: { alertname: 'TempHigh', job: 'fixture', severity: 'page' }, startsAt: expect.stringMatching(/Z$/) }),
    ]);
    expect(data(await s.alertmanager())).toMatchObject({ url: 'http://am.example:9093', lastError: '' });
    expect(await w.parts.config.get('alertState')).toMatchObject({ alertmanager: 'http://am.example:9093' });
    status = 500;
    await scrape(w, 10, 3);
    expect(data(await s.alertmanager()).lastError).toBe('HTTP 500');
  });

  it('stops every timer on close', async () => {
    const w = await world();
    const s = service(w);
    data(await s.setRuleFile('temps.yml', RULES));
    await scrape(w, 100, 6);
    await s.close();
    expect(w.clock.pending()).toEqual([]);
  });
});
