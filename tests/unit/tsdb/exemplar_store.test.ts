import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ExemplarStore } from '../../../src/tsdb/exemplar_store';
import { IdbExemplarPersistence, decodeBatch, encodeBatch, type ExemplarBatch, type ExemplarPersistence } from '../../../src/tsdb/exemplar_idb';
import { labelsFromObject } from '../../../src/model/labels';
import { ExemplarError, type Appendable, type Appender } from '../../../src/model/storage';
import type { Exemplar } from '../../../src/model/exemplar';
import type { Matcher } from '../../../src/model/matcher';

const A = labelsFromObject({ __name__: 'requests_total', job: 'a' });
const all: Matcher[][] = [[{ type: '=~', name: '__name__', value: '.+' }]];

function ex(trace: string, ts: number, value = 1): Exemplar {
  return { labels: labelsFromObject({ trace_id: trace }), value, ts, hasTs: true };
}

/** sink is an Appendable whose commits can be made to fail. */
function sink(fail = false): Appendable & { samples: number } {
  const s = {
    samples: 0,
    appender(): Appender {
      let n = 0;
      return {
        append: (ref) => (n++, ref),
        appendHistogram: (ref) => (n++, ref),
        commit: async () => {
          if (fail) throw new Error('commit failed');
          s.samples += n;
        },
        rollback: () => {},
      };
    },
  };
  return s;
}

let dbs = 0;
async function freshDb(): Promise<IdbExemplarPersistence> {
  return IdbExemplarPersistence.open(`exemplars-test-${++dbs}`);
}

describe('ExemplarStore', () => {
  it('stores a transaction exemplars only when it commits, refusing out-of-order ones at append', async () => {
    const store = new ExemplarStore({ size: 10 });
    const app = store.appendable(sink()).appender();
    app.append(0, A, 1000, 1);
    app.appendExemplar!(0, A, ex('t1', 1000));
    expect(store.select(0, 5000, all)).toEqual([]);
    await app.commit();
    expect(store.select(0, 5000, all)[0].exemplars.map((e) => e.ts)).toEqual([1000]);

    const late = store.appendable(sink()).appender();
    expect(() => late.appendExemplar!(0, A, ex('t0', 500))).toThrow(ExemplarError);
    // A repeat of the newest exemplar is accepted silently and stores nothing new.
    expect(late.appendExemplar!(7, A, ex('t1', 1000))).toBe(7);
    await late.commit();
    expect(store.stats().exemplarsInStorage).toBe(1);

    const rolled = store.appendable(sink()).appender();
    rolled.appendExemplar!(0, A, ex('t2', 2000));
    rolled.rollback();
    expect(store.stats().exemplarsInStorage).toBe(1);
  });

  it('stores nothing of a transaction whose samples failed to commit', async () => {
    const store = new ExemplarStore({ size: 10 });
    const app = store.appendable(sink(true)).appender();
    app.appendExemplar!(0, A, ex('t1', 1000));
    await expect(app.commit()).rejects.toThrow('commit failed');
    expect(store.stats().exemplarsInStorage).toBe(0);
  });

  it('saves batches to IndexedDB and a reload rebuilds the same ring, keeping only the batches the ring needs', async () => {
    const db = await freshDb();
    const store = new ExemplarStore({ size: 3, persistence: db });
    await store.load();
    for (let i = 1; i <= 7; i++) {
      store.add([{ series: A, e: ex(`t${i}`, i * 1000) }]);
      await store.flush();
    }
    expect((await db.load()).length).toBe(3);
    const again = new ExemplarStore({ size: 3, persistence: db });
    await again.load();
    expect(again.entries()).toEqual(store.entries());
    expect(again.select(0, 10_000, all)[0].exemplars.map((e) => e.ts)).toEqual([5000, 6000, 7000]);
    // The sequence continues after the stored batches.
    again.add([{ series: A, e: ex('t8', 8000) }]);
    await again.flush();
    const third = new ExemplarStore({ size: 3, persistence: db });
    await third.load();
    expect(third.entries().map((x) => x.e.ts)).toEqual([6000, 7000, 8000]);
    db.close();
  });

  it('keeps unsaved exemplars after a failed save (a full quota) and saves them at the next try', async () => {
    const batches = new Map<number, ExemplarBatch>();
    let fail = true;
    const errors: string[] = [];
    const p: ExemplarPersistence = {
      load: async () => [...batches].map(([seq, batch]) => ({ seq, batch })),
      write: async (seq, batch, drop) => {
        if (fail) throw new DOMException('quota', 'QuotaExceededError');
        for (const d of drop) batches.delete(d);
        batches.set(seq, batch);
      },
      clear: async () => batches.clear(),
      close: () => {},
    };
    const store = new ExemplarStore({ size: 10, persistence: p, onError: (m) => errors.push(m) });
    await store.load();
    store.add([{ series: A, e: ex('t1', 1000) }]);
    await store.flush();
    store.add([{ series: A, e: ex('t2', 2000) }]);
    await store.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not be saved/);
    expect(store.stats().exemplarsInStorage).toBe(2);
    fail = false;
    await store.flush();
    const again = new ExemplarStore({ size: 10, persistence: p });
    await again.load();
    expect(again.entries().map((x) => x.e.ts)).toEqual([1000, 2000]);
  });

  it('skips a stored record of another shape and says so', async () => {
    const errors: string[] = [];
    const p: ExemplarPersistence = {
      load: async () => [
        { seq: 1, batch: { series: 'x' } as unknown as ExemplarBatch },
        { seq: 2, batch: encodeBatch([{ series: A, e: ex('ok', 1000) }]) },
      ],
      write: async () => {},
      clear: async () => {},
      close: () => {},
    };
    const store = new ExemplarStore({ persistence: p, onError: (m) => errors.push(m) });
    await store.load();
    expect(errors[0]).toMatch(/skipped a stored exemplar batch/);
    expect(store.stats().exemplarsInStorage).toBe(1);
  });

  it('encodes and decodes batches losslessly, each series once', () => {
    const B = labelsFromObject({ __name__: 'requests_total', job: 'b' });
    const items = [
      { series: A, e: ex('1', 1000, 0.25) },
      { series: B, e: { labels: [], value: NaN, ts: 2000, hasTs: false } },
      { series: A, e: ex('3', 3000, -1) },
    ];
    const b = encodeBatch(items);
    expect(b.series).toHaveLength(2);
    expect(decodeBatch(b)).toEqual(items);
    expect(() => decodeBatch({ ...b, ref: new Uint32Array([5, 0, 0]) })).toThrow(/missing series/);
  });
});
