/**
 * Records of typed arrays packed into one Blob, for the stores whose records are replaced or deleted all the time
 * (chunk batches, checkpoint shards, sample logs).
 *
 * Why: Chromium keeps an IndexedDB value inline in its LevelDB unless it is a Blob or larger than 64 KiB after
 * compression, and inline bytes stay counted against the origin's quota until LevelDB compacts its write-ahead log,
 * which happens after about 4 MiB of writes. Deleting or overwriting an inline record frees nothing until then: with
 * a quota of a few MiB, every write is refused for good once that much was written (measured in Chromium 156 with a
 * 2 MiB quota: 1,021 overwrites of five 2 KB records, refused ever after, clear() included). A Blob is a file of its
 * own that goes as soon as its record is deleted or overwritten, leaving under a kilobyte in the log per transaction.
 *
 * Layout: a little-endian uint32 header length, a JSON header `{ f: [[name, type, length], ...], s: {scalars} }`,
 * padding to 8 bytes, then each array's bytes padded to 8 bytes, in header order (so views need no copy).
 */

const TYPES = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float64Array,
} as const;

type TypeName = keyof typeof TYPES;
type Field = [name: string, type: TypeName, length: number];

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** packRecord writes a record of typed arrays and JSON scalars into one Blob. */
export function packRecord(rec: object): Blob {
  const f: Field[] = [];
  const s: Record<string, unknown> = {};
  const parts: BlobPart[] = [];
  for (const [name, v] of Object.entries(rec)) {
    if (v === undefined) continue;
    if (ArrayBuffer.isView(v)) {
      const type = v.constructor.name as TypeName;
      if (!(type in TYPES)) throw new TypeError(`packRecord: ${name} is a ${type}`);
      f.push([name, type, (v as unknown as ArrayLike<number>).length]);
      parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength) as Uint8Array<ArrayBuffer>, new Uint8Array(pad8(v.byteLength)));
    } else s[name] = v;
  }
  const header = new TextEncoder().encode(JSON.stringify({ f, s }));
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, header.byteLength, true);
  return new Blob([len, header, new Uint8Array(pad8(4 + header.byteLength)), ...parts]);
}

/** unpackRecord reads a record packRecord wrote; the arrays are views of buf. */
export function unpackRecord<T>(buf: ArrayBuffer): T {
  const n = new DataView(buf).getUint32(0, true);
  const { f, s } = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n))) as { f: Field[]; s: Record<string, unknown> };
  const out: Record<string, unknown> = { ...s };
  let at = 4 + n + pad8(4 + n);
  for (const [name, type, length] of f) {
    if (name === '__proto__') throw new Error('unpackRecord: a field named __proto__');
    const Type = TYPES[type];
    if (!Type) throw new Error(`unpackRecord: unknown array type ${type}`);
    const bytes = length * Type.BYTES_PER_ELEMENT;
    if (at + bytes > buf.byteLength) throw new Error(`unpackRecord: ${name} runs past the record's end`);
    out[name] = new Type(buf, at, length);
    at += bytes + pad8(bytes);
  }
  return out as T;
}

/** readRecord turns a stored value into its record: a packed Blob is read and unpacked, an older plain record kept. */
export async function readRecord<T>(v: unknown): Promise<T> {
  return v instanceof Blob ? unpackRecord<T>(await v.arrayBuffer()) : (v as T);
}
