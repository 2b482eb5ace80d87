/**
 * One remote-write request: its fetch options, and what the answer means for the batch (sent, retried later, or
 * dropped), after Prometheus's client: 2xx is sent; 5xx, network errors and (when configured) 429 are retried with
 * exponential backoff or the server's Retry-After; any other status drops the batch.
 */
import { requestInit } from '../scrape/http';
import type { RemoteWriteConfig } from './config';
import { requestHeaders } from './write_request';

/** SendOutcome is what happens to a batch after one attempt. */
export type SendOutcome = 'sent' | 'retry' | 'drop';

/**
 * HeaderMode is how plain a request is, for receivers whose CORS support is partial. 'full' sends every header of
 * the protocol (1.0 or 2.0). 'minimal' sends only Content-Type, for receivers whose preflight answer allows no other header
 * (Prometheus allows Accept, Authorization, Content-Type and Origin) and which assume snappy and version 0.1.0 when
 * the headers are absent (Prometheus does). 'opaque' is a no-cors request with no header at all, for receivers whose
 * answer carries no CORS header (Prometheus's /api/v1/write): the answer cannot be read, so only network errors are
 * seen and any answer counts as sent.
 */
export type HeaderMode = 'full' | 'minimal' | 'opaque';

/**
 * headerModes lists the modes to try in order; an entry with authentication or headers never goes opaque (no-cors
 * drops them), nor does a remote write 2.0 entry (a receiver that sees no Content-Type reads the body as 1.0).
 */
export function headerModes(cfg: RemoteWriteConfig): readonly HeaderMode[] {
  const plain = cfg.protobufMessage !== 'io.prometheus.write.v2.Request' && !cfg.http.basicAuth && !cfg.http.authorization && Object.keys(cfg.headers).length === 0 && !cfg.http.httpHeaders;
  return plain ? ['full', 'minimal', 'opaque'] : ['full', 'minimal'];
}

/** remoteRequestInit builds the POST of one compressed WriteRequest: no cookies, the configured auth and headers. */
export function remoteRequestInit(cfg: RemoteWriteConfig, body: Uint8Array, mode: HeaderMode, signal?: AbortSignal): RequestInit {
  const base = requestInit(cfg.http, '');
  const headers: Record<string, string> = { ...(base.headers as Record<string, string>), ...cfg.headers };
  delete headers.Accept;
  const protocol = requestHeaders(cfg.protobufMessage);
  if (mode === 'full') Object.assign(headers, protocol);
  else if (mode === 'minimal') headers['Content-Type'] = protocol['Content-Type'];
  return {
    method: 'POST',
    headers: mode === 'opaque' ? {} : headers,
    body: body as BodyInit,
    mode: mode === 'opaque' ? 'no-cors' : 'cors',
    credentials: cfg.http.fetchCredentials,
    redirect: base.redirect,
    cache: 'no-store',
    signal,
  };
}

/**
 * OUTCOME_BY_CLASS maps a status class (status / 100) to the outcome; 429 is decided by retry_on_http_429. Class 0
 * is an opaque (no-cors) answer: it arrived, and what it says cannot be read.
 */
const OUTCOME_BY_CLASS: Readonly<Record<number, SendOutcome>> = { 0: 'sent', 1: 'drop', 2: 'sent', 3: 'drop', 4: 'drop', 5: 'retry' };

/** outcomeOf classifies an HTTP status as Prometheus's remote-write client does. */
export function outcomeOf(status: number, retryOnRateLimit: boolean): SendOutcome {
  if (status === 429) return retryOnRateLimit ? 'retry' : 'drop';
  return OUTCOME_BY_CLASS[Math.floor(status / 100)] ?? 'drop';
}

/** retryAfterMs reads a Retry-After header (seconds or an HTTP date) as a delay in ms; null when absent or bad. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** nextBackoff doubles a backoff up to the maximum. */
export function nextBackoff(current: number, max: number): number {
  return Math.min(current * 2, max);
}

/** describeFailure writes a failed attempt's error as the status table shows it. */
export function describeFailure(status: number | null, body: string, cause?: unknown): string {
  if (status === null) {
    const msg = (cause as Error)?.message ?? String(cause);
    return `network error or CORS refusal: ${msg}`;
  }
  const text = body.trim().slice(0, 256);
  return text === '' ? `server returned HTTP status ${status}` : `server returned HTTP status ${status}: ${text}`;
}

/** WrittenCounts are what a remote write 2.0 receiver says it wrote (response headers), null where it did not say. */
export interface WrittenCounts {
  samples: number | null;
  histograms: number | null;
  exemplars: number | null;
}

function count(h: string | null): number | null {
  return h !== null && /^\d+$/.test(h.trim()) ? Number(h.trim()) : null;
}

/** writtenCounts reads the X-Prometheus-Remote-Write-*-Written response headers (readable only when the receiver exposes them to CORS). */
export function writtenCounts(headers: { get(name: string): string | null }): WrittenCounts {
  return {
    samples: count(headers.get('X-Prometheus-Remote-Write-Samples-Written')),
    histograms: count(headers.get('X-Prometheus-Remote-Write-Histograms-Written')),
    exemplars: count(headers.get('X-Prometheus-Remote-Write-Exemplars-Written')),
  };
}
