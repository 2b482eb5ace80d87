/**
 * Scrape failures explained for a browser. fetch rejects a CORS block, a refused connection, a DNS failure, a
 * mixed-content block and a denied local-network request all with the same opaque TypeError; what the page can
 * know (its origin, the target's URL, whether our timeout fired) narrows it down, and the message says honestly
 * when it cannot tell the causes apart.
 */
import { BodySizeLimitError, ExpositionError, NhcbError, ProtobufError } from '../exposition';

/** ScrapeErrorKind names the cause of a failed scrape. */
export type ScrapeErrorKind =
  | 'unreachable'
  | 'connection'
  | 'mixed_content'
  | 'local_network'
  | 'timeout'
  | 'http_status'
  | 'content_type'
  | 'parse'
  | 'limit'
  | 'body_size'
  | 'storage'
  | 'internal';

/** ScrapeFailure is a classified failure: the short error (as Prometheus's lastError) and a fix for the user. */
export interface ScrapeFailure {
  readonly kind: ScrapeErrorKind;
  readonly message: string;
  readonly fix: string;
}

/** ScrapeError is thrown inside a scrape with its kind already known. */
export class ScrapeError extends Error {
  constructor(
    readonly kind: ScrapeErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** FailureContext is what the classifier knows besides the error. */
export interface FailureContext {
  readonly url: string;
  /** pageOrigin is the origin Promtab is served from ('' in Node). */
  readonly pageOrigin: string;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

const PROXY_RECIPE =
  'or put a reverse proxy in front of it that adds the header (nginx: `add_header Access-Control-Allow-Origin $http_origin always;` in the location that proxies /metrics)';

const FIXES: Record<ScrapeErrorKind, (c: FailureContext) => string> = {
  unreachable: (c) =>
    `Check that the target is up and reachable from this browser. If it is, it must allow cross-origin requests: make it send \`Access-Control-Allow-Origin: ${c.pageOrigin || '*'}\`, ${PROXY_RECIPE}.`,
  connection: () => 'Check the host name and port, and that the target is running and listening.',
  mixed_content: () =>
    'This page is served over https, so the browser blocks plain http targets. Serve the target over https, or run Promtab over http on localhost (npm start serves http://127.0.0.1:4173).',
  local_network: (c) =>
    `The browser may have blocked a public page from reaching a local-network address. Allow local network access for ${c.pageOrigin} in the site settings, or run Promtab on localhost.`,
  timeout: (c) => `The target did not answer within the scrape timeout (${c.timeoutMs / 1000}s). Raise scrape_timeout or make the target faster.`,
  http_status: () => 'Check the metrics path and any authentication the target needs.',
  content_type: () =>
    'Make the target send a Content-Type of text/plain, application/openmetrics-text or application/vnd.google.protobuf, or set fallback_scrape_protocol for the job.',
  parse: () => 'The target exposes malformed metrics; fix the exporter (the position is in the message).',
  limit: () => 'The scrape exceeded a configured limit; raise the limit in the job or reduce what the target exposes.',
  body_size: () => 'The response is larger than body_size_limit; raise the limit or reduce what the target exposes.',
  storage: () => 'Storage refused the write (often the browser storage quota); free space or shorten retention.',
  internal: () => 'This is a fault in Promtab, not in the target; please report it with the target\'s last body.',
};

const LOCAL_HOST = /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
const PRIVATE_HOST = /^(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[f[cd][0-9a-f:]*\]|.*\.local)$/i;

function hostKind(host: string): 'loopback' | 'private' | 'public' {
  if (LOCAL_HOST.test(host)) return 'loopback';
  return PRIVATE_HOST.test(host) ? 'private' : 'public';
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname : '';
}

const NODE_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

function fetchKind(err: unknown, c: FailureContext): ScrapeErrorKind {
  if (c.timedOut) return 'timeout';
  if (!(err instanceof TypeError)) return 'internal';
  const cause = (err as { cause?: { code?: string } })?.cause;
  if (cause?.code && NODE_CONNECTION_CODES.has(cause.code)) return 'connection';
  if (c.pageOrigin.startsWith('https:') && c.url.startsWith('http:') && hostKind(hostOf(c.url)) !== 'loopback') {
    return 'mixed_content';
  }
  const page = hostKind(hostOf(c.pageOrigin));
  const target = hostKind(hostOf(c.url));
  if (c.pageOrigin !== '' && page === 'public' && target !== 'public') return 'local_network';
  return 'unreachable';
}

const FETCH_MESSAGES: Partial<Record<ScrapeErrorKind, (err: unknown, c: FailureContext) => string>> = {
  timeout: (_e, c) => `Get "${c.url}": context deadline exceeded (timeout ${c.timeoutMs / 1000}s)`,
  connection: (e) => `connection failed: ${(e as { cause?: { code?: string } }).cause?.code ?? 'error'}`,
  mixed_content: () => 'blocked as mixed content: an https page cannot fetch an http target',
  local_network: () => 'the target is unreachable, or the browser denied local network access to it',
  unreachable: () => 'the target is unreachable or blocks cross-origin requests (the browser does not say which)',
};

/** classifyFailure turns anything a scrape threw into a ScrapeFailure with a message and a fix. */
export function classifyFailure(err: unknown, c: FailureContext): ScrapeFailure {
  let kind: ScrapeErrorKind;
  let message: string;
  if (err instanceof ScrapeError) [kind, message] = [err.kind, err.message];
  else if (err instanceof ExpositionError || err instanceof NhcbError) [kind, message] = ['parse', err.message];
  else if (err instanceof ProtobufError) [kind, message] = ['parse', `protobuf: ${err.message}`];
  else if (err instanceof BodySizeLimitError) [kind, message] = ['body_size', err.message];
  else {
    kind = fetchKind(err, c);
    message = FETCH_MESSAGES[kind]?.(err, c) ?? String((err as Error)?.message ?? err);
  }
  return { kind, message, fix: FIXES[kind](c) };
}
