import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TsdbScriptStorage } from '../../../src/cli/promqltest_tsdb';
import { runScript } from '../../../src/promql/promqltest/runner';

const SCRIPT = `
load 1m
    cumulative{type="st"}@st   _ -30s-1mx4
    cumulative{type="st"}      _ 0+60x4
    mixed                      1 2 {{schema:0 sum:5 count:4 buckets:[1 2 1]}} {{schema:0 sum:6 count:5 buckets:[1 3 1]}} stale 7
    hist                       {{schema:3 sum:1 count:2 buckets:[1 1] counter_reset_hint:gauge}}x3

eval instant at 3m mixed
    mixed {{schema:0 sum:6 count:5 buckets:[1 3 1]}}

eval instant at 4m mixed

eval instant at 5m mixed
    mixed 7

eval instant at 2m hist
    hist {{schema:3 sum:1 count:2 buckets:[1 1] counter_reset_hint:gauge}}

eval range from 2m to 4m step 1m rate(cumulative[5m])
    {type="st"} 0.2 0.4 0.6

load 1m
    later 0+1x200

eval instant at 200m later
    later 200

clear

eval instant at 0m mixed
`;

describe('promqltest through the TSDB store', () => {
  it('appends each load through the head, flushes, reopens from IndexedDB and evaluates against what was restored', async () => {
    const stores: TsdbScriptStorage[] = [];
    const outcomes = await runScript(SCRIPT, {
      storage: () => {
        const s = new TsdbScriptStorage();
        stores.push(s);
        return s;
      },
    });
    expect(outcomes.map((o) => o.message)).toEqual(outcomes.map(() => ''));
    expect(outcomes).toHaveLength(7);
    expect(stores[0].reopened).toBe(2);
    expect(stores[0].refused).toEqual({});
  });

  it('reports a wrong expectation as a failure', async () => {
    const outcomes = await runScript('load 1m\n    h {{schema:0 sum:5 count:4 buckets:[1 2 1]}}\n\neval instant at 0m h\n    h {{schema:0 sum:5 count:4 buckets:[1 3 1]}}\n', {
      storage: () => new TsdbScriptStorage(),
    });
    expect(outcomes.map((o) => o.ok)).toEqual([false]);
  });
});
