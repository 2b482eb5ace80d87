/**
 * Postings: sorted lists of series refs, and their algebra (intersect, merge, without), as in Prometheus's
 * tsdb/index/postings.go. Lists are plain sorted arrays of unsigned integers without duplicates.
 */

/** Postings is a sorted, duplicate-free list of series refs. */
export type Postings = ArrayLike<number>;

/** EMPTY_POSTINGS is the empty list. */
export const EMPTY_POSTINGS: Postings = new Uint32Array(0);

/** intersect returns the refs present in every list (the empty list when given none). */
export function intersect(lists: readonly Postings[]): Postings {
  if (lists.length === 0) return EMPTY_POSTINGS;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc: Postings = sorted[0];
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect2(acc, sorted[i]);
  return acc;
}

/** intersect2 intersects two lists, galloping through the longer one. */
function intersect2(a: Postings, b: Postings): Postings {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i];
    j = seek(b, x, j);
    if (j < b.length && b[j] === x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/** seek returns the first index >= from whose value is >= x (exponential then binary search). */
export function seek(p: Postings, x: number, from: number): number {
  if (from >= p.length || p[from] >= x) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < p.length && p[hi] < x) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > p.length) hi = p.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** merge returns the union of the lists. */
export function merge(lists: readonly Postings[]): Postings {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY_POSTINGS;
  if (nonEmpty.length === 1) return nonEmpty[0];
  if (nonEmpty.length === 2) return merge2(nonEmpty[0], nonEmpty[1]);
  let total = 0;
  for (const l of nonEmpty) total += l.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const l of nonEmpty) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[n - 1] !== all[i]) all[n++] = all[i];
  return all.subarray(0, n);
}

function merge2(a: Postings, b: Postings): Postings {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) out[n++] = a[i++];
    else if (y < x) out[n++] = b[j++];
    else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.subarray(0, n);
}

/** without returns the refs of p that are not in drop. */
export function without(p: Postings, drop: Postings): Postings {
  if (drop.length === 0 || p.length === 0) return p;
  const out = new Uint32Array(p.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    j = seek(drop, x, j);
    if (j >= drop.length || drop[j] !== x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/** contains reports whether the list holds x. */
export function contains(p: Postings, x: number): boolean {
  const i = seek(p, x, 0);
  return i < p.length && p[i] === x;
}
