/**
 * Per-step k-selection for topk and bottomk: a bounded heap of the k best candidates instead of sorting every
 * series at every step. The order is Prometheus's: by value (descending for topk, ascending for bottomk), NaN after
 * every number, and among equal values the series that came first wins (input order), as a stable sort would.
 */

/** KOrder says whether value a ranks strictly before value b (NaN ranks after every number, equal values tie). */
export type KOrder = (a: number, b: number) => boolean;

/** K_BEFORE holds the value order of each k-selection operator that orders by value. */
export const K_BEFORE: Record<string, KOrder> = {
  topk: (a, b) => a > b || (a === a && b !== b),
  bottomk: (a, b) => a < b || (a === a && b !== b),
};

/**
 * KHeap keeps the k best of a stream of candidates (ids with values) in a heap whose root is the worst kept one.
 * Candidates must arrive in ascending id order, so a tie with the root never displaces it.
 */
export class KHeap {
  private ids = new Int32Array(16);
  private vals = new Float64Array(16);
  private size = 0;
  private k = 0;

  constructor(private readonly before: KOrder) {}

  /** reset empties the heap and sets how many candidates it keeps; at most `most` will be offered (room is made for them). */
  reset(k: number, most = k): void {
    this.size = 0;
    this.k = k;
    const cap = Math.min(k, most, 1 << 20);
    if (this.ids.length < cap) {
      this.ids = new Int32Array(cap);
      this.vals = new Float64Array(cap);
    }
  }

  /** offer considers one candidate. */
  offer(id: number, v: number): void {
    if (this.size < this.k) {
      if (this.size === this.ids.length) this.grow();
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(v, id, this.vals[p], this.ids[p])) break;
        this.ids[i] = this.ids[p];
        this.vals[i] = this.vals[p];
        i = p;
      }
      this.ids[i] = id;
      this.vals[i] = v;
      return;
    }
    if (this.size === 0 || !this.before(v, this.vals[0])) return;
    this.siftDown(id, v);
  }

  /** count returns how many candidates are kept. */
  count(): number {
    return this.size;
  }

  /** drain writes the kept ids into out, best first, and empties the heap; returns how many were written. */
  drain(out: Int32Array): number {
    const n = this.size;
    for (let j = n - 1; j >= 0; j--) {
      out[j] = this.ids[0];
      const lastId = this.ids[this.size - 1];
      const lastV = this.vals[this.size - 1];
      this.size--;
      if (this.size > 0) this.siftDown(lastId, lastV);
    }
    return n;
  }

  /** keptIds writes the kept ids into out in no particular order (the heap is left as it is). */
  keptIds(out: Int32Array): number {
    out.set(this.ids.subarray(0, this.size));
    return this.size;
  }

  /** worse says whether candidate (v, id) ranks after (w, jd): by value, then the later id is worse. */
  private worse(v: number, id: number, w: number, jd: number): boolean {
    if (this.before(w, v)) return true;
    if (this.before(v, w)) return false;
    return id > jd;
  }

  private siftDown(id: number, v: number): void {
    const { ids, vals } = this;
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.worse(vals[c + 1], ids[c + 1], vals[c], ids[c])) c++;
      if (!this.worse(vals[c], ids[c], v, id)) break;
      ids[i] = ids[c];
      vals[i] = vals[c];
      i = c;
    }
    ids[i] = id;
    vals[i] = v;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    const vals = new Float64Array(this.vals.length * 2);
    ids.set(this.ids);
    vals.set(this.vals);
    this.ids = ids;
    this.vals = vals;
  }
}
