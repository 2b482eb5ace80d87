/**
 * The HTTP side of a scrape: the fetch options for a configured client, kept a simple CORS request (no custom
 * header, no cookies) unless the configuration asks for more, and the Accept header for scrape_protocols.
 */
import { SCRAPE_ACCEPT_HEADER } from '../exposition';
import { DEFAULT_SCRAPE_PROTOCOLS, SCRAPE_PROTOCOL_MEDIA, sameProtocols, type HttpClientConfig, type ScrapeProtocol } from './config';

/** MAX_SAFE_ACCEPT is the longest Accept value that keeps a request simple (no CORS preflight). */
export const MAX_SAFE_ACCEPT = 128;

/** UNSAFE_HEADER_BYTE matches a byte that makes a header value not CORS-safelisted (fetch spec). */
const UNSAFE_HEADER_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

/** isSafelistedAccept reports whether an Accept value keeps a fetch a simple request: short, no unsafe byte. */
export function isSafelistedAccept(value: string): boolean {
  return new TextEncoder().encode(value).length <= MAX_SAFE_ACCEPT && !UNSAFE_HEADER_BYTE.test(value);
}

/**
 * bareMedia drops a text format's version parameter. Protobuf keeps proto and encoding (servers need both), and
 * OpenMetrics 2.0 its version=2.0.0 (without it a server answers OpenMetrics 1.0).
 */
function bareMedia(p: ScrapeProtocol): string {
  return p === 'PrometheusProto' || p === 'OpenMetricsText2.0.0' ? SCRAPE_PROTOCOL_MEDIA[p] : SCRAPE_PROTOCOL_MEDIA[p].split(';', 1)[0];
}

/**
 * acceptHeader is the Accept header for scrape_protocols, in their order of preference. It must stay CORS-safelisted
 * (at most 128 bytes), so it is the first of these that fits:
 *
 * 1. Prometheus's form: every media type with its parameters and a falling q-value, then `*\/*;q=0.1`;
 * 2. the same without the q-values (order alone ranks them: servers keep the listed order among equal q-values);
 * 3. forms 1 and 2 for the most preferred protocols only, dropping the least preferred one by one (at least two);
 * 4. media types without version parameters, repeats merged (one `application/openmetrics-text` for OpenMetrics
 *    1.0.0 and 0.0.1), with `*\/*;q=0.1` or a bare `*\/*`, dropping the least preferred one by one.
 *
 * Protobuf keeps its `proto` and `encoding` parameters throughout (servers need both), OpenMetrics 2.0 its
 * `version=2.0.0` (OpenMetricsText2.0.0 first gives at least `application/openmetrics-text;version=2.0.0,*\/*;q=0.1`).
 * The default protocols keep SCRAPE_ACCEPT_HEADER; protobuf first (scrape_native_histograms) gives
 * `application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text,*\/*`.
 */
export function acceptHeader(protocols: readonly ScrapeProtocol[]): string {
  if (sameProtocols(protocols, DEFAULT_SCRAPE_PROTOCOLS)) return SCRAPE_ACCEPT_HEADER;
  const full = protocols.map((p) => SCRAPE_PROTOCOL_MEDIA[p]);
  for (let n = full.length; n >= Math.min(2, full.length); n--) {
    const weighted = [...full.slice(0, n).map((m, i) => `${m};q=0.${Math.max(9 - i, 2)}`), '*/*;q=0.1'].join(',');
    if (isSafelistedAccept(weighted)) return weighted;
    const plain = [...full.slice(0, n), '*/*;q=0.1'].join(',');
    if (isSafelistedAccept(plain)) return plain;
  }
  const bare = [...new Set(protocols.map(bareMedia))];
  for (let n = bare.length; n >= 1; n--) {
    for (const any of ['*/*;q=0.1', '*/*']) {
      const value = [...bare.slice(0, n), any].join(',');
      if (isSafelistedAccept(value)) return value;
    }
  }
  return bare[0];
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
