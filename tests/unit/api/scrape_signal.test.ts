import { describe, expect, it } from 'vitest';
import { ScrapeSignal } from '../../../src/api/scrape_signal';
import { hasData } from '../../../src/ui/lib/data_watch.svelte';

describe('ScrapeSignal', () => {
  it('answers at once when the count moved, wakes waiters on bump, times out with the same count', async () => {
    const s = new ScrapeSignal();
    expect(await s.wait(-1, 10_000)).toBe(0);
    const pending = s.wait(0, 10_000);
    s.bump();
    expect(await pending).toBe(1);
    expect(await s.wait(1, 5)).toBe(1);
    // a timed-out waiter is forgotten: the next bump wakes only current waiters
    const next = s.wait(1, 10_000);
    s.bump();
    expect(await next).toBe(2);
  });
});

describe('hasData', () => {
  it.each([
    [[], false],
    [[{ kind: 'range', series: [] }], false],
    [[{ kind: 'range', series: [{}] }], true],
    [[{ kind: 'instant', data: { result: [] } }], false],
    [[{ kind: 'instant', data: { result: [1, '1'] } }], true],
    [[{ kind: 'error' }], true],
  ])('%j → %s', (targets, want) => {
    expect(hasData(targets)).toBe(want);
  });
});
