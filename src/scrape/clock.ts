/** The time seam: the scrape loop and discovery read time and set timers only through a Clock, so tests fake it. */

/** TimerHandle is an opaque timer id from a Clock. */
export type TimerHandle = unknown;

/** Clock tells the time in ms since the epoch and runs callbacks later. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** realClock is the platform's clock and timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** FetchFn is the fetch signature the scrape code calls (injected, so tests need no network). */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;
