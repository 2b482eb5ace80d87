/**
 * The HTTP side of a scrape: the fetch options for a configured client, kept a simple CORS request (no custom
 * header, no cookies) unless the configuration asks for more, and the Accept header for scrape_protocols.
 */
import { SCRAPE_ACCEPT_HEADER } from '../exposition';
import { DEFAULT_SCRAPE_PROTOCOLS, SCRAPE_PROTOCOL_MEDIA, type HttpClientConfig, type ScrapeProtocol } from './config';

/** MAX_SAFE_ACCEPT is the longest Accept value that keeps a request simple (no CORS preflight). */
const MAX_SAFE_ACCEPT = 128;

/**
 * acceptHeader is Promtab's default Accept header, or one weighted in the order of configured scrape_protocols.
 * The least preferred protocols are left out when the value would pass 128 bytes and need a CORS preflight.
 */
export function acceptHeader(protocols: readonly ScrapeProtocol[]): string {
  const same = protocols.length === DEFAULT_SCRAPE_PROTOCOLS.length && protocols.every((p, i) => p === DEFAULT_SCRAPE_PROTOCOLS[i]);
  if (same) return SCRAPE_ACCEPT_HEADER;
  const media = protocols.map((p) => SCRAPE_PROTOCOL_MEDIA[p]).filter((m): m is string => m !== null);
  for (let n = media.length; ; n--) {
    const parts = media.slice(0, n).map((m, i) => `${m};q=0.${9 - i}`);
    parts.push(`*/*;q=0.${9 - n}`);
    const value = parts.join(',');
    if (value.length <= MAX_SAFE_ACCEPT || n <= 1) return value;
  }
}

/** requestInit builds fetch options: Accept, then only the authentication and headers the config names. */
export function requestInit(http: HttpClientConfig, accept: string): RequestInit {
  const headers: Record<string, string> = { Accept: accept };
  if (http.basicAuth) {
    const bytes = new TextEncoder().encode(`${http.basicAuth.username}:${http.basicAuth.password}`);
    headers.Authorization = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }
  if (http.authorization) headers.Authorization = `${http.authorization.type} ${http.authorization.credentials}`;
  for (const [name, h] of Object.entries(http.httpHeaders ?? {})) {
    const vs = [...h.values, ...h.secrets];
    if (vs.length > 0) headers[name] = vs.join(', ');
  }
  return {
    method: 'GET',
    headers,
    credentials: http.fetchCredentials,
    redirect: http.followRedirects ? 'follow' : 'error',
    cache: 'no-store',
  };
}

/** STATUS_TEXT holds Go's status texts for the codes a scrape commonly meets (HTTP/2 responses carry none). */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** statusLine renders a response's status as Go's resp.Status does ("404 Not Found"). */
export function statusLine(res: Response): string {
  const text = res.statusText || STATUS_TEXT[res.status] || '';
  return `${res.status} ${text}`.trim();
}
