/** A scripted fake fetch for the data source tests: records each request and answers from a handler. */
import type { FetchLike } from '../../../src/remote/datasource_http';
import { newDataSource, type DataSource } from '../../../src/remote/datasource_config';

/** Recorded is one request the fake saw. */
export interface Recorded {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
  credentials: RequestCredentials | undefined;
}

/** Answer is what a handler returns: a JSON value (status 200), or a status with a raw body, or an error to throw. */
export type Answer = unknown | { status: number; body: string } | Error;

/** fakeFetch answers every request with handler(request) and keeps the requests. */
export function fakeFetch(handler: (r: Recorded) => Answer): { fetch: FetchLike; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetch: FetchLike = async (input, init) => {
    const body = init.body instanceof URLSearchParams ? init.body.toString() : typeof init.body === 'string' ? init.body : '';
    const rec: Recorded = {
      url: new URL(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body,
      credentials: init.credentials,
    };
    calls.push(rec);
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const a = handler(rec);
    if (a instanceof Error) throw a;
    if (a !== null && typeof a === 'object' && 'status' in a && 'body' in a && typeof (a as { status: unknown }).status === 'number') {
      const { status, body: text } = a as { status: number; body: string };
      return new Response(text, { status });
    }
    return new Response(JSON.stringify(a), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, calls };
}

/** DS is a plain data source at a Prometheus-like URL. */
export const DS: DataSource = { ...newDataSource(), name: 'prod', url: 'http://prom.example:9090' };

/** ok wraps data in a success envelope. */
export function ok(data: unknown, extra: Record<string, unknown> = {}): unknown {
  return { status: 'success', data, ...extra };
}
