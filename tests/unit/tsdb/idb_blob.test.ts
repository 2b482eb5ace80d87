import { describe, expect, it } from 'vitest';
import { packRecord, readRecord, unpackRecord } from '../../../src/tsdb/idb_blob';

describe('records packed into a Blob', () => {
  it('give back every array (views of any offset) and scalar, aligned', async () => {
    const big = new Uint8Array(20).map((_, i) => i);
    const rec = {
      refs: new Uint32Array([1, 2, 3]),
      ts: new Float64Array([0.5, -Infinity, Number.NaN]),
      data: big.subarray(3, 8),
      counts: new Uint16Array([7]),
      id: 12,
      name: 'x',
      missing: undefined,
    };
    const blob = packRecord(rec);
    expect(blob).toBeInstanceOf(Blob);
    const back = await readRecord<typeof rec>(blob);
    expect(Array.from(back.refs)).toEqual([1, 2, 3]);
    expect(Array.from(back.ts)).toEqual([0.5, -Infinity, Number.NaN]);
    expect(back.ts).toBeInstanceOf(Float64Array);
    expect(Array.from(back.data)).toEqual([3, 4, 5, 6, 7]);
    expect(Array.from(back.counts)).toEqual([7]);
    expect(back.id).toBe(12);
    expect(back.name).toBe('x');
    expect('missing' in back).toBe(false);
  });

  it('keep a plain record written before as it is', async () => {
    const plain = { refs: new Uint32Array([4]) };
    expect(await readRecord(plain)).toBe(plain);
  });

  it('refuse a record whose arrays run past its end', async () => {
    const buf = await packRecord({ a: new Float64Array(4) }).arrayBuffer();
    expect(() => unpackRecord(buf.slice(0, buf.byteLength - 8))).toThrow(/runs past the record's end/);
  });
});
