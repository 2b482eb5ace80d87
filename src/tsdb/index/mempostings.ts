/** MemPostings is the head's inverted index: label name → label value → sorted series refs. */
import type { Labels } from '../../model/labels';
import { compareStrings } from '../../model/labels';
import { EMPTY_POSTINGS, type Postings } from './postings';

/** MemPostings maps every label pair to the sorted refs of the series that carry it. */
export class MemPostings {
  private readonly m = new Map<string, Map<string, number[]>>();
  private all: number[] = [];

  /** add indexes a series; refs usually arrive in increasing order. */
  add(ref: number, ls: Labels): void {
    insertSorted(this.all, ref);
    for (let i = 0; i < ls.length; i += 2) {
      let values = this.m.get(ls[i]);
      if (!values) {
        values = new Map();
        this.m.set(ls[i], values);
      }
      const list = values.get(ls[i + 1]);
      if (list) insertSorted(list, ref);
      else values.set(ls[i + 1], [ref]);
    }
  }

  /** delete removes the given series (with their label sets) from the index. */
  delete(dead: ReadonlyMap<number, Labels>): void {
    if (dead.size === 0) return;
    this.all = this.all.filter((r) => !dead.has(r));
    const touched = new Map<string, Set<string>>();
    for (const ls of dead.values()) {
      for (let i = 0; i < ls.length; i += 2) {
        let vs = touched.get(ls[i]);
        if (!vs) touched.set(ls[i], (vs = new Set()));
        vs.add(ls[i + 1]);
      }
    }
    for (const [name, vs] of touched) {
      const values = this.m.get(name);
      if (!values) continue;
      for (const v of vs) {
        const kept = (values.get(v) ?? []).filter((r) => !dead.has(r));
        if (kept.length) values.set(v, kept);
        else values.delete(v);
      }
      if (values.size === 0) this.m.delete(name);
    }
  }

  /** get returns the refs of series with name=value. */
  get(name: string, value: string): Postings {
    return this.m.get(name)?.get(value) ?? EMPTY_POSTINGS;
  }

  /** allPostings returns every series ref. */
  allPostings(): Postings {
    return this.all;
  }

  /** values returns the value → refs map of a label name (undefined when no series has it). */
  values(name: string): ReadonlyMap<string, readonly number[]> | undefined {
    return this.m.get(name);
  }

  /** labelNames returns every label name, sorted. */
  labelNames(): string[] {
    return [...this.m.keys()].sort(compareStrings);
  }

  /** entries visits every name with its value map (for statistics). */
  entries(): IterableIterator<[string, Map<string, number[]>]> {
    return this.m.entries();
  }
}

function insertSorted(list: number[], ref: number): void {
  const n = list.length;
  if (n === 0 || list[n - 1] < ref) {
    list.push(ref);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < ref) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== ref) list.splice(lo, 0, ref);
}
