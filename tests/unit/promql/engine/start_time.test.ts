import { describe, expect, it } from 'vitest';
import { labelsFromObject } from '../../../../src/model/labels';
import { STALE_NAN } from '../../../../src/model/value';
import { Engine, toPrometheusJSON } from '../../../../src/promql/engine';
import { MemoryStorage } from '../../../../src/promql/promqltest/storage';

// A counter that restarts at 150 s (its start time moves past the previous sample) without its value dropping, with
// a stale marker in between that the engine removes before windows are built: start times must stay aligned.
function storage(): MemoryStorage {
  const s = new MemoryStorage();
  const ls = labelsFromObject({ __name__: 'c_total' });
  s.append(ls, 60_000, 10, 30_000);
  s.append(ls, 120_000, STALE_NAN);
  s.append(ls, 180_000, 12, 150_000);
  s.append(ls, 240_000, 15, 150_000);
  s.append(labelsFromObject({ __name__: 'plain_total' }), 240_000, 1);
  return s;
}

describe('start times read from storage', () => {
  const cases: [string, string][] = [
    // 5 since 60 s, plus the 10 counted before the restart, plus 10 counted from the known start at 30 s.
    ['increase(c_total[4m])', '25'],
    ['resets(c_total[4m])', '1'],
    ['irate(c_total[4m])', '0.05'],
    ['start_timestamp(c_total)', '150'],
    ['start_timestamp(plain_total)', '0'],
  ];
  it.each(cases)('%s', async (q, want) => {
    const r = toPrometheusJSON(await new Engine({ experimental: true }).instantQuery(storage(), q, 240_000)) as { result: { value: [number, string] }[] };
    expect(r.result.map((s) => s.value[1])).toEqual([want]);
  });

  it('are not carried through a subquery', async () => {
    const r = toPrometheusJSON(await new Engine().instantQuery(storage(), 'resets(c_total[4m:1m])', 240_000)) as { result: { value: [number, string] }[] };
    expect(r.result.map((s) => s.value[1])).toEqual(['0']);
  });
});
