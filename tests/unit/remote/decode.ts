/** Independent decoders for remote-write requests (Snappy block format, protobuf wire format), used by the tests. */
import type { RemoteMetadata, RemoteSeries } from '../../../src/remote';

/** snappyDecode is an independent Snappy block decoder (all tag kinds) for checking the encoder. */
export function snappyDecode(src: Uint8Array): Uint8Array {
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

/** Field is one decoded protobuf field. */
export type Field = { field: number; wire: number; varint?: bigint; double?: number; bytes?: Uint8Array };

/** fields is an independent protobuf wire-format reader. */
export function fields(b: Uint8Array): Field[] {
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
/** str reads string field n of a decoded message. */
export const str = (fs: Field[], n: number) => dec.decode(fs.find((f) => f.field === n)?.bytes ?? new Uint8Array());

/** decodeWriteRequest decodes a compressed WriteRequest back to series and metadata. */
export function decodeWriteRequest(body: Uint8Array): { series: RemoteSeries[]; metadata: RemoteMetadata[] } {
  const types = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'] as const;
  const series: RemoteSeries[] = [];
  const metadata: RemoteMetadata[] = [];
  for (const top of fields(snappyDecode(body))) {
    const fs = fields(top.bytes!);
    if (top.field === 1) {
      const labels: string[] = [];
      const samples: { value: number; timestamp: number }[] = [];
      const exemplars: { labels: string[]; value: number; timestamp: number }[] = [];
      for (const f of fs) {
        const inner = fields(f.bytes!);
        if (f.field === 1) labels.push(str(inner, 1), str(inner, 2));
        else if (f.field === 2) {
          const ts = inner.find((x) => x.field === 2)?.varint ?? 0n;
          samples.push({ value: inner.find((x) => x.field === 1)?.double ?? 0, timestamp: Number(BigInt.asIntN(64, ts)) });
        } else if (f.field === 3) {
          const ts = inner.find((x) => x.field === 3)?.varint ?? 0n;
          const el = inner.filter((x) => x.field === 1).flatMap((x) => [str(fields(x.bytes!), 1), str(fields(x.bytes!), 2)]);
          exemplars.push({ labels: el, value: inner.find((x) => x.field === 2)?.double ?? 0, timestamp: Number(BigInt.asIntN(64, ts)) });
        }
      }
      series.push(exemplars.length > 0 ? { labels, samples, exemplars } : { labels, samples });
    } else if (top.field === 3) {
      metadata.push({ type: types[Number(fs.find((f) => f.field === 1)?.varint ?? 0n)], family: str(fs, 2), help: str(fs, 4), unit: str(fs, 5) });
    }
  }
  return { series, metadata };
}

/** sampleBits decodes a compressed WriteRequest to `labels → [timestamp, value bits as hex]` rows, exact for NaNs. */
export function sampleBits(body: Uint8Array): { labels: string[]; samples: [number, string][] }[] {
  return fields(snappyDecode(body))
    .filter((f) => f.field === 1)
    .map((top) => {
      const labels: string[] = [];
      const samples: [number, string][] = [];
      for (const f of fields(top.bytes!)) {
        if (f.field === 1) {
          const inner = fields(f.bytes!);
          labels.push(str(inner, 1), str(inner, 2));
          continue;
        }
        if (f.field !== 2) continue;
        const b = f.bytes!;
        // The double is field 1, fixed64: its tag byte 0x09 then 8 bytes little-endian; proto3 leaves out a zero.
        const at = b[0] === 0x09 ? 0 : -1;
        let hex = '';
        for (let k = 7; k >= 0; k--) hex += at < 0 ? '00' : b[at + 1 + k].toString(16).padStart(2, '0');
        const ts = fields(b).find((x) => x.field === 2)?.varint ?? 0n;
        samples.push([Number(BigInt.asIntN(64, ts)), hex]);
      }
      return { labels, samples };
    });
}
