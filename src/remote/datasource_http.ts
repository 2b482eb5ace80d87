/**
 * The HTTP side of a remote data source: building `/api/v1` requests (GET, or a POST form when the URL would be
 * long), sending them without cookies, and turning every failure (an `errorType` answer, an HTTP status, a CORS or
 * network block) into an error response that tells the user what to fix. No DOM: fetch only.
 */
import type { ApiResponse, ErrorType } from '../api/types';
import type { DataSource } from './datasource_config';

/** FetchLike is the part of fetch the client uses (a fake in tests). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** CallOptions are what a call may be given besides its parameters. */
export interface CallOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** pageOrigin is Promtab's origin, used to explain blocked requests (defaults to the global location's). */
  pageOrigin?: string;
}

/** MAX_GET_URL is the longest URL sent as GET; longer requests go as a POST form where the endpoint takes one. */
export const MAX_GET_URL = 4096;

/** Param is one query parameter (repeated names allowed, as `match[]`). */
export type Param = [string, string];

/** RemoteRequest is a built request: its URL and fetch init. */
export interface RemoteRequest {
  url: string;
  init: RequestInit;
}

function base64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** requestHeaders are the headers a data source sends: Accept, its auth and its custom headers. */
export function requestHeaders(ds: DataSource): Headers {
  const h = new Headers({ Accept: 'application/json' });
  if (ds.bearerToken) h.set('Authorization', `Bearer ${ds.bearerToken}`);
  else if (ds.username || ds.password) h.set('Authorization', `Basic ${base64(`${ds.username}:${ds.password}`)}`);
  for (const x of ds.headers) h.set(x.name, x.value);
  return h;
}

/** buildRequest makes the request for path with params; post allows a POST form when the GET URL is too long. */
export function buildRequest(ds: DataSource, path: string, params: Param[], post: boolean, signal?: AbortSignal): RemoteRequest {
  const url = `${ds.url}${path}`;
  const qs = new URLSearchParams(params).toString();
  const get = qs ? `${url}?${qs}` : url;
  const init: RequestInit = { credentials: 'omit', headers: requestHeaders(ds), signal };
  if (post && get.length > MAX_GET_URL) {
    init.method = 'POST';
    init.body = new URLSearchParams(params);
    return { url, init };
  }
  init.method = 'GET';
  return { url: get, init };
}

const ERROR_TYPES: Record<string, ErrorType> = {
  bad_data: 'bad_data',
  timeout: 'timeout',
  canceled: 'canceled',
  execution: 'execution',
  internal: 'internal',
  unavailable: 'unavailable',
  not_found: 'not_found',
  not_acceptable: 'bad_data',
};

/** STATUS_ERRORS maps an HTTP status without a usable JSON body to an error type and a hint. */
const STATUS_ERRORS: Record<number, [ErrorType, string]> = {
  400: ['bad_data', 'the server refused the request'],
  401: ['unavailable', 'check the username and password or the bearer token of this data source'],
  403: ['unavailable', 'check the credentials of this data source and what they may read'],
  404: ['not_found', 'check the base URL: the API must be at <URL>/api/v1 (Mimir usually needs a prefix such as /prometheus)'],
  405: ['bad_data', 'the server does not take this method here; check the base URL'],
  422: ['execution', 'the query could not be executed'],
  429: ['unavailable', 'the server is rate limiting; try again later'],
  502: ['unavailable', 'a proxy in front of the server could not reach it'],
  503: ['unavailable', 'the server is unavailable or overloaded'],
  504: ['timeout', 'a proxy in front of the server timed out'],
};

const LOOPBACK = /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
const PRIVATE = /^(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[f[cd][0-9a-f:]*\]|.*\.local)$/i;

function originOf(opts: CallOptions): string {
  if (opts.pageOrigin !== undefined) return opts.pageOrigin;
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : '';
}

