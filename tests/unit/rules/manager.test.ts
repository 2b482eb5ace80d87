import { describe, expect, it } from 'vitest';
import { queryText } from '../../../src/rules/api';
import { RuleManager } from '../../../src/rules/manager';
import { parseRuleFile, type RuleGroupConfig } from '../../../src/rules/rulefmt';
import type { NotifierAlert } from '../../../src/rules/types';
import { FakeClock, RecordingAppendable, ScriptedQuery } from './fakes';

function groups(yaml: string): RuleGroupConfig[] {
  const { groups, errors } = parseRuleFile(yaml, { file: 'r.yml' });
  expect(errors).toEqual([]);
  return groups;
}

function setup(yaml: string, start = 1_000_000_000_000) {
  const clock = new FakeClock(start);
  const store = new RecordingAppendable();
  const q = new ScriptedQuery();
  const notified: NotifierAlert[][] = [];
  const m = new RuleManager({
    query: q.fn,
    appendable: store,
    clock,
    externalURL: 'http://tab',
    externalLabels: { site: 'tab' },
    notify: (_e, alerts) => {
      if (alerts.length) notified.push([...alerts]);
    },
  });
  return { clock, store, q, m, notified, cfg: groups(yaml) };
}

const REC = `groups:
  - name: rec
    interval: 10s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels:
          kind: rec
`;

