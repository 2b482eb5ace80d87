import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppendError } from '../../../src/model/storage';
import { Head } from '../../../src/tsdb/head';

const SERIES = [
  ['__name__', 'a'],
  ['__name__', 'b', 'x', '1'],
  ['__name__', 'c', 'constructor', 'y'],
];

type Op = { series: number; t: number; v: number } | { end: 'commit' | 'rollback' };

/** value mixes small integers and quarters (compact chunks with decimal values) with any other double (XOR values). */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.integer({ min: -12, max: 12 }).map((x) => x / 4) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).filter((x) => !Object.is(x, -0)) },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ series: fc.nat(2), t: fc.integer({ min: 0, max: 60 }), v: value }) },
  { weight: 1, arbitrary: fc.record({ end: fc.constantFrom('commit' as const, 'rollback' as const) }) },
);

/** Model keeps per series the committed samples and applies Prometheus's append rules. */
class Model {
  committed = SERIES.map(() => new Map<number, number>());
  pending = SERIES.map(() => new Map<number, number>());

  last(i: number): [number, number] | null {
    const all = [...this.committed[i], ...this.pending[i]];
    if (all.length === 0) return null;
    return all.reduce((a, b) => (b[0] > a[0] ? b : a));
  }

  append(i: number, t: number, v: number): string {
    const last = this.last(i);
    if (last && t < last[0]) return 'out_of_order';
    if (last && t === last[0]) return last[1] === v ? 'ok' : 'duplicate';
    this.pending[i].set(t, v);
    return 'ok';
  }

  end(kind: 'commit' | 'rollback'): void {
    if (kind === 'commit') this.pending.forEach((p, i) => p.forEach((v, t) => this.committed[i].set(t, v)));
    this.pending = SERIES.map(() => new Map());
  }
}

describe('Head against a model', () => {
  it('agrees with a simple model on random appends, commits and rollbacks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 120 }), fc.integer({ min: 2, max: 7 }), async (ops, chunkSamples) => {
        const head = new Head({ chunkSamples });
        const model = new Model();
        let app = head.appender();
        for (const o of ops) {
          if ('end' in o) {
            if (o.end === 'commit') await app.commit();
            else app.rollback();
            model.end(o.end);
            app = head.appender();
            continue;
          }
          let got = 'ok';
          try {
            app.append(0, SERIES[o.series], o.t, o.v);
          } catch (e) {
            got = (e as AppendError).kind;
          }
          expect(got).toBe(model.append(o.series, o.t, o.v));
        }
        await app.commit();
        model.end('commit');
        const selected = await head.querier().select([{ type: '=~', name: '__name__', value: '.+' }], 10, 50);
        const want = model.committed
          .map((m, i) => ({ labels: SERIES[i], samples: [...m].filter(([t]) => t >= 10 && t <= 50).sort((a, b) => a[0] - b[0]) }))
          .filter((s) => s.samples.length > 0);
        expect(selected.map((s) => ({ labels: s.labels, samples: [...s.timestamps].map((t, k) => [t, s.values[k]]) }))).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
