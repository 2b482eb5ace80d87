import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Head } from '../../../src/tsdb/head';

const SERIES = [['__name__', 'a'], ['__name__', 'b', 'x', '1'], ['__name__', 'c']];
const all = [{ type: '=~' as const, name: '__name__', value: '.+' }];

type Op = { kind: 'scrape'; which: number[]; gap: number } | { kind: 'flush' } | { kind: 'kill' } | { kind: 'compact' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('scrape' as const), which: fc.subarray([0, 1, 2], { minLength: 1 }), gap: fc.integer({ min: 1, max: 40_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
);

let db = 0;

async function contents(h: Head): Promise<string[]> {
  const out: string[] = [];
  for (const s of await h.querier().select(all, -Infinity, Infinity)) {
    s.timestamps.forEach((t, i) => out.push(`${s.labels[1]}@${t}=${s.values[i]}`));
  }
  return out.sort();
}

describe('persisted Head against a model', () => {
  it('keeps exactly the flushed samples across kills, flushes (checkpoints and logs) and compactions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 }), async (ops, chunkSamples, checkpointEvery) => {
        const name = `persist-model-${db++}`;
        const opts = { chunkSamples, memoryWindowMs: 0, checkpointEvery };
        let h = await Head.open(name, opts);
        let t = 1_000_000;
        let v = 0;
        let committed: string[] = [];
        let flushed: string[] = [];
        for (const o of ops) {
          if (o.kind === 'scrape') {
            t += o.gap;
            const app = h.appender();
            for (const i of o.which) {
              app.append(0, SERIES[i], t, ++v);
              committed.push(`${SERIES[i][1]}@${t}=${v}`);
            }
            await app.commit();
          } else if (o.kind === 'flush') {
            await h.flush();
            flushed = [...committed];
          } else if (o.kind === 'compact') {
            await h.flush();
            flushed = [...committed];
            await h.applyRetention();
          } else {
            h = await Head.open(name, opts);
            committed = [...flushed];
            t += 1;
          }
          expect(await contents(h)).toEqual([...committed].sort());
        }
        await h.close();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
