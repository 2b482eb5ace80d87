import { describe, expect, it } from 'vitest';

// Labels are local times: pin the zone so the expectations hold on any machine.
process.env.TZ = 'UTC';
import { timeTicks } from '../../../src/ui/lib/time_ticks';

describe('timeTicks', () => {
  it('puts ticks on round local times that fit the width', () => {
    const start = Date.UTC(2026, 0, 1, 10, 3, 0) / 1000;
    const ticks = timeTicks(start, start + 3600, 900);
    expect(ticks.map((t) => t.label)).toEqual(['10:10', '10:20', '10:30', '10:40', '10:50', '11:00']);
    expect(timeTicks(start, start + 60, 600).map((t) => t.label)[0]).toBe('10:03:00');
    expect(timeTicks(start, start + 7 * 86400, 700).map((t) => t.label)[0]).toBe('2026-01-02');
    expect(timeTicks(start, start, 500)).toEqual([]);
  });
});