describe('RuleManager scheduling', () => {
  it('evaluates each group at interval-aligned slots plus a stable per-group offset', async () => {
    const { clock, q, m, cfg } = setup(REC);
    await m.update(cfg);
    m.start();
    const first = clock.pending()[0];
    const g = m.groupList()[0];
    expect(first).toBe(g.evalTimestamp(clock.now()) + 10_000);
    expect(first - clock.now()).toBeGreaterThan(0);
    expect(first - clock.now()).toBeLessThanOrEqual(10_000);
    await clock.advance(first - clock.now() + 35_000);
    const ts = q.calls.map((c) => c.t);
    expect(ts).toEqual([first, first + 10_000, first + 20_000, first + 30_000]);
    expect(ts.every((t) => (t - g.evalTimestamp(t)) % 10_000 === 0)).toBe(true);
    await m.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('skips missed slots after a stall and queries at eval time minus query_offset', async () => {
    const { clock, q, m } = setup(REC);
    await m.update(groups(REC.replace('interval: 10s', 'interval: 10s\n    query_offset: 2s')));
    m.start();
    const first = clock.pending()[0];
    clock.t = first + 25_000;
    await clock.advance(0);
    expect(q.calls.map((c) => c.t)).toEqual([first + 20_000 - 2000]);
    expect(clock.pending()).toEqual([first + 30_000]);
    await m.stop();
  });
});

describe('queryText', () => {
  it.each([
    ['up==0', 'up == 0'],
    ['sum by(job)(rate(x[5m]))', 'sum by (job) (rate(x[5m]))'],
    ['sum(', 'sum('],
  ])('shows %s as %s', (expr, want) => {
    expect(queryText(expr)).toBe(want);
  });
});

describe('recording rules', () => {
  it('writes results renamed with the rule labels, and stale markers for vanished series', async () => {
    const { store, q, m, cfg } = setup(REC);
    await m.update(cfg);
    q.set('sum by (job) (up)', [
      { labels: { job: 'a' }, value: 2 },
      { labels: { job: 'b' }, value: 1 },
    ]);
    await m.evaluateAll(10_000);
    expect(store.at(10_000)).toEqual(['job:up:sum{job="a", kind="rec"} 2', 'job:up:sum{job="b", kind="rec"} 1']);
    q.set('sum by (job) (up)', [{ labels: { job: 'a' }, value: 3 }]);
    await m.evaluateAll(20_000);
    expect(store.at(20_000)).toEqual(['job:up:sum{job="a", kind="rec"} 3', 'job:up:sum{job="b", kind="rec"} stale']);
    await m.evaluateAll(30_000);
    expect(store.at(30_000)).toEqual(['job:up:sum{job="a", kind="rec"} 3']);
    const r = m.rules().groups[0].rules[0];
    expect(r).toMatchObject({ name: 'job:up:sum', query: 'sum by (job) (up)', health: 'ok', type: 'recording', labels: { kind: 'rec' } });
  });

  it.each([
    ['a query error', new Error('query failed'), 'query failed'],
    [
      'duplicate label sets',
      [
        { labels: { __name__: 'x', job: 'a' }, value: 1 },
        { labels: { __name__: 'y', job: 'a' }, value: 2 },
      ],
      'vector contains metrics with the same labelset after applying rule labels',
    ],
  ])('marks the rule unhealthy on %s', async (_n, result, msg) => {
    const { store, q, m, cfg } = setup(REC);
    await m.update(cfg);
    q.set('sum by (job) (up)', result);
    await m.evaluateAll(10_000);
    expect(store.written).toEqual([]);
    expect(m.rules().groups[0].rules[0]).toMatchObject({ health: 'err', lastError: msg });
  });

  it('enforces the group limit', async () => {
    const { q, m } = setup(REC);
    await m.update(groups(REC.replace('interval: 10s', 'interval: 10s\n    limit: 1')));
    q.set('sum by (job) (up)', [
      { labels: { job: 'a' }, value: 1 },
      { labels: { job: 'b' }, value: 1 },
    ]);
    await m.evaluateAll(10_000);
    expect(m.rules().groups[0].rules[0]).toMatchObject({ health: 'err', lastError: 'exceeded limit of 1 with 2 series' });
  });

  it('marks a removed group series stale and keeps state across an unchanged reload', async () => {
    const { store, q, m, cfg, clock } = setup(REC);
    await m.update(cfg);
    q.set('sum by (job) (up)', [{ labels: { job: 'a' }, value: 1 }]);
    await m.evaluateAll(10_000);
    await m.update(cfg);
    expect(m.rules().groups[0].rules[0].health).toBe('ok');
    await m.update([]);
    expect(store.at(clock.now())).toEqual(['job:up:sum{job="a", kind="rec"} stale']);
  });
});

const ALERT = `groups:
  - name: alerts
    interval: 1m
    limit: 3
    rules:
      - alert: HighLoad
        expr: load > 1
        for: 2m
        keep_firing_for: 3m
        labels:
          severity: "{{ if gt $value 5.0 }}critical{{ else }}warning{{ end }}"
        annotations:
          summary: "{{ $labels.instance }} load {{ $value | humanize }} ({{ $externalLabels.site }})"
`;

describe('alerting rules', () => {
  const MIN = 60_000;
  const high = (v: number) => [{ labels: { __name__: 'load', instance: 'h1' }, value: v }];

  it('moves inactive → pending → firing → (keep firing) → resolved and writes ALERTS series', async () => {
    const { store, q, m, notified } = setup(ALERT);
    await m.update(groups(ALERT));
    const at = (n: number) => n * MIN;
    const states: string[] = [];
    const step = async (n: number, v: number | null) => {
      q.set('load > 1', v === null ? [] : high(v));
      await m.evaluateAll(at(n));
      states.push(String(m.rules().groups[0].rules[0].type === 'alerting' && (m.rules().groups[0].rules[0] as { state: string }).state));
    };
    expect((m.rules().groups[0].rules[0] as { state: string }).state).toBe('unknown');
    await step(1, null);
    await step(2, 2);
    expect(store.at(at(2))).toEqual([
      `ALERTS_FOR_STATE{alertname="HighLoad", instance="h1", severity="warning"} ${at(2) / 1000}`,
      'ALERTS{alertname="HighLoad", alertstate="pending", instance="h1", severity="warning"} 1',
    ]);
    await step(3, 2);
    await step(4, 3);
    expect(store.at(at(4))).toEqual([
      `ALERTS_FOR_STATE{alertname="HighLoad", instance="h1", severity="warning"} ${at(2) / 1000}`,
      'ALERTS{alertname="HighLoad", alertstate="firing", instance="h1", severity="warning"} 1',
      'ALERTS{alertname="HighLoad", alertstate="pending", instance="h1", severity="warning"} stale',
    ]);
    expect(m.alerts().alerts).toEqual([
      {
        labels: { alertname: 'HighLoad', instance: 'h1', severity: 'warning' },
        annotations: { summary: 'h1 load 3 (tab)' },
        state: 'firing',
        activeAt: '1970-01-01T00:02:00Z',
        value: '3e+00',
      },
    ]);
    await step(5, null);
    expect(m.alerts().alerts[0]).toMatchObject({ state: 'firing', keepFiringSince: '1970-01-01T00:05:00Z' });
    await step(7, null);
    await step(8, null);
    expect(states).toEqual(['inactive', 'pending', 'pending', 'firing', 'firing', 'firing', 'inactive']);
    expect(store.at(at(8))).toEqual([
      'ALERTS_FOR_STATE{alertname="HighLoad", instance="h1", severity="warning"} stale',
      'ALERTS{alertname="HighLoad", alertstate="firing", instance="h1", severity="warning"} stale',
    ]);
    expect(m.alerts().alerts).toEqual([]);
    expect(notified.map((n) => n.map((a) => [a.startsAt, a.endsAt]))).toEqual([
      [[at(4), at(4) + 4 * MIN]],
      [[at(4), at(7) + 4 * MIN]],
      [[at(4), at(8)]],
    ]);
    expect(notified[0][0]).toMatchObject({
      labels: { alertname: 'HighLoad', instance: 'h1', severity: 'warning', site: 'tab' },
      generatorURL: 'http://tab/graph?g0.expr=load+%3E+1&g0.tab=1',
    });
    const rule = m.rules().groups[0].rules[0];
    expect(rule).toMatchObject({ query: 'load > 1', type: 'alerting', duration: 120, keepFiringFor: 180, health: 'ok', alerts: [] });
  });

  it('expands label templates per sample, so a label that changes makes a new alert', async () => {
    const { q, m } = setup(ALERT);
    await m.update(groups(ALERT));
    q.set('load > 1', high(2));
    await m.evaluateAll(MIN);
    q.set('load > 1', high(7.5));
    await m.evaluateAll(2 * MIN);
    expect(m.alerts().alerts).toEqual([
      expect.objectContaining({
        labels: { alertname: 'HighLoad', instance: 'h1', severity: 'critical' },
        annotations: { summary: 'h1 load 7.5 (tab)' },
        activeAt: '1970-01-01T00:02:00Z',
        value: '7.5e+00',
      }),
    ]);
  });

  it('goes back to pending when the alert is gone for one evaluation without keep_firing_for', async () => {
    const yaml = ALERT.replace('        keep_firing_for: 3m\n', '');
    const { q, m } = setup(yaml);
    await m.update(groups(yaml));
    q.set('load > 1', high(2));
    for (const n of [1, 2, 3]) await m.evaluateAll(n * MIN);
    expect(m.alerts().alerts[0].state).toBe('firing');
    q.set('load > 1', []);
    await m.evaluateAll(4 * MIN);
    q.set('load > 1', high(2));
    await m.evaluateAll(5 * MIN);
    expect(m.alerts().alerts[0]).toMatchObject({ state: 'pending', activeAt: '1970-01-01T00:05:00Z' });
  });

  it('errors when more alerts than the limit are active', async () => {
    const { q, m } = setup(ALERT);
    await m.update(groups(ALERT));
    q.set('load > 1', ['a', 'b', 'c', 'd'].map((i) => ({ labels: { instance: i }, value: 2 })));
    await m.evaluateAll(MIN);
    expect(m.rules().groups[0].rules[0]).toMatchObject({ health: 'err', lastError: 'exceeded limit of 3 with 4 alerts' });
    expect(m.alerts().alerts).toEqual([]);
  });

  it('restores for-state from an exported snapshot', async () => {
    const yaml = ALERT.replace('for: 2m', 'for: 30m');
    const a = setup(yaml);
    await a.m.update(groups(yaml));
    a.q.set('load > 1', high(2));
    for (const n of [0, 1, 2, 3, 4, 5]) await a.m.evaluateAll(n * MIN);
    a.clock.t = 5 * MIN;
    const snap = JSON.parse(JSON.stringify(a.m.exportState()));
    expect(snap.alerts).toEqual([
      { group: 'r.yml;alerts', rule: 'HighLoad', labels: { alertname: 'HighLoad', instance: 'h1', severity: 'warning' }, activeAt: 0 },
    ]);

    const b = setup(yaml);
    await b.m.update(groups(yaml));
    b.m.importState(snap);
    b.q.set('load > 1', high(2));
    await b.m.evaluateAll(15 * MIN);
    expect(b.m.alerts().alerts[0]).toMatchObject({ state: 'pending', activeAt: '1970-01-01T00:10:00Z' });
    await b.m.evaluateAll(40 * MIN);
    expect(b.m.alerts().alerts[0].state).toBe('firing');
  });

  it('keeps alerts across reloads by rule name and labels, and marks a renamed rule\'s series stale', async () => {
    const { q, m, store } = setup(ALERT);
    await m.update(groups(ALERT));
    q.set('load > 1', high(2));
    for (const n of [1, 2, 3]) await m.evaluateAll(n * MIN);
    await m.update(groups(ALERT));
    expect(m.alerts().alerts).toEqual([expect.objectContaining({ state: 'firing', activeAt: '1970-01-01T00:01:00Z' })]);
    await m.update(groups(ALERT.replace('for: 2m', 'for: 3m')));
    await m.evaluateAll(3.5 * MIN);
    expect(m.alerts().alerts).toEqual([expect.objectContaining({ state: 'pending', activeAt: '1970-01-01T00:01:00Z' })]);
    await m.update(groups(ALERT.replace('alert: HighLoad', 'alert: Load')));
    await m.evaluateAll(4 * MIN);
    expect(store.at(4 * MIN).filter((s) => s.includes('HighLoad'))).toEqual([
      'ALERTS_FOR_STATE{alertname="HighLoad", instance="h1", severity="warning"} stale',
      'ALERTS{alertname="HighLoad", alertstate="pending", instance="h1", severity="warning"} stale',
    ]);
    expect(m.alerts().alerts).toEqual([expect.objectContaining({ labels: expect.objectContaining({ alertname: 'Load' }), state: 'pending' })]);
  });

  it('rejects unknown snapshots and skips malformed entries', async () => {
    const { m } = setup(ALERT);
    await m.update(groups(ALERT));
    expect(() => m.importState({ version: 2 } as never)).toThrow('unsupported alert state snapshot');
    const bad = { version: 1, savedAt: 0, alerts: [null, { group: 'r.yml;alerts', rule: 'HighLoad', labels: { a: 1 }, activeAt: 0 }] };
    expect(() => m.importState(bad as never)).not.toThrow();
    await m.evaluateAll(MIN);
  });

  it('groups rules and reports group fields as the API', async () => {
    const { m } = setup(ALERT);
    await m.update(groups(ALERT + REC.replace('groups:\n', '')));
    const d = m.rules();
    expect(d.groups.map((g) => [g.name, g.file, g.interval, g.limit, g.lastEvaluation])).toEqual([
      ['alerts', 'r.yml', 60, 3, '0001-01-01T00:00:00Z'],
      ['rec', 'r.yml', 10, 0, '0001-01-01T00:00:00Z'],
    ]);
    expect(m.rules('record').groups[0].rules).toEqual([]);
    expect(m.rules('alert').groups[1].rules).toEqual([]);
  });
});
