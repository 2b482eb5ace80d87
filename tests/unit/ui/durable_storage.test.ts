import { describe, expect, it } from 'vitest';
import { DurableStorage, PERSIST_ANSWER_KEY, type PersistEnv } from '../../../src/ui/lib/durable_storage.svelte';

function fakeEnv(answer: boolean, stored: string | null = null) {
  const store = new Map<string, string>(stored === null ? [] : [[PERSIST_ANSWER_KEY, stored]]);
  let persistent = false;
  const calls = { persist: 0 };
  const env: PersistEnv = {
    manager: {
      persist: async () => {
        calls.persist++;
        persistent = answer;
        return answer;
      },
      persisted: async () => persistent,
    },
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    now: () => new Date('2026-12-07T16:00:00Z'),
  };
  return { env, calls, store };
}

describe('DurableStorage', () => {
  it('asks nothing when created or refreshed', async () => {
    const { env, calls } = fakeEnv(true);
    const d = new DurableStorage(env);
    await d.refresh();
    expect(calls.persist).toBe(0);
    expect(d.persisted).toBe(false);
    expect(d.answer).toBeNull();
  });

  it('asks once after the first target, and remembers the answer', async () => {
    const { env, calls, store } = fakeEnv(true);
    const d = new DurableStorage(env);
    await d.afterFirstTarget();
    await d.afterFirstTarget();
    expect(calls.persist).toBe(1);
    expect(d.persisted).toBe(true);
    expect(JSON.parse(store.get(PERSIST_ANSWER_KEY)!)).toEqual({ granted: true, at: '2026-12-07T16:00:00.000Z' });
  });

  it('does not ask after the first target again in a later page once the browser answered, even no', async () => {
    const { env, calls } = fakeEnv(true, JSON.stringify({ granted: false, at: '2026-12-06T10:00:00.000Z' }));
    const d = new DurableStorage(env);
    expect(d.answer).toEqual({ granted: false, at: '2026-12-06T10:00:00.000Z' });
    await d.afterFirstTarget();
    expect(calls.persist).toBe(0);
  });

  it('asks again whenever the user presses the button, and records a refusal', async () => {
    const { env, calls } = fakeEnv(false);
    const d = new DurableStorage(env);
    expect(await d.request()).toBe(false);
    expect(await d.request()).toBe(false);
    expect(calls.persist).toBe(2);
    expect(d.answer?.granted).toBe(false);
    expect(d.busy).toBe(false);
  });

  it.each([['garbage'], ['{"granted":"yes"}'], ['null']])('ignores a stored answer it cannot read: %s', (raw) => {
    expect(new DurableStorage(fakeEnv(true, raw).env).answer).toBeNull();
  });

  it('does nothing where the browser has no persistent-storage API', async () => {
    const d = new DurableStorage({ manager: undefined, storage: null, now: () => new Date() });
    expect(d.supported).toBe(false);
    await d.afterFirstTarget();
    expect(await d.request()).toBe(false);
    await d.refresh();
    expect(d.persisted).toBe(false);
  });
});
