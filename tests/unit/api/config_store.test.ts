import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/api/config_store';

describe('ConfigStore.getOrPut', () => {
  it('writes the first value and hands it to every later caller, as two tabs opening at once would see it', async () => {
    const name = `config-${Math.random()}`;
    const [a, b] = await Promise.all([ConfigStore.open(name), ConfigStore.open(name)]);
    let made = 0;
    const make = () => ++made * 1000;
    const [x, y] = await Promise.all([a.getOrPut('scrapeOffsetSeed', make), b.getOrPut('scrapeOffsetSeed', make)]);
    expect(x).toBe(y);
    expect(made).toBe(1);
    expect(await (await ConfigStore.open(name)).get('scrapeOffsetSeed')).toBe(x);
  });

  it('an existing value wins over make()', async () => {
    const name = `config-${Math.random()}`;
    const s = await ConfigStore.open(name);
    await s.put('scrapeOffsetSeed', 5);
    expect(await s.getOrPut('scrapeOffsetSeed', () => 9)).toBe(5);
  });
});
