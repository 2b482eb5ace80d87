import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/api/config_store';
import type { Parts } from '../../../src/api/server';
import { StateService } from '../../../src/api/state_service';
import { newDashboard, newPanel } from '../../../src/dashboards';
import { labelsFromObject } from '../../../src/model/labels';
import { ScrapeManager } from '../../../src/scrape/manager';
import { Head } from '../../../src/tsdb';
import { writeStateFile, DEFAULT_SETTINGS } from '../../../src/state/statefile';

const CONFIG = `global:
  scrape_interval: 15s
scrape_configs:
  - job_name: app
    basic_auth:
      username: admin
      password: hunter2
    static_configs:
      - targets: ['app.example:9100', 'app2.example:9100']
  - job_name: db
    static_configs:
      - targets: ['db.example:9104']
`;

const RULES = `groups:
  - name: g
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
`;

async function profile(yaml = CONFIG): Promise<{ svc: StateService; parts: Parts }> {
  const head = new Head();
  const scrape = new ScrapeManager({ appendable: head, fetch: async () => new Response('') });
  await scrape.applyConfig(yaml);
  const config = await ConfigStore.open();
  await config.put('scrapeConfig', scrape.configYaml({ secrets: true }));
  const parts = { head, scrape, config } as unknown as Parts;
  return { svc: new StateService(async () => parts), parts };
}

const stable = (text: string) => text.replace(/"exportedAt": "[^"]+"/, '');

function unwrap<T>(r: { status: string; data?: T; error?: string }): T {
  if (r.status !== 'success') throw new Error(r.error);
  return r.data as T;
}

async function seed(parts: Parts): Promise<void> {
  const d = newDashboard('Ops', 'ops');
  d.panels.push({ ...newPanel('timeseries', 1), title: 'Up', targets: [{ refId: 'A', expr: 'up{job="$job"}', legendFormat: '', instant: false, range: true, interval: '', hide: false, format: 'time_series' }] });
  await parts.config.putAll({
    dashboards: [d],
    ruleFiles: [{ name: 'r.yml', content: RULES }],
    silences: [{ id: 's1', matchers: [{ type: '=', name: 'alertname', value: 'X' }], startsAt: 1, endsAt: 2, createdBy: 'me', comment: 'c', updatedAt: 1 }],
    settings: { ...DEFAULT_SETTINGS, allowedPushOrigins: ['https://push.example'] },
  });
}

