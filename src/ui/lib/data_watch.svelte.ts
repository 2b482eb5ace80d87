/**
 * dataWatch is the page's one change notification from the storage worker: `tick` grows (at most once a second)
 * whenever a scrape has been stored, so a view that shows nothing yet can ask again at once instead of waiting for
 * its refresh timer. The watch long-polls the worker only while some view reads `tick`.
 */
import { getContext, setContext } from 'svelte';
import { api } from './api';

/** WAIT_MS is how long one poll waits for a scrape; under the follower's 3 s forwarding timeout. */
const WAIT_MS = 2_500;
/** MIN_GAP_MS keeps ticks at least this far apart, however fast targets are scraped. */
const MIN_GAP_MS = 1_000;

class DataWatch {
  #tick = $state(0);
  #readers = 0;
  #running = false;

  /** tick counts scrape arrivals seen by this page; reading it inside an effect subscribes that effect. */
  get tick(): number {
    return this.#tick;
  }

  /** hold keeps the watch polling while a view needs it; the returned function releases it. */
  hold(): () => void {
    this.#readers++;
    if (!this.#running) void this.#run();
    return () => {
      this.#readers--;
    };
  }

  async #run(): Promise<void> {
    this.#running = true;
    let seen = -1;
    let last = 0;
    try {
      while (this.#readers > 0) {
        const n = await api().storage.waitForScrape(seen, WAIT_MS);
        // The first answer ticks too when scrapes were stored already: one may have landed after a view queried.
        if (n !== seen && (seen !== -1 || n > 0)) {
          const wait = last + MIN_GAP_MS - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          last = Date.now();
          this.#tick++;
        }
        seen = n;
      }
    } catch {
      // The worker went away (reload, schema hand-over): views keep their timers.
    } finally {
      this.#running = false;
    }
  }
}

/** dataWatch is the page's change notification; see DataWatch. */
export const dataWatch = new DataWatch();

const LIVE = Symbol('promtab.live-dashboard');

/** setLiveDashboard tells the panels below a component whether their time range ends now (call during init). */
export function setLiveDashboard(isLive: () => boolean): void {
  setContext(LIVE, isLive);
}

/** liveDashboard returns the enclosing dashboard's liveness test, or null outside a dashboard (call during init). */
export function liveDashboard(): (() => boolean) | null {
  return getContext<(() => boolean) | undefined>(LIVE) ?? null;
}

/** hasData says whether a panel result shows anything: a series, a sample, or an error to read. */
export function hasData(targets: readonly { kind: string; series?: readonly unknown[]; data?: { result?: unknown } }[]): boolean {
  return targets.some((t) => {
    if (t.kind === 'error') return true;
    if (t.kind === 'range') return (t.series?.length ?? 0) > 0;
    const r = t.data?.result;
    return Array.isArray(r) ? r.length > 0 : r !== undefined;
  });
}
