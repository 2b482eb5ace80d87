/**
 * In-process targets: a worker serves no HTTP, so Promtab's own metrics (job `promtab`) are scraped through a fetch
 * that answers registered hosts from a function and sends every other request to the network.
 */
import type { FetchFn } from './clock';

/** LocalHandler returns a target's exposition text (Prometheus text format). */
export type LocalHandler = () => string | Promise<string>;

/** localFetch answers URLs whose host is a key of routes in-process and passes the rest to next. */
export function localFetch(routes: Readonly<Record<string, LocalHandler>>, next: FetchFn): FetchFn {
  return async (input, init) => {
    const host = URL.canParse(input) ? new URL(input).host : '';
    const handler = Object.hasOwn(routes, host) ? routes[host] : undefined;
    if (!handler) return next(input, init);
    init?.signal?.throwIfAborted();
    const body = await handler();
    return new Response(new TextEncoder().encode(body), {
      status: 200,
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
    });
  };
}