describe('StateService', () => {
  it('exports with secrets redacted unless asked', async () => {
    const { svc, parts } = await profile();
    await seed(parts);
    const redacted = unwrap(await svc.exportState({ secrets: false }));
    expect(redacted).not.toContain('hunter2');
    expect(redacted).toContain('<secret>');
    expect(JSON.parse(redacted)).toMatchObject({ promtab: 'state', secrets: 'redacted', ruleFiles: [{ name: 'r.yml' }] });
    expect(unwrap(await svc.exportState({ secrets: true }))).toContain('hunter2');
  });

  it('round-trips into a fresh profile: preview names the changes, apply makes them', async () => {
    const src = await profile();
    await seed(src.parts);
    const file = unwrap(await src.svc.exportState({ secrets: true }));
    const dst = await profile('scrape_configs:\n  - job_name: old\n    static_configs:\n      - targets: [\'old:1\']\n');
    const preview = unwrap(await dst.svc.previewState(file));
    expect(preview.jobs).toEqual({ added: ['app', 'db'], replaced: [], removed: ['old'] });
    expect(preview.targets.added).toEqual(['app: app.example:9100', 'app: app2.example:9100', 'db: db.example:9104']);
    expect(preview.dashboards.added).toEqual(['ops']);
    expect(preview.ruleFiles.added).toEqual(['r.yml']);
    expect(preview.silences.added).toEqual(['s1']);
    expect(preview.settings).toEqual(['allowedPushOrigins']);
    expect(await dst.parts.config.get('dashboards')).toBeUndefined();
    unwrap(await dst.svc.applyState(file));
    expect(dst.parts.scrape.configYaml({ secrets: true })).toContain('hunter2');
    expect(dst.parts.scrape.config().scrapeConfigs.map((s) => s.jobName)).toEqual(['app', 'db']);
    const doc = (t: string) => ({ ...JSON.parse(t), exportedAt: '' }) as unknown;
    expect(doc(unwrap(await dst.svc.exportState({ secrets: true })))).toEqual(doc(file));
  });

  it('keeps this profile\'s secrets for <secret> placeholders, and names those it cannot fill', async () => {
    const src = await profile();
    const redacted = unwrap(await src.svc.exportState({ secrets: false }));
    const same = await profile();
    const p = unwrap(await same.svc.previewState(redacted));
    expect(p.secretsKept).toEqual(['job "app": basic_auth.password']);
    unwrap(await same.svc.applyState(redacted));
    expect(same.parts.scrape.configYaml({ secrets: true })).toContain('hunter2');
    const fresh = await profile('scrape_configs: []\n');
    const r = await fresh.svc.applyState(redacted);
    expect(r.status).toBe('success');
    expect(r.warnings?.[0]).toMatch(/job "app": basic_auth.password: the file has no secret/);
    expect(fresh.parts.scrape.configYaml({ secrets: true })).not.toContain('<secret>');
  });

  const bad: [string, (f: Record<string, unknown>) => unknown, RegExp][] = [
    ['a bad scrape config', (f) => ({ ...f, scrapeConfig: 'scrape_configs:\n  - job_name: a\n  - job_name: a\n' }), /scrapeConfig: line \d+: found multiple scrape configs/],
    ['a bad rule file', (f) => ({ ...f, ruleFiles: [{ name: 'x.yml', content: 'groups:\n  - name: g\n    rules:\n      - record: a\n        expr: sum(\n' }] }), /ruleFiles\[0\]: /],
    ['a bad dashboard', (f) => ({ ...f, dashboards: [{ promtab: 'dashboard', version: 1, dashboard: { panels: 3 } }] }), /dashboards\[0\]/],
    ['a bad silence', (f) => ({ ...f, silences: [{ id: 'x', matchers: [] }] }), /silences\[0\]\.matchers: a silence needs at least one matcher/],
    ['a bad origin', (f) => ({ ...f, settings: { allowedPushOrigins: ['javascript:alert(1)'] } }), /settings\.allowedPushOrigins\[0\]/],
    ['a newer version', (f) => ({ ...f, version: 9 }), /version: the file is version 9/],
  ];
  it.each(bad)('refuses a file with %s and changes nothing', async (_n, damage, msg) => {
    const src = await profile();
    await seed(src.parts);
    const good = JSON.parse(unwrap(await src.svc.exportState({ secrets: true }))) as Record<string, unknown>;
    const dst = await profile('scrape_configs: []\n');
    const before = stable(unwrap(await dst.svc.exportState({ secrets: true })));
    const r = await dst.svc.applyState(JSON.stringify(damage(good)));
    expect(r.status).toBe('error');
    expect(r.status === 'error' && r.error).toMatch(msg);
    expect((await dst.svc.previewState(JSON.stringify(damage(good)))).status).toBe('error');
    expect(stable(unwrap(await dst.svc.exportState({ secrets: true })))).toEqual(before);
  });

  it('refuses a file with hostile keys and changes nothing', async () => {
    const { svc } = await profile('scrape_configs: []\n');
    const text = writeStateFile({ scrapeConfig: CONFIG, dashboards: [], ruleFiles: [], silences: [], settings: DEFAULT_SETTINGS }, 'included').replace(
      '"settings": {',
      '"settings": {"__proto__": {"polluted": true},',
    );
    const r = await svc.applyState(text);
    expect(r.status === 'error' && r.error).toBe('settings.__proto__: a reserved key (__proto__, constructor or prototype); the file is refused');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(unwrap(await svc.exportState({ secrets: true }))).not.toContain('job_name');
  });

  it('streams a data export and imports it; a dashboard travels with its data', async () => {
    const src = await profile();
    await seed(src.parts);
    const app = src.parts.head.appender();
    for (let i = 0; i < 50; i++) {
      app.append(0, labelsFromObject({ __name__: 'up', job: 'app' }), Date.now() - 60_000 + i * 1000, 1);
      app.append(0, labelsFromObject({ __name__: 'other', job: 'app' }), Date.now() - 60_000 + i * 1000, 2);
    }
    await app.commit();
    const { id } = unwrap(await src.svc.exportDataStart({ format: 'snapshot', match: 'up' }));
    const pieces: Uint8Array[] = [];
    for (;;) {
      const step = unwrap(await src.svc.exportDataNext(id));
      if (step.done) break;
      pieces.push(step.data as Uint8Array);
    }
    const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    pieces.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    const dst = await profile('scrape_configs: []\n');
    expect(unwrap(await dst.svc.importData(bytes))).toMatchObject({ kind: 'snapshot', added: 50, rejected: 0 });
    const bad = await dst.svc.importData(bytes.slice(0, 30));
    expect(bad.status === 'error' && bad.error).toMatch(/truncated/);

    const file = unwrap(await src.svc.exportDashboardWithData('ops'));
    const empty = await profile('scrape_configs: []\n');
    const r = unwrap(await empty.svc.importDashboardWithData(file));
    expect(r).toMatchObject({ uid: 'ops', title: 'Ops', added: 50, series: 1 });
    expect(((await empty.parts.config.get('dashboards')) as { uid: string }[]).map((d) => d.uid)).toEqual(['ops']);
  });

  it('cancels a running export', async () => {
    const { svc } = await profile();
    const { id } = unwrap(await svc.exportDataStart({ format: 'openmetrics' }));
    await svc.exportDataCancel(id);
    expect((await svc.exportDataNext(id)).status).toBe('error');
  });
});
