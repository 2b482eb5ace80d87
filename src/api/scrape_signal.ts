/**
 * ScrapeSignal counts stored scrapes and lets a caller wait for the next one: the change notification views use to
 * draw new data as soon as it is stored, as a long poll (one pending call per page) rather than a callback across
 * threads.
 */
export class ScrapeSignal {
  /** count is the number of scrapes (and scrape configuration changes) seen so far. */
  count = 0;
  private waiters: (() => void)[] = [];

  /** bump records a stored scrape and wakes every waiter. */
  bump(): void {
    this.count++;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** wait resolves with the count once it differs from `since`, or with the same count after timeoutMs. */
  wait(since: number, timeoutMs: number): Promise<number> {
    if (this.count !== since) return Promise.resolve(this.count);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(this.count);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(this.count);
      }, timeoutMs);
      this.waiters.push(done);
    });
  }
}