/** networkFailure explains a fetch that rejected: canceled, mixed content, local network, or a CORS/network block. */
export function networkFailure(ds: DataSource, e: unknown, opts: CallOptions): ApiResponse<never> {
  if (opts.signal?.aborted) return { status: 'error', errorType: 'canceled', error: 'query was canceled' };
  const page = originOf(opts);
  const target = URL.canParse(ds.url) ? new URL(ds.url) : new URL('http://invalid');
  const why = (e as Error)?.message ?? String(e);
  const at = `data source ${ds.name} (${ds.url}) could not be reached (${why})`;
  if (page.startsWith('https:') && target.protocol === 'http:' && !LOOPBACK.test(target.hostname)) {
    return { status: 'error', errorType: 'unavailable', error: `${at}: this page is served over https, so the browser blocks plain http; serve the API over https or open Promtab over http` };
  }
  const pageHost = URL.canParse(page) ? new URL(page).hostname : '';
  if (pageHost && !LOOPBACK.test(pageHost) && !PRIVATE.test(pageHost) && (LOOPBACK.test(target.hostname) || PRIVATE.test(target.hostname))) {
    return { status: 'error', errorType: 'unavailable', error: `${at}: the browser may block a public page from reaching a local-network address; allow local network access for ${page} in the site settings, or run Promtab on localhost` };
  }
  const allow = page || 'this page';
  const custom = ds.headers.length
    ? ` Prometheus's own CORS answer allows only the Accept, Authorization, Content-Type and Origin headers, so the custom header${ds.headers.length > 1 ? 's' : ''} ${ds.headers.map((h) => h.name).join(', ')} need${ds.headers.length > 1 ? '' : 's'} such a proxy too.`
    : '';
  return {
    status: 'error',
    errorType: 'unavailable',
    error:
      `${at}. Check that it is running, and that it allows cross-origin requests from ${allow}: start Prometheus with ` +
      `--web.cors.origin='.*' (or a regex matching ${allow}); Thanos, Mimir and VictoriaMetrics need a reverse proxy that adds ` +
      `Access-Control-Allow-Origin (and answers preflight OPTIONS requests when auth or custom headers are set).${custom}`,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 ? v.map(String) : undefined;
}

/** readEnvelope turns a response status and body into an ApiResponse carrying the raw data. */
export function readEnvelope(ds: DataSource, status: number, statusText: string, body: string): ApiResponse<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (isObject(json) && (json.status === 'success' || json.status === 'error')) {
    const warnings = strings(json.warnings);
    const infos = strings(json.infos);
    const extra = { ...(warnings ? { warnings } : {}), ...(infos ? { infos } : {}) };
    if (json.status === 'success') return { status: 'success', data: json.data, ...extra };
    const errorType = ERROR_TYPES[String(json.errorType)] ?? 'execution';
    return { status: 'error', errorType, error: `${ds.name}: ${String(json.error ?? 'unknown error')}`, ...extra };
  }
  const [errorType, hint] = STATUS_ERRORS[status] ?? (status >= 200 && status < 300 ? ['internal', 'the answer is not Prometheus API JSON; check the base URL'] : ['internal', 'the server failed']);
  const snippet = body.trim().slice(0, 200);
  const code = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return { status: 'error', errorType, error: `${ds.name}: ${code}: ${hint}${snippet ? ` (${snippet})` : ''}` };
}

/** callApi sends one API request and reads its envelope; it never throws. */
export async function callApi(ds: DataSource, path: string, params: Param[], post: boolean, opts: CallOptions = {}): Promise<ApiResponse<unknown>> {
  const req = buildRequest(ds, path, params, post, opts.signal);
  const doFetch = opts.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(req.url, req.init);
  } catch (e) {
    return networkFailure(ds, e, opts);
  }
  let body: string;
  try {
    body = await res.text();
  } catch (e) {
    return networkFailure(ds, e, opts);
  }
  return readEnvelope(ds, res.status, res.statusText, body);
}
