import { describe, expect, it } from 'vitest';
import { Counter, Registry } from '../../../src/client';
import { pushToPromtab } from '../../../src/client/push';
import { PUSH_CHANNEL, PushStore, pushRequestOf } from '../../../src/push';

describe('pushToPromtab', () => {
  it('posts the registry on the channel and resolves with the answer', async () => {
    const store = new PushStore();
    const tab = new BroadcastChannel(PUSH_CHANNEL);
    tab.onmessage = (e: MessageEvent) => {
      const req = pushRequestOf(e.data);
      if (!req) return;
      const r = store.apply(req.method, req, req.body ?? '', 1);
      tab.postMessage({ promtabPushResult: { ok: r.ok } });
    };
    const registry = new Registry();
    registry.register(new Counter({ name: 'jobs_total', help: 'Jobs.' })).inc(3);
    const r = await pushToPromtab(registry, { job: 'batch', labels: { run: '1' } });
    tab.close();
    expect(r).toEqual({ ok: true });
    expect(store.text()).toContain('jobs_total{job="batch",run="1"} 3\n');
  });

  it('times out when no tab answers', async () => {
    expect(await pushToPromtab(new Registry(), { job: 'j', timeoutMs: 20 })).toEqual({ ok: false, error: 'no Promtab tab answered' });
  });
});
