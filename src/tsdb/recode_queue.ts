/**
 * RecodeQueue holds the chunks cut but not yet re-encoded, as (series ref, chunk minT) pairs in cut order. The head
 * re-encodes a bounded number per commit, so that many series filling their chunks on the same scrape do not make
 * one commit re-encode them all; queries read either encoding meanwhile.
 */
export class RecodeQueue {
  private refs: number[] = [];
  private minTs: number[] = [];
  private first = 0;
  /** done counts the chunks handed out so far: the chunks pushed with a sequence number below it are re-encoded. */
  done = 0;

  /** size returns the number of queued chunks. */
  get size(): number {
    return this.refs.length - this.first;
  }

  /** push queues the chunk of series ref starting at minT and returns its sequence number. */
  push(ref: number, minT: number): number {
    this.refs.push(ref);
    this.minTs.push(minT);
    return this.done + this.size - 1;
  }

  /** drain hands at most `limit` queued chunks, oldest first, to fn. */
  drain(limit: number, fn: (ref: number, minT: number) => void): void {
    const end = Math.min(this.refs.length, this.first + limit);
    for (let i = this.first; i < end; i++) fn(this.refs[i], this.minTs[i]);
    this.done += end - this.first;
    this.first = end;
    if (this.first === this.refs.length) {
      this.refs = [];
      this.minTs = [];
      this.first = 0;
    } else if (this.first > 1024 && this.first * 2 > this.refs.length) {
      this.refs = this.refs.slice(this.first);
      this.minTs = this.minTs.slice(this.first);
      this.first = 0;
    }
  }
}
