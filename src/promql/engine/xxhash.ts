/**
 * xxHash64 (seed 0) and Prometheus's label-set hash built on it (the default `stringlabels` encoding: each name
 * and value prefixed by its byte length), so limit_ratio picks the same series as Prometheus.
 */

const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, input: bigint) => (rotl((acc + input * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, v: bigint) => ((((acc ^ round(0n, v)) * P1) & M) + P4) & M;

function u64(b: Uint8Array, i: number): bigint {
  let x = 0n;
  for (let k = 7; k >= 0; k--) x = (x << 8n) | BigInt(b[i + k]);
  return x;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0);
}

/** xxhash64 hashes bytes with xxHash64 and seed 0. */
export function xxhash64(b: Uint8Array): bigint {
  const n = b.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & M;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (M + 1n - P1) & M;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, u64(b, i));
      v2 = round(v2, u64(b, i + 8));
      v3 = round(v3, u64(b, i + 16));
      v4 = round(v4, u64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else h = P5;
  h = (h + BigInt(n)) & M;
  for (; i + 8 <= n; i += 8) h = (((rotl(h ^ round(0n, u64(b, i)), 27n) * P1) & M) + P4) & M;
  if (i + 4 <= n) {
    h = (((rotl(h ^ ((u32(b, i) * P1) & M), 23n) * P2) & M) + P3) & M;
    i += 4;
  }
  for (; i < n; i++) h = (rotl(h ^ ((BigInt(b[i]) * P5) & M), 11n) * P1) & M;
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return h;
}

const encoder = new TextEncoder();

function pushSized(out: number[], s: string): void {
  const bytes = encoder.encode(s);
  const len = bytes.length;
  if (len < 255) out.push(len);
  else out.push(255, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff);
  for (const x of bytes) out.push(x);
}

/** labelsHash64 is Prometheus's Labels.Hash() for a flat label array. */
export function labelsHash64(ls: readonly string[]): bigint {
  const out: number[] = [];
  for (const s of ls) pushSized(out, s);
  return xxhash64(Uint8Array.from(out));
}
