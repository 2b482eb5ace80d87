import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeWriteRequest, snappyEncode, writeRequestProto, type RemoteMetadata, type RemoteSeries } from '../../../src/remote';
import { STALE_NAN } from '../../../src/model/value';

/** snappyDecode is an independent Snappy block decoder (all tag kinds) for checking the encoder. */
function snappyDecode(src: Uint8Array): Uint8Array {
  let i = 0;
  let len = 0;
  for (let shift = 1; ; shift *= 128) {
    const b = src[i++];
    len += (b & 0x7f) * shift;
    if (b < 0x80) break;
  }
  const out = new Uint8Array(len);
  let o = 0;
  const le = (n: number) => {
    let v = 0;
    for (let k = 0; k < n; k++) v += src[i++] * 2 ** (8 * k);
    return v;
  };
  while (i < src.length) {
    const tag = src[i++];
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >>> 2;
      if (n >= 60) n = le(n - 59);
      n += 1;
      out.set(src.subarray(i, i + n), o);
      i += n;
      o += n;
      continue;
    }
    let n: number;
    let off: number;
    if (kind === 1) {
      n = ((tag >>> 2) & 7) + 4;
      off = ((tag >>> 5) << 8) | src[i++];
    } else {
      n = (tag >>> 2) + 1;
      off = le(kind === 2 ? 2 : 4);
    }
    if (off === 0 || off > o) throw new Error(`bad offset ${off} at ${o}`);
    for (let k = 0; k < n; k++, o++) out[o] = out[o - off];
  }
  if (o !== len) throw new Error(`decoded ${o} bytes, header says ${len}`);
  return out;
}

type Field = { field: number; wire: number; varint?: bigint; double?: number; bytes?: Uint8Array };

/** fields is an independent protobuf wire-format reader. */
function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const x = b[i++];
      v |= BigInt(x & 0x7f) << shift;
      if (x < 0x80) return v;
    }
  };
  while (i < b.length) {
    const key = Number(varint());
    const f: Field = { field: key >>> 3, wire: key & 7 };
    if (f.wire === 0) f.varint = varint();
    else if (f.wire === 1) {
      f.double = new DataView(b.buffer, b.byteOffset + i, 8).getFloat64(0, true);
      i += 8;
    } else if (f.wire === 2) {
      const n = Number(varint());
      f.bytes = b.subarray(i, i + n);
      i += n;
    } else throw new Error(`wire type ${f.wire}`);
    out.push(f);
  }
  return out;
}

const dec = new TextDecoder();
const str = (fs: Field[], n: number) => dec.decode(fs.find((f) => f.field === n)?.bytes ?? new Uint8Array());

function decodeWriteRequest(body: Uint8Array): { series: RemoteSeries[]; metadata: RemoteMetadata[] } {
  const types = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'] as const;
  const series: RemoteSeries[] = [];
  const metadata: RemoteMetadata[] = [];
  for (const top of fields(snappyDecode(body))) {
    const fs = fields(top.bytes!);
    if (top.field === 1) {
      const labels: string[] = [];
      const samples: { value: number; timestamp: number }[] = [];
      for (const f of fs) {
        const inner = fields(f.bytes!);
        if (f.field === 1) labels.push(str(inner, 1), str(inner, 2));
        else {
          const ts = inner.find((x) => x.field === 2)?.varint ?? 0n;
          samples.push({ value: inner.find((x) => x.field === 1)!.double!, timestamp: Number(BigInt.asIntN(64, ts)) });
        }
      }
      series.push({ labels, samples });
    } else if (top.field === 3) {
      metadata.push({ type: types[Number(fs.find((f) => f.field === 1)?.varint ?? 0n)], family: str(fs, 2), help: str(fs, 4), unit: str(fs, 5) });
    }
  }
  return { series, metadata };
}

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
    it(name, () => expect(snappyDecode(snappyEncode(input))).toEqual(input));
  }

  it('compresses repetitive input', () => {
    expect(snappyEncode(new Uint8Array(10_000)).length).toBeLessThan(600);
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 8 }), (a, reps) => {
        const input = new Uint8Array(a.length * reps);
        for (let r = 0; r < reps; r++) input.set(a, r * a.length);
        expect(snappyDecode(snappyEncode(input))).toEqual(input);
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
