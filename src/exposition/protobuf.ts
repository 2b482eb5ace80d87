/**
 * The Prometheus protobuf exposition format: a body of varint-length-delimited `io.prometheus.client.MetricFamily`
 * messages. Decoding is @bufbuild/protobuf's (types generated from src/proto); before a message is decoded, its wire
 * structure is walked against the message descriptors, because the library reads a field of the wrong wire type or
 * a nested length past its parent without complaint. So a malformed body fails with the byte offset of the fault.
 */
import { fromBinary, ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { MetricFamilySchema, type MetricFamily } from '../proto/io/prometheus/client/metrics_pb';

/** PROTOBUF_MEDIA_TYPE is the Content-Type of the delimited protobuf exposition (without parameters). */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.google.protobuf';

/** PROTOBUF_CONTENT_TYPE is the full Content-Type a target sends with the delimited MetricFamily format. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/**
 * acceptsProtobuf reports whether an Accept header asks for the delimited MetricFamily protobuf format (the media type
 * with both `proto=io.prometheus.client.MetricFamily` and `encoding=delimited`), as client_golang negotiates it.
 */
export function acceptsProtobuf(accept: string): boolean {
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    return type.toLowerCase() === PROTOBUF_MEDIA_TYPE && params.includes('proto=io.prometheus.client.MetricFamily') && params.includes('encoding=delimited');
  });
}

/** ProtobufError is a malformed protobuf body: `offset` is the 0-based byte where the fault lies. */
export class ProtobufError extends Error {
  constructor(
    readonly offset: number,
    readonly msg: string,
  ) {
    super(`byte ${offset}: ${msg}`);
  }
}

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;
const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit', 'type 6', 'type 7'];

function scalarWire(t: ScalarType): number {
  switch (t) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return I64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return I32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return LEN;
    default:
      return VARINT;
  }
}

/** FieldRule is what the walker expects of one field number: its wire type, whether packed is allowed, a child. */
interface FieldRule {
  readonly wire: number;
  readonly packable: boolean;
  readonly child?: DescMessage;
  readonly name: string;
}

const rulesCache = new WeakMap<DescMessage, Map<number, FieldRule>>();

function rulesOf(desc: DescMessage): Map<number, FieldRule> {
  let rules = rulesCache.get(desc);
  if (rules) return rules;
  rules = new Map();
  for (const f of desc.fields) rules.set(f.number, ruleOf(f, desc));
  rulesCache.set(desc, rules);
  return rules;
}

function ruleOf(f: DescField, parent: DescMessage): FieldRule {
  const name = `${parent.name}.${f.name}`;
  switch (f.fieldKind) {
    case 'scalar':
      return { wire: scalarWire(f.scalar), packable: false, name };
    case 'enum':
      return { wire: VARINT, packable: false, name };
    case 'message':
      return { wire: LEN, packable: false, child: f.message, name };
    case 'list':
      if (f.listKind === 'message') return { wire: LEN, packable: false, child: f.message, name };
      if (f.listKind === 'enum') return { wire: VARINT, packable: true, name };
      return { wire: scalarWire(f.scalar), packable: f.scalar !== ScalarType.STRING && f.scalar !== ScalarType.BYTES, name };
    default:
      return { wire: LEN, packable: false, name };
  }
}

/** Wire walks protobuf bytes, tracking the position for error messages. */
class Wire {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** varint reads an unsigned varint of up to 10 bytes (as a float: exact below 2^53), failing at `end`. */
  varint(end: number, what: string): number {
    const start = this.pos;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtobufError(start, `truncated varint (${what})`);
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new ProtobufError(start, `varint longer than 10 bytes (${what})`);
  }

  /** skip steps over one value of a wire type that needs no descriptor (fixed sizes and lengths). */
  fixed(size: number, end: number, what: string): void {
    if (this.pos + size > end) throw new ProtobufError(this.pos, `truncated ${size * 8}-bit value (${what})`);
    this.pos += size;
  }

  /** length reads a length prefix and checks that the bytes it announces lie inside [pos, end). */
  length(end: number, what: string): number {
    const at = this.pos;
    const n = this.varint(end, `length of ${what}`);
    if (n > end - this.pos) {
      throw new ProtobufError(at, `length ${n} of ${what} runs past the end of its ${end === this.buf.length ? 'body' : 'enclosing message'} (${end - this.pos} bytes left)`);
    }
    return n;
  }

  /** message checks the fields of a message of type desc that fills [pos, end). */
  message(desc: DescMessage, end: number, depth: number): void {
    if (depth > 32) throw new ProtobufError(this.pos, 'messages nested too deeply');
    const rules = rulesOf(desc);
    while (this.pos < end) {
      const at = this.pos;
      const tag = this.varint(end, `field tag in ${desc.name}`);
      const wire = tag % 8;
      const no = Math.floor(tag / 8);
      if (no === 0) throw new ProtobufError(at, `field number 0 in ${desc.name}`);
      const rule = rules.get(no);
      if (rule === undefined) {
        this.skipUnknown(wire, end, at, `${desc.name} field ${no}`);
        continue;
      }
      if (wire === rule.wire) {
        if (rule.child) {
          const n = this.length(end, rule.name);
          this.message(rule.child, this.pos + n, depth + 1);
        } else this.value(wire, end, rule.name);
      } else if (wire === LEN && rule.packable) {
        const n = this.length(end, rule.name);
        const stop = this.pos + n;
        while (this.pos < stop) this.value(rule.wire, stop, rule.name);
      } else {
        throw new ProtobufError(at, `wrong wire type ${WIRE_NAMES[wire]} for ${rule.name} (field ${no}), expected ${WIRE_NAMES[rule.wire]}`);
      }
    }
  }

  private value(wire: number, end: number, what: string): void {
    if (wire === VARINT) this.varint(end, what);
    else if (wire === I64) this.fixed(8, end, what);
    else if (wire === I32) this.fixed(4, end, what);
    else {
      const n = this.length(end, what);
      this.pos += n;
    }
  }

  private skipUnknown(wire: number, end: number, at: number, what: string): void {
    if (wire === VARINT || wire === I64 || wire === I32 || wire === LEN) this.value(wire, end, what);
    else throw new ProtobufError(at, `unsupported wire type ${WIRE_NAMES[wire]} (${what})`);
  }
}

/**
 * decodeMetricFamilies decodes a delimited protobuf body into MetricFamily messages. It throws ProtobufError with
 * the byte offset of the first fault: a truncated varint, a length past the body or its enclosing message, a field
 * of the wrong wire type, an unsupported wire type.
 */
export function decodeMetricFamilies(body: Uint8Array): MetricFamily[] {
  return decodeWithOffsets(body).families;
}

/** decodeWithOffsets is decodeMetricFamilies that also returns where each family's message starts in the body. */
export function decodeWithOffsets(body: Uint8Array): { families: MetricFamily[]; offsets: number[] } {
  const w = new Wire(body);
  const out: MetricFamily[] = [];
  const offsets: number[] = [];
  while (w.pos < body.length) {
    const n = w.length(body.length, 'MetricFamily message');
    const start = w.pos;
    offsets.push(start);
    const end = start + n;
    w.message(MetricFamilySchema, end, 0);
    try {
      out.push(fromBinary(MetricFamilySchema, body.subarray(start, end), { readUnknownFields: false }));
    } catch (e) {
      throw new ProtobufError(start, `MetricFamily message: ${(e as Error).message}`);
    }
  }
  return { families: out, offsets };
}
