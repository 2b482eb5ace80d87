import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/api/config_store';
import { PUSH_HOST, PushService, pushFetch } from '../../../src/api/push_service';

describe('PushService', () => {
  it('persists groups so a new service over the same store keeps them', async () => {
    const config = await ConfigStore.open();
    const a = new PushService(async () => config, () => 5000);
    expect(await a.push({ method: 'PUT', job: 'j', labels: { x: 'y' }, body: 'm 1\n' })).toEqual({ ok: true });
    const b = new PushService(async () => config);
    expect(await b.groups()).toEqual([{ labels: { job: 'j', x: 'y' }, families: ['m'], pushTime: 5, failureTime: 0 }]);
  });

  it('answers a malformed body with its position and keeps nothing', async () => {
    const s = new PushService(ConfigStore.open);
    const r = await s.push({ method: 'POST', job: 'j', body: 'ok 1\nbad{ 1\n' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^line 2, column \d+/);
    expect(await s.groups()).toEqual([]);
  });

  it('serves its text to the pushgateway scrape in-process and the rest to next', async () => {
    const s = new PushService(ConfigStore.open);
    await s.push({ method: 'PUT', job: 'j', body: 'm 2\n' });
    const f = pushFetch(() => s, async () => new Response('next'));
    expect(await (await f(`http://${PUSH_HOST}/metrics`)).text()).toContain('m{job="j"} 2\n');
    expect(await (await f('http://elsewhere/metrics')).text()).toBe('next');
  });
});
