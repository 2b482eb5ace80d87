import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeWriteRequest, snappyEncode, writeRequestProto, type RemoteMetadata, type RemoteSeries } from '../../../src/remote';
import { STALE_NAN } from '../../../src/model/value';
import { decodeWriteRequest, fields, snappyDecode, str } from './decode';

describe('snappyEncode', () => {
  const enc = new TextEncoder();
  const table: [string, Uint8Array][] = [
    ['empty', new Uint8Array()],
    ['short', enc.encode('abc')],
    ['repetitive', enc.encode('up{job="a"} 1\n'.repeat(500))],
    ['long literal', Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24)],
    ['zeros over two blocks', new Uint8Array(200_000)],
  ];
  for (const [name, input] of table) {
    // Buffer comparison: a deep equality over 200 kB takes seconds on a loaded machine.
    it(name, () => expect(Buffer.from(snappyDecode(snappyEncode(input))).equals(Buffer.from(input))).toBe(true));
  }

  it('compresses repetitive input', () => {
    expect(snappyEncode(new Uint8Array(10_000)).length).toBeLessThan(600);
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 8 }), (a, reps) => {
        const input = new Uint8Array(a.length * reps);
        for (let r = 0; r < reps; r++) input.set(a, r * a.length);
        expect(Buffer.from(snappyDecode(snappyEncode(input))).equals(Buffer.from(input))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('encodeWriteRequest', () => {
  it('decodes back to the same series and metadata', () => {
    const series: RemoteSeries[] = [
      { labels: ['__name__', 'up', 'instance', 'h:9100', 'job', 'node'], samples: [{ value: 1, timestamp: 1_700_000_000_123 }, { value: 0, timestamp: 1_700_000_015_123 }] },
      { labels: ['__name__', 'weird', 'l', 'ünï "q"'], samples: [{ value: -Infinity, timestamp: -5 }, { value: 0.1, timestamp: 0 }] },
    ];
    const metadata: RemoteMetadata[] = [{ family: 'up', type: 'gauge', help: 'Up.', unit: '' }, { family: 'c', type: 'counter', help: '', unit: 'seconds' }];
    expect(decodeWriteRequest(encodeWriteRequest(series, metadata))).toEqual({ series, metadata });
  });

  it('keeps the stale marker bit pattern', () => {
    const body = writeRequestProto([{ labels: ['__name__', 'x'], samples: [{ value: STALE_NAN, timestamp: 1 }] }]);
    const sample = fields(fields(fields(body)[0].bytes!)[1].bytes!)[0];
    const bits = new DataView(new Float64Array([sample.double!]).buffer).getBigUint64(0, true);
    expect(bits).toBe(new DataView(new Float64Array([STALE_NAN]).buffer).getBigUint64(0, true));
  });

  it('an empty request is empty', () => {
    expect(writeRequestProto([])).toEqual(new Uint8Array());
  });
});

describe('ProtoWriter', () => {
  it('writes nested messages of every length-prefix size and long strings', () => {
    for (const n of [0, 1, 4, 5, 127, 128, 300, 16_383, 16_384, 70_000]) {
      const payload = 'x'.repeat(n);
      const body = writeRequestProto([{ labels: ['__name__', payload, 'a', 'ü'.repeat(50)], samples: [] }]);
      const ts = fields(fields(body)[0].bytes!);
      expect([str(fields(ts[0].bytes!), 2), str(fields(ts[1].bytes!), 2)]).toEqual([payload, 'ü'.repeat(50)]);
    }
  });
});
